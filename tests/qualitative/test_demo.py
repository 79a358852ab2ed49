"""The demo holds seed 002's comments double coded with a consensus, and seed 004's focus group
coded; its agreement computes and its Table 4 shows the seed's themes."""

from __future__ import annotations

import csv
import io
import statistics
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from lxml import etree
from scipy import stats

from mentora.core.demo.build import logins_text
from mentora.people.models import Person
from mentora.qualitative.agreement import agreement, disagreements
from mentora.qualitative.models import Adjudication, Coding, Project, Source
from mentora.qualitative.pure.reliability import OVERALL
from mentora.qualitative.refi import export_qdpx
from mentora.qualitative.themes import table_4
from mentora.surveys.models import Answer
from tests.outside import OUTSIDE, outside

pytestmark = pytest.mark.django_db


def _project(name: str) -> Project:
    return Project.objects.get(name=name, cohort__program__is_synthetic=True)


def test_the_demo_prints_the_coders_logins_on_a_coding_line(demo) -> None:
    lines = [line for line in logins_text(demo).splitlines() if "coding" in line]
    assert any("coding.lead@demo.mentora.test" in line for line in lines)
    assert any("coder@demo.mentora.test" in line for line in lines)


def test_the_demo_double_codes_a_sample_and_settles_every_disagreement(demo) -> None:
    project = _project("Narrative comments, end of year")
    sources = project.sources.filter(kind=Source.Kind.COMMENT)
    assert {s.role for s in sources} == {"mentee", "mentor"}
    assert sources.filter(wave="End of year perceptions").count() == sources.count() > 40
    sample = project.samples.get()
    assert 0.1 <= sample.sources.count() / sources.count() <= 0.3
    assert sample.coders.count() == 2
    settled = Adjudication.objects.filter(source__project=project)
    assert settled.count() >= 2  # honest disagreements, each adjudicated
    assert Coding.objects.filter(project=project, layer=Coding.Layer.CONSENSUS).exists()
    assert disagreements(project) == []
    figures = {f.code: f for f in agreement(project, draws=50)}
    overall = figures.pop(OVERALL)
    assert set(figures) == {"Mentoring relationship", "Time", "Resources and tools"}
    assert overall.alpha is not None and 0.5 < overall.alpha < 1
    assert all(f.units == sample.sources.count() for f in figures.values())
    assert overall.units == 3 * sample.sources.count()  # every unit and code pooled


def test_the_demo_table_4_shows_the_mentees_themes_and_hides_the_eight_mentors(demo) -> None:
    table = table_4(_project("Narrative comments, end of year"))
    text = "\n".join(" | ".join(map(str, row.cells)) for row in table.rows)
    for theme in ("Mentoring relationship", "Time", "Resources and tools"):
        assert theme in text
    assert "Positives" in text and "Negatives" in text
    mentee = table.header.index(next(h for h in table.header if "Mentee" in h))
    mentor = table.header.index(next(h for h in table.header if "Mentor" in h))
    counted = [
        row.cells[mentee]
        for row in table.rows
        if not row.section and str(row.cells[mentee])[:1].isdigit()
    ]
    assert counted, "no mentee cell shows a count"
    assert all(str(row.cells[mentor]) in ("", "—") for row in table.rows if not row.section)


def test_the_demo_focus_group_is_coded_by_speaker_turns(demo) -> None:
    project = _project("Near-peer mentors' focus group")
    source = project.sources.get()
    assert source.kind == Source.Kind.FOCUS_GROUP
    speakers = {speaker for speaker, _, _ in source.speakers}
    assert {"Facilitator", "Mentor A", "Mentor D"} <= speakers
    codings = Coding.objects.filter(source=source)
    assert codings.values("code").distinct().count() == 7
    assert all(source.text[c.start : c.end] == c.text for c in codings)


def test_the_demo_coding_lead_opens_the_agreement_and_table_4(demo, client) -> None:
    project = _project("Narrative comments, end of year")
    client.force_login(get_user_model().objects.get(username="coding.lead@demo.mentora.test"))
    page = client.get(f"/qualitative/{project.pk}/agreement/")
    assert page.status_code == 200 and "Krippendorff" in page.content.decode()
    page = client.get(f"/qualitative/{project.pk}/table-4/")
    assert page.status_code == 200 and "Mentoring relationship" in page.content.decode()


