"""REDCap raw records: checked against the dictionary on import, written back unchanged."""

import pytest

from mentora.surveys import interchange as ix
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
from mentora.surveys.interchange.dictionary import LONG_HEADERS
from tests.fixtures import PROJECTS, REDCAP
from tests.outside import OUTSIDE_PROJECTS, OUTSIDE_REDCAP, outside, outside_param

# The projects of tests/fixtures, then the five real REDCap projects (skip where absent).
FOLDERS = [pytest.param(REDCAP / p, id=p) for p in PROJECTS] + [
    outside_param(OUTSIDE_REDCAP / p, id=f"outside-{p}") for p in OUTSIDE_PROJECTS
]


def _load(project):
    """A project of tests/fixtures by name, or any project folder."""
    folder = REDCAP / project
    instrument = read_dictionary(folder / "dictionary.csv")
    events = read_events(folder / "event.csv") if (folder / "event.csv").exists() else ()
    return instrument, read_records(folder / "data.csv", instrument, events=events)


@outside
def test_every_outside_redcap_project_has_records():
    found = sorted(p.name for p in OUTSIDE_REDCAP.iterdir() if (p / "data.csv").exists())
    assert found == list(OUTSIDE_PROJECTS)


@pytest.mark.parametrize("folder", FOLDERS)
def test_records_export_is_byte_for_byte_the_original(folder):
    """Dictionary and records imported then exported give back the raw export REDCap wrote."""
    instrument, record_set = _load(folder)
    original = (folder / "data.csv").read_text(encoding="utf-8")
    assert record_set_to_csv(instrument, record_set) == original


@pytest.mark.parametrize("folder", FOLDERS)
def test_records_round_trip_keeps_every_value(folder):
    """Cell for cell, every value of the original (blank or not) is in the export, in place."""
    instrument, record_set = _load(folder)
    original = read_rows((folder / "data.csv").read_text(encoding="utf-8"))
    exported = read_rows(record_set_to_csv(instrument, record_set))
    assert exported[0] == original[0]
    assert len(exported) == len(original)
    filled = 0
    for before, after in zip(original[1:], exported[1:], strict=True):
        for column, value, again in zip(original[0], before, after, strict=True):
            assert (column, again) == (column, value)
            filled += value != ""
    assert filled > 0


@pytest.mark.parametrize("folder", FOLDERS)
def test_records_read_back_from_their_export_are_equal(folder):
    """Import, export, import: the same plain records."""
    instrument, record_set = _load(folder)
    again = parse_records(
        record_set_to_csv(instrument, record_set), instrument, events=record_set.events
    )
    assert again == record_set


def test_longitudinal_records_carry_their_event():
    """Each row of a longitudinal export is one record at one event (a Mentora wave)."""
    _, record_set = _load("longitudinal")
    events = read_events(REDCAP / "longitudinal" / "event.csv")
    assert len(record_set.records) == 14
    assert {r.event for r in record_set.records} == {e.unique_name for e in events}
    first = record_set.records[0]
    assert (first.record_id, first.event) == ("101", "baseline_arm_1")
    assert first.values["specialty"] == "im"
    assert first.values["from_mentor"] == ("1",)
    assert first.values["from_peers"] == ("3",)
    assert first.completion == {"profile": FormStatus.COMPLETE, "outlook": FormStatus.COMPLETE}
    later = record_set.records[1]
    assert (later.record_id, later.event) == ("101", "month_6_arm_1")
    assert "joined" not in later.values and "profile" not in later.completion
    assert later.values["from_mentor"] == ("1", "2")
    untouched = record_set.records[-1]
    assert (untouched.record_id, untouched.event) == ("202", "baseline_arm_2")
    assert untouched.values["from_mentor"] == () and "cs_goals" not in untouched.values
    assert untouched.completion["outlook"] is FormStatus.INCOMPLETE


