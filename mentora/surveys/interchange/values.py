"""Checking one raw answer against its item, as REDCap's raw export writes answers.

Raw exports write dates as ISO (`2015-04-02`, `2018-03-06 15:52:43`) whatever the display
format, numbers with the separator of their validation type, and choices by code.
"""

from __future__ import annotations

import re
from datetime import date, time

from mentora.core.text import is_digits

from .model import Item, ItemType

_INTEGER = re.compile(r"^-?[0-9]+\Z")
_NUMBER = re.compile(r"^-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)\Z")
_COMMA_NUMBER = re.compile(r"^-?(?:[0-9]+[.,]?[0-9]*|[.,][0-9]+)\Z")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+\Z")
_DIGIT = re.compile(r"[0-9]")
_DATETIME = re.compile(r"^([0-9]{4}-[0-9]{2}-[0-9]{2}) ([0-9]{2}:[0-9]{2}(?::[0-9]{2})?)\Z")


def value_problem(item: Item, value: str) -> str | None:
    """Why this raw value is not a valid answer to the item, or None when it is."""
    if value == "":
        return None
    if item.type in (ItemType.SINGLE, ItemType.LIKERT, ItemType.YESNO, ItemType.TRUEFALSE):
        codes = [choice.code for choice in item.answer_choices]
        return None if value in codes else f"{value!r} is not one of the choices {codes}"
    checker = _CHECKERS.get(item.type)
    if checker is None:
        return _text_problem(item, value)
    return checker(item, value)


# Answers that must be one of their item's choices: anything else cannot be stored as one.
_CHOSEN = frozenset({ItemType.SINGLE, ItemType.LIKERT, ItemType.YESNO, ItemType.TRUEFALSE})


def trimmed(item: Item, value: str) -> str:
    """The value as REDCap keeps it: spaces around a number, date or code trimmed; free text
    (a text field without validation, notes) as typed."""
    if item.type in (ItemType.TEXT, ItemType.NOTES) and not item.validation:
        return value
    return value.strip()


def value_warning(item: Item, value: str) -> tuple[str | None, str | None]:
    """(problem, warning) for a raw value in an import, as REDCap reads its own data: a value
    outside its field's range, or one that fails a validation added after it was entered, is
    kept with a warning; only a code that is not one of the choices is a problem."""
    problem = value_problem(item, value)
    if problem is None or item.type in _CHOSEN:
        return problem, None
    unbounded = Item(item.variable, item.form, item.type, validation=item.validation)
    if item.type is ItemType.SLIDER or value_problem(unbounded, value) is None:
        return None, f"{problem}; kept, as REDCap keeps a value outside the range"
    return None, f"{problem}; kept as text, as REDCap keeps a value entered before the validation"


def _text_problem(item: Item, value: str) -> str | None:
    if item.validation == "email" and not _EMAIL.match(value):
        return f"{value!r} is not an e-mail address"
    return None


def _numeric(item: Item, value: str, pattern: re.Pattern[str], what: str) -> str | None:
    if not pattern.match(value):
        return f"{value!r} is not {what}"
    number = float(value.replace(",", "."))
    low, high = _bound(item.validation_min), _bound(item.validation_max)
    if low is not None and number < low:
        return f"{value} is below the minimum {item.validation_min}"
    if high is not None and number > high:
        return f"{value} is above the maximum {item.validation_max}"
    return None


def _bound(text: str) -> float | None:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        return None


def _integer_problem(item: Item, value: str) -> str | None:
    return _numeric(item, value, _INTEGER, "a whole number")


def _number_problem(item: Item, value: str) -> str | None:
    pattern = _COMMA_NUMBER if "comma_decimal" in item.validation else _NUMBER
    return _numeric(item, value, pattern, "a number")


def _slider_problem(item: Item, value: str) -> str | None:
    if item.validation_min or item.validation_max:
        return _numeric(item, value, _NUMBER, "a slider position")
    bounded = Item(item.variable, item.form, item.type, validation_min="0", validation_max="100")
    return _numeric(bounded, value, _NUMBER, "a slider position")


def _date_problem(item: Item, value: str) -> str | None:
    try:
        date.fromisoformat(value)
    except ValueError:
        return f"{value!r} is not a date written YYYY-MM-DD"
    return _ordered_bounds(item, value)


def _datetime_problem(item: Item, value: str) -> str | None:
    match = _DATETIME.match(value)
    seconds = item.validation.startswith("datetime_seconds")
    shape = "YYYY-MM-DD HH:MM:SS" if seconds else "YYYY-MM-DD HH:MM"
    if match is None or (len(match.group(2)) == 8) != seconds:
        return f"{value!r} is not a date and time written {shape}"
    try:
        date.fromisoformat(match.group(1))
        time.fromisoformat(match.group(2))
    except ValueError:
        return f"{value!r} is not a date and time written {shape}"
    return _ordered_bounds(item, value)


def _time_problem(item: Item, value: str) -> str | None:
    shape = {"time_hh_mm_ss": "HH:MM:SS", "time_mm_ss": "MM:SS"}.get(item.validation, "HH:MM")
    parts = value.split(":")
    if len(parts) != shape.count(":") + 1 or not all(is_digits(p) and len(p) == 2 for p in parts):
        return f"{value!r} is not a time written {shape}"
    limits = {"HH:MM:SS": (24, 60, 60), "MM:SS": (60, 60)}.get(shape, (24, 60))
    if any(int(part) >= limit for part, limit in zip(parts, limits, strict=True)):
        return f"{value!r} is not a time written {shape}"
    return _ordered_bounds(item, value)


def _ordered_bounds(item: Item, value: str) -> str | None:
    # ISO dates and times order as text; bounds such as "today" are REDCap's to judge.
    low, high = item.validation_min, item.validation_max
    if _comparable(low, value) and value < low:
        return f"{value} is before the minimum {low}"
    if _comparable(high, value) and value > high:
        return f"{value} is after the maximum {high}"
    return None


def _comparable(bound: str, value: str) -> bool:
    """A bound written in the same ISO shape as the value (digits where it has digits)."""
    shape = _DIGIT.sub("9", bound)
    return bool(bound) and shape == _DIGIT.sub("9", value[: len(bound)])


_CHECKERS = {
    ItemType.INTEGER: _integer_problem,
    ItemType.NUMBER: _number_problem,
    ItemType.SLIDER: _slider_problem,
    ItemType.DATE: _date_problem,
    ItemType.DATETIME: _datetime_problem,
    ItemType.TIME: _time_problem,
}
