"""Qualtrics CSV exports, current and legacy, into plain records and an inferred instrument."""

from pathlib import Path

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

FIXTURES = Path(__file__).resolve().parents[3] / ".." / "shared" / "fixtures"
QUALTRICS = FIXTURES / "qualtrics"
CURRENT = QUALTRICS / "qualtRics_sample.csv"
LEGACY = QUALTRICS / "qualtRics_sample_legacy.csv"


@pytest.mark.parametrize("path", [CURRENT, LEGACY])
def test_both_formats_give_the_response_and_its_answers(path):
    """The one response of each sample: its id, answers, completion and timestamp."""
    result = read_qualtrics(path, identifiers="drop", name="sample")
    (record,) = result.records
    assert record.record_id == "R_2YPOQ602ER1jkf1"
    assert record.values["q1"] == "2"
    assert record.values["q2"] == "Hello World!"
    assert record.completion == {"sample": FormStatus.COMPLETE}
    assert record.timestamps == {"sample": "2017-07-18 08:28:48"}
    assert record.extra["StartDate"] == "2017-07-18 08:28:09"


@pytest.mark.parametrize("path", [CURRENT, LEGACY])
def test_question_text_becomes_the_item_label(path):
    instrument = read_qualtrics(path, identifiers="drop").instrument
    assert instrument.record_id == "response_id"
    assert instrument.item("q1").label == "This is a multiple choice question."
    assert instrument.item("q2").label == "This is a free text question."
    assert instrument.item("q2").type is ItemType.TEXT


def test_current_format_keeps_import_ids_and_sub_columns():
    """Three header rows: the ImportId is noted on the item; `Q2 - Topics` gets a safe name."""
    result = read_qualtrics(CURRENT, identifiers="drop")
    assert "ImportId QID1" in result.instrument.item("q1").annotation
    assert result.columns["q2_topics"] == "Q2 - Topics"


def test_legacy_format_drops_the_trailing_empty_column():
    """The legacy export's byte-order mark and trailing comma leave no stray column."""
    result = read_qualtrics(LEGACY, identifiers="keep")
    assert result.columns["response_id"] == "ResponseID"
    assert "" not in result.columns.values()
    assert not any(v.startswith("\ufeff") for v in result.columns.values())


@pytest.mark.parametrize(
    ("path", "identifying"),
    [
        (
            CURRENT,
            {
                "IPAddress",
                "RecipientLastName",
                "RecipientFirstName",
                "RecipientEmail",
                "ExternalReference",
                "LocationLatitude",
                "LocationLongitude",
            },
        ),
        (
            LEGACY,
            {
                "Name",
                "ExternalDataReference",
                "EmailAddress",
                "IPAddress",
                "LocationLatitude",
                "LocationLongitude",
                "LocationAccuracy",
            },
        ),
    ],
)
def test_identifier_columns_are_dropped_or_kept_as_sensitive(path, identifying):
    """The user decides: identifying columns vanish, or stay as items flagged sensitive."""
    dropped = read_qualtrics(path, identifiers="drop")
    assert set(dropped.dropped) == identifying
    assert not set(dropped.columns.values()) & identifying
    assert "130.92.34.66" not in dropped.records[0].values.values()
    assert not any(item.sensitive for item in dropped.instrument.items)

    kept = read_qualtrics(path, identifiers="keep")
    assert kept.dropped == ()
    sensitive = {kept.columns[i.variable] for i in kept.instrument.items if i.sensitive}
    assert sensitive == identifying
    assert kept.records[0].values["ip_address"] == "130.92.34.66"


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
