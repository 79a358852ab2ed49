"""Reading a respondent's answers from a submitted form, with branching logic on the server.

Hidden items (their branching logic false given the answers before them) lose their answers and
are never required, whatever the browser sent: the page's script only hides them sooner. A
submission that answers nothing is refused, and one that leaves shown items blank is taken only
once the respondent confirms it (`skipped` names them for the page to ask).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from mentora.core.text import TEXT_LIMIT, clean_text, plural
from mentora.surveys import interchange as ix

# Errors about the whole form are keyed by a name no item variable can take (they start "!").
NOTHING = "!nothing"
MARKED = "!marked"
SKIPPED = "!skipped"
NOTHING_ANSWERED = "Nothing is answered yet: answer the questions before you submit."
CONFIRMED = "skipped_ok"  # sent by the page once the respondent confirms the blanks

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
    skipped: list[str] = field(default_factory=list)  # labels of shown items left blank


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
            reading.skipped.append(item.label)
            continue
        problem = ix.value_problem(item, value) if isinstance(value, str) else None
        if isinstance(value, str) and len(value) > TEXT_LIMIT:
            problem = f"please keep the answer within {TEXT_LIMIT:,} characters"
        if problem:
            reading.errors[item.variable] = _friendly(item, problem)
        reading.answers[item.variable] = value
    if submitting:
        _check_whole_form(reading, confirmed=CONFIRMED in data)
    return reading


def _check_whole_form(reading: Reading, *, confirmed: bool) -> None:
    """Nothing answered is refused; blanks are taken once confirmed; item errors are counted."""
    marked = len(reading.errors)
    if not reading.answers:
        reading.errors[NOTHING] = NOTHING_ANSWERED
    elif marked:
        reading.errors[MARKED] = (
            f"{plural(marked, 'answer needs', 'answers need')} a look: marked below."
        )
    elif reading.skipped and not confirmed:
        blank = plural(len(reading.skipped), "question is", "questions are")
        reading.errors[SKIPPED] = (
            f"{blank} not answered: {'; '.join(reading.skipped)}. Press Submit again to send "
            "your answers as they are, or answer them first."
        )


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
