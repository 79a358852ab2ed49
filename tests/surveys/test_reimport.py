"""A REDCap project imported again is updated in place; two projects never merge."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mentora.surveys.interchange.csvio import read_rows, write_rows
from mentora.surveys.models import Answer, Instrument, Respondent, Response, SurveyProject, Wave
from mentora.surveys.problems import ImportProblem
from mentora.surveys.redcap import do_import_redcap, export_redcap
from tests.fixtures import PROJECTS, REDCAP
from tests.outside import OUTSIDE_PROJECTS, OUTSIDE_REDCAP, outside, outside_param

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
LATER = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
FOLDERS = [pytest.param(REDCAP / p, id=p) for p in PROJECTS] + [
    outside_param(OUTSIDE_REDCAP / p, id=f"outside-{p}") for p in OUTSIDE_PROJECTS
]


def _text(folder: Path, name: str) -> str | None:
    path = folder / name
    return path.read_text(encoding="utf-8") if path.exists() else None


def _import(cohort, folder: Path, *, records: str | None = None, when=NOW, **options):
    options.setdefault("name", "project")
    return do_import_redcap(
        cohort,
        _text(folder, "dictionary.csv"),
        records if records is not None else _text(folder, "data.csv"),
        when,
        events=_text(folder, "event.csv"),
        **options,
    )


def _state() -> dict[str, object]:
    """What a coordinator would compare: every wave, response and answer with its id."""
    return {
        "waves": list(Wave.objects.order_by("pk").values_list("pk", "label", "event_name")),
        "respondents": list(Respondent.objects.order_by("pk").values_list("pk", "record_id")),
        "responses": list(
            Response.objects.order_by("pk").values_list(
                "pk", "wave_id", "record_id", "repeat_instrument", "repeat_instance", "completion"
            )
        ),
        "answers": sorted(
            (pk, response, item, repr(value))
            for pk, response, item, value in Answer.objects.values_list(
                "pk", "response_id", "item_id", "value"
            )
        ),
        "instruments": Instrument.objects.count(),
    }


@pytest.mark.parametrize("folder", FOLDERS)
def test_the_same_import_again_changes_nothing(world, folder):
    first = _import(world.cohort, folder)
    before = _state()
    again = _import(world.cohort, folder, into=True, when=LATER)
    assert _state() == before
    assert (len(again.plan.added), len(again.plan.updated)) == (0, 0)
    assert again.plan.unchanged == first.rows == len(first.plan.added)
    assert again.new_waves == 0
    assert "added 0, updated 0, left" in again.summary()
    # And the export is still the file that came in, without duplicate keys.
    assert export_redcap(world.cohort).records == _text(folder, "data.csv")


def _changed(folder: Path, column: str, row: int, value: str) -> str:
    rows = read_rows(_text(folder, "data.csv") or "")
    rows[row][rows[0].index(column)] = value
    return write_rows(rows)


def test_a_changed_value_in_a_new_export_updates_one_answer(world):
    folder = REDCAP / "longitudinal"
    _import(world.cohort, folder)
    answer = Answer.objects.get(
        response__record_id="101",
        response__wave__event_name="baseline_arm_1",
        item__variable="years_training",
    )
    before = _state()
    report = _import(
        world.cohort, folder, records=_changed(folder, "years_training", 1, "4"), into=True
    )
    assert (len(report.plan.added), len(report.plan.updated)) == (0, 1)
    assert report.plan.unchanged == 13
    after = _state()
    changed = [a for a in after["answers"] if a not in before["answers"]]
    assert changed == [(answer.pk, answer.response_id, answer.item_id, "'4'")]
    assert after["responses"] == before["responses"]


def test_a_blanked_value_is_removed_and_a_new_record_is_added(world):
    folder = REDCAP / "longitudinal"
    _import(world.cohort, folder)
    rows = read_rows(_changed(folder, "plans", 1, ""))
    new = list(rows[-1])
    new[0] = "203"
    report = _import(world.cohort, folder, records=write_rows([*rows, new]), into=True)
    assert (len(report.plan.added), len(report.plan.updated), report.plan.unchanged) == (1, 1, 13)
    assert not Answer.objects.filter(
        response__record_id="101", item__variable="plans",
        response__wave__event_name="baseline_arm_1",
    ).exists()
    assert Response.objects.filter(record_id="203").count() == 1


def test_the_preview_counts_before_anything_is_written(world):
    folder = REDCAP / "longitudinal"
    _import(world.cohort, folder)
    before = _state()
    report = _import(
        world.cohort, folder, records=_changed(folder, "stress", 2, "11"), into=True, dry_run=True
    )
    assert report.summary().count("would update 1") == 1
    assert "would add 0" in report.summary() and "would leave 13 unchanged" in report.summary()
    assert _state() == before


def test_answers_given_in_mentora_survive_an_import_again(world):
    folder = REDCAP / "survey"
    _import(world.cohort, folder)
    wave = Wave.objects.get()
    # Maya's record is linked to her by its email field: the answers given here are someone's
    # known to Mentora alone.
    respondent = Respondent.objects.create(cohort=world.cohort, record_id="m1")
    given = Response.objects.create(
        wave=wave, respondent=respondent, record_id="m1", status="submitted"
    )
    Answer.objects.create(response=given, item=wave.instrument.items.get(variable="helpful"),
                          value="5")
    report = _import(world.cohort, folder, records=_changed(folder, "helpful", 1, "2"), into=True)
    assert len(report.plan.updated) == 1 and report.plan.absent == 1
    assert Answer.objects.get(response=given).value == "5"


def test_a_changed_dictionary_moves_the_project_to_its_new_version_keeping_ids(world):
    folder = REDCAP / "survey"
    _import(world.cohort, folder)
    answers = dict(Answer.objects.values_list("pk", "value"))
    dictionary = _text(folder, "dictionary.csv") or ""
    rows = read_rows(dictionary)
    rows[1][4] = "The record's id"  # the record id field's label
    do_import_redcap(world.cohort, write_rows(rows), _text(folder, "data.csv") or "", LATER,
                     name="project", into=True)
    wave = Wave.objects.get()
    assert wave.instrument.version == 2
    assert dict(Answer.objects.values_list("pk", "value")) == answers
    assert set(Answer.objects.values_list("item__instrument", flat=True)) == {wave.instrument.pk}


def test_a_dictionary_that_drops_an_answered_field_is_refused(world):
    folder = REDCAP / "survey"
    _import(world.cohort, folder)
    rows = read_rows(_text(folder, "dictionary.csv") or "")
    header = read_rows(_text(folder, "data.csv") or "")[0]
    kept = [row for row in rows if row[0] != "sleep"]
    records = read_rows(_text(folder, "data.csv") or "")
    at = header.index("sleep")
    records = [row[:at] + row[at + 1 :] for row in records]
    with pytest.raises(ImportProblem) as caught:
        do_import_redcap(world.cohort, write_rows(kept), write_rows(records), LATER,
                         name="project", into=True)
    assert "['sleep'] hold answers" in caught.value.problems[0]
    assert Wave.objects.get().instrument.version == 1


def test_a_no_events_project_imported_again_exports_without_event_column(world):
    folder = REDCAP / "survey"
    _import(world.cohort, folder)
    _import(world.cohort, folder, into=True)
    header = read_rows(export_redcap(world.cohort).records)[0]
    assert "redcap_event_name" not in header
    assert export_redcap(world.cohort).events is None


@outside
@pytest.mark.parametrize("project", ["survey", "checkboxes-1", "validation-types-1"])
def test_real_projects_without_events_export_without_event_column_after_a_second_import(
    world, project
):
    folder = OUTSIDE_REDCAP / project
    _import(world.cohort, folder)
    _import(world.cohort, folder, into=True)
    assert export_redcap(world.cohort).records == _text(folder, "data.csv")


def test_two_projects_named_dictionary_stay_apart_and_export_whole(world, tmp_path, capsys):
    for project in ("survey", "longitudinal"):
        folder = REDCAP / project
        arguments = ["redcap", "import", "--cohort", str(world.cohort.pk),
                     "--dictionary", str(folder / "dictionary.csv"),
                     "--records", str(folder / "data.csv")]
        if (folder / "event.csv").exists():
            arguments += ["--events", str(folder / "event.csv")]
        call_command(*arguments)
    assert sorted(SurveyProject.objects.values_list("name", flat=True)) == [
        "dictionary", "dictionary-2"]
    assert "dictionary-2:" in capsys.readouterr().out
    for name, project in (("dictionary", "survey"), ("dictionary-2", "longitudinal")):
        export = export_redcap(world.cohort, name)
        assert export.records == _text(REDCAP / project, "data.csv")
        assert len(read_rows(export.dictionary)) == len(
            read_rows(_text(REDCAP / project, "dictionary.csv") or ""))


def test_a_taken_name_is_refused_unless_importing_into_it_is_chosen(world):
    _import(world.cohort, REDCAP / "survey", name="checkin")
    with pytest.raises(ImportProblem) as caught:
        _import(world.cohort, REDCAP / "survey", name="checkin")
    assert "exists already" in caught.value.problems[0]
    with pytest.raises(ImportProblem) as caught:  # a library instrument's name is taken too
        from mentora.surveys.library import ensure_library

        ensure_library(NOW)
        _import(world.cohort, REDCAP / "survey", name="mentoring_equity_survey")
    assert "exists already" in caught.value.problems[0]
    assert Wave.objects.count() == 1


def test_importing_into_another_cohort_s_project_is_refused(world):
    other = world.faculty_cohort
    _import(other, REDCAP / "survey", name="theirs")
    with pytest.raises(ImportProblem) as caught:
        _import(world.cohort, REDCAP / "survey", name="theirs", into=True)
    assert "no redcap project named 'theirs'" in caught.value.problems[0]


def test_the_command_imports_into_a_project_and_says_what_changed(world, capsys):
    folder = REDCAP / "survey"
    files = ["--dictionary", str(folder / "dictionary.csv"), "--records", str(folder / "data.csv")]
    call_command("redcap", "import", "--cohort", str(world.cohort.pk), "--name", "checkin", *files)
    capsys.readouterr()
    call_command("redcap", "import", "--cohort", str(world.cohort.pk), "--into", "checkin",
                 "--dry-run", *files)
    assert "would add 0, would update 0, would leave 3 unchanged" in capsys.readouterr().out
    with pytest.raises(CommandError):
        call_command("redcap", "import", "--cohort", str(world.cohort.pk), "--into", "nothing",
                     *files)


TABLE_FILES = {"arms": "arm.csv", "mapping": "mapping.csv", "groups": "groups.csv",
               "repeating": "repeating.csv"}


def test_arms_mapping_groups_and_repeating_settings_come_back_on_export(world, tmp_path):
    folder = REDCAP / "longitudinal"
    tables = []
    for part, name in TABLE_FILES.items():
        tables += [f"--{part}", str(folder / name)]
    files = ["--dictionary", str(folder / "dictionary.csv"), "--records",
             str(folder / "data.csv"), "--events", str(folder / "event.csv")]
    call_command("redcap", "import", "--cohort", str(world.cohort.pk), *files, *tables)
    out = {part: tmp_path / name for part, name in TABLE_FILES.items()}
    written = [f"--{part}={path}" for part, path in out.items()]
    call_command("redcap", "export", "--cohort", str(world.cohort.pk),
                 "--dictionary", str(tmp_path / "d.csv"), "--records", str(tmp_path / "r.csv"),
                 *written)
    for part, path in out.items():
        assert path.read_text(encoding="utf-8") == _text(folder, TABLE_FILES[part]), part
    arms = dict(Wave.objects.values_list("event_name", "arm_name"))
    assert (arms["baseline_arm_1"], arms["month_12_arm_2"]) == ("Mentored", "Waiting list")
    # Importing again without the tables keeps them.
    _import(world.cohort, folder, name="dictionary", into=True)
    assert set(export_redcap(world.cohort).tables) == set(TABLE_FILES)


def test_a_mapping_that_names_an_unknown_form_writes_nothing(world):
    folder = REDCAP / "longitudinal"
    mapping = "arm_num,unique_event_name,form\n1,baseline_arm_1,diary\n"
    with pytest.raises(ImportProblem) as caught:
        _import(world.cohort, folder, metadata={"mapping": mapping},
                metadata_sources={"mapping": "mapping.csv"})
    assert caught.value.problems == [
        "mapping.csv, row 2, column 'form': 'diary' is not a form of the dictionary"]
    assert not SurveyProject.objects.exists() and not Wave.objects.exists()


@outside
def test_a_real_longitudinal_project_s_arms_come_back(world):
    folder = OUTSIDE_REDCAP / "longitudinal"
    _import(world.cohort, folder, metadata={"arms": _text(folder, "arm.csv") or ""})
    exported = export_redcap(world.cohort)
    assert read_rows(exported.tables["arms"]) == read_rows(_text(folder, "arm.csv") or "")
    assert read_rows(exported.events or "") == read_rows(_text(folder, "event.csv") or "")


def test_a_cohort_with_imported_projects_can_still_be_deleted(world):
    _import(world.cohort, REDCAP / "survey")
    world.cohort.delete()
    assert not SurveyProject.objects.exists() and not Wave.objects.exists()


def test_waves_imported_before_projects_become_projects_that_take_an_import_again(world):
    import importlib

    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    _import(world.cohort, REDCAP / "longitudinal", name="legacy")
    _import(world.faculty_cohort, REDCAP / "survey", name="other")
    Wave.objects.update(project=None)  # as the waves were before migration 0008
    SurveyProject.objects.all().delete()
    name = "0010_projects_for_imported_waves"
    migration = importlib.import_module(f"mentora.surveys.migrations.{name}")
    state = MigrationLoader(connection).project_state(("surveys", name))
    migration.make_projects(state.apps, None)
    project = SurveyProject.objects.get(name="legacy")
    assert (project.cohort, project.kind, project.waves.count()) == (world.cohort, "redcap", 5)
    assert SurveyProject.objects.get(name="other").cohort == world.faculty_cohort
    again = _import(world.cohort, REDCAP / "longitudinal", name="legacy", into=True)
    assert (again.plan.unchanged, again.new_waves) == (14, 0)
