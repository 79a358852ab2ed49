"""Dyad engagement (seeds 000 and 002): formal mentors, meetings, opt-outs, development plans,
participation by month with its decline over the year, and the topics pairs discussed.

Survey items with these names (from the instrument library) add the participants' own account
at baseline and follow-up: `has_formal_mentor` and `idp_used`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
import pandas as pd

from mentora.evaluation.reports.data import CohortData
from mentora.evaluation.reports.surveys import paired_waves
from mentora.evaluation.reports.timeline import WeeksPeriod, by_weeks_since_start
from mentora.evaluation.stats import McNemarResult, Share, mcnemar_exact, share

ACCEPTED = ("active", "ended")  # a mentorship that took place (proposed or declined did not)
FORMAL_MENTOR_ITEM = "has_formal_mentor"
IDP_ITEM = "idp_used"


@dataclass(frozen=True)
class PairedShare:
    """A yes/no survey item at baseline and follow-up: shares of each wave and McNemar's test."""

    item: str
    pre: Share
    post: Share
    test: McNemarResult


@dataclass(frozen=True)
class Month:
    month: date
    participants: int  # mentees with at least one meeting held that month
    meetings: int
    in_progress: bool = False  # the month had not ended when the data were read


@dataclass(frozen=True)
class Engagement:
    mentees: int
    matched: Share | None  # mentees with an accepted mentorship
    min_meetings: int
    meeting_enough: Share | None  # of matched mentees, those meeting at least min_meetings
    declined: Share | None  # mentees who declined an assigned mentor
    withdrawn: Share | None
    matched_no_meeting: Share | None  # matched but never met (seed 002's opt-outs)
    plans_shared: Share | None  # mentees whose development plan was shared with mentors
    formal_mentor: PairedShare | None
    idp_survey: PairedShare | None
    months: tuple[Month, ...]
    first_half: int  # distinct mentees meeting in the first half of the cohort's span
    second_half: int
    topics: tuple[tuple[str, int], ...]
    meetings_with_topics: int
    notes: list[str] = field(default_factory=list)
    halves: Halves | None = None  # the windows of first_half and second_half, said on the page
    # Participation by weeks since each person's own start (reports.timeline).
    weeks: tuple[WeeksPeriod, ...] = ()

    @property
    def decline(self) -> float | None:
        """Relative change from the first half to the second, e.g. -0.48 for a 48% decline;
        none while the second half has not ended (an unfinished period is never a fall)."""
        if not self.first_half or (self.halves is not None and not self.halves.second_ended):
            return None
        return self.second_half / self.first_half - 1


@dataclass(frozen=True)
class Halves:
    """The two halves of the cohort's span: the first from its start to the day before
    `middle`, the second from `middle` to its end, and on to `last` when pairs still active
    met after the end (their relationships go on). `today` says which have ended."""

    starts_on: date
    middle: date
    ends_on: date
    last: date
    today: date | None

    @property
    def first_last_day(self) -> date:
        return self.middle - timedelta(days=1)

    @property
    def second_started(self) -> bool:
        return self.today is None or self.today >= self.middle

    @property
    def first_ended(self) -> bool:
        return self.today is None or self.today >= self.middle

    @property
    def second_ended(self) -> bool:
        return self.today is None or self.today > self.ends_on

    @property
    def past_the_end(self) -> bool:
        return self.last > self.ends_on


def _share(count: int, n: int) -> Share | None:
    return share(count, n) if n else None


def meetings_per_mentee(data: CohortData) -> pd.Series:
    mentees = data.mentees
    if data.meetings.empty:
        return pd.Series(0, index=mentees, dtype="int64")
    rows = data.meetings[["on", "mentees", "mentorship"]].explode("mentees")
    # A tiered student meeting both mentors at once is one meeting for the student.
    held = rows.drop_duplicates(["mentees", "on", "mentorship"]).groupby("mentees").size()
    return held.reindex(mentees, fill_value=0).astype("int64")


def _paired_item(data: CohortData, variable: str) -> PairedShare | None:
    for instrument, (pre, post) in paired_waves(data.waves).items():
        rows = data.answers[data.answers["item"] == variable]
        rows = rows[(rows["instrument"] == instrument) & (rows["respondent"] != "")]
        if rows.empty:
            continue
        wide = rows.pivot_table(index="respondent", columns="wave_id", values="value",
                                aggfunc="first", observed=True)
        before = wide.get(pre["wave_id"], pd.Series(np.nan, index=wide.index))
        after = wide.get(post["wave_id"], pd.Series(np.nan, index=wide.index))
        b, a = before.dropna(), after.dropna()
        if b.empty or a.empty:
            continue
        return PairedShare(
            variable,
            share(int(b.sum()), len(b), group=str(pre["label"])),
            share(int(a.sum()), len(a), group=str(post["label"])),
            mcnemar_exact(before.to_numpy(), after.to_numpy()),
        )
    return None


