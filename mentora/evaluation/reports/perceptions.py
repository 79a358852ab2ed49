"""Perceptions of the program (seeds 000, 002, 003): the share who agree with each agreement
item (or answer yes to a yes/no one), by mentees and mentors, and how often each option of a
"tick all that apply" item was chosen.

Taken from each instrument's latest wave. The respondent's side comes from a
`participant_role` item (1 mentee, 2 mentor) where the survey asks it, else from enrolment.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from mentora.evaluation.reports.data import CohortData
from mentora.evaluation.stats import Share, share

ROLE_ITEM = "participant_role"
ROLE_CODES = {1.0: "Mentees", 2.0: "Mentors"}
ENROLLED_ROLES = {"mentee": "Mentees", "mentor": "Mentors", "both": "Mentees"}


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
    asked = rows[rows["item"] == ROLE_ITEM].drop_duplicates("respondent")
    roles = asked.set_index("respondent")["value"].map(ROLE_CODES)
    enrolled = data.enrolments.drop_duplicates("person").set_index("person")["role"]
    people = rows.drop_duplicates("respondent").set_index("respondent")["person_id"]
    fallback = people.map(lambda p: ENROLLED_ROLES.get(enrolled.get(p, ""), "Participants")
                          if pd.notna(p) else "Participants")
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
        rows = rows.assign(respondent=rows["respondent"].where(rows["respondent"] != "",
                                                                rows.index.astype(str)))
        rows = rows.assign(side=rows["respondent"].map(_roles(data, rows)))
        items = data.items[data.items["instrument"] == wave["instrument"]]
        # Split once by item rather than scanning every answer for each item; a checkbox's
        # `variable___code` rows go with their variable.
        by_item: dict[str, list[pd.DataFrame]] = {}
        for name, group in rows.groupby("item", sort=False):
            by_item.setdefault(str(name).split("___")[0], []).append(group)
        for _, item in items.sort_values("position").iterrows():
            if item["variable"] not in by_item:
                continue
            answered = pd.concat(by_item[item["variable"]])
            if item["type"] == "likert":
                found = _agreement(answered, item, str(wave["label"]))
                agreements += [found] if found else []
            elif item["type"] in ("yesno", "truefalse"):
                found = _agreement(answered, item, str(wave["label"]), yes=True)
                agreements += [found] if found else []
            elif item["type"] == "multiple":
                found_options = _options(answered, item, str(wave["label"]))
                options += [found_options] if found_options else []
    return agreements, options


def _agreement(
    rows: pd.DataFrame, item: pd.Series, wave: str, *, yes: bool = False
) -> Agreement | None:
    cut = 1.0 if yes else _agree_scale(item["choices"])
    answered = rows[rows["value"].notna()]
    if cut is None or answered.empty:
        return None
    sides = answered["side"]
    shares = tuple(
        share(int((group >= cut).sum()), len(group), group=str(side))
        for side, group in answered["value"].groupby(sides, sort=True)
    )
    answer = "answered yes" if yes else "agreed or strongly agreed"
    return Agreement(str(item["variable"]), str(item["label"]), wave, shares, answer)


def _options(rows: pd.DataFrame, item: pd.Series, wave: str) -> OptionCounts | None:
    prefix = f"{item['variable']}___"
    ticks = rows[rows["item"].str.startswith(prefix)]
    if ticks.empty:
        return None
    answered = ticks.groupby("respondent")["value"].sum()
    people = answered[answered > 0].index  # shown the question and ticked something
    chosen = ticks[ticks["respondent"].isin(people)]
    labels = {f"{prefix}{code}".lower(): label for code, label in item["choices"]}
    found = [
        share(int(group.sum()), len(people), group=labels.get(str(name), str(name)))
        for name, group in chosen.groupby("item", sort=False)["value"]
    ]
    found.sort(key=lambda s: -s.count)
    return OptionCounts(str(item["variable"]), str(item["label"]), wave, tuple(found))
