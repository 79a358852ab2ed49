"""REDCap raw records: checked against the dictionary on import, written back unchanged."""

from pathlib import Path

import pytest

from mentora.surveys.interchange import (
    FormStatus,
    InterchangeError,
    LabelExportError,
    RawLayout,
    Record,
    arms_to_csv,
    events_to_csv,
    parse_records,
    read_arms,
    read_dictionary,
    read_events,
    read_records,
    record_set_to_csv,
    records_to_csv,
)
from mentora.surveys.interchange.csvio import read_rows, write_rows

FIXTURES = Path(__file__).resolve().parents[3] / ".." / "shared" / "fixtures"
REDCAP = FIXTURES / "redcap"
PROJECTS = sorted(path.name for path in REDCAP.iterdir() if (path / "data.csv").exists())


def _load(project: str):
    folder = REDCAP / project
    instrument = read_dictionary(folder / "dictionary.csv")
    events = read_events(folder / "event.csv") if (folder / "event.csv").exists() else ()
    return instrument, read_records(folder / "data.csv", instrument, events=events)


def test_every_redcap_fixture_project_has_records():
    assert len(PROJECTS) == 5


@pytest.mark.parametrize("project", PROJECTS)
def test_records_export_is_byte_for_byte_the_original(project):
    """Dictionary and records imported then exported give back the raw export REDCap wrote."""
    instrument, record_set = _load(project)
    original = (REDCAP / project / "data.csv").read_text(encoding="utf-8")
    assert record_set_to_csv(instrument, record_set) == original


@pytest.mark.parametrize("project", PROJECTS)
def test_records_round_trip_keeps_every_value(project):
    """Cell for cell, every value of the original (blank or not) is in the export, in place."""
    instrument, record_set = _load(project)
    original = read_rows((REDCAP / project / "data.csv").read_text(encoding="utf-8"))
    exported = read_rows(record_set_to_csv(instrument, record_set))
    assert exported[0] == original[0]
    assert len(exported) == len(original)
    filled = 0
    for before, after in zip(original[1:], exported[1:], strict=True):
        for column, value, again in zip(original[0], before, after, strict=True):
            assert (column, again) == (column, value)
            filled += value != ""
    assert filled > 0


@pytest.mark.parametrize("project", PROJECTS)
def test_records_read_back_from_their_export_are_equal(project):
    """Import, export, import: the same plain records."""
    instrument, record_set = _load(project)
    again = parse_records(
        record_set_to_csv(instrument, record_set), instrument, events=record_set.events
    )
    assert again == record_set


def test_longitudinal_records_carry_their_event():
    """Each row of a longitudinal export is one record at one event (a Mentora wave)."""
    _, record_set = _load("longitudinal")
    events = read_events(REDCAP / "longitudinal" / "event.csv")
    assert len(record_set.records) == 18
    assert {r.event for r in record_set.records} <= {e.unique_name for e in events}
    first = record_set.records[0]
    assert (first.record_id, first.event) == ("100", "enrollment_arm_1")
    assert first.values["first_name"] == "Zharko"
    assert first.values["gym"] == ("0",)
    assert first.values["aerobics"] == ("1", "2")
    assert first.completion["demographics"] is FormStatus.COMPLETE
    dose = record_set.records[1]
    assert dose.event == "dose_1_arm_1"
    assert "gym" not in dose.values and "demographics" not in dose.completion


def test_repeating_instruments_keep_their_instances():
    _, record_set = _load("repeating-instruments")
    keys = [(r.record_id, r.repeat_instrument, r.repeat_instance) for r in record_set.records]
    assert keys == [
        ("1", None, None),
        ("1", "bp", 1),
        ("1", "bp", 2),
        ("1", "bp", 3),
        ("2", None, None),
        ("2", "bp", 1),
    ]
    assert record_set.records[2].values == {
        "date_bp": "2019-10-14",
        "bp_systolic": "111",
        "bp_diastolic": "101",
    }