def test_the_demo_table_4_page_compares_survey_scores_by_theme(demo, client) -> None:
    """Worked out here from the lead's codings (the consensus kept them) and the answers of
    the responses the comments came from: 'The program was a positive addition' (1-5)."""
    project = _project("Narrative comments, end of year")
    score = {
        a.response_id: float(a.value)
        for a in Answer.objects.filter(
            response__wave__label="End of year perceptions",
            response__wave__cohort=project.cohort,
            item__variable="positive_addition",
        )
    }
    lead = Person.objects.get(email="coding.lead@demo.mentora.test")
    held: dict[str, set[str]] = {}
    scored: dict[str, float] = {}
    for source in project.sources.all():
        scored[source.respondent] = score[source.response_id]
        held.setdefault(source.respondent, set()).update(
            Coding.objects.filter(source=source, coder=lead, layer=Coding.Layer.CODER).values_list(
                "code__name", flat=True
            )
        )
    client.force_login(get_user_model().objects.get(username="coding.lead@demo.mentora.test"))
    page = client.get(f"/qualitative/{project.pk}/table-4/").content.decode()
    assert "Survey scores by theme presence" in page and "positive_addition" in page
    download = client.get(f"/qualitative/{project.pk}/table-4/?download=scores")
    assert download.status_code == 200
    rows = {r["code"]: r for r in csv.DictReader(io.StringIO(download.content.decode()))}
    assert set(rows) == {"Mentoring relationship", "Time", "Resources and tools"}
    for code, row in rows.items():
        with_ = [scored[r] for r in scored if code in held[r]]
        without = [scored[r] for r in scored if code not in held[r]]
        assert (int(row["n_with"]), int(row["n_without"])) == (len(with_), len(without))
        assert len(with_) >= 10 and len(without) >= 10
        assert float(row["mean_with"]) == pytest.approx(statistics.fmean(with_), abs=1e-3)
        assert float(row["difference"]) == pytest.approx(
            statistics.fmean(with_) - statistics.fmean(without), abs=1e-3
        )
        interval = stats.ttest_ind(with_, without, equal_var=False).confidence_interval()
        assert float(row["ci_low"]) == pytest.approx(interval.low, abs=1e-3)
        assert float(row["ci_high"]) == pytest.approx(interval.high, abs=1e-3)
        assert f"{statistics.fmean(with_):.2f}" in page


def test_the_qda_command_reads_the_demo_project_when_none_is_named(demo, tmp_path) -> None:
    out = tmp_path / "demo.qdpx"
    call_command("qda", "export", "--out", str(out), stderr=io.StringIO())
    with zipfile.ZipFile(out) as archive:
        project = archive.read("project.qde").decode()
    assert "Narrative comments, end of year" in project and "Nadia Okafor" in project
    figures = tmp_path / "agreement.csv"
    call_command("qda", "agreement", "--out", str(figures), "--draws", "20", stderr=io.StringIO())
    codes = [row["code"] for row in csv.DictReader(figures.open(encoding="utf-8"))]
    assert {"Mentoring relationship", "Time", "Resources and tools"} <= set(codes)


def test_the_qda_command_asks_for_a_project_where_there_is_no_demo(db) -> None:
    with pytest.raises(CommandError, match="--project: name the project"):
        call_command("qda", "agreement")


@outside
def test_the_demo_projects_export_valid_refi_qda(demo) -> None:
    schema = etree.XMLSchema(
        etree.parse(str(OUTSIDE / "refi-qda" / "REFI-QDA_Project-mrt2019.xsd"))
    )
    for name in ("Narrative comments, end of year", "Near-peer mentors' focus group"):
        with zipfile.ZipFile(io.BytesIO(export_qdpx(_project(name)))) as archive:
            document = etree.fromstring(archive.read("project.qde"))
        assert schema.validate(document), (name, schema.error_log)