def test_repeating_instruments_keep_their_instances():
    _, record_set = _load("longitudinal")
    keys = [
        (r.record_id, r.event, r.repeat_instrument, r.repeat_instance)
        for r in record_set.records[:8]
    ]
    assert keys == [
        ("101", "baseline_arm_1", None, None),
        ("101", "month_6_arm_1", None, None),
        ("101", "month_6_arm_1", "meeting", 1),
        ("101", "month_6_arm_1", "meeting", 2),
        ("101", "month_12_arm_1", None, None),
        ("102", "baseline_arm_1", None, None),
        ("102", "month_6_arm_1", "meeting", 1),
        ("102", "month_12_arm_1", None, None),
    ]
    assert record_set.records[3].values == {
        "meeting_on": "2025-12-19",
        "meeting_minutes": "30",
        "meeting_topic": "3",
    }
    assert record_set.records[3].completion == {"meeting": FormStatus.COMPLETE}


def test_survey_timestamps_include_not_completed():
    _, record_set = _load("survey")
    assert record_set.layout.survey_identifier
    assert record_set.layout.survey_forms == {"intake", "mentoring_check_in"}
    second = record_set.records[1]
    assert second.survey_identifier == "nina.o"
    assert second.timestamps == {
        "intake": "2026-01-13 17:45:12",
        "mentoring_check_in": "[not completed]",
    }
    assert second.completion["mentoring_check_in"] is FormStatus.INCOMPLETE
    assert record_set.records[2].timestamps["mentoring_check_in"] == "2026-04-11 07:40:00"


def test_checkboxes_with_letter_codes_and_nothing_ticked():
    """`goals___a` maps back to code "A"; a checkbox of zeros is answered with no codes."""
    _, record_set = _load("survey")
    records = {r.record_id: r for r in record_set.records}
    assert records["1"].values["goals"] == ("A", "C")
    assert records["3"].values["goals"] == ("B", "D")
    assert records["2"].values["goals"] == ()


def test_quoted_cells_keep_their_commas_quotes_and_line_breaks():
    _, record_set = _load("survey")
    records = {r.record_id: r for r in record_set.records}
    assert records["1"].values["comments"] == 'Lunch meetings suit me best, and "office hours" too.'
    assert records["1"].values["sleep"] == "7,5"
    assert records["3"].values["comments"] == "I would like a second mentor\nfor research."


def test_events_and_arms_round_trip():
    """events.csv and arm.csv are read and written back cell for cell."""
    folder = REDCAP / "longitudinal"
    events, arms = read_events(folder / "event.csv"), read_arms(folder / "arm.csv")
    assert [(a.number, a.name) for a in arms] == [(1, "Mentored"), (2, "Waiting list")]
    assert len(events) == 5 and {e.arm for e in events} == {1, 2}
    assert (events[0].custom_label, events[0].event_id) == ("[joined]", "501")
    assert events[1].extra == {"days_offset": "182", "offset_min": "0", "offset_max": "30"}
    for written, path in ((events_to_csv(events), "event.csv"), (arms_to_csv(arms), "arm.csv")):
        assert read_rows(written) == read_rows((folder / path).read_text(encoding="utf-8"))


def test_records_made_elsewhere_are_exported_in_redcap_order():
    """Records built by Mentora get the columns they need, in REDCap's order."""
    instrument = read_dictionary(REDCAP / "longitudinal" / "dictionary.csv")
    records = [
        Record(
            "7",
            {"role": "1", "years_training": "4"},
            completion={"profile": FormStatus.COMPLETE},
        ),
        Record("7", {"meeting_minutes": "50"}, repeat_instrument="meeting", repeat_instance=1),
    ]
    assert RawLayout.for_records(records) == RawLayout(repeat=True)
    rows = read_rows(records_to_csv(instrument, records))
    assert rows[0][:5] == [
        "participant_id",
        "redcap_repeat_instrument",
        "redcap_repeat_instance",
        "joined",
        "role",
    ]
    assert rows[0][-4:] == ["meeting_on", "meeting_minutes", "meeting_topic", "meeting_complete"]
    assert len(rows[0]) == 32 and all(len(row) == 32 for row in rows)
    filled = [{c: v for c, v in zip(rows[0], row, strict=True) if v} for row in rows[1:]]
    assert filled == [
        {"participant_id": "7", "role": "1", "years_training": "4", "profile_complete": "2"},
        {
            "participant_id": "7",
            "redcap_repeat_instrument": "meeting",
            "redcap_repeat_instance": "1",
            "meeting_minutes": "50",
        },
    ]


