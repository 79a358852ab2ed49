"""Spreadsheet cells that cannot run: the one guard against formula (CSV) injection.

Pure (no Django). A text value that people typed and that begins with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return is what Excel, LibreOffice and Google Sheets take for a
formula; OWASP's advice is to prefix it with a single quote, so that the sheet shows it as text.
A value that reads as a number (``-2``, ``+1.5``, ``-1e3``) is a number, not a formula, and is
never touched; neither is any value that is not a string. Every CSV and XLSX writer in Mentora
passes the cells people typed through :func:`neutralise`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def is_number(text: str) -> bool:
    """Whether a text reads as a finite number (what a spreadsheet would store as one)."""
    try:
        value = float(text)
    except ValueError:
        return False
    return math.isfinite(value) and text == text.strip()


def neutralise_text(text: str) -> str:
    """The text, prefixed with a single quote when a spreadsheet would read it as a formula."""
    if text.startswith(FORMULA_STARTS) and not is_number(text):
        return QUOTE + text
    return text


def neutralise(value: object) -> object:
    """A cell as it may be written: strings through :func:`neutralise_text`, anything else as is."""
    if isinstance(value, str):
        return neutralise_text(value)
    return value


def neutralise_row(row: Iterable[object]) -> list[object]:
    return [neutralise(value) for value in row]


def is_neutralised(text: str) -> bool:
    """Whether a text was written by :func:`neutralise_text` with a quote added."""
    return text.startswith(QUOTE) and neutralise_text(text[1:]) == text


def restore_text(text: str) -> str:
    """The text as typed, from a cell :func:`neutralise_text` wrote (a file read back)."""
    return text[1:] if is_neutralised(text) else text
