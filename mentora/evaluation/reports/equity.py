"""Equity breakdowns (seed 003): each measure per mentee, by gender and by underrepresented
status, with confidence intervals, after small-cell suppression.

Every group count goes through the statistics core's `suppress_table` (via `suppress_counts`
for group sizes): a group whose size is hidden shows no mean; a share whose numerator or
denominator is hidden shows no percentage. The same figures feed the page, the chart and the
exports, so none of them can show what another hides.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from mentora.evaluation.reports.data import CohortData
from mentora.evaluation.reports.engagement import ACCEPTED, meetings_per_mentee
from mentora.evaluation.stats import (
    means_by_group,
    share,
    shares_by_group,
    suppress_counts,
    suppress_table,
)

DIMENSIONS = (("gender", "Gender"), ("urim", "Underrepresented in medicine"))
GROUP_ORDER = ("Woman", "Man", "Another gender", "Underrepresented in medicine",
               "Not underrepresented", "Not stated")
# (column, label, kind); survey items answered by the mentees themselves where present.
MEASURES: tuple[tuple[str, str, Literal["mean", "share"]], ...] = (
    ("active_mentors", "Active mentors per mentee (recorded)", "mean"),
    ("sponsorship", "Sponsorship acts received per mentee", "mean"),
    ("sponsored", "Received any sponsorship", "share"),
    ("reported_mentors", "Active mentors per mentee (self-reported)", "mean"),
    ("rejected", "Declined an assigned mentor", "share"),
    ("assigned_not_active", "Assigned mentor not an active mentor (self-reported)", "share"),
    ("matched", "Matched", "share"),
    ("days_to_match", "Days from enrolment to match", "mean"),
    ("meetings", "Meetings held per mentee", "mean"),
    ("withdrawn", "Withdrew from the program", "share"),
    ("satisfaction", "Overall rating of mentoring (1-5)", "mean"),
)
SURVEY_ITEMS = {
    "reported_mentors": ("active_mentors_n",),
    "assigned_not_active": ("assigned_is_active",),
    "satisfaction": ("overall_rating", "ms_overall"),
}
HIDDEN = "*"


@dataclass(frozen=True)
class GroupFigure:
    group: str
    n: int | None  # None when suppressed
    value: float | None  # mean, or share as a fraction; None when suppressed or not computable
    ci_low: float | None = None
    ci_high: float | None = None
    count: int | None = None  # numerator of a share

    @property
    def hidden(self) -> bool:
        return self.value is None


@dataclass(frozen=True)
class Breakdown:
    measure: str
    label: str
    kind: Literal["mean", "share"]
    dimension: str
    groups: tuple[GroupFigure, ...]
    overall: GroupFigure
    threshold: int

    @property
    def any_hidden(self) -> bool:
        return any(g.hidden for g in self.groups)


def _last_answer(data: CohortData, variables: tuple[str, ...]) -> pd.Series:
    """Each person's answer at the latest wave that asked the first of `variables` present."""
    answers = data.answers
    for variable in variables:
        rows = answers[answers["item"] == variable]
        rows = rows[rows["person_id"].notna()]
        if rows.empty:
            continue
        order = data.waves.set_index("wave_id")["position"]
        rows = rows.assign(order=rows["wave_id"].map(order)).sort_values("order")
        last = rows.groupby(rows["person_id"].astype("int64"))["value"].last()
        return last
    return pd.Series(dtype="float64")


def per_mentee(data: CohortData) -> pd.DataFrame:
    """One row per mentee: group labels and every measure (NaN where it does not apply)."""
    mentees = data.mentees
    frame = pd.DataFrame(index=pd.Index(mentees, name="person"))
    groups = data.demographics.drop_duplicates("person").set_index("person")
    for column, _ in DIMENSIONS:
        frame[column] = groups[column].reindex(mentees).fillna("Not stated") if len(groups) else (
            "Not stated")
    pairs = data.mentorships[data.mentorships["mentee"].isin(mentees)]
    frame["active_mentors"] = pairs[pairs["status"] == "active"].groupby("mentee").size()
    frame["active_mentors"] = frame["active_mentors"].fillna(0)
    _sponsorship(frame, data)
    declined = pairs.loc[pairs["status"] == "declined", "mentee"]
    frame["rejected"] = frame.index.isin(declined).astype("float64")
    accepted = pairs[pairs["status"].isin(ACCEPTED) | (pairs["status"] == "declined")]
    frame["matched"] = frame.index.isin(accepted["mentee"]).astype("float64")
    first = pd.to_datetime(accepted["started_on"].fillna(accepted["created_on"]))
    first_match = first.groupby(accepted["mentee"]).min()
    enrolled = data.enrolments.drop_duplicates("person").set_index("person")
    start = pd.to_datetime(enrolled["enrolled_on"]).reindex(mentees)
    frame["days_to_match"] = (first_match.reindex(mentees) - start).dt.days.clip(lower=0)
    frame["meetings"] = meetings_per_mentee(data).reindex(mentees).astype("float64")
    frame["withdrawn"] = (enrolled["status"].reindex(mentees) == "withdrawn").astype("float64")
    for measure, variables in SURVEY_ITEMS.items():
        frame[measure] = _last_answer(data, variables).reindex(mentees)
    frame["assigned_not_active"] = 1 - frame["assigned_not_active"]
    return frame


