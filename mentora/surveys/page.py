"""What the respondent's page shows for each item: the input, its choices, its saved value.

Choice items become labelled radio groups (a fieldset with a legend); branching logic of the
simple form `[field] = 'code'` (or `[box(code)] = '1'`) is passed to the page's script so it can
hide and show items at once; the server decides anyway (mentora.surveys.answering).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from mentora.surveys import interchange as ix
from mentora.surveys.answering import asked_items

_SIMPLE_LOGIC = re.compile(
    r"^\s*\[([a-z][a-z0-9_]*)(?:\(([A-Za-z0-9_.-]+)\))?\]\s*=\s*['\"]?([^'\"]*)['\"]?\s*$"
)
INPUTS = {
    ix.ItemType.NUMBER: "number",
    ix.ItemType.INTEGER: "number",
    ix.ItemType.DATE: "date",
    ix.ItemType.DATETIME: "datetime-local",
    ix.ItemType.TIME: "time",
    ix.ItemType.SLIDER: "range",
    ix.ItemType.NOTES: "textarea",
}


@dataclass
class Choice:
    code: str
    label: str
    checked: bool


@dataclass
class Question:
    variable: str
    label: str
    note: str
    kind: str  # radio, select, checkbox, textarea, or an <input> type
    header: str = ""
    value: str = ""
    choices: list[Choice] = field(default_factory=list)
    error: str = ""
    required: bool = False
    minimum: str = ""
    maximum: str = ""
    step: str = ""
    slider_labels: tuple[str, ...] = ()
    show_if: str = ""  # "variable=code" or "variable(code)=1" for the script; "" always shown


def _kind(item: ix.Item) -> str:
    if item.type in (ix.ItemType.LIKERT, ix.ItemType.SINGLE):
        return "select" if item.widget is ix.Widget.DROPDOWN else "radio"
    if item.type in (ix.ItemType.YESNO, ix.ItemType.TRUEFALSE):
        return "radio"
    if item.type is ix.ItemType.MULTIPLE:
        return "checkbox"
    if item.validation == "email":
        return "email"
    return INPUTS.get(item.type, "text")


def _show_if(logic: str) -> str:
    if not logic.strip():
        return ""
    match = _SIMPLE_LOGIC.match(logic)
    if not match:
        return ""
    variable, code, value = match.groups()
    return f"{variable}({code})={value}" if code else f"{variable}={value}"


def questions(
    instrument: ix.Instrument,
    saved: Mapping[str, str | tuple[str, ...]],
    errors: Mapping[str, str] | None = None,
) -> list[Question]:
    errors = errors or {}
    asked = asked_items(instrument)
    headers = _headers(instrument)
    result = []
    for item in asked:
        value = saved.get(item.variable, "")
        ticked = set(value) if isinstance(value, tuple) else {value}
        question = Question(
            variable=item.variable,
            label=item.label,
            note=item.field_note,
            kind=_kind(item),
            header=headers.get(item.variable, ""),
            value=value if isinstance(value, str) else "",
            choices=[Choice(c.code, c.label, c.code in ticked) for c in item.answer_choices],
            error=errors.get(item.variable, ""),
            required=item.required,
            minimum=item.validation_min,
            maximum=item.validation_max,
            step="1" if item.type is ix.ItemType.INTEGER else "any",
            slider_labels=item.slider_labels,
            show_if=_show_if(item.branching_logic),
        )
        if item.type is ix.ItemType.SLIDER:
            question.minimum = item.validation_min or "0"
            question.maximum = item.validation_max or "100"
            question.step = "1"
        result.append(question)
    return result


def _headers(instrument: ix.Instrument) -> dict[str, str]:
    """Section headers, moved to the first asked item of each section."""
    headers = {}
    asked = {item.variable for item in asked_items(instrument)}
    for section in instrument.sections():
        shown = [variable for variable in section.variables if variable in asked]
        if shown and section.header:
            headers[shown[0]] = section.header
    return headers