def test_survey_timestamps_include_not_completed():
    _, record_set = _load("survey")
    assert record_set.layout.survey_identifier
    first = record_set.records[0]
    assert first.timestamps == {
        "prescreening_survey": "2018-03-06 15:52:43",
        "participant_morale_questionnaire": "[not completed]",
    }
    assert first.completion["participant_morale_questionnaire"] is FormStatus.INCOMPLETE


def test_checkboxes_with_letter_codes_and_nothing_ticked():
    """`check_two___a` maps back to code "a"; a checkbox of zeros is answered with no codes."""
    _, record_set = _load("checkboxes-1")
    records = {r.record_id: r for r in record_set.records}
    assert records["1"].values["check_two"] == ("a", "c")
    assert records["3"].values["check_one"] == ("1", "2", "3", "4")
    assert records["4"].values["check_one"] == ()


def test_events_and_arms_round_trip():
    """events.csv and arm.csv are read and written back cell for cell."""
    folder = REDCAP / "longitudinal"
    events, arms = read_events(folder / "event.csv"), read_arms(folder / "arm.csv")
    assert [(a.number, a.name) for a in arms] == [(1, "Drug A"), (2, "Drug B")]
    assert len(events) == 12 and {e.arm for e in events} == {1, 2}
    for written, path in ((events_to_csv(events), "event.csv"), (arms_to_csv(arms), "arm.csv")):
        assert read_rows(written) == read_rows((folder / path).read_text(encoding="utf-8"))


def test_records_made_elsewhere_are_exported_in_redcap_order():
    """Records built by Mentora get the columns they need, in REDCap's order."""
    instrument = read_dictionary(REDCAP / "repeating-instruments" / "dictionary.csv")
    records = [
        Record("7", {"sex": "1", "age": "40"}, completion={"demographics": FormStatus.COMPLETE}),
        Record("7", {"bp_systolic": "120"}, repeat_instrument="bp", repeat_instance=1),
    ]
    assert RawLayout.for_records(records) == RawLayout(repeat=True)
    rows = read_rows(records_to_csv(instrument, records))
    assert rows[0][:4] == [
        "record_id",
        "redcap_repeat_instrument",
        "redcap_repeat_instance",
        "date_enrolled",
    ]
    assert rows[1] == ["7", "", "", "", "", "", "40", "", "", "1", "2", "", "", "", ""]
    assert rows[2] == ["7", "bp", "1", "", "", "", "", "", "", "", "", "", "120", "", ""]


def test_export_refuses_answers_to_unknown_fields():
    instrument = read_dictionary(REDCAP / "checkboxes-1" / "dictionary.csv")
    with pytest.raises(InterchangeError, match="'shoe_size'"):
        records_to_csv(instrument, [Record("1", {"shoe_size": "42"})])