def test_export_refuses_answers_to_unknown_fields():
    instrument = read_dictionary(REDCAP / "survey" / "dictionary.csv")
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
        ("survey", 1, "email", "e_mail", "e_mail", "not a field of the data dictionary"),
        ("survey", 2, "stage", "9", "stage", "'9' is not one of the choices"),
        ("survey", 2, "track", "c", "track", "'c' is not one of the choices"),
        ("survey", 2, "goals___a", "2", "goals___a", "should be 1 (ticked) or 0"),
        ("survey", 2, "goals___b", "", "goals___b", "blank while other choices"),
        ("survey", 2, "intake_complete", "3", "intake_complete", "0 (incomplete)"),
        ("survey", 2, "intake_timestamp", "yesterday", "intake_timestamp", "timestamp"),
        ("survey", 2, "record_id", "", "record_id", "the record id is blank"),
        ("longitudinal", 2, "specialty", "cardio", "specialty", "not one of the choices"),
        (
            "longitudinal",
            2,
            "redcap_event_name",
            "month_9_arm_1",
            "redcap_event_name",
            "not an event",
        ),
        ("longitudinal", 2, "redcap_event_name", "", "redcap_event_name", "the event is blank"),
        (
            "longitudinal",
            4,
            "redcap_repeat_instrument",
            "visits",
            "redcap_repeat_instrument",
            "not a form",
        ),
        (
            "longitudinal",
            4,
            "redcap_repeat_instance",
            "0",
            "redcap_repeat_instance",
            "positive whole number",
        ),
        (
            "longitudinal",
            4,
            "redcap_repeat_instance",
            "",
            "redcap_repeat_instance",
            "needs its instance",
        ),
        (
            "longitudinal",
            5,
            "redcap_repeat_instance",
            "1",
            None,
            "repeats the record id, event and instance of row 4",
        ),
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


@pytest.mark.parametrize(
    ("row", "column", "value", "fragment"),
    [
        (3, "start_date", "08/01/2025", "not a date written YYYY-MM-DD; kept as text"),
        (3, "start_date", "2025-02-30", "not a date"),
        (3, "start_date", "2019-12-31", "before the minimum 2020-01-01; kept, as REDCap"),
        (2, "hours_month", "lots", "is not a number; kept as text"),
        (2, "hours_month", "81", "above the maximum 80; kept, as REDCap keeps"),
        (2, "prior_years", "2.5", "not a whole number"),
        (2, "sleep", "7;5", "is not a number"),
        (2, "last_meeting", "2026-04-02 12:15", "HH:MM:SS"),
        (2, "call_length", "24:75", "not a time written MM:SS"),
        (2, "wellbeing", "101", "above the maximum 100"),
        (2, "email", "maya.example.edu", "not an e-mail address; kept as text"),
    ],
)
def test_values_redcap_keeps_are_kept_with_a_warning_naming_row_and_column(
    tmp_path, row, column, value, fragment
):
    """Out of range (REDCap's soft warning) or failing a validation added later: REDCap keeps
    the value, so the import does, and says where."""
    instrument = read_dictionary(REDCAP / "survey" / "dictionary.csv")
    path = _write_changed(tmp_path, "survey", {(row, column): value})
    record_set = read_records(path, instrument)
    [warning] = record_set.warnings
    assert (warning.source, warning.row, warning.column) == (str(path), row, column)
    assert fragment in warning.message
    kept = {r.record_id: r.values for r in record_set.records}
    assert value in [values.get(column) for values in kept.values()]


def test_every_problem_is_reported_at_once_and_nothing_is_returned(tmp_path):
    """All bad cells come back in one error: the import is all or nothing."""
    instrument = read_dictionary(REDCAP / "survey" / "dictionary.csv")
    changes = {(2, "prior_mentor"): "7", (3, "stage"): "13", (3, "goals___a"): "yes"}
    path = _write_changed(tmp_path, "survey", changes)
    result = None
    with pytest.raises(InterchangeError) as raised:
        result = read_records(path, instrument)
    assert result is None
    where = [(p.row, p.column) for p in raised.value.problems]
    assert where == [(2, "prior_mentor"), (3, "stage"), (3, "goals___a")]
    assert f"{path}, row 3, column 'stage'" in str(raised.value)


