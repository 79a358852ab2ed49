"""What a coordinator reads about a run: named pairs, diagnostics in aggregate, comparisons.

Everything here works on the stored run read back as the engine's own records (snapshot.py)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from mentora.core import thresholds
from mentora.matching.engine import Diagnostics, GroupStats, MatchResult, Pair, ScoreSummary
from mentora.matching.groups import EVERYONE_ELSE, group_labels, label_of
from mentora.matching.models import MatchRun
from mentora.matching.snapshot import StoredResult
from mentora.people.models import Person


@dataclass(frozen=True)
class PairRow:
    mentee: Person
    mentor: Person
    slot: str
    score: float
    explanation: str
    fixed: bool
    adjustment: str  # "pin" or "forbid" set for the next run, else ""


class UnmatchedRow(NamedTuple):
    person: Person
    side: str
    slot: str
    reason: str
    detail: str


class BlockingRow(NamedTuple):
    mentee: Person
    mentor: Person


class RematchRow(NamedTuple):
    """A re-matched mentee's mentors before and after."""

    mentee: Person
    before: list[Person]
    after: list[Person]


@dataclass(frozen=True)
class GroupRow:
    label: str
    mentees: int
    matched: int
    match_rate: float
    mean_score: float | None  # None when the group has no pair


@dataclass(frozen=True)
class EquityRow:
    """The named group minus everyone else; None where a figure could not be computed."""

    group: str
    match_rate_gap: float | None
    mean_score_gap: float | None
    required: bool


@dataclass(frozen=True)
class Bar:
    """One bar of the score histogram (x, y, width, height in a 0-100 box) and its numbers."""

    x: float
    y: float
    width: float
    height: float
    count: int
    low: float
    high: float


@dataclass
class Review:
    result: MatchResult
    pairs: list[PairRow]
    unmatched: list[UnmatchedRow]
    blocking: list[BlockingRow]
    blocking_count: int
    summary: ScoreSummary | None
    histogram: list[Bar]
    groups: list[GroupRow]
    groups_suppressed: bool
    threshold: int  # groups of fewer mentees hide every group's figures
    equity: EquityRow | None
    changes: list[RematchRow] = field(default_factory=list)
    match_rate: float = 0.0
    mentee_count: int = 0


def people_of(run: MatchRun) -> dict[str, Person]:
    """The run's people by the engine's id (the Person id as a string), in one query."""
    ids = {*run.person_ids("mentees"), *run.person_ids("mentors")}
    return {str(pk): p for pk, p in Person.objects.in_bulk(ids).items()}


def match_rate(run: MatchRun, pairs: list[Pair] | None = None) -> float:
    """The share of the run's mentees given at least one mentor."""
    mentees = run.person_ids("mentees")
    chosen = run.pairs if pairs is None else pairs
    return len({p.mentee_id for p in chosen}) / len(mentees) if mentees else 0.0


def review(run: MatchRun) -> Review | None:
    """The run page's figures; None while the run has no result."""
    stored = run.stored_result()
    if stored is None:
        return None
    result, people = stored.result, people_of(run)
    diagnostics = result.diagnostics
    threshold = thresholds.internal()
    labels = group_labels(run.cohort_id)
    groups, hidden = _groups(diagnostics.groups, threshold, labels)
    return Review(
        result=result,
        pairs=_pair_rows(run, result.pairs, people),
        unmatched=[UnmatchedRow(people[u.person_id], u.side, u.slot, u.reason, u.detail)
                   for u in diagnostics.unmatched if u.person_id in people],
        blocking=[BlockingRow(people[e], people[m]) for e, m in diagnostics.blocking_pairs[:20]
                  if e in people and m in people],
        blocking_count=diagnostics.blocking_pair_count,
        summary=diagnostics.scores,
        histogram=histogram([_finite(p.score) or 0.0 for p in result.pairs]),
        groups=groups,
        groups_suppressed=hidden,
        threshold=threshold,
        equity=None if hidden else _equity(diagnostics, labels),
        changes=[RematchRow(people[c.mentee_id], [people[m] for m in c.before if m in people],
                            [people[m] for m in c.after if m in people])
                 for c in stored.changes if c.mentee_id in people],
        match_rate=match_rate(run, result.pairs),
        mentee_count=len(run.person_ids("mentees")),
    )


