"""REDCap projects through the database: import into a cohort, export, compare with the file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from mentora.surveys.interchange.csvio import read_rows, write_rows
from mentora.surveys.models import Answer, Respondent, Response, Wave
from mentora.surveys.redcap import ImportProblem, do_import_redcap, export_redcap
from tests.fixtures import PROJECTS, REDCAP
from tests.outside import OUTSIDE_PROJECTS, OUTSIDE_REDCAP, outside, outside_param

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
CHOICES = 5
# The projects of tests/fixtures, then the five real REDCap projects (skip where absent).
FOLDERS = [pytest.param(REDCAP / p, id=p) for p in PROJECTS] + [
    outside_param(OUTSIDE_REDCAP / p, id=f"outside-{p}") for p in OUTSIDE_PROJECTS
]


def _text(project: str | Path, name: str) -> str | None:
    """A file of a project of tests/fixtures by name, or of any project folder."""
    path = REDCAP / project / name
    return path.read_text(encoding="utf-8") if path.exists() else None


def _import(cohort, project: str | Path, **options):
    return do_import_redcap(
        cohort,
        _text(project, "dictionary.csv"),
        _text(project, "data.csv"),
        NOW,
        events=_text(project, "event.csv"),
        name=Path(project).name,
        **options,
    )


@outside
def test_every_outside_project_is_covered():
    found = sorted(p.name for p in OUTSIDE_REDCAP.iterdir() if (p / "data.csv").exists())
    assert found == list(OUTSIDE_PROJECTS)


@pytest.mark.parametrize("project", FOLDERS)
def test_records_through_the_database_come_back_cell_for_cell(world, project):
    """Import into a cohort, export: every cell of the raw records file, blank or not, in place."""
    _import(world.cohort, project)
    exported = read_rows(export_redcap(world.cohort).records)
    original = read_rows(_text(project, "data.csv"))
    assert exported[0] == original[0]
    assert len(exported) == len(original)
    filled = 0
    for number, (before, after) in enumerate(zip(original[1:], exported[1:], strict=True)):
        for column, value, again in zip(original[0], before, after, strict=True):
            assert (number, column, again) == (number, column, value)
            filled += value != ""
    assert filled > 0


@pytest.mark.parametrize("project", FOLDERS)
def test_records_through_the_database_come_back_byte_for_byte(world, project):
    _import(world.cohort, project)
    assert export_redcap(world.cohort).records == _text(project, "data.csv")


@pytest.mark.parametrize("project", FOLDERS)
def test_dictionary_through_the_database_keeps_every_cell(world, project):
    """Each of the 18 columns of every field survives, choices up to REDCap's own spacing."""
    _import(world.cohort, project)
    exported = read_rows(export_redcap(world.cohort).dictionary)
    original = read_rows(_text(project, "dictionary.csv"))
    assert len(exported) == len(original)
    for before, after in zip(original, exported, strict=True):
        before[CHOICES] = " | ".join(part.strip() for part in before[CHOICES].split("|"))
        after[CHOICES] = " | ".join(part.strip() for part in after[CHOICES].split("|"))
        assert after == before


def test_longitudinal_events_become_waves_and_come_back(world):
    _import(world.cohort, "longitudinal")
    waves = list(world.cohort.survey_waves.order_by("position"))
    assert [w.event_name for w in waves] == [
        "baseline_arm_1",
        "month_6_arm_1",
        "month_12_arm_1",
        "baseline_arm_2",
        "month_12_arm_2",
    ]
    # Names two arms share are told apart by their arm.
    assert [w.label for w in waves][:3] == ["Baseline (arm 1)", "Month 6", "Month 12 (arm 1)"]
    exported = read_rows(export_redcap(world.cohort).events)
    assert exported == read_rows(_text("longitudinal", "event.csv"))


