"""Ordered scales told from REDCap's choice lists: what an import writes as Likert."""

import pytest

from mentora.surveys.interchange import (
    InterchangeError,
    ItemType,
    dictionary_to_csv,
    parse_dictionary,
    read_dictionary,
)
from mentora.surveys.interchange.csvio import write_rows
from mentora.surveys.interchange.dictionary import LONG_HEADERS
from mentora.surveys.interchange.scales import propose_types, with_types
from tests.fixtures import REDCAP
from tests.outside import OUTSIDE_REDCAP, outside

AGREE = "1, Strongly disagree | 2, Disagree | 3, Neutral | 4, Agree | 5, Strongly agree"


def _row(variable, field_type, choices="", *, header="", matrix="", annotation=""):
    return [variable, "survey", header, field_type, variable.title(), choices, "", "", "", "",
            "", "", "", "", "", matrix, "", annotation]


def _dictionary(*rows):
    return parse_dictionary(write_rows([LONG_HEADERS, _row("record_id", "text"), *rows]))


def _types(instrument):
    return {item.variable: item.type for item in instrument.items[1:]}


def test_agreement_frequency_satisfaction_and_rating_radios_are_likert():
    instrument = _dictionary(
        _row("agree", "radio", AGREE),
        _row("often", "dropdown", "0, Never | 1, Rarely | 2, Sometimes | 3, Often | 4, Always"),
        _row("happy", "radio", "1, Very dissatisfied | 2, Neutral | 3, Very satisfied"),
        _row("rate", "radio", "1, Poor | 2, Fair | 3, Good | 4, Very good | 5, Excellent"),
    )
    assert set(_types(instrument).values()) == {ItemType.LIKERT}


def test_unordered_lists_yes_no_and_sliders_are_not():
    instrument = _dictionary(
        _row("race", "radio", "0, Asian | 1, Black | 2, White | 3, Other"),
        _row("agreed", "radio", "1, Yes | 0, No"),
        _row("yn", "yesno"),
        _row("tf", "truefalse"),
        _row("pills", "dropdown", "0, less than 5 | 1, 5-10 | 2, 6-15 | 3, over 15"),
        _row("open", "dropdown", "0, Not open | 1, Undecided | 2, Very open"),
        _row("lettered", "radio", "a, Strongly disagree | b, Neutral | c, Strongly agree"),
        _row("gaps", "radio", "1, Never | 2, Sometimes | 9, Always"),
        _row("mood", "slider", "Sad | Happy"),
    )
    assert _types(instrument) == {
        "race": ItemType.SINGLE, "agreed": ItemType.SINGLE, "yn": ItemType.YESNO,
        "tf": ItemType.TRUEFALSE, "pills": ItemType.SINGLE, "open": ItemType.SINGLE,
        "lettered": ItemType.SINGLE, "gaps": ItemType.SINGLE, "mood": ItemType.SLIDER,
    }
    reasons = {p.variable: p for p in propose_types(instrument)}
    assert reasons["mood"].reason == "a slider, scored as a number"
    assert reasons["agreed"].reason == "yes/no choices are never a scale"
    assert not reasons["lettered"].changeable  # letters cannot be averaged
    assert reasons["race"].changeable  # whole-number codes: the coordinator may say Likert


def test_a_matrix_group_of_numbers_takes_its_heading_and_decides_together():
    numbers = "1, 1 | 2, 2 | 3, 3 | 4, 4 | 5, 5"
    instrument = _dictionary(
        _row("m1", "radio", numbers, header="How much do you agree?", matrix="grid"),
        _row("m2", "radio", numbers, matrix="grid"),
        _row("plain", "radio", numbers),
    )
    assert _types(instrument) == {
        "m1": ItemType.LIKERT, "m2": ItemType.LIKERT, "plain": ItemType.SINGLE
    }
    # Choosing for one item of a group chooses for the group.
    chosen = with_types(instrument, {"m1": "single"})
    assert _types(chosen)["m2"] is ItemType.SINGLE


def test_the_coordinator_may_change_a_type_only_to_one_it_can_take():
    instrument = _dictionary(_row("agree", "radio", AGREE), _row("race", "radio", "a, A | b, B"))
    assert _types(with_types(instrument, {"agree": "single"}))["agree"] is ItemType.SINGLE
    with pytest.raises(InterchangeError, match="'race' can be single, not 'likert'"):
        with_types(instrument, {"race": "likert"})
    with pytest.raises(InterchangeError, match="not an item"):
        with_types(instrument, {"nothing": "likert"})


def test_an_inferred_likert_item_exports_as_redcap_wrote_it():
    """No action tag is added where the wording alone says Likert; one that does not (two
    choices) keeps the tag, so both come back Likert."""
    instrument = _dictionary(
        _row("agree", "radio", AGREE), _row("two", "radio", "1, Low | 2, High",
                                           annotation="@MENTORA-LIKERT"),
    )
    written = dictionary_to_csv(instrument)
    assert written.count("@MENTORA-LIKERT") == 1
    assert parse_dictionary(written) == instrument


def test_the_fixture_confidence_matrix_is_likert_and_its_slider_a_slider():
    instrument = read_dictionary(REDCAP / "longitudinal" / "dictionary.csv")
    types = _types(instrument)
    assert [types[v] for v in ("cs_goals", "cs_network", "cs_balance")] == [ItemType.LIKERT] * 3
    assert types["stress"] is ItemType.SLIDER
    assert types["role"] is ItemType.SINGLE and types["meeting_topic"] is ItemType.SINGLE


@outside
def test_no_demographic_list_of_a_real_project_is_taken_for_a_scale():
    """ethnicity, race, sex, pill counts, 'Not open ... Very open': single choice all."""
    for project in ("longitudinal", "survey", "validation-types-1"):
        instrument = read_dictionary(OUTSIDE_REDCAP / project / "dictionary.csv")
        assert ItemType.LIKERT not in _types(instrument).values(), project


def test_a_dictionary_of_17_columns_is_read_as_older_redcap_writes_it():
    """No Field Annotation column, as REDCap before 6.5 writes: read, annotations blank."""
    rows = [LONG_HEADERS[:17], _row("record_id", "text")[:17], _row("agree", "radio", AGREE)[:17]]
    instrument = parse_dictionary(write_rows(rows))
    assert _types(instrument) == {"agree": ItemType.LIKERT}
    assert instrument.item("agree").annotation == ""
    with pytest.raises(InterchangeError, match=r"18 columns \(17 before Field Annotation\)"):
        parse_dictionary(write_rows([LONG_HEADERS[:16]]))
