"""Procedures counted by level, and mini-CEX ratings per domain over time, from plain rows."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class ProcedureRow:
    """One procedure: how many confirmed entries at each level (in the levels' order)."""

    procedure: str
    counts: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.counts)


def procedure_table(
    entries: Iterable[tuple[str, str]], levels: Sequence[str]
) -> list[ProcedureRow]:
    """(procedure, level) entries counted per procedure and level: the most done first, then
    by name. A level outside `levels` is an error, not a silent zero."""
    counted: dict[str, list[int]] = defaultdict(lambda: [0] * len(levels))
    for procedure, level in entries:
        if level not in levels:
            raise ValueError(f"procedure level {level!r} is not one of {', '.join(levels)}")
        counted[procedure][levels.index(level)] += 1
    rows = [ProcedureRow(name, tuple(counts)) for name, counts in counted.items()]
    return sorted(rows, key=lambda row: (-row.total, row.procedure))


@dataclass(frozen=True)
class DomainSeries:
    """Ratings per domain on each day something was observed: a day's ratings of one domain
    are averaged; None where the domain was not observed that day. Domains never rated are
    left out."""

    days: tuple[date, ...]
    domains: tuple[tuple[str, tuple[float | None, ...]], ...]

    def __bool__(self) -> bool:
        return bool(self.domains)

    def first_and_latest(self) -> list[tuple[str, tuple[date, float], tuple[date, float]]]:
        """Each domain's first and latest rating, with their days."""
        found = []
        for label, values in self.domains:
            rated = [
                (day, value)
                for day, value in zip(self.days, values, strict=True)
                if value is not None
            ]
            found.append((label, rated[0], rated[-1]))
        return found


def domain_series(
    observations: Iterable[tuple[date, Mapping[str, int | None]]],
    domains: Sequence[tuple[str, str]],
) -> DomainSeries:
    """(day, {domain code: rating or None}) observations as one series per domain (code,
    label in `domains`), in date order."""
    by_day: dict[date, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for day, ratings in observations:
        seen = by_day[day]
        for code, _ in domains:
            value = ratings.get(code)
            if value is not None:
                seen[code].append(value)
    days = tuple(sorted(by_day))
    series = []
    for code, label in domains:
        values = tuple(_mean(by_day[day].get(code, [])) for day in days)
        if any(value is not None for value in values):
            series.append((label, values))
    return DomainSeries(days, tuple(series))


def _mean(values: list[int]) -> float | None:
    return sum(values) / len(values) if values else None
