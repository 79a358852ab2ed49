"""Baseline against follow-up for every instrument a cohort answered twice (seed 002's Tables 1
and 2): the first and the last identified wave of each instrument, its Likert items and its
sliders (a slider is scored as the number it was set to, as REDCap stores it).

Items are grouped as the instrument groups them: the first form that has Likert items makes one
table, the remaining forms the next, each section under its heading (or its scale's name), and
the anchors of each section's answers become the table's scale footnotes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from mentora.evaluation.reports.data import CohortData
from mentora.evaluation.stats import (
    ItemSection,
    ManuscriptTable,
    PrePostRow,
    prepost_arrays,
    prepost_table,
)
from mentora.evaluation.stats.pvalues import PStyle

LIKERT = "likert"
# The item types a pre/post table compares: ordered scales, and sliders scored as numbers.
COMPARED = (LIKERT, "slider")


@dataclass(frozen=True)
class Comparison:
    instrument: str
    title: str
    pre: str  # wave labels
    post: str
    respondents: int  # people who answered both waves
    rows: tuple[PrePostRow, ...]
    labels: dict[str, str]
    tables: tuple[ManuscriptTable, ...]


def paired_waves(waves: pd.DataFrame) -> dict[str, tuple[pd.Series, pd.Series]]:
    """Each instrument's first and last identified wave, when it has at least two."""
    named = waves[~waves["anonymous"].astype(bool)].sort_values(["position", "opens_on", "wave_id"])
    pairs = {}
    for instrument, group in named.groupby("instrument", sort=False):
        if len(group) >= 2:
            pairs[str(instrument)] = (group.iloc[0], group.iloc[-1])
    return pairs


def anchors_note(choices: list[list[str]]) -> str:
    """`Scored on a 1-5 Likert scale (1 = strongly disagree, ...).` from an item's choices."""
    if not choices:
        return ""
    parts = [f"{code} = {label[:1].lower() + label[1:]}" for code, label in choices]
    return f"Scored on a {choices[0][0]}-{choices[-1][0]} Likert scale ({', '.join(parts)})."


def _title(number: int, groups: list[str], pre: str, post: str) -> str:
    subject = groups[0] if len(groups) == 1 else ", ".join(groups[:-1]) + f", and {groups[-1]}"
    return f"Table {number} Changes in {subject} from {pre} to {post}"


def _form_subject(form_items: pd.DataFrame) -> str:
    scales = set(form_items["scale"])
    if len(scales) == 1 and "" not in scales:
        return str(form_items["scale"].iloc[0])
    return str(form_items["form_title"].iloc[0])


def _sections(
    form_items: pd.DataFrame, rows: dict[str, PrePostRow], notes: dict[str, str]
) -> list[ItemSection]:
    sections = []
    # An item nobody answered at both waves (asked at follow-up only, say) has no row.
    answered = form_items[[rows[v].n > 0 for v in form_items["variable"]]]
    for _, group in answered.groupby("section", sort=False):
        scales = set(group["scale"])
        heading = group["scale"].iloc[0] if len(scales) == 1 and "" not in scales else None
        heading = heading or str(group["heading"].iloc[0])
        answers = {anchors_note(c) for c in group["choices"]}
        if len(answers) == 1:
            notes[heading] = answers.pop()
        else:
            pairs = zip(group["variable"], group["choices"], strict=True)
            notes.update({v: anchors_note(c) for v, c in pairs})
        # A single-item section is its own row: no heading above one line.
        if len(group) == 1:
            notes.setdefault(str(group["variable"].iloc[0]), notes.pop(heading, ""))
            heading = None
        sections.append(ItemSection(heading, [rows[v] for v in group["variable"]]))
    return sections