def test_unmatched_records_are_external_respondents_and_known_emails_are_people(world):
    dictionary = "\n".join(
        [
            _text("survey", "dictionary.csv").splitlines()[0],
            'record_id,form_1,,text,"Record ID",,,,,,,,,,,,,',
            'mood,form_1,,radio,Mood,"1, Low | 2, High",,,,,,,,,,,,',
        ]
    )
    records = f"record_id,mood,form_1_complete\n{world.maya.email},2,2\nR-77,1,2\n"
    report = do_import_redcap(world.cohort, dictionary, records, NOW, name="mood")
    assert (report.matched_people, report.external) == (1, 1)
    assert Respondent.objects.get(record_id="R-77").person is None
    assert Respondent.objects.get(record_id=world.maya.email).person == world.maya


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        (("specialty", "cardio"), "column 'specialty'"),
        (("role", "3"), "column 'role'"),
        (("nonsense_column", "1"), "nonsense_column"),
    ],
)
def test_a_bad_records_file_is_refused_whole_naming_row_and_column(world, change, fragment):
    column, value = change
    rows = read_rows(_text("longitudinal", "data.csv"))
    if column in rows[0]:
        rows[1][rows[0].index(column)] = value
    else:
        rows[0].append(column)
        for row in rows[1:]:
            row.append(value)
    text = write_rows(rows)
    with pytest.raises(ImportProblem) as caught:
        do_import_redcap(world.cohort, _text("longitudinal", "dictionary.csv"), text, NOW, name="r")
    message = "\n".join(caught.value.problems)
    assert fragment in message
    assert "row" in message
    assert not Wave.objects.exists() and not Response.objects.exists()


def test_a_label_export_is_refused_with_advice(world):
    records = "Record ID,Complete?\n1,Complete\n"
    dictionary = "\n".join(
        [
            _text("survey", "dictionary.csv").splitlines()[0],
            'record_id,form_1,,text,"Record ID",,,,,,,,,,,,,',
        ]
    )
    with pytest.raises(ImportProblem) as caught:
        do_import_redcap(world.cohort, dictionary, records, NOW, name="labels")
    assert "raw data" in "\n".join(caught.value.problems)


def test_dry_run_checks_and_reports_but_writes_nothing(world):
    report = _import(world.cohort, "longitudinal", dry_run=True)
    assert report.dry_run and report.rows == 14
    assert not Wave.objects.exists() and not Answer.objects.exists()


def test_waves_made_in_mentora_export_as_events_of_one_arm(world):
    from datetime import date

    from mentora.surveys.actions import do_create_wave
    from mentora.surveys.library import ensure_library
    from mentora.surveys.models import Respondent

    survey = ensure_library(NOW)["mentoring_equity_survey"]
    waves = [
        do_create_wave(world.cohort, survey, label, date(2026, 1, 1), date(2026, 2, 1), NOW)
        for label in ("Baseline", "1-year follow-up")
    ]
    respondent = Respondent.objects.create(cohort=world.cohort, record_id="p1", person=world.maya)
    for wave, rating in zip(waves, ("2", "4"), strict=True):
        response = Response.objects.create(
            wave=wave, respondent=respondent, record_id="p1", status="submitted"
        )
        Answer.objects.create(
            response=response, item=survey.items.get(variable="overall_rating"), value=rating
        )
    export = export_redcap(world.cohort)
    rows = read_rows(export.records)
    assert rows[0][:2] == ["record_id", "redcap_event_name"]
    assert [row[1] for row in rows[1:]] == ["baseline_arm_1", "wave_1_year_follow_arm_1"]
    assert [row[rows[0].index("overall_rating")] for row in rows[1:]] == ["2", "4"]
    assert read_rows(export.events)[1][:3] == ["Baseline", "1", "baseline_arm_1"]
    # And the files read back as a valid REDCap project.
    from mentora.surveys import interchange as ix

    instrument = ix.parse_dictionary(export.dictionary)
    events = ix.parse_events(export.events)
    assert len(ix.parse_records(export.records, instrument, events=events).records) == 2


def test_an_unnamed_import_is_labelled_with_the_local_date(world):
    late_evening = datetime(2026, 11, 21, 3, 0, tzinfo=UTC)  # 21:00 on the 20th in Chicago
    do_import_redcap(world.cohort, _text("survey", "dictionary.csv"),
                     _text("survey", "data.csv"), late_evening, name="survey")
    assert [w.label for w in Wave.objects.filter(cohort=world.cohort)] == [
        "REDCap import 2026-11-20"]
