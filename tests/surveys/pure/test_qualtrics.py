"""Qualtrics CSV exports, current and legacy, into plain records and an inferred instrument."""

import pytest

from mentora.surveys.interchange import (
    FormStatus,
    InterchangeError,
    ItemType,
    dictionary_to_csv,
    parse_dictionary,
    parse_qualtrics,
    read_qualtrics,
)
from tests.fixtures import QUALTRICS
from tests.outside import OUTSIDE_QUALTRICS, OUTSIDE_QUALTRICS_FILES, outside_param

CURRENT = QUALTRICS / "qualtrics_export.csv"
LEGACY = QUALTRICS / "qualtrics_export_legacy.csv"
CURRENT_IDENTIFIERS = {
    "IPAddress",
    "RecipientLastName",
    "RecipientFirstName",
    "RecipientEmail",
    "ExternalReference",
    "LocationLatitude",
    "LocationLongitude",
}
LEGACY_IDENTIFIERS = {
    "Name",
    "ExternalDataReference",
    "EmailAddress",
    "IPAddress",
    "LocationLatitude",
    "LocationLongitude",
    "LocationAccuracy",
}


def test_the_current_format_gives_each_response_and_its_answers():
    """Three header rows: responses with their id, answers, completion and timestamp."""
    result = read_qualtrics(CURRENT, identifiers="drop", name="feedback")
    first, unfinished, last = result.records
    assert first.record_id == "R_1mNtA5kQ8zXw2Yb"
    assert first.values == {
        "q1": "4",
        "q2_1": "3",
        "q2_2": "1",
        "q3": "2.5",
        "q4": "More time with my mentor before the match day.",
        "q4_topics": "Scheduling",
    }
    assert first.completion == {"feedback": FormStatus.COMPLETE}
    assert first.timestamps == {"feedback": "2026-03-02 10:19:42"}
    assert first.extra["StartDate"] == "2026-03-02 10:14:03"
    assert first.extra["Duration (in seconds)"] == "338"
    assert unfinished.completion == {"feedback": FormStatus.INCOMPLETE}
    assert unfinished.values == {"q1": "2", "q2_1": "1", "q2_2": "2"}
    assert last.values["q4"].startswith("Pair mentees") and "\n" in last.values["q4"]


def test_the_legacy_format_gives_each_response_and_its_answers():
    """Two header rows, V1 to V10 named by the second; Finished written 1 or 0."""
    result = read_qualtrics(LEGACY, identifiers="drop", name="feedback")
    done, unfinished = result.records
    assert done.record_id == "R_5aBcDeFgHiJkLmN"
    assert done.values == {
        "q1": "3",
        "q2_1": "2",
        "q2_2": "2",
        "q3": "1.5",
        "q4": "Meetings at lunch, please.",
    }
    assert done.completion == {"feedback": FormStatus.COMPLETE}
    assert done.timestamps == {"feedback": "2016-05-09 14:06:40"}
    assert done.extra["ResponseSet"] == "Default Response Set"
    assert (unfinished.values, unfinished.completion) == (
        {"q1": "5"},
        {"feedback": FormStatus.INCOMPLETE},
    )


@pytest.mark.parametrize("path", [CURRENT, LEGACY])
def test_question_text_becomes_the_item_label(path):
    instrument = read_qualtrics(path, identifiers="drop").instrument
    assert instrument.record_id == "response_id"
    assert instrument.item("q1").label == "How satisfied are you with your mentor?"
    assert instrument.item("q4").label == "What would make the program better?"
    assert instrument.item("q1").type is ItemType.INTEGER
    assert instrument.item("q3").type is ItemType.NUMBER


def test_types_are_inferred_from_the_answers():
    """A long answer or one with a line break makes a paragraph item; short ones, text."""
    current = read_qualtrics(CURRENT, identifiers="drop").instrument
    legacy = read_qualtrics(LEGACY, identifiers="drop").instrument
    assert current.item("q4").type is ItemType.NOTES
    assert legacy.item("q4").type is ItemType.TEXT
    assert current.item("q2_1").label == "How often did you meet your mentor? - In person"