def halves(data: CohortData) -> Halves:
    """The cohort's two halves; meetings held after its end (by pairs still going on) count in
    the second."""
    middle = pd.Timestamp(data.starts_on) + (pd.Timestamp(data.ends_on)
                                             - pd.Timestamp(data.starts_on)) / 2
    held = pd.to_datetime(data.meetings["on"]) if not data.meetings.empty else None
    last = max(data.ends_on, held.max().date()) if held is not None else data.ends_on
    # A middle falling within a day starts the second half on the next.
    second = middle.date() + timedelta(days=int(middle != middle.normalize()))
    return Halves(data.starts_on, second, data.ends_on, last, data.today)


def by_month(data: CohortData) -> tuple[tuple[Month, ...], int, int]:
    """Participation per month from the cohort's start to its end (or its last meeting held
    after the end), months not begun yet left out; and distinct mentees meeting per half."""
    if data.meetings.empty:
        return (), 0, 0
    rows = data.meetings.explode("mentees")
    on = pd.to_datetime(rows["on"])
    rows = rows.assign(month=on.dt.to_period("M"))
    window = halves(data)
    last = window.last if data.today is None else min(window.last, data.today)
    span = pd.period_range(pd.Timestamp(data.starts_on), pd.Timestamp(last), freq="M")
    people = rows.groupby("month")["mentees"].nunique().reindex(span, fill_value=0)
    held = rows.drop_duplicates(["mentorship", "on"]).groupby("month").size()
    held = held.reindex(span, fill_value=0)
    months = tuple(
        Month(p.to_timestamp().date(), int(n), int(k),
              data.today is not None and p.end_time.date() >= data.today)
        for p, n, k in zip(span, people.to_numpy(), held.to_numpy(), strict=True)
    )
    middle = pd.Timestamp(window.middle)
    first = rows.loc[on < middle, "mentees"].nunique()
    second = rows.loc[on >= middle, "mentees"].nunique()
    return months, int(first), int(second)


def _topics(data: CohortData) -> tuple[tuple[tuple[str, int], ...], int]:
    if data.meetings.empty:
        return (), 0
    held = data.meetings.drop_duplicates(["mentorship", "on"])
    counts: Counter[str] = Counter()
    with_topics = 0
    for topics in held["topics"]:
        counts.update(set(topics))
        with_topics += bool(topics)
    return tuple(counts.most_common()), with_topics


def engagement(data: CohortData, min_meetings: int = 2) -> Engagement:
    mentees = set(data.mentees)
    n = len(mentees)
    pairs = data.mentorships[data.mentorships["mentee"].isin(mentees)]
    matched = set(pairs.loc[pairs["status"].isin(ACCEPTED), "mentee"])
    declined = set(pairs.loc[pairs["status"] == "declined", "mentee"])
    enrolled = data.enrolments[data.enrolments["person"].isin(mentees)]
    withdrawn = int((enrolled["status"] == "withdrawn").sum())
    held = meetings_per_mentee(data)
    met = held[held.index.isin(matched)]
    plans = data.plans[data.plans["mentee"].isin(mentees)]
    months, first, second = by_month(data)
    topics, with_topics = _topics(data)
    window = halves(data)
    return Engagement(
        mentees=n,
        matched=_share(len(matched), n),
        min_meetings=min_meetings,
        meeting_enough=_share(int((met >= min_meetings).sum()), len(matched)),
        declined=_share(len(declined), n),
        withdrawn=_share(withdrawn, n),
        matched_no_meeting=_share(int((met == 0).sum()), len(matched)),
        plans_shared=_share(int((plans["status"] != "draft").sum()), n),
        formal_mentor=_paired_item(data, FORMAL_MENTOR_ITEM),
        idp_survey=_paired_item(data, IDP_ITEM),
        months=months,
        first_half=first,
        second_half=second,
        topics=topics,
        meetings_with_topics=with_topics,
        halves=window,
        weeks=by_weeks_since_start(data, window.last),
    )
