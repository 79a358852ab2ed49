"""A Qualtrics export imported again into its project is updated in place."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mentora.surveys.interchange.csvio import read_rows, write_rows
from mentora.surveys.models import Answer, Response, SurveyProject, Wave
from mentora.surveys.problems import ImportProblem
from mentora.surveys.qualtrics_import import do_import_qualtrics
from tests.fixtures import QUALTRICS
from tests.outside import OUTSIDE_QUALTRICS, outside_param

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
FILES = [
    pytest.param(QUALTRICS / "qualtrics_export.csv", id="qualtrics_export.csv"),
    outside_param(OUTSIDE_QUALTRICS / "qualtRics_sample.csv", id="outside-qualtRics_sample.csv"),
]


def _import(cohort, text: str, **options):
    options.setdefault("name", "pilot")
    return do_import_qualtrics(
        cohort, text, NOW, identifiers="drop", label="Pilot", anonymous=False, **options
    )


def _ids() -> tuple[list[int], list[tuple[int, object]]]:
    return (
        list(Response.objects.order_by("pk").values_list("pk", flat=True)),
        sorted(Answer.objects.values_list("pk", "value"), key=lambda pair: pair[0]),
    )


@pytest.mark.parametrize("path", FILES)
def test_the_same_export_again_changes_nothing(world, path):
    text = path.read_text(encoding="utf-8-sig")
    first = _import(world.cohort, text)
    before = _ids()
    again = _import(world.cohort, text, into=True)
    assert _ids() == before and Wave.objects.count() == 1
    assert again.plan.unchanged == first.responses and not again.plan.added
    assert "added 0, updated 0" in again.summary()


def test_a_changed_answer_updates_one_answer_and_a_new_response_is_added(world):
    rows = read_rows((QUALTRICS / "qualtrics_export.csv").read_text(encoding="utf-8-sig"))
    _import(world.cohort, write_rows(rows))
    header = rows[0]
    before = dict(_ids()[1])
    changed = [list(row) for row in rows]
    q1 = header.index("Q1")
    changed[3][q1] = "1" if changed[3][q1] != "1" else "2"
    extra = list(changed[4])
    extra[header.index("ResponseId")] = "R_new"
    report = _import(world.cohort, write_rows([*changed, extra]), into=True)
    assert (len(report.plan.added), len(report.plan.updated)) == (1, 1)
    after = dict(_ids()[1])
    changed_ids = [pk for pk in before if before[pk] != after.get(pk)]
    assert len(changed_ids) == 1
    answer = Answer.objects.select_related("response").get(pk=changed_ids[0])
    assert answer.response.record_id == rows[3][header.index("ResponseId")]
    assert answer.value == changed[3][q1]


def test_two_exports_with_one_file_name_stay_two_projects(world):
    text = (QUALTRICS / "qualtrics_export.csv").read_text(encoding="utf-8-sig")
    _import(world.cohort, text)
    with pytest.raises(ImportProblem):
        _import(world.cohort, text)
    _import(world.cohort, text, name="pilot-2")
    assert SurveyProject.objects.count() == 2 and Wave.objects.count() == 2


def test_an_anonymous_project_takes_only_anonymous_imports(world):
    text = (QUALTRICS / "qualtrics_export.csv").read_text(encoding="utf-8-sig")
    do_import_qualtrics(world.cohort, text, NOW, identifiers="drop", label="A", name="anon")
    with pytest.raises(ImportProblem) as caught:
        _import(world.cohort, text, name="anon", into=True)
    assert "is anonymous" in caught.value.problems[0]
