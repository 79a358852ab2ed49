"""Recognising REDCap exports made with labels, which cannot be mapped back to codes.

A label export writes headers such as "Record ID", "Complete?" or "Gym (choice=Monday)" and
values such as "Checked" or "Complete". REDCap's API can also mix raw headers with label
values, so both are looked for.
"""

from __future__ import annotations

from collections.abc import Sequence

from mentora.core.text import plural

from .errors import LabelExportError, Problem
from .model import VARIABLE_NAME, Instrument

ADVICE = (
    "this is a REDCap export with labels instead of raw codes, which cannot be mapped back "
    "reliably; in REDCap choose 'Export data', then 'CSV / Microsoft Excel (raw data)', "
    "and import that file"
)
LABEL_HEADERS = frozenset(
    {
        "record id",
        "event name",
        "repeat instrument",
        "repeat instance",
        "data access group",
        "survey identifier",
        "survey timestamp",
    }
)
CHECKBOX_LABELS = frozenset({"Checked", "Unchecked"})
STATUS_LABELS = frozenset({"Complete", "Incomplete", "Unverified"})
# Enough rows to see label values without reading a large file twice.
ROWS_LOOKED_AT = 50


def label_export_signs(
    header: Sequence[str], rows: Sequence[Sequence[str]], instrument: Instrument | None = None
) -> list[tuple[int, str, str]]:
    """Each sign of a label export as (row, column, what was seen); empty for a raw export."""
    labels = {item.label for item in instrument.items} if instrument else set()
    signs = [(1, cell, "a label as header") for cell in header if _is_label_header(cell, labels)]
    for number, row in enumerate(rows[:ROWS_LOOKED_AT], start=2):
        for column, value in zip(header, row, strict=False):
            if _is_label_value(column, value):
                signs.append((number, column, f"the label value {value!r}"))
    return signs


def _is_label_header(cell: str, item_labels: set[str]) -> bool:
    text = cell.strip()
    if VARIABLE_NAME.match(text):
        return False
    folded = text.casefold()
    return (
        folded in LABEL_HEADERS
        or folded.endswith("complete?")
        or "(choice=" in folded
        or text in item_labels
    )


def _is_label_value(column: str, value: str) -> bool:
    if "___" in column or "(choice=" in column:
        return value in CHECKBOX_LABELS
    if column.endswith("_complete") or column.casefold().endswith("complete?"):
        return value in STATUS_LABELS
    return False


def refuse_label_export(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    instrument: Instrument | None = None,
    *,
    source: str = "<records>",
) -> None:
    """Raise LabelExportError with the advice to export raw data if the file holds labels."""
    signs = label_export_signs(header, rows, instrument)
    if not signs:
        return
    row, column, seen = signs[0]
    message = f"{ADVICE} (found {seen}"
    more = plural(len(signs) - 1, "more sign", "more signs")
    message += f" and {more})" if len(signs) > 1 else ")"
    raise LabelExportError([Problem(source, message, row, column)])
