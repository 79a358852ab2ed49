"""REDCap's choice lists (`1, Agree | 2, Disagree`) and slider labels (`Low | Middle | High`)."""

from __future__ import annotations

from .model import Choice

CHOICE_SEPARATOR = " | "


class ChoiceSyntaxError(ValueError):
    """A choice list that cannot be read; the caller adds the file, row and column."""


def parse_choices(text: str) -> tuple[Choice, ...]:
    """Split on `|`, then on the first comma only: labels may hold commas, codes may be letters."""
    choices: list[Choice] = []
    seen: set[str] = set()
    for part in text.split("|"):
        code, comma, label = part.partition(",")
        code, label = code.strip(), label.strip()
        if not comma or not code:
            raise ChoiceSyntaxError(f"choice {part.strip()!r} is not written as 'code, label'")
        if code in seen:
            raise ChoiceSyntaxError(f"choice code {code!r} appears twice")
        seen.add(code)
        choices.append(Choice(code, label))
    return tuple(choices)


def format_choices(choices: tuple[Choice, ...]) -> str:
    """The cell as REDCap's own dictionary download writes it."""
    return CHOICE_SEPARATOR.join(f"{choice.code}, {choice.label}" for choice in choices)


def parse_slider_labels(text: str) -> tuple[str, ...]:
    """Left, middle and right labels; any of them may be blank."""
    labels = tuple(part.strip() for part in text.split("|"))
    if len(labels) > 3:
        raise ChoiceSyntaxError(f"a slider has at most 3 labels, found {len(labels)}")
    return labels


def format_slider_labels(labels: tuple[str, ...]) -> str:
    return CHOICE_SEPARATOR.join(labels)


def checkbox_column(variable: str, code: str) -> str:
    """The raw-export column of one checkbox choice: REDCap lower-cases the code."""
    return f"{variable}___{code.lower()}"
