"""Participation by weeks since each person's own start (issue 17, item 3); no Django here.

By calendar month, a cohort whose people start at different times (rotation blocks, late
enrolment) mixes people at every stage, and a fall in the months may be only the end of a
block. Counted from each person's own start (`CohortData.starts`, which
mentora.programs.timing gives), periods line people up by how long they have been in: a fall
there is a real one. A period some person has not finished by the day the data were read is in
progress, never a fall.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

from mentora.evaluation.reports.data import CohortData

PERIOD_WEEKS = 4


@dataclass(frozen=True)
class WeeksPeriod:
    first_week: int  # 1-based: weeks 1 to 4 are the person's first four weeks
    last_week: int
    mentees: int  # mentees who had reached this period
    participants: int  # of them, those with at least one meeting held in it
    in_progress: bool  # someone had not finished it when the data were read

    @property
    def label(self) -> str:
        return f"Weeks {self.first_week}-{self.last_week}"

    @property
    def share(self) -> float | None:
        return self.participants / self.mentees if self.mentees else None


def by_weeks_since_start(
    data: CohortData, last: date, weeks: int = PERIOD_WEEKS
) -> tuple[WeeksPeriod, ...]:
    """Mentees meeting in each period of `weeks` weeks since their own start, up to `last` (the
    cohort's last day, or its last meeting held after the end); () without starts or meetings."""
    mentees = set(data.mentees)
    starts = data.starts[data.starts["person"].isin(mentees)]
    if starts.empty or data.meetings.empty:
        return ()
    days = 7 * weeks
    start_of = {int(p): pd.Timestamp(s).date() for p, s in starts.itertuples(index=False)}
    until = last if data.today is None else min(last, data.today)
    reached: dict[int, int] = {}  # period -> mentees who had begun it
    unfinished: set[int] = set()
    for begun in start_of.values():
        if begun > until:
            continue
        for period in range((until - begun).days // days + 1):
            reached[period] = reached.get(period, 0) + 1
            period_end = begun + timedelta(days=days * (period + 1) - 1)
            if data.today is not None and period_end >= data.today:
                unfinished.add(period)
    held = data.meetings[["mentees", "on"]].explode("mentees")
    met: dict[int, set[int]] = {}
    for mentee, on in held.itertuples(index=False):
        begun_on = start_of.get(int(mentee)) if pd.notna(mentee) else None
        day = pd.Timestamp(on).date()
        if begun_on is None or day < begun_on or day > until:
            continue
        met.setdefault((day - begun_on).days // days, set()).add(int(mentee))
    return tuple(
        WeeksPeriod(
            period * weeks + 1,
            (period + 1) * weeks,
            reached[period],
            len(met.get(period, ())),
            period in unfinished,
        )
        for period in sorted(reached)
    )