def test_current_format_keeps_import_ids_and_sub_columns():
    """Three header rows: the ImportId is noted on the item; `Q4 - Topics` gets a safe name."""
    result = read_qualtrics(CURRENT, identifiers="drop")
    assert "ImportId QID1" in result.instrument.item("q1").annotation
    assert "ImportId QID2_1" in result.instrument.item("q2_1").annotation
    assert result.columns["q4_topics"] == "Q4 - Topics"


def test_legacy_format_drops_the_trailing_empty_column():
    """The legacy export's byte-order mark and trailing comma leave no stray column."""
    assert LEGACY.read_bytes().startswith(b"\xef\xbb\xbf")
    result = read_qualtrics(LEGACY, identifiers="keep")
    assert result.columns["response_id"] == "ResponseID"
    assert "" not in result.columns.values()
    assert not any(v.startswith("\ufeff") for v in result.columns.values())


@pytest.mark.parametrize(
    ("path", "identifying"), [(CURRENT, CURRENT_IDENTIFIERS), (LEGACY, LEGACY_IDENTIFIERS)]
)
def test_identifier_columns_are_dropped_or_kept_as_sensitive(path, identifying):
    """The user decides: identifying columns vanish, or stay as items flagged sensitive."""
    dropped = read_qualtrics(path, identifiers="drop")
    assert set(dropped.dropped) == identifying
    assert not set(dropped.columns.values()) & identifying
    assert "192.0.2.17" not in dropped.records[0].values.values()
    assert not any(item.sensitive for item in dropped.instrument.items)

    kept = read_qualtrics(path, identifiers="keep")
    assert kept.dropped == ()
    sensitive = {kept.columns[i.variable] for i in kept.instrument.items if i.sensitive}
    assert sensitive == identifying
    assert kept.records[0].values["ip_address"] == "192.0.2.17"


def test_the_identifier_choice_is_required_and_checked():
    with pytest.raises(TypeError):
        read_qualtrics(CURRENT)  # type: ignore[call-arg]
    with pytest.raises(ValueError, match="'hide'"):
        read_qualtrics(CURRENT, identifiers="hide")


@pytest.mark.parametrize("path", [CURRENT, LEGACY])
def test_an_inferred_instrument_exports_as_a_redcap_dictionary(path):
    """A Qualtrics survey can go on to REDCap: its instrument is a valid data dictionary."""
    instrument = read_qualtrics(path, identifiers="keep", name="sample").instrument
    assert parse_dictionary(dictionary_to_csv(instrument), name="sample") == instrument


@pytest.mark.parametrize(
    "name",
    [outside_param(name, id=f"outside-{name}") for name in OUTSIDE_QUALTRICS_FILES],
)
@pytest.mark.parametrize("policy", ["drop", "keep"])
def test_real_qualtrics_samples_import_and_go_on_to_redcap(name, policy):
    """The two real samples (current and legacy format) give their one finished response, with
    identifying columns as the user chose, and an instrument REDCap accepts."""
    result = read_qualtrics(OUTSIDE_QUALTRICS / name, identifiers=policy, name="sample")
    (record,) = result.records
    assert record.record_id == "R_2YPOQ602ER1jkf1"
    assert record.values["q1"] == "2" and record.values["q2"] == "Hello World!"
    assert record.completion == {"sample": FormStatus.COMPLETE}
    assert ("ip_address" in record.values) == (policy == "keep")
    instrument = result.instrument
    assert parse_dictionary(dictionary_to_csv(instrument), name="sample") == instrument


@pytest.mark.parametrize(
    ("text", "row", "fragment"),
    [
        ("Q1,Q2\nQuestion one,Question two\n1,2\n", 1, "no ResponseId column"),
        ("ResponseID,Q1,\nResponseID,One,\nR_1,2,oops\n", 3, "column without a name"),
        ("ResponseID,Q1\nResponseID,One\nR_1,2\nR_1,3\n", 4, "blank or repeated"),
        ("ResponseID,Q1\nResponseID,One\nR_1,2,3\n", 3, "has 3 cells"),
    ],
)
def test_bad_qualtrics_files_name_the_row(text, row, fragment):
    with pytest.raises(InterchangeError) as raised:
        parse_qualtrics(text, identifiers="drop", source="export.csv")
    problem = raised.value.problems[0]
    assert (problem.source, problem.row) == ("export.csv", row)
    assert fragment in problem.message
