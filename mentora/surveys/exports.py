"""Survey answers as pandas frames, for the evaluation.

`responses_frame(cohort)` is long: one row per answer (a checkbox gives one 0/1 row per choice,
named `variable___code` as in REDCap). `responses_frame(cohort, wide=True)` is one row per
respondent and wave with a column per variable, identified waves only, ready for pairing
baseline with follow-up. Only submitted responses count. Anonymous waves carry no respondent
and are flagged so that nobody pairs them.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pandas as pd
from django.db.models import TextField
from django.db.models.functions import Cast

from mentora.programs.models import Cohort
from mentora.surveys.models import Answer, Item, ItemType, Respondent, Wave

LONG_COLUMNS = [
    "respondent",
    "person_id",
    "wave",
    "wave_id",
    "time_point",
    "wave_opens_on",
    "anonymous",
    "instrument",
    "version",
    "form",
    "item",
    "value",
    "text",
]
WAVE_FIELDS = ["wave", "time_point", "wave_opens_on", "anonymous", "instrument", "version"]


def _numeric(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("nan")


def _ticks(variable: str, choices: list[list[str]], value: Any) -> list[tuple[str, float, str]]:
    """A checkbox answer as one 0/1 row per choice, named `variable___code` as REDCap does."""
    ticked = set(value if isinstance(value, list) else [value])
    return [
        (f"{variable}___{code.lower()}", float(code in ticked), str(int(code in ticked)))
        for code, _ in choices
    ]


def _answers(cohort: Cohort, instrument: str | None, wide: bool) -> pd.DataFrame:
    """Submitted answers as ids and the JSON value as text: no model instance per answer."""
    answers = Answer.objects.filter(response__wave__cohort=cohort, response__status="submitted")
    if instrument is not None:
        answers = answers.filter(response__wave__instrument__name=instrument)
    if wide:
        answers = answers.filter(response__wave__anonymous=False)
    rows = answers.annotate(raw=Cast("value", TextField())).values_list(
        "response__wave_id", "response_id", "response__respondent_id", "item_id", "raw"
    )
    names = ["wave_id", "response_id", "respondent_id", "item_id", "raw"]
    columns = list(zip(*rows, strict=True)) or [()] * len(names)
    # Column by column: hundreds of thousands of short tuples convert far faster this way
    # than through DataFrame.from_records.
    return pd.DataFrame(
        {name: np.array(values, dtype=object if name in ("respondent_id", "raw") else np.int64)
         for name, values in zip(names, columns, strict=True)}
    )


def _fields(keys: pd.Series, table: dict[Any, tuple[Any, ...]], size: int) -> list[np.ndarray]:
    """Each field of `table` looked up for every key; a missing key (or none) gives None.

    The keys are factorised once and each field taken from a small array: a dict lookup per
    distinct key, not per row.
    """
    codes, uniques = pd.factorize(keys)
    rows = [table.get(key, (None,) * size) for key in uniques] + [(None,) * size]
    return [np.array([row[at] for row in rows], dtype=object)[codes] for at in range(size)]


def _metadata(frame: pd.DataFrame, cohort: Cohort) -> tuple[dict[Any, tuple[Any, ...]], ...]:
    waves = Wave.objects.filter(cohort=cohort).values_list(
        "pk", "label", "time_point", "opens_on", "anonymous", "instrument__name",
        "instrument__version", "position",
    )
    items = Item.objects.filter(pk__in=frame["item_id"].unique().tolist()).values_list(
        "pk", "variable", "type", "choices", "section__form", "position"
    )
    who = Respondent.objects.filter(responses__wave__cohort=cohort).distinct().values_list(
        "pk", "record_id", "person_id"
    )
    return tuple({pk: tuple(rest) for pk, *rest in rows} for rows in (waves, items, who))


def _long(frame: pd.DataFrame, cohort: Cohort) -> pd.DataFrame:
    waves, items, who = _metadata(frame, cohort)
    *wave_fields, wave_position = _fields(frame["wave_id"], waves, 7)
    variable, kind, choices, form, item_position = _fields(frame["item_id"], items, 5)
    record, person = _fields(frame["respondent_id"], who, 2)
    out = pd.DataFrame({"respondent": pd.Series(record).fillna("").to_numpy(), "person_id": person,
                        "wave_id": frame["wave_id"].to_numpy()})
    for column, values in zip(WAVE_FIELDS, wave_fields, strict=True):
        out[column] = values
    out["form"], out["item"] = form, variable
    # Few distinct raw values (codes) carry most answers: decode each distinct one once.
    raw_codes, raws = pd.factorize(frame["raw"])
    decoded = [json.loads(raw) for raw in raws]
    texts = [str(value) for value in decoded]
    out["text"] = np.array(texts, dtype=object)[raw_codes]
    out["value"] = np.array([_numeric(text) for text in texts], dtype=float)[raw_codes]
    order = np.lexsort((item_position.astype(int), frame["response_id"].to_numpy(),
                        wave_position.astype(int)))
    out, ticks = out.iloc[order].reset_index(drop=True), (kind == ItemType.MULTIPLE)[order]
    if ticks.any():
        out = _with_checkboxes(out, ticks, raw_codes[order], decoded, choices[order])
    # The column types a frame built from records would have (bool, int, str).
    return out[LONG_COLUMNS].infer_objects()


def _with_checkboxes(out: pd.DataFrame, ticks: np.ndarray, raw_codes: np.ndarray,
                     decoded: list[Any], choices: np.ndarray) -> pd.DataFrame:
    """Each checkbox answer replaced, in place, by its 0/1 rows, one per choice."""
    where = np.flatnonzero(ticks)
    parts = [
        _ticks(str(out.at[row, "item"]), choices[row], decoded[raw_codes[row]]) for row in where
    ]
    sizes = [len(p) for p in parts]
    expanded = out.iloc[np.repeat(where, sizes)].copy()
    rows = [row for part in parts for row in part]
    expanded["item"] = [r[0] for r in rows]
    expanded["value"] = np.array([r[1] for r in rows], dtype=float)
    expanded["text"] = [r[2] for r in rows]
    # The index still says where each answer stood: a stable sort puts the rows back there.
    return pd.concat([out[~ticks], expanded]).sort_index(kind="stable")


def responses_frame(
    cohort: Cohort, instrument: str | None = None, *, wide: bool = False
) -> pd.DataFrame:
    """The cohort's submitted answers, optionally for one instrument (by name, all versions).

    Long columns: respondent (record id: "p<person id>" for people, the REDCap record id for
    external respondents, blank for anonymous waves), person_id (nullable), wave (label),
    wave_id, time_point, wave_opens_on, anonymous, instrument, version, form, item (variable),
    value (float, NaN when not numeric) and text (the raw answer).
    """
    answers = _answers(cohort, instrument, wide)
    frame = pd.DataFrame(columns=LONG_COLUMNS) if answers.empty else _long(answers, cohort)
    frame["person_id"] = frame["person_id"].astype("Int64")
    frame["value"] = frame["value"].astype(float)
    return _wide(frame) if wide else frame


def _wide(long: pd.DataFrame) -> pd.DataFrame:
    """One row per respondent and wave; numeric values per item in columns."""
    index = ["respondent", "person_id", "wave", "wave_id", "time_point", "anonymous"]
    if long.empty:
        return pd.DataFrame(columns=index)
    order = list(dict.fromkeys(long["item"]))
    grouped = long.groupby([*index, "item"], dropna=False, sort=False)["value"].first()
    wide = grouped.unstack("item")[order]
    wide.columns.name = None
    return wide.reset_index()