def _pair_rows(run: MatchRun, pairs: list[Pair], people: dict[str, Person]) -> list[PairRow]:
    pins = {(str(e), str(m)) for e, m in run.pins}
    forbids = {(str(e), str(m)) for e, m in run.forbids}
    rows = []
    for p in pairs:
        key = (p.mentee_id, p.mentor_id)
        adjustment = "pin" if key in pins else "forbid" if key in forbids else ""
        rows.append(PairRow(people[p.mentee_id], people[p.mentor_id], p.slot,
                            _finite(p.score) or 0.0, p.explanation, p.fixed, adjustment))
    return sorted(rows, key=lambda r: (r.mentee.full_name, r.slot))


def _groups(stats: dict[str, GroupStats], threshold: int,
            labels: dict[str, str]) -> tuple[list[GroupRow], bool]:
    """Group rates in aggregate only; a group under the reporting threshold hides every group
    (with two groups, one total would give the small one away). The run stores groups as
    codes (mentora.matching.groups): `labels` names them."""
    named = sorted(((label_of(code, labels), s) for code, s in stats.items()),
                   key=lambda row: row[0])
    rows = [GroupRow("Everyone else" if label == EVERYONE_ELSE else label, s.mentees, s.matched,
                     s.match_rate, _finite(s.mean_score)) for label, s in named]
    if any(r.mentees < threshold for r in rows):
        return [], bool(rows)
    return rows, False


def _equity(diagnostics: Diagnostics, labels: dict[str, str]) -> EquityRow | None:
    gap = diagnostics.equity
    if gap is None:
        return None
    return EquityRow(label_of(gap.group, labels), _finite(gap.match_rate_gap),
                     _finite(gap.mean_score_gap),
                     gap.required)


def _finite(value: float) -> float | None:
    return value if math.isfinite(value) else None


def histogram(scores: list[float], bins: int = 8) -> list[Bar]:
    """Bars for a small server-drawn SVG (x, width, height in a 0-100 box) and their numbers."""
    if not scores:
        return []
    counts, edges = np.histogram(scores, bins=bins)
    top = max(int(counts.max()), 1)
    width = 100 / bins
    return [Bar(x=round(k * width, 2), y=round(90 - 80 * int(c) / top, 2),
                width=round(width - 1, 2), height=round(80 * int(c) / top, 2), count=int(c),
                low=round(float(edges[k]), 2), high=round(float(edges[k + 1]), 2))
            for k, c in enumerate(counts)]


class Placed(NamedTuple):
    person: Person
    slot: str


@dataclass(frozen=True)
class Change:
    mentee: Person
    before: list[Placed]
    after: list[Placed]


class Total(NamedTuple):
    measure: str
    first: str
    second: str


@dataclass
class Comparison:
    first: MatchRun
    second: MatchRun
    changes: list[Change]
    totals: list[Total]


def compare_runs(first: MatchRun, second: MatchRun) -> Comparison:
    """Who changed between two runs of one cohort, and the totals side by side."""
    people = people_of(first) | people_of(second)
    results = [first.stored_result(), second.stored_result()]
    a, b = (_by_mentee(s.result.pairs if s else []) for s in results)
    changes = [
        Change(people[m], [Placed(people[x], s) for x, s in sorted(a.get(m, ()))],
               [Placed(people[x], s) for x, s in sorted(b.get(m, ()))])
        for m in sorted(a.keys() | b.keys(), key=lambda k: people[k].full_name)
        if a.get(m) != b.get(m)
    ]
    # Totals from the stored results: a full review of each run would read their people again.
    first_total, second_total = (_totals(run, s) for run, s in zip((first, second), results,
                                                                   strict=True))
    labels = ("Total score", "Pairs", "Mentees matched", "Blocking pairs")
    totals = [Total(label, x, y) for label, x, y in zip(labels, first_total, second_total,
                                                         strict=True)]
    return Comparison(first, second, changes, totals)


def _by_mentee(pairs: list[Pair]) -> dict[str, set[tuple[str, str]]]:
    out: dict[str, set[tuple[str, str]]] = {}
    for p in pairs:
        out.setdefault(p.mentee_id, set()).add((p.mentor_id, p.slot))
    return out


def _totals(run: MatchRun, stored: StoredResult | None) -> tuple[str, str, str, str]:
    if stored is None:
        return "0.00", "0", f"{0:.0%}", "0"
    result = stored.result
    return (f"{_finite(result.objective) or 0:.2f}", str(len(result.pairs)),
            f"{match_rate(run, result.pairs):.0%}", str(result.diagnostics.blocking_pair_count))
