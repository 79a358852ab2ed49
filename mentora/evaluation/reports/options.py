"""What the coordinator chooses for a report: the scholarship periods, the meeting count that
counts as engaged, the P style, and whether the report is marked for publication."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import cast

from mentora.core.text import whole_number
from mentora.evaluation.stats.pvalues import PStyle

_PERIOD = re.compile(r"^\s*([0-9]{4})\s*[-–]\s*([0-9]{4})\s*\Z")


class OptionError(ValueError):
    """A report option that cannot be used; the message names the field."""


@dataclass(frozen=True)
class ReportOptions:
    period1: tuple[int, int]
    period2: tuple[int, int]
    min_meetings: int = 2
    publication: bool = False
    p_style: PStyle = "ama"
    internal_threshold: int = 5
    publication_threshold: int = 11

    @property
    def threshold(self) -> int:
        return self.publication_threshold if self.publication else self.internal_threshold

    def query(self) -> dict[str, str]:
        """The options as the report page's query string, so downloads repeat the same report."""
        return {
            "period1": period_text(self.period1),
            "period2": period_text(self.period2),
            "min_meetings": str(self.min_meetings),
            "p": self.p_style,
            **({"publication": "1"} if self.publication else {}),
        }


def period_text(period: tuple[int, int]) -> str:
    return f"{period[0]}-{period[1]}"


def default_periods(
    launch_year: int, this_year: int | None = None
) -> tuple[tuple[int, int], tuple[int, int]]:
    """Seed 002: two years before plus the launch year, then the three years after; never a
    year after `this_year`. Until a year after the launch has begun, the second period is this
    year alone and the first the two years before it."""
    if this_year is None or this_year >= launch_year + 3:
        return (launch_year - 2, launch_year), (launch_year + 1, launch_year + 3)
    if this_year > launch_year:
        return (launch_year - 2, launch_year), (launch_year + 1, this_year)
    return (this_year - 2, this_year - 1), (this_year, this_year)


def _period(text: str, name: str) -> tuple[int, int]:
    match = _PERIOD.match(text)
    if not match:
        raise OptionError(f"{name}: write a period as two years, e.g. 2011-2013, not {text!r}")
    first, last = int(match[1]), int(match[2])
    if first > last:
        raise OptionError(f"{name}: {first} comes after {last}")
    return first, last


def parse_options(
    query: Mapping[str, str],
    launch_year: int,
    *,
    internal: int,
    publication: int,
    this_year: int | None = None,
) -> ReportOptions:
    """Options from a query string; missing ones take their defaults (no year after
    `this_year`). Raises OptionError."""
    first, second = default_periods(launch_year, this_year)
    period1 = _period(query["period1"], "Time 1") if query.get("period1") else first
    period2 = _period(query["period2"], "Time 2") if query.get("period2") else second
    raw_n = query.get("min_meetings") or "2"
    min_meetings = whole_number(raw_n, most_digits=2)
    if min_meetings is None or not 1 <= min_meetings <= 52:
        raise OptionError(
            f"Meetings that count as engaged: a whole number from 1 to 52, not {raw_n[:20]!r}"
        )
    style = query.get("p") or "ama"
    if style not in ("ama", "three"):
        raise OptionError(f"P values: 'ama' or 'three', not {style!r}")
    return ReportOptions(
        period1=period1,
        period2=period2,
        min_meetings=min_meetings,
        publication=query.get("publication") in ("1", "on", "true"),
        p_style=cast(PStyle, style),  # one of PStyle's values, checked above
        internal_threshold=internal,
        publication_threshold=publication,
    )
