"""Perceptions of the program (seeds 000, 002, 003): the share who agree with each agreement
item (or answer yes to a yes/no one), by mentees and mentors, and how often each option of a
"tick all that apply" item was chosen.

Taken from each instrument's latest wave. The respondent's side comes from a
`participant_role` item (1 mentee, 2 mentor) where the survey asks it, else from enrolment.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mentora.evaluation.reports.data import CohortData
from mentora.evaluation.stats import Share, share

ROLE_ITEM = "participant_role"
ROLE_CODES = {1.0: "Mentees", 2.0: "Mentors"}
ENROLLED_ROLES = {"mentee": "Mentees", "mentor": "Mentors", "both": "Mentees"}
YES_TYPES = ("yesno", "truefalse")
AGREEMENT_TYPES = ("likert", *YES_TYPES)


@dataclass(frozen=True)
class Agreement:
    item: str
    label: str
    wave: str
    by_role: tuple[Share, ...]  # share answering agree or strongly agree (or yes)
    answer: str = "agreed or strongly agreed"


@dataclass(frozen=True)
class OptionCounts:
    item: str
    label: str
    wave: str
    options: tuple[Share, ...]  # each option ticked, of the people who answered; most first


def _agree_scale(choices: list[list[str]]) -> float | None:
    """The lowest code meaning agreement on an agree/disagree scale, else None."""
    for code, label in choices:
        text = label.lower()
        if "agree" in text and "disagree" not in text:
            return float(code)
    return None


def _roles(data: CohortData, rows: pd.DataFrame) -> pd.Series:
    """Each respondent's side (Mentees, Mentors or Participants), indexed by respondent."""
    asked = rows[rows["item"] == ROLE_ITEM].drop_duplicates("respondent")
    roles = pd.Series(asked["value"].map(ROLE_CODES).to_numpy(dtype=object),
                      index=asked["respondent"].astype(str).to_numpy())
    enrolled = data.enrolments.drop_duplicates("person").set_index("person")["role"]
    people = rows.drop_duplicates("respondent")
    person = people["person_id"].astype("float64")  # nullable ids: NaN for external people
    fallback = pd.Series(
        person.map(enrolled).map(ENROLLED_ROLES).fillna("Participants").to_numpy(dtype=object),
        index=people["respondent"].astype(str).to_numpy(),
    )
    return roles.reindex(fallback.index).fillna(fallback)


def _latest_waves(data: CohortData) -> pd.DataFrame:
    waves = data.waves.sort_values(["position", "opens_on", "wave_id"])
    return waves.groupby("instrument", sort=False).tail(1)


def perceptions(data: CohortData) -> tuple[list[Agreement], list[OptionCounts]]:
    agreements: list[Agreement] = []
    options: list[OptionCounts] = []
    for _, wave in _latest_waves(data).iterrows():
        rows = data.answers[data.answers["wave_id"] == wave["wave_id"]]
        if rows.empty:
            continue
        blank = rows["respondent"] == ""
        if blank.any():  # anonymous answers: each one stands for itself
            rows = rows.assign(respondent=rows["respondent"].astype(str).where(
                ~blank, rows.index.astype(str)))
        items = data.items[data.items["instrument"] == wave["instrument"]]
        items = items.sort_values("position")
        answers = _Answers(data, rows)
        label = str(wave["label"])
        agreed = _agreements(answers, items, label)
        for _, item in items.iterrows():
            name = str(item["variable"])
            if name not in answers.variables:
                continue
            if item["type"] in AGREEMENT_TYPES:
                found = agreed.get(name)
                agreements += [found] if found else []
            elif item["type"] == "multiple":
                found_options = _options(answers.of(name), item, label)
                options += [found_options] if found_options else []
    return agreements, options


class _Answers:
    """A wave's answers as integer codes: each answer's variable (a checkbox's
    `variable___code` rows go with their variable) and its respondent's side."""

    def __init__(self, data: CohortData, rows: pd.DataFrame) -> None:
        self.rows = rows
        codes, names = pd.factorize(rows["item"])
        bases, self.names = pd.factorize(
            np.array([str(n).split("___")[0] for n in names], dtype=object))
        self.variable = bases[codes]
        self.variables = {str(n): i for i, n in enumerate(self.names)}
        people, respondents = pd.factorize(rows["respondent"])
        sides = _roles(data, rows).reindex(np.asarray(respondents, dtype=object).astype(str))
        side, self.sides = pd.factorize(sides.fillna("Participants").to_numpy(dtype=object))
        self.side = side[people]

    def of(self, variable: str) -> pd.DataFrame:
        chosen: pd.DataFrame = self.rows[self.variable == self.variables[variable]]
        return chosen


def _cut(item: pd.Series) -> float | None:
    """The lowest code that counts: agreement on a Likert item, yes on a yes/no one."""
    return 1.0 if item["type"] in YES_TYPES else _agree_scale(item["choices"])


def _agreements(answers: _Answers, items: pd.DataFrame, wave: str) -> dict[str, Agreement]:
    """The share agreeing (or answering yes) by side, for every agreement item at once."""
    cuts = np.full(len(answers.names), np.nan)
    scored = [row for _, row in items[items["type"].isin(AGREEMENT_TYPES)].iterrows()]
    for item in scored:
        at, lowest = answers.variables.get(str(item["variable"])), _cut(item)
        if at is not None and lowest is not None:
            cuts[at] = lowest
    cut = cuts[answers.variable]
    values = answers.rows["value"].to_numpy(dtype="float64")
    keep = ~np.isnan(cut) & ~np.isnan(values)
    width = len(answers.sides)
    cell = answers.variable[keep] * width + answers.side[keep]
    size = len(answers.names) * width
    n = np.bincount(cell, minlength=size).reshape(-1, width)
    agree = np.bincount(cell, weights=values[keep] >= cut[keep], minlength=size)
    agree = agree.reshape(-1, width)
    order = sorted(range(width), key=lambda j: str(answers.sides[j]))
    found = {}
    for item in scored:
        name, at = str(item["variable"]), answers.variables.get(str(item["variable"]))
        if at is None or not n[at].any():
            continue
        shares = tuple(share(int(agree[at, j]), int(n[at, j]), group=str(answers.sides[j]))
                       for j in order if n[at, j])
        answer = "answered yes" if item["type"] in YES_TYPES else "agreed or strongly agreed"
        found[name] = Agreement(name, str(item["label"]), wave, shares, answer)
    return found


def _options(rows: pd.DataFrame, item: pd.Series, wave: str) -> OptionCounts | None:
    prefix = f"{item['variable']}___"
    ticks = rows[rows["item"].str.startswith(prefix)]
    if ticks.empty:
        return None
    answered = ticks.groupby("respondent", observed=True)["value"].sum()
    people = answered[answered > 0].index  # shown the question and ticked something
    chosen = ticks[ticks["respondent"].isin(people)]
    labels = {f"{prefix}{code}".lower(): label for code, label in item["choices"]}
    found = [
        share(int(group.sum()), len(people), group=labels.get(str(name), str(name)))
        for name, group in chosen.groupby("item", sort=False, observed=True)["value"]
    ]
    found.sort(key=lambda s: -s.count)
    return OptionCounts(str(item["variable"]), str(item["label"]), wave, tuple(found))
