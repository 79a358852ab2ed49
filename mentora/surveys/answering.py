"""Reading a respondent's answers from a submitted form, with branching logic on the server.

Hidden items (their branching logic false given the answers before them) lose their answers and
are never required, whatever the browser sent: the page's script only hides them sooner.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from mentora.core.text import TEXT_LIMIT, clean_text
from mentora.surveys import interchange as ix

# Items a respondent never types into: computed, uploaded or display-only.
NOT_ASKED = frozenset(
    {ix.ItemType.CALC, ix.ItemType.FILE, ix.ItemType.SQL, ix.ItemType.DESCRIPTIVE}
)

Answers = dict[str, str | tuple[str, ...]]


@dataclass
class Reading:
    answers: Answers = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    hidden: set[str] = field(default_factory=set)


def asked_items(instrument: ix.Instrument) -> list[ix.Item]:
    """The items shown to a respondent: not the record id, nothing computed."""
    return [item for item in instrument.items[1:] if item.type not in NOT_ASKED]


def _raw(item: ix.Item, data: Mapping[str, Sequence[str]]) -> str | tuple[str, ...] | None:
    """The item's value as sent, cleaned of control characters (mentora.core.text)."""
    values = [clean_text(value).strip() for value in data.get(item.variable, [])]
    if item.type is ix.ItemType.MULTIPLE:
        return tuple(choice.code for choice in item.choices if choice.code in values)
    value = values[0] if values else ""
    if item.type is ix.ItemType.DATETIME:
        value = value.replace("T", " ")
    return value or None


def read_answers(
    instrument: ix.Instrument, data: Mapping[str, Sequence[str]], *, submitting: bool
) -> Reading:
    """Answers from form data (variable -> list of values), checked item by item in order."""
    reading = Reading()
    for item in asked_items(instrument):
        if not ix.is_shown(item, reading.answers):
            reading.hidden.add(item.variable)
            continue
        value = _raw(item, data)
        if value is None or value == ():
            if submitting and item.required:
                reading.errors[item.variable] = "Please answer this question."
            continue
        problem = ix.value_problem(item, value) if isinstance(value, str) else None
        if isinstance(value, str) and len(value) > TEXT_LIMIT:
            problem = f"please keep the answer within {TEXT_LIMIT:,} characters"
        if problem:
            reading.errors[item.variable] = _friendly(item, problem)
        reading.answers[item.variable] = value
    return reading


def _friendly(item: ix.Item, problem: str) -> str:
    if item.type in (ix.ItemType.NUMBER, ix.ItemType.INTEGER, ix.ItemType.SLIDER):
        bounds = " and ".join(b for b in (item.validation_min, item.validation_max) if b)
        between = f" between {bounds}" if item.validation_min and item.validation_max else ""
        return f"Please enter a number{between}."
    if item.type is ix.ItemType.DATE:
        return "Please enter a date."
    return problem[0].upper() + problem[1:] + "."


def shown_variables(instrument: ix.Instrument, answers: Mapping[str, object]) -> set[str]:
    """Which asked items are shown given saved answers (for rendering a resumed survey)."""
    shown: set[str] = set()
    for item in asked_items(instrument):
        if ix.is_shown(item, answers):  # type: ignore[arg-type]
            shown.add(item.variable)
    return shown
