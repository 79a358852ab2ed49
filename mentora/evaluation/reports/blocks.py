"""Participation per rotation block (issue 17, item 1): for each block, its mentees, how many
were matched, met during the block, met after it (relationships that go on), and withdrew.
Counts and shares only; no Django here.

The blocks are groups of people like the equity breakdowns' and follow their small-cell rules:
each share's counts pass through the statistics core's `suppress_table` as a table of blocks x
(yes, no) with its totals, any of which may be printed elsewhere (the cohort's matched and
withdrawn mentees are in the engagement table, the blocks' mentees together in the downloads'
note). Matched and Withdrew have the blocks' mentees as row totals, so a block whose mentees are
hidden shows neither. Met During and Met After have the block's matched mentees as row totals:
when its Matched is hidden, they are too (with whatever complement that needs in their tables),
and so are its meetings, as the mentors' growth hides a competency's entries with its mentors.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date

import pandas as pd

from mentora.evaluation.reports.data import CohortData
from mentora.evaluation.reports.engagement import ACCEPTED
from mentora.evaluation.stats import Share, SuppressedTable, share, suppress_table


@dataclass(frozen=True)
class BlockParticipation:
    name: str
    starts_on: date
    ends_on: date
    mentees: int | None  # None when suppressed
    # A share is None when suppressed (its name is then in `hidden`) or nobody is counted.
    matched: Share | None
    met_in_block: Share | None  # of matched mentees: at least one meeting within the block
    met_after: Share | None  # of matched mentees: a meeting after the block ended
    withdrawn: Share | None
    meetings_in_block: int | None  # None when suppressed with the block's matched mentees
    hidden: frozenset[str] = frozenset()  # the names of the figures suppressed


@dataclass(frozen=True)
class Blocks:
    rows: tuple[BlockParticipation, ...]  # the blocks with mentees, in the blocks' order
    mentees: int | None  # the blocks' mentees together; None when suppressed
    threshold: int

    @property
    def hidden(self) -> bool:
        return self.mentees is None or any(row.hidden for row in self.rows)


@dataclass(frozen=True)
class BlockCounts:
    name: str
    starts_on: date
    ends_on: date
    mentees: int
    matched: int
    met_in_block: int  # of the matched
    met_after: int  # of the matched
    withdrawn: int
    meetings_in_block: int


def counts(data: CohortData) -> list[BlockCounts]:
    """One block's people counted, per block with mentees, in the blocks' order."""
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
        rows.append(
            BlockCounts(
                name,
                starts_on,
                ends_on,
                len(people),
                len(matched),
                sum(1 for d in inside.values() if d),
                len(after),
                len(people & withdrawn),
                sum(len(d) for d in inside.values()),
            )
        )
    return sorted(rows, key=lambda r: (r.starts_on, r.name))


def by_block(data: CohortData, threshold: int) -> Blocks | None:
    """Each block's figures after suppression below `threshold`; None without blocks."""
    if data.blocks.empty:
        return None
    found = counts(data)
    return suppressed(found, threshold) if found else None


def _split(
    yes: Sequence[int], of: Sequence[int], threshold: int, hide: Collection[tuple[int, int]] = ()
) -> SuppressedTable:
    return suppress_table(
        [[y, n - y] for y, n in zip(yes, of, strict=True)], threshold=threshold, hide=hide
    )


def _share(table: SuppressedTable, i: int, name: str, hidden: set[str]) -> Share | None:
    """Row i's yes of its total; None when either is hidden here or `name` is already in
    `hidden` (then noted there), or when the total is 0."""
    yes, total = table.cells[i][0], table.cells[i][-1]
    if yes.hidden or total.hidden or name in hidden:
        hidden.add(name)
        return None
    return share(yes.count, total.count) if total.count else None


def suppressed(blocks: Sequence[BlockCounts], threshold: int) -> Blocks:
    """The blocks' figures with small cells, and those that would give them away, hidden."""
    total = len(blocks)  # the row of the totals
    size = [c.mentees for c in blocks]
    matched = _split([c.matched for c in blocks], size, threshold)
    sizes = {(i, 2) for i in range(total + 1) if matched.cells[i][2].hidden}
    withdrawn = _split([c.withdrawn for c in blocks], size, threshold, hide=sizes)
    # A block's matched share is hidden with its count or its mentees; what is of its matched
    # mentees (their meetings, the Met columns' denominators) is hidden with it.
    sized = [matched.cells[i][2].hidden or withdrawn.cells[i][2].hidden for i in range(total)]
    unmatched = [sized[i] or matched.cells[i][0].hidden for i in range(total)]
    # (A block with nobody matched has no Met figures to protect: forced hidden, its zeros would
    # only take other blocks' figures with them.)
    of_matched = {(i, 2) for i in range(total) if unmatched[i] and blocks[i].matched}
    if matched.cells[total][0].hidden:
        of_matched.add((total, 2))
    pairs = [c.matched for c in blocks]
    met_in = _split([c.met_in_block for c in blocks], pairs, threshold, hide=of_matched)
    met_after = _split([c.met_after for c in blocks], pairs, threshold, hide=of_matched)
    rows = []
    for i, c in enumerate(blocks):
        hidden: set[str] = set()
        if sized[i]:
            hidden |= {"mentees", "withdrawn"}  # no share of a hidden group
        if unmatched[i]:
            hidden |= {"matched", "met_in_block", "met_after", "meetings_in_block"}
        rows.append(
            BlockParticipation(
                c.name,
                c.starts_on,
                c.ends_on,
                None if "mentees" in hidden else c.mentees,
                matched=_share(matched, i, "matched", hidden),
                met_in_block=_share(met_in, i, "met_in_block", hidden),
                met_after=_share(met_after, i, "met_after", hidden),
                withdrawn=_share(withdrawn, i, "withdrawn", hidden),
                meetings_in_block=None if "meetings_in_block" in hidden else c.meetings_in_block,
                hidden=frozenset(hidden),
            )
        )
    everyone = matched.cells[total][2]
    return Blocks(tuple(rows), None if everyone.hidden else everyone.count, threshold)
