"""Survey answers as pandas frames, for the evaluation.

`responses_frame(cohort)` is long: one row per answer (a checkbox gives one 0/1 row per choice,
named `variable___code` as in REDCap). `responses_frame(cohort, wide=True)` is one row per
respondent and wave with a column per variable, identified waves only, ready for pairing
baseline with follow-up. Only submitted responses count. Anonymous waves carry no respondent
and are flagged so that nobody pairs them.
"""

from __future__ import annotations

import pandas as pd

from mentora.programs.models import Cohort
from mentora.surveys.models import Answer, ItemType

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


def _numeric(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        return float("nan")


def _rows(answer: Answer) -> list[tuple[str, float, str]]:
    item, value = answer.item, answer.value
    if item.type == ItemType.MULTIPLE:
        ticked = set(value if isinstance(value, list) else [value])
        return [
            (f"{item.variable}___{code.lower()}", float(code in ticked), str(int(code in ticked)))
            for code, _ in item.choices
        ]
    text = str(value)
    return [(item.variable, _numeric(text), text)]


def responses_frame(
    cohort: Cohort, instrument: str | None = None, *, wide: bool = False
) -> pd.DataFrame:
    """The cohort's submitted answers, optionally for one instrument (by name, all versions).

    Long columns: respondent (record id: "p<person id>" for people, the REDCap record id for
    external respondents, blank for anonymous waves), person_id (nullable), wave (label),
    wave_id, time_point, wave_opens_on, anonymous, instrument, version, form, item (variable),
    value (float, NaN when not numeric) and text (the raw answer).
    """
    answers = Answer.objects.filter(
        response__wave__cohort=cohort, response__status="submitted"
    ).select_related("item__section", "response__wave__instrument", "response__respondent")
    if instrument is not None:
        answers = answers.filter(response__wave__instrument__name=instrument)
    if wide:
        answers = answers.filter(response__wave__anonymous=False)
    records = []
    for answer in answers.order_by("response__wave__position", "response_id", "item__position"):
        response, wave = answer.response, answer.response.wave
        respondent = response.respondent
        for variable, value, text in _rows(answer):
            records.append(
                (
                    respondent.record_id if respondent else "",
                    respondent.person_id if respondent else None,
                    wave.label,
                    wave.pk,
                    wave.time_point,
                    wave.opens_on,
                    wave.anonymous,
                    wave.instrument.name,
                    wave.instrument.version,
                    answer.item.section.form,
                    variable,
                    value,
                    text,
                )
            )
    frame = pd.DataFrame.from_records(records, columns=LONG_COLUMNS)
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
