"""The demo's seed 002 report shows Tables 1 to 3 in the seed's layout and downloads them as a
DOCX, an XLSX and CSVs that open; seeds 000 and 003 show their engagement and equity figures."""

from __future__ import annotations

import csv
import io

import docx
import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from mentora.programs.models import Cohort

TABLE_1_HEADER = ["Survey Item", "n*", "Baseline Mean (SD)", "Post Mean (SD)",
                  "Mean Difference (95% CI)", "P Value†"]
TABLE_3_HEADER = ["Scholarship Metric", "Cohort Total (n = 30)", "Mean (SD) per Mentee",
                  "Cohort Total (n = 30)", "Mean (SD) per Mentee", "Paired t Test", "P Value"]


@pytest.fixture
def demo(demo, client):
    """The session's demo (tests/conftest.py), with the coordinator signed in."""
    client.force_login(get_user_model().objects.get(username="coordinator@demo.mentora.test"))
    return {c.program.slug: c for c in Cohort.objects.select_related("program")}


def _cells(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def test_seed_002_tables_in_the_seed_layout_and_a_docx_that_opens(demo, client):
    """Page and DOCX carry Tables 1-3 with the seed's headers, notes and Table 3's totals."""
    cohort = demo["gim-faculty-career"]
    page = client.get(reverse("evaluation_report", args=[cohort.pk]), {"p": "three"})
    text = page.content.decode()
    assert page.status_code == 200
    for expected in ("Table 1 Changes in Career management self-efficacy",
                     "Table 2 Changes in Mentoring satisfaction", "Table 3 Growth in Scholarly",
                     "I have well-defined annual goals and clear plans for achieving them",
                     "t Test for mean difference using paired data.",
                     "Faculty career mentoring survey: Baseline to 1-year follow-up",
                     "McNemar exact P &lt; .001"):
        assert expected in text
    assert text.count('<svg class="chart"') >= 3  # participation, forest plot, equity

    response = client.get(reverse("evaluation_download", args=[cohort.pk, "docx"]),
                          {"p": "three"})
    assert response["Content-Disposition"].endswith('.docx"')
    document = docx.Document(io.BytesIO(response.content))
    titles = [p.text for p in document.paragraphs if p.text.startswith("Table ")]
    assert [t.split(" ")[1] for t in titles[:3]] == ["1", "2", "3"]
    table1, table3 = _cells(document.tables[0]), _cells(document.tables[2])
    assert table1[0] == TABLE_1_HEADER
    assert table1[1][0].startswith("Career management self-efficacy")  # the section row
    assert all(row[1].isdigit() for row in table1[2:])
    assert table3[1] == TABLE_3_HEADER
    totals = {row[0]: (row[1], row[3]) for row in table3[2:]}
    assert totals == {
        "Peer-reviewed publications": ("38", "104"),
        "National presentations": ("31", "62"),
        "Principal Investigator or Co-Investigator on grant": ("59", "101"),
    }
    notes = [p.text for p in document.paragraphs]
    assert any(n.startswith("‡Scored on a 1-5 Likert scale (1 = strongly disagree") for n in notes)


def test_seed_002_xlsx_and_csv_hold_the_same_tables(demo, client):
    """The workbook has a sheet per table; Table 3's CSV has its header and three metrics."""
    cohort = demo["gim-faculty-career"]
    book = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("evaluation_download", args=[cohort.pk, "xlsx"])).content))
    assert len(book.sheetnames) >= 3
    body = client.get(reverse("evaluation_csv", args=[cohort.pk, 3])).content.decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == TABLE_3_HEADER
    assert [r[0] for r in rows[1:4]] == ["Peer-reviewed publications", "National presentations",
                                         "Principal Investigator or Co-Investigator on grant"]


def test_seed_000_participation_decline_and_topics(demo, client):
    """The clerkship shows participation by month, its decline and the topics discussed."""
    cohort = demo["im-clerkship-near-peer"]
    text = client.get(reverse("evaluation_report", args=[cohort.pk])).content.decode()
    assert "Mentees meeting, second half of the year" in text
    assert "Career advice" in text
    assert 'aria-labelledby="participation-title"' in text
    assert "Would you like similar mentoring in other clerkships?" in text
    assert "answered yes" in text and "agreed or strongly agreed" in text


def test_seed_003_equity_by_gender_with_suppression_marks(demo, client):
    """The GME cohort breaks active mentors down by gender and status, small groups hidden."""
    cohort = demo["gme-mentorship-sponsorship"]
    text = client.get(reverse("evaluation_report", args=[cohort.pk])).content.decode()
    assert "Active mentors per mentee (self-reported) by gender" in text
    assert "Underrepresented in medicine" in text
    assert "suppressed" in text


@pytest.mark.parametrize(("query", "threshold"), [({}, 5), ({"publication": "1"}, 11)])
def test_publication_switch_applies_the_stricter_threshold(demo, client, query, threshold):
    """Marked for publication, the page, the equity export and its notes use 11, not 5."""
    cohort = demo["gme-mentorship-sponsorship"]
    text = client.get(reverse("evaluation_report", args=[cohort.pk]), query).content.decode()
    assert f"groups smaller than {threshold} are suppressed" in text
    tables = openpyxl.load_workbook(io.BytesIO(client.get(
        reverse("evaluation_download", args=[cohort.pk, "xlsx"]), query).content))
    equity = next(s for s in tables.worksheets if "Gender" in str(s["A1"].value))
    notes = [c.value for row in equity.iter_rows() for c in row if c.value]
    assert any(str(n).startswith(f"*Suppressed: fewer than {threshold} people") for n in notes)
    rows = [[c.value for c in row] for row in equity.iter_rows(min_row=3)]
    group_sizes = [int(r[1]) for r in rows if r[0] and ": " in str(r[0])
                   and not str(r[0]).endswith("All mentees") and str(r[1]).isdigit()]
    assert group_sizes and all(n >= threshold for n in group_sizes)