def _write_changed(tmp_path, project, changes, name="data.csv"):
    """The fixture's records with cells changed: {(row, column): value}; row 1 is the header."""
    rows = read_rows((REDCAP / project / "data.csv").read_text(encoding="utf-8"))
    header = list(rows[0])
    for (row, column), value in changes.items():
        rows[row - 1][header.index(column)] = value
    path = tmp_path / name
    path.write_text(write_rows(rows), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("project", "row", "column", "value", "named_column", "fragment"),
    [
        (
            "survey",
            1,
            "dob",
            "date_of_birth",
            "date_of_birth",
            "not a field of the data dictionary",
        ),
        ("longitudinal", 2, "ethnicity", "5", "ethnicity", "'5' is not one of the choices"),
        ("survey", 3, "dob", "05/03/2018", "dob", "not a date written YYYY-MM-DD"),
        ("survey", 3, "dob", "2018-02-30", "dob", "not a date"),
        ("longitudinal", 2, "height", "tall", "height", "is not a number"),
        ("longitudinal", 2, "height", "250", "height", "above the maximum 215"),
        ("longitudinal", 2, "weight", "80.5", "weight", "not a whole number"),
        ("longitudinal", 2, "gym___0", "2", "gym___0", "should be 1 (ticked) or 0"),
        ("longitudinal", 2, "gym___1", "", "gym___1", "blank while other choices"),
        (
            "longitudinal",
            2,
            "demographics_complete",
            "3",
            "demographics_complete",
            "0 (incomplete)",
        ),
        (
            "longitudinal",
            2,
            "redcap_event_name",
            "week_9_arm_1",
            "redcap_event_name",
            "not an event",
        ),
        (
            "survey",
            2,
            "prescreening_survey_timestamp",
            "yesterday",
            "prescreening_survey_timestamp",
            "timestamp",
        ),
        ("survey", 2, "email", "aaa.bbb.com", "email", "not an e-mail address"),
        (
            "repeating-instruments",
            3,
            "redcap_repeat_instrument",
            "visits",
            "redcap_repeat_instrument",
            "not a form",
        ),
        (
            "repeating-instruments",
            3,
            "redcap_repeat_instance",
            "0",
            "redcap_repeat_instance",
            "positive whole number",
        ),
        (
            "repeating-instruments",
            4,
            "redcap_repeat_instance",
            "1",
            None,
            "repeats the record id, event and instance of row 3",
        ),
        ("checkboxes-1", 2, "record_id", "", "record_id", "the record id is blank"),
    ],
)
def test_bad_records_are_rejected_naming_row_and_column(
    tmp_path, project, row, column, value, named_column, fragment
):
    """A records file that does not match its dictionary is refused, saying where and why."""
    folder = REDCAP / project
    instrument = read_dictionary(folder / "dictionary.csv")
    events = read_events(folder / "event.csv") if (folder / "event.csv").exists() else ()
    path = _write_changed(tmp_path, project, {(row, column): value})
    with pytest.raises(InterchangeError) as raised:
        read_records(path, instrument, events=events)
    problem = raised.value.problems[0]
    assert (problem.source, problem.row, problem.column) == (str(path), row, named_column)
    assert fragment in problem.message


def test_every_problem_is_reported_at_once_and_nothing_is_returned(tmp_path):
    """All bad cells come back in one error: the import is all or nothing."""
    instrument = read_dictionary(REDCAP / "survey" / "dictionary.csv")
    changes = {(2, "has_diabetes"): "7", (3, "dob"): "2018-13-01", (3, "consent___1"): "yes"}
    path = _write_changed(tmp_path, "survey", changes)
    result = None
    with pytest.raises(InterchangeError) as raised:
        result = read_records(path, instrument)
    assert result is None
    where = [(p.row, p.column) for p in raised.value.problems]
    assert where == [(2, "has_diabetes"), (3, "dob"), (3, "consent___1")]
    assert f"{path}, row 3, column 'dob'" in str(raised.value)


def test_a_record_id_that_is_not_first_is_refused():
    instrument = read_dictionary(REDCAP / "checkboxes-1" / "dictionary.csv")
    with pytest.raises(InterchangeError, match="first column must be the record id"):
        parse_records("form_1_complete,record_id\n0,1\n", instrument)


LABEL_HEADER = (
    '"Record ID","Complete?","check one (choice=one)","check one (choice=two)",'
    '"What should happen for this participant","Complete?"\n'
)


@pytest.mark.parametrize(
    ("text", "column"),
    [
        (LABEL_HEADER + "1,Incomplete,Checked,Unchecked,,Complete\n", "Record ID"),
        ("record_id,form_1_complete,check_one___1\n1,Incomplete,Checked\n", "form_1_complete"),
    ],
)
def test_label_exports_are_refused_with_advice(text, column):
    """Exports with labels are recognised and the user is told to export raw data."""
    instrument = read_dictionary(REDCAP / "checkboxes-1" / "dictionary.csv")
    with pytest.raises(LabelExportError) as raised:
        parse_records(text, instrument, source="labels.csv")
    assert raised.value.problems[0].column == column
    assert "CSV / Microsoft Excel (raw data)" in str(raised.value)
