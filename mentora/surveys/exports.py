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
    return pd.DataFrame.from_records(
        list(rows), columns=["wave_id", "response_id", "respondent_id", "item_id", "raw"]
    )


def _by(frame: pd.DataFrame, key: str, lookup: dict[Any, tuple[Any, ...]], at: int) -> pd.Series:
    # Mapping through a dict is vectorised by pandas; a function per row is not.
    return frame[key].map({k: v[at] for k, v in lookup.items()})


def _long(frame: pd.DataFrame, cohort: Cohort) -> pd.DataFrame:
    waves = {
        pk: rest for pk, *rest in Wave.objects.filter(cohort=cohort).values_list(
            "pk", "label", "time_point", "opens_on", "anonymous", "instrument__name",
            "instrument__version", "position",
        )
    }
    items = {
        pk: rest for pk, *rest in Item.objects.filter(
            pk__in=frame["item_id"].unique().tolist()
        ).values_list("pk", "variable", "type", "choices", "section__form", "position")
    }
    who = {
        pk: rest for pk, *rest in Respondent.objects.filter(responses__wave__cohort=cohort)
        .distinct().values_list("pk", "record_id", "person_id")
    }
    frame["respondent"] = _by(frame, "respondent_id", who, 0).fillna("")
    frame["person_id"] = _by(frame, "respondent_id", who, 1)
    for at, column in enumerate(WAVE_FIELDS):
        frame[column] = _by(frame, "wave_id", waves, at)
    frame["form"] = _by(frame, "item_id", items, 3)
    frame["item"] = _by(frame, "item_id", items, 0)
    frame = frame.assign(
        wave_position=_by(frame, "wave_id", waves, 6), item_position=_by(frame, "item_id", items, 4)
    ).sort_values(["wave_position", "response_id", "item_position"], kind="stable")
    # Few distinct raw values (codes) carry most answers: decode each distinct one once.
    decoded = {raw: json.loads(raw) for raw in frame["raw"].unique()}
    ticks = _by(frame, "item_id", items, 1) == ItemType.MULTIPLE
    plain = frame[~ticks].assign(text=frame["raw"].map({r: str(v) for r, v in decoded.items()}))
    plain["value"] = plain["text"].map({t: _numeric(t) for t in plain["text"].unique()})
    expanded = frame[ticks].assign(parts=[
        _ticks(items[item][0], items[item][2], decoded[raw])
        for item, raw in zip(frame.loc[ticks, "item_id"], frame.loc[ticks, "raw"], strict=True)
    ]).explode("parts").dropna(subset=["parts"])
    if len(expanded):
        parts = pd.DataFrame(expanded.pop("parts").tolist(), columns=["item", "value", "text"])
        expanded = expanded.assign(**{name: parts[name].to_numpy() for name in parts.columns})
    # Concatenating then sorting by the original position keeps each checkbox's rows in place.
    order = pd.Series(range(len(frame)), index=frame.index)
    parts_list = [part for part in (plain, expanded) if len(part)]
    long = pd.concat(parts_list).assign(_at=lambda f: f.index.map(order))
    return long.sort_values("_at", kind="stable")[LONG_COLUMNS].reset_index(drop=True)


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