def _sponsorship(frame: pd.DataFrame, data: CohortData) -> None:
    """Acts received per mentee, and whether any (seed 003's comparison beside active
    mentors); left empty, so not shown, while the cohort has no act recorded at all."""
    acts = data.sponsorship
    if acts.empty:
        frame["sponsorship"] = np.nan
        frame["sponsored"] = np.nan
        return
    received = acts.groupby(acts["sponsored"].astype("int64")).size()
    frame["sponsorship"] = received.reindex(frame.index).fillna(0).astype("float64")
    frame["sponsored"] = (frame["sponsorship"] > 0).astype("float64")


def _ordered(groups: list[str]) -> list[str]:
    return sorted(groups, key=lambda g: (GROUP_ORDER.index(g) if g in GROUP_ORDER else 99, g))


def _mean_breakdown(frame: pd.DataFrame, measure: str, dimension: str,
                    threshold: int) -> tuple[list[GroupFigure], GroupFigure]:
    rows = frame[[dimension, measure]].dropna()
    means = {m.group: m for m in means_by_group(rows, dimension, measure)}
    names = _ordered(list(means))
    table = suppress_counts([means[g].n for g in names], threshold=threshold)
    figures = []
    for j, name in enumerate(names):
        cell, m = table.cells[0][j], means[name]
        if cell.hidden:
            figures.append(GroupFigure(name, None, None))
        else:
            figures.append(GroupFigure(name, m.n, m.mean, _finite(m.ci_low), _finite(m.ci_high)))
    values = rows[measure].to_numpy(dtype="float64")
    overall = means_by_group(rows.assign(all="All mentees"), "all", measure)[0]
    return figures, GroupFigure("All mentees", len(values), overall.mean,
                                _finite(overall.ci_low), _finite(overall.ci_high))


def _share_breakdown(frame: pd.DataFrame, measure: str, dimension: str,
                     threshold: int) -> tuple[list[GroupFigure], GroupFigure]:
    rows = frame[[dimension, measure]].dropna()
    shares = {s.group: s for s in shares_by_group(rows, dimension, measure)}
    names = _ordered(list(shares))
    table = suppress_table([[shares[g].count, shares[g].n - shares[g].count] for g in names],
                           threshold=threshold, row_labels=names, col_labels=["yes", "no"])
    figures = []
    for i, name in enumerate(names):
        s, percent = shares[name], table.percent(i, 0)
        n_cell = table.cells[i][-1]
        if percent is None:
            figures.append(GroupFigure(name, None if n_cell.hidden else s.n, None))
        else:
            figures.append(GroupFigure(name, s.n, s.share, s.ci_low, s.ci_high, s.count))
    count, n = int(rows[measure].sum()), len(rows)
    overall = share(count, n, group="All mentees")
    return figures, GroupFigure("All mentees", n, overall.share, overall.ci_low,
                                overall.ci_high, count)


def _finite(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def equity(data: CohortData, threshold: int) -> list[Breakdown]:
    """Every measure with data, by each dimension; empty when the cohort has no mentees."""
    frame = per_mentee(data)
    if frame.empty:
        return []
    # Grouped eighteen times: as categories, each grouping reads codes, not strings.
    frame = frame.astype({column: "category" for column, _ in DIMENSIONS})
    found = []
    for measure, label, kind in MEASURES:
        if frame[measure].notna().sum() == 0:
            continue
        for dimension, dimension_label in DIMENSIONS:
            build = _mean_breakdown if kind == "mean" else _share_breakdown
            groups, overall = build(frame, measure, dimension, threshold)
            found.append(Breakdown(measure, label, kind, dimension_label, tuple(groups),
                                   overall, threshold))
    return found
