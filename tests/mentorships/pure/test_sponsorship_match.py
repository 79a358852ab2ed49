"""The rule that makes two records of sponsorship one act (plain data, no database)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import date, timedelta

import pytest

from mentora.mentorships.pure.sponsorship import (
    MATCH_DAYS,
    ActFacts,
    Match,
    Outcome,
    Side,
    match,
)

DAY = date(2026, 3, 3)
MENTORS = ActFacts(
    key=1,
    side=Side.GIVEN,
    sponsor_id=7,
    sponsor_name="Dr X",
    kind="award",
    on=DAY,
    what="Teaching award",
)


def _hers(**changes):
    """The person sponsored's record of (by default) the same nomination, in her words."""
    facts = ActFacts(
        key=0,
        side=Side.RECEIVED,
        sponsor_id=7,
        sponsor_name="Dr X",
        kind="award",
        on=DAY + timedelta(days=4),
        what="the resident teaching award",
    )
    return replace(facts, **changes)


def test_the_other_sides_record_confirms_the_act_whatever_its_words():
    assert match(_hers(), [MENTORS]) == Match(1, Outcome.CONFIRMS)


def test_a_typed_name_matches_the_sponsor_case_and_spacing_aside():
    mentors = replace(MENTORS, sponsor_name="Xavier  Diaz")
    assert match(_hers(sponsor_id=None, sponsor_name="xavier diaz"), [mentors]) == Match(
        1, Outcome.CONFIRMS
    )
    assert match(_hers(sponsor_id=None, sponsor_name="Xavier Dias"), [mentors]) is None


@pytest.mark.parametrize(
    "changes",
    [
        {"kind": "letter"},
        {"on": DAY + timedelta(days=MATCH_DAYS + 1)},
        {"on": DAY - timedelta(days=MATCH_DAYS + 1)},
        {"sponsor_id": 8},
    ],
    ids=["another kind", "a month later", "a month before", "another sponsor"],
)
def test_another_act_is_an_act_of_its_own(changes):
    assert match(_hers(**changes), [MENTORS]) is None


def test_the_window_holds_its_last_day():
    assert match(_hers(on=DAY + timedelta(days=MATCH_DAYS)), [MENTORS]) is not None


def test_the_same_side_again_is_a_duplicate_unless_it_says_it_was_for_something_else():
    assert match(replace(MENTORS, key=0), [MENTORS]) == Match(1, Outcome.DUPLICATE)
    assert match(replace(MENTORS, key=0, what=""), [MENTORS]) == Match(1, Outcome.DUPLICATE)
    assert match(replace(MENTORS, key=0, what="TEACHING  award"), [MENTORS]) == Match(
        1, Outcome.DUPLICATE
    )
    assert match(replace(MENTORS, key=0, what="Research award"), [MENTORS]) is None


def test_an_act_both_sides_recorded_is_a_duplicate_from_either_side():
    both = replace(MENTORS, confirmed=True)
    assert match(_hers(what=""), [both]) == Match(1, Outcome.DUPLICATE)
    assert match(replace(MENTORS, key=0), [both]) == Match(1, Outcome.DUPLICATE)


def test_of_two_acts_awaiting_the_one_with_the_same_words_then_the_nearest_is_confirmed():
    research = replace(MENTORS, key=2, what="Research award", on=DAY + timedelta(days=4))
    assert match(_hers(what="Teaching award"), [MENTORS, research]).key == 1
    assert match(_hers(what=""), [MENTORS, research]).key == 2


def test_the_rule_imports_no_django():
    code = "import mentora.mentorships.pure.sponsorship, sys; assert 'django' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], check=True)