def paired_matrices(
    chosen: pd.DataFrame, pre: object, post: object, variables: list[str]
) -> tuple[np.ndarray, np.ndarray, int]:
    """Baseline and follow-up answers as people x items matrices (NaN: no answer), and the
    number of respondents who answered anything at both waves.

    The rows are the respondents with an answer at both waves, in respondent order; a
    respondent's first answer to an item counts (as a pivot table taking the first would have
    it). Built from integer codes, one pass per wave: a pivot table of the long answers cost
    more than every test of the report together.
    """
    person, people = pd.factorize(chosen["respondent"], sort=True)
    names = list(dict.fromkeys(variables))  # an instrument's two versions may share a name
    codes, found = pd.factorize(chosen["item"])  # every one of them among the names
    item = np.array([names.index(str(name)) for name in found], dtype="int64")[codes]
    waves = chosen["wave_id"].to_numpy()
    values = chosen["value"].to_numpy(dtype="float64")
    size = (len(people), len(names))

    def matrix(wave: object) -> tuple[np.ndarray, np.ndarray]:
        at = np.flatnonzero(waves == wave)
        present = np.zeros(size[0], dtype=bool)
        present[person[at]] = True
        at = at[~np.isnan(values[at])]
        cell = person[at] * size[1] + item[at]
        at = at[~pd.Index(cell).duplicated(keep="first")]
        out = np.full(size, np.nan)
        out[person[at], item[at]] = values[at]
        return out, present

    (before, at_pre), (after, at_post) = matrix(pre), matrix(post)
    both = ~np.isnan(before).all(axis=1) & ~np.isnan(after).all(axis=1)
    columns = [names.index(v) for v in variables]
    return before[both][:, columns], after[both][:, columns], int((at_pre & at_post).sum())


def compare_instrument(
    data: CohortData, instrument: str, pre: pd.Series, post: pd.Series, first_table: int,
    p_style: PStyle, wilcoxon: bool = False,
) -> Comparison | None:
    items = data.items[
        (data.items["instrument"] == instrument) & data.items["type"].isin(COMPARED)
    ]
    items = items.sort_values("position")
    variables = list(items["variable"])
    answers = data.answers
    chosen = answers[
        answers["wave_id"].isin([pre["wave_id"], post["wave_id"]])
        & answers["item"].isin(variables)
        & (answers["respondent"] != "")
    ]
    if chosen.empty:
        return None
    before, after, respondents = paired_matrices(chosen, pre["wave_id"], post["wave_id"],
                                                 variables)
    # The tables print the paired t test; the Wilcoxon P is the command line's (see prepost):
    # `mentora report` asks for it, which changes no other figure.
    results = prepost_arrays(before, after, variables, wilcoxon=wilcoxon)
    rows = {r.item: r for r in results}
    labels = dict(zip(items["variable"], items["label"], strict=True))
    tables = []
    forms = list(dict.fromkeys(items["form"]))
    for number, form_group in enumerate([forms[:1], forms[1:]], start=first_table):
        if not form_group:
            continue
        notes: dict[str, str] = {}
        sections, subjects = [], []
        for form in form_group:
            form_items = items[items["form"] == form]
            found = _sections(form_items, rows, notes)
            if found:
                subjects.append(_form_subject(form_items))
                sections += found
        if not sections:
            continue
        tables.append(prepost_table(
            _title(number, subjects, str(pre["label"]), str(post["label"])), sections,
            labels=labels, notes=notes, respondents=respondents, p_style=p_style,
        ))
    title = str(pre.get("instrument_title") or instrument)
    return Comparison(instrument, title, str(pre["label"]), str(post["label"]), respondents,
                      tuple(results), labels, tuple(tables))


def comparisons(
    data: CohortData, p_style: PStyle = "ama", wilcoxon: bool = False
) -> list[Comparison]:
    found: list[Comparison] = []
    number = 1
    for instrument, (pre, post) in paired_waves(data.waves).items():
        result = compare_instrument(data, instrument, pre, post, number, p_style, wilcoxon)
        if result is not None:
            found.append(result)
            number += len(result.tables)
    return found
