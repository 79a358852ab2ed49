"""Branching logic: REDCap's syntax read by a parser, never by eval."""

import pytest

from mentora.surveys.interchange import (
    Instrument,
    Item,
    ItemType,
    LogicError,
    check_logic,
    is_shown,
    read_dictionary,
)
from tests.fixtures import PROJECTS, REDCAP
from tests.outside import OUTSIDE_REDCAP, outside_param


def _item(logic: str) -> Item:
    return Item("shown", "form", ItemType.TEXT, branching_logic=logic)


@pytest.mark.parametrize(
    ("logic", "answers", "shown"),
    [
        ("", {}, True),
        ('[sex] = "0"', {"sex": "0"}, True),
        ('[sex] = "0"', {"sex": "1"}, False),
        ('[sex] = "0"', {}, False),
        ("[sex] = '0' and [given_birth] = '1'", {"sex": "0", "given_birth": "1"}, True),
        ("[sex] = '0' and [given_birth] = '1'", {"sex": "0", "given_birth": "0"}, False),
        ("[sex] = '0' AND [given_birth] = '1'", {"sex": "0", "given_birth": "1"}, True),
        ("[a] = '1' or [b] = '1'", {"b": "1"}, True),
        ("[a] = '1' or [b] = '1'", {}, False),
        ("[a] <> ''", {"a": "x"}, True),
        ("[a] <> ''", {}, False),
        ("[a] != '2'", {"a": "3"}, True),
        ("[a] = ''", {}, True),
        ("[age] > 17", {"age": "18"}, True),
        ("[age] > 17", {"age": "9"}, False),
        ("[age] > 17", {}, False),
        ("[age] >= 18", {"age": "18"}, True),
        ("[age] <= 18", {"age": "18.5"}, False),
        ("[age] < -1", {"age": "-2"}, True),
        ("[age] = 18", {"age": "18.0"}, True),
        ("[when] < '2020-01-01'", {"when": "2019-12-31"}, True),
        ("[gym(2)] = '1'", {"gym": ("0", "2")}, True),
        ("[gym(3)] = '1'", {"gym": ("0", "2")}, False),
        ("[gym(3)] = '0'", {"gym": ()}, True),
        ("[check_two(a)] = '1'", {"check_two": ("A",)}, True),
        ("not [a] = '1'", {"a": "2"}, True),
        ("not ([a] = '1' or [b] = '1')", {"a": "1"}, False),
        ("([a] = '1' or [b] = '1') and [c] = '1'", {"b": "1", "c": "1"}, True),
        ("[a] = '1' or [b] = '1' and [c] = '1'", {"a": "1"}, True),
        ("([age]) > 3", {"age": "4"}, True),
        ("[enrollment_arm_1][sex] = '0'", {"sex": "1"}, True),
    ],
)
def test_logic_decides_whether_an_item_is_shown(logic, answers, shown):
    """An item is shown exactly when its branching logic holds for the answers so far."""
    other_events = {"enrollment_arm_1": {"sex": "0"}}
    assert is_shown(_item(logic), answers, other_events=other_events) is shown


def test_a_missing_event_reads_as_blank():
    """`[event][field]` for an event without answers compares as blank, as in REDCap."""
    assert is_shown(_item("[visit_1_arm_1][x] = ''"), {"x": "1"}) is True


@pytest.mark.parametrize(
    ("logic", "fragment"),
    [
        ("datediff([dob], 'today', 'y') > 18", "unknown word 'datediff'"),
        ("[a] + 1 > 2", "cannot read"),
        ("__import__('os').system('true')", "unknown word '__import__'"),
        ("[a] = '1' and", "ends too early"),
        ("([a] = '1'", "ends too early"),
        ("[a] = '1')", "unexpected ')'"),
        ("[a]", "a value alone is not a condition"),
        ("[a] = '1' = '2'", "unexpected '='"),
        ("[event-name] = 'x'", "cannot read"),
        ("[gym] = '1'", "is a checkbox"),
        ("[a] = 'unclosed", "cannot read"),
    ],
)
def test_unsupported_logic_raises_naming_the_item(logic, fragment):
    """Syntax outside the supported subset is refused with the item and the reason."""
    with pytest.raises(LogicError) as raised:
        is_shown(_item(logic), {"a": "1", "gym": ("1",)})
    message = str(raised.value)
    assert "item 'shown'" in message
    assert fragment in message


@pytest.mark.parametrize(
    "path",
    [pytest.param(REDCAP / p / "dictionary.csv", id=p) for p in PROJECTS]
    + [
        outside_param(OUTSIDE_REDCAP / p / "dictionary.csv", id=f"outside-{p}")
        for p in ("longitudinal", "survey", "validation-types-1")
    ],
)
def test_fixture_logic_is_all_readable(path):
    """Every branching logic in the REDCap fixtures parses and names real fields."""
    check_logic(read_dictionary(path))


def test_fixture_logic_shows_follow_up_questions():
    """In the survey project, the years with a mentor are asked of those who had one."""
    instrument = read_dictionary(REDCAP / "survey" / "dictionary.csv")
    prior_years = instrument.item("prior_years")
    assert is_shown(prior_years, {"prior_mentor": "1"})
    assert not is_shown(prior_years, {"prior_mentor": "0"})
    assert not is_shown(prior_years, {})


def test_fixture_logic_reads_another_event():
    """`[baseline_arm_1][role] = '1'`: the rematch question is for those who joined as mentees."""
    instrument = read_dictionary(REDCAP / "longitudinal" / "dictionary.csv")
    rematch = instrument.item("want_rematch")
    assert is_shown(rematch, {}, other_events={"baseline_arm_1": {"role": "1"}})
    assert not is_shown(rematch, {"role": "1"}, other_events={"baseline_arm_1": {"role": "2"}})


def test_check_logic_lists_every_bad_item():
    """An instrument check reports each item whose logic names an unknown field."""
    instrument = Instrument(
        "x",
        (
            Item("record_id", "f", ItemType.TEXT),
            Item("q1", "f", ItemType.TEXT, branching_logic="[nope] = '1'"),
            Item("q2", "f", ItemType.TEXT, branching_logic="[q1] = "),
        ),
    )
    with pytest.raises(LogicError) as raised:
        check_logic(instrument)
    assert [p.source for p in raised.value.problems] == ["item 'q1'", "item 'q2'"]
    assert "[nope] is not a field" in raised.value.problems[0].message
