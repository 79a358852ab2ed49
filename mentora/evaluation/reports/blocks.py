"""Participation per rotation block (issue 17, item 1): for each block, its mentees, how many
were matched, met during the block, met after it (relationships that go on), and withdrew.
Counts and shares only; no Django here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from mentora.evaluation.reports.data import CohortData
from mentora.evaluation.reports.engagement import ACCEPTED
from mentora.evaluation.stats import Share, share


@dataclass(frozen=True)
class BlockParticipation:
    name: str
    starts_on: date
    ends_on: date
    mentees: int
    matched: Share | None
    met_in_block: Share | None  # of matched mentees: at least one meeting within the block
    met_after: Share | None  # of matched mentees: a meeting after the block ended
    withdrawn: Share | None
    meetings_in_block: int


def _share(count: int, n: int) -> Share | None:
    return share(count, n) if n else None


def by_block(data: CohortData) -> tuple[BlockParticipation, ...]:
    """One row per block with mentees, in the blocks' order; () for a cohort without blocks."""
    if data.blocks.empty:
        return ()
    mentees = set(data.mentees)
    members = data.blocks[data.blocks["person"].isin(mentees)]
    pairs = data.mentorships[data.mentorships["status"].isin(ACCEPTED)]
    enrolled = data.enrolments
    withdrawn = {int(p) for p in enrolled.loc[enrolled["status"] == "withdrawn", "person"]}
    held = data.meetings[["on", "mentees", "mentorship"]].explode("mentees")
    held = held.drop_duplicates(["mentees", "on", "mentorship"])
    met_on: dict[int, list[date]] = {}
    for mentee, on in zip(held["mentees"], held["on"], strict=True):
        met_on.setdefault(int(mentee), []).append(pd.Timestamp(on).date())
    blocks: dict[tuple[str, date, date], set[int]] = {}
    for person, name, starts_on, ends_on in members[
        ["person", "block", "starts_on", "ends_on"]
    ].itertuples(index=False):
        blocks.setdefault((str(name), starts_on, ends_on), set()).add(int(person))
    accepted = {int(m) for m in pairs["mentee"]}
    rows = []
    for (name, starts_on, ends_on), people in blocks.items():
        matched = people & accepted
        inside = {m: [d for d in met_on.get(m, []) if starts_on <= d <= ends_on] for m in matched}
        after = {m for m in matched if any(d > ends_on for d in met_on.get(m, []))}
        n = len(people)
        rows.append(
            BlockParticipation(
                name,
                starts_on,
                ends_on,
                n,
                matched=_share(len(matched), n),
                met_in_block=_share(sum(1 for d in inside.values() if d), len(matched)),
                met_after=_share(len(after), len(matched)),
                withdrawn=_share(len(people & withdrawn), n),
                meetings_in_block=sum(len(d) for d in inside.values()),
            )
        )
    return tuple(sorted(rows, key=lambda r: (r.starts_on, r.name)))
