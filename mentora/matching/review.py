"""What a coordinator reads about a run: named pairs, diagnostics in aggregate, comparisons."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from mentora.core import thresholds
from mentora.matching.models import MatchRun
from mentora.people.models import Person

COMPONENT_LABELS = {
    "specialty": "specialty", "interests": "interests", "goals": "goals",
    "communication": "communication", "requested": "mentee asked", "mentor_requested":
    "mentor asked", "existing": "work together", "affinity": "asked affinity", "site": "site",
}


@dataclass(frozen=True)
class PairRow:
    mentee: Person
    mentor: Person
    slot: str
    score: float
    explanation: str
    fixed: bool
    adjustment: str  # "pin" or "forbid" set for the next run, else ""


@dataclass(frozen=True)
class GroupRow:
    label: str
    mentees: int
    matched: int
    match_rate: float
    mean_score: float | None


@dataclass
class Review:
    pairs: list[PairRow]
    unmatched: list[tuple[Person, str, str, str, str]]  # person, side, slot, reason, detail
    blocking: list[tuple[Person, Person]]
    blocking_count: int
    summary: dict[str, Any] | None
    histogram: list[dict[str, Any]]
    groups: list[GroupRow]
    groups_suppressed: bool
    threshold: int  # groups of fewer mentees hide every group's figures
    equity: dict[str, Any] | None
    changes: list[tuple[Person, list[Person], list[Person]]] = field(default_factory=list)
    match_rate: float = 0.0
    mentee_count: int = 0


def people_of(run: MatchRun) -> dict[str, Person]:
    problem = run.snapshot.get("problem", {})
    ids = {int(m["id"]) for side in ("mentees", "mentors") for m in problem.get(side, [])}
    return {str(pk): p for pk, p in Person.objects.in_bulk(ids).items()}


def match_rate(run: MatchRun) -> float:
    """The share of the run's mentees given at least one mentor."""
    mentees = run.snapshot.get("problem", {}).get("mentees", [])
    return len({p["mentee"] for p in run.pairs}) / len(mentees) if mentees else 0.0


def blocking_count(run: MatchRun) -> int:
    return int(run.result.get("diagnostics", {}).get("blocking_pair_count", 0))


def review(run: MatchRun) -> Review:
    people = people_of(run)
    diagnostics = run.result.get("diagnostics", {})
    mentees = run.snapshot.get("problem", {}).get("mentees", [])
    threshold = thresholds.internal()
    groups, hidden = _groups(diagnostics.get("groups", {}), threshold)
    return Review(
        pairs=_pair_rows(run, people),
        unmatched=[(people[u["person_id"]], u["side"], u["slot"], u["reason"], u["detail"])
                   for u in diagnostics.get("unmatched", []) if u["person_id"] in people],
        blocking=[(people[e], people[m]) for e, m in diagnostics.get("blocking_pairs", [])[:20]
                  if e in people and m in people],
        blocking_count=blocking_count(run),
        summary=diagnostics.get("scores"),
        histogram=histogram([float(p["score"] or 0) for p in run.pairs]),
        groups=groups,
        groups_suppressed=hidden,
        threshold=threshold,
        equity=None if hidden else diagnostics.get("equity"),
        changes=[(people[c["mentee"]], [people[m] for m in c["before"] if m in people],
                  [people[m] for m in c["after"] if m in people])
                 for c in run.result.get("changes", []) if c["mentee"] in people],
        match_rate=match_rate(run),
        mentee_count=len(mentees),
    )


def _pair_rows(run: MatchRun, people: dict[str, Person]) -> list[PairRow]:
    pins = {(str(e), str(m)) for e, m in run.pins}
    forbids = {(str(e), str(m)) for e, m in run.forbids}
    rows = []
    for p in run.pairs:
        key = (p["mentee"], p["mentor"])
        adjustment = "pin" if key in pins else "forbid" if key in forbids else ""
        rows.append(PairRow(people[p["mentee"]], people[p["mentor"]], p["slot"],
                            float(p["score"] or 0), p["explanation"], p["fixed"], adjustment))
    return sorted(rows, key=lambda r: (r.mentee.full_name, r.slot))


def _groups(stats: dict[str, Any], threshold: int) -> tuple[list[GroupRow], bool]:
    """Group rates in aggregate only; a group under the reporting threshold hides every group
    (with two groups, one total would give the small one away)."""
    rows = [GroupRow("Everyone else" if label == "(none)" else label, s["mentees"], s["matched"],
                     s["match_rate"], s["mean_score"]) for label, s in sorted(stats.items())]
    if any(r.mentees < threshold for r in rows):
        return [], bool(rows)
    return rows, False


def histogram(scores: list[float], bins: int = 8) -> list[dict[str, Any]]:
    """Bars for a small server-drawn SVG (x, width, height in a 0-100 box) and their numbers."""
    if not scores:
        return []
    counts, edges = np.histogram(scores, bins=bins)
    top = max(int(counts.max()), 1)
    width = 100 / bins
    return [{"x": round(k * width, 2), "width": round(width - 1, 2),
             "height": round(80 * int(c) / top, 2), "y": round(90 - 80 * int(c) / top, 2),
             "count": int(c), "low": round(float(edges[k]), 2),
             "high": round(float(edges[k + 1]), 2)} for k, c in enumerate(counts)]


@dataclass(frozen=True)
class Change:
    mentee: Person
    before: list[tuple[Person, str]]
    after: list[tuple[Person, str]]


@dataclass
class Comparison:
    first: MatchRun
    second: MatchRun
    changes: list[Change]
    totals: list[tuple[str, str, str]]  # measure, first, second


def compare_runs(first: MatchRun, second: MatchRun) -> Comparison:
    """Who changed between two runs of one cohort, and the totals side by side."""
    people = people_of(first) | people_of(second)

    def by_mentee(run: MatchRun) -> dict[str, set[tuple[str, str]]]:
        out: dict[str, set[tuple[str, str]]] = {}
        for p in run.pairs:
            out.setdefault(p["mentee"], set()).add((p["mentor"], p["slot"]))
        return out

    a, b = by_mentee(first), by_mentee(second)
    changes = [
        Change(people[m], [(people[x], s) for x, s in sorted(a.get(m, ()))],
               [(people[x], s) for x, s in sorted(b.get(m, ()))])
        for m in sorted(a.keys() | b.keys(), key=lambda k: people[k].full_name)
        if a.get(m) != b.get(m)
    ]
    # Two totals only: a full review of each run would read their people again.
    totals = [
        ("Total score", f"{first.result.get('objective') or 0:.2f}",
         f"{second.result.get('objective') or 0:.2f}"),
        ("Pairs", str(len(first.pairs)), str(len(second.pairs))),
        ("Mentees matched", f"{match_rate(first):.0%}", f"{match_rate(second):.0%}"),
        ("Blocking pairs", str(blocking_count(first)), str(blocking_count(second))),
    ]
    return Comparison(first, second, changes, totals)
