"""When two records of sponsorship are one act (issue 17): the rule on plain data.

An act may be recorded from either side: the sponsor's ("given": the sponsor, or a coordinator
recording their own act) or the person sponsored's ("received"). Two records for the same
person are the same act when they name the same sponsor (the same person, or failing that the
same name, case and spacing aside), the same kind, and dates at most `MATCH_DAYS` apart.

- A record from the other side of an act not yet confirmed confirms it: one act, both sides.
- A record from the same side, or of an act both sides already recorded, is the act again (a
  duplicate), unless both say what it was for and say different things: a sponsor may nominate
  the same person for two awards in one month. Across sides the words are not compared: two
  people describe one nomination in their own words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum

MATCH_DAYS = 30


class Side(Enum):
    GIVEN = "given"
    RECEIVED = "received"


@dataclass(frozen=True)
class ActFacts:
    """One record, as the rule needs it (`key`: the act's id; the new record's is 0)."""

    key: int
    side: Side
    sponsor_id: int | None
    sponsor_name: str
    kind: str
    on: date
    what: str = ""
    confirmed: bool = False


class Outcome(Enum):
    CONFIRMS = "confirms"
    DUPLICATE = "duplicate"


@dataclass(frozen=True)
class Match:
    key: int
    outcome: Outcome


def _plain(text: str) -> str:
    return " ".join(text.casefold().split())


def same_sponsor(one: ActFacts, other: ActFacts) -> bool:
    if one.sponsor_id is not None and other.sponsor_id is not None:
        return one.sponsor_id == other.sponsor_id
    name = _plain(one.sponsor_name)
    return bool(name) and name == _plain(other.sponsor_name)


def same_act(one: ActFacts, other: ActFacts) -> bool:
    """Same sponsor, same kind, dates within `MATCH_DAYS` (the record's side aside)."""
    return (
        one.kind == other.kind
        and abs((one.on - other.on).days) <= MATCH_DAYS
        and same_sponsor(one, other)
    )


def _say_different_things(one: ActFacts, other: ActFacts) -> bool:
    mine, theirs = _plain(one.what), _plain(other.what)
    return bool(mine) and bool(theirs) and mine != theirs


def match(new: ActFacts, recorded: Sequence[ActFacts]) -> Match | None:
    """What the new record is among those already recorded for the same person: the
    confirmation of one, the same act again, or (None) an act of its own."""
    alike = [act for act in recorded if same_act(new, act)]

    def closest(acts: list[ActFacts]) -> ActFacts:
        return min(
            acts,
            key=lambda act: (_say_different_things(new, act), abs((new.on - act.on).days), act.key),
        )

    awaiting = [act for act in alike if act.side != new.side and not act.confirmed]
    if awaiting:
        return Match(closest(awaiting).key, Outcome.CONFIRMS)
    again = [
        act
        for act in alike
        if (act.side == new.side or act.confirmed) and not _say_different_things(new, act)
    ]
    if again:
        return Match(closest(again).key, Outcome.DUPLICATE)
    return None