def test_a_record_id_that_is_not_first_is_refused():
    instrument = read_dictionary(REDCAP / "survey" / "dictionary.csv")
    with pytest.raises(InterchangeError, match="first column must be the record id"):
        parse_records("intake_complete,record_id\n0,1\n", instrument)


LABEL_HEADER = (
    '"Record ID","Survey Identifier","Survey Timestamp","Email address",'
    '"What do you hope to gain? Tick all that apply. (choice=Career advice)","Complete?"\n'
)


@pytest.mark.parametrize(
    ("text", "column"),
    [
        (LABEL_HEADER + '1,,"2026-01-12 09:30:05",a@b.org,Checked,Complete\n', "Record ID"),
        ("record_id,intake_complete,goals___a\n1,Complete,Checked\n", "intake_complete"),
    ],
)
def test_label_exports_are_refused_with_advice(text, column):
    """Exports with labels are recognised and the user is told to export raw data."""
    instrument = read_dictionary(REDCAP / "survey" / "dictionary.csv")
    with pytest.raises(LabelExportError) as raised:
        parse_records(text, instrument, source="labels.csv")
    assert raised.value.problems[0].column == column
    assert "CSV / Microsoft Excel (raw data)" in str(raised.value)


@pytest.mark.parametrize(("rows", "more"), [(1, "1 more sign"), (2, "3 more signs")])
def test_a_label_export_counts_its_other_signs_in_agreeing_words(rows, more):
    instrument = read_dictionary(REDCAP / "survey" / "dictionary.csv")
    text = "record_id,intake_complete,goals___a\n" + "1,Complete,Checked\n" * rows
    with pytest.raises(LabelExportError) as raised:
        parse_records(text, instrument, source="labels.csv")
    assert str(raised.value).endswith(f"(found the label value 'Complete' and {more})")


# Values as REDCap keeps them: trimmed, out of range or failing a later validation, kept with a
# warning per cell; only what cannot be stored (a code outside the choices) is refused.
def _lenient_project():
    def row(variable, field_type, choices="", validation="", low="", high=""):
        return [variable, "visit", "", field_type, variable, choices, "", validation, low, high,
                "", "", "", "", "", "", "", ""]

    return ix.parse_dictionary(write_rows([
        LONG_HEADERS,
        row("record_id", "text"),
        row("age", "text", validation="integer", low="18", high="99"),
        row("weight", "text", validation="number"),
        row("seen", "text", validation="date_ymd"),
        row("agree", "radio", "1, Disagree | 2, Neutral | 3, Agree"),
        row("note", "text"),
    ]))


def test_values_redcap_kept_are_read_with_a_warning_per_cell():
    instrument = _lenient_project()
    text = (
        "record_id,age,weight,seen,agree,note,visit_complete\n"
        "1, 34,70.5 ,2024-01-02, 3, keep my spaces ,2\n"
        "2,120,heavy,02/01/2024,1,,2\n"
        "3,17,,,2,,2\n"
    )
    records = parse_records(text, instrument, source="data.csv")
    values = {r.record_id: dict(r.values) for r in records.records}
    assert values["1"] == {"age": "34", "weight": "70.5", "seen": "2024-01-02", "agree": "3",
                           "note": " keep my spaces "}
    assert values["2"]["age"] == "120" and values["2"]["weight"] == "heavy"
    assert values["2"]["seen"] == "02/01/2024" and values["3"]["age"] == "17"
    warned = [(w.row, w.column) for w in records.warnings]
    assert warned == [(3, "age"), (3, "weight"), (3, "seen"), (4, "age")]
    messages = [w.message for w in records.warnings]
    assert "above the maximum 99; kept, as REDCap keeps a value outside the range" in messages[0]
    assert "kept as text" in messages[1] and "kept as text" in messages[2]


def test_a_code_outside_the_choices_is_still_refused():
    instrument = _lenient_project()
    text = "record_id,age,weight,seen,agree,note,visit_complete\n1,,,,7,,2\n"
    with pytest.raises(InterchangeError) as caught:
        parse_records(text, instrument, source="data.csv")
    assert [(p.row, p.column) for p in caught.value.problems] == [(2, "agree")]
