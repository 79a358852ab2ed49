"""Text as people type, paste or upload it, made safe to store and to write into any file.

Pure (no Django): the forms' shared clean step, every importer and the DOCX/XLSX writers use
the same `clean_text`, so what a form accepts is what an export can write.

Word pastes a soft line break as a vertical tab (\\x0b) and a page break as a form feed
(\\x0c); both become line breaks. Every other control character (C0 but tab, line feed and
carriage return; DEL; C1), NUL included, is dropped: PostgreSQL refuses NUL in text, and XML
(so DOCX and XLSX) refuses the C0 controls, lone surrogates and U+FFFE/U+FFFF.
"""

from __future__ import annotations

import re

# Characters no stored or exported text keeps, and the two that stand for a line break.
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_LINE_BREAKS = frozenset("\x0b\x0c")
_ASCII_DIGITS = re.compile(r"[0-9]+", re.ASCII)
# The most characters a free text (notes, plans, agreements, goals) keeps: about eight pages.
TEXT_LIMIT = 20_000


def _replace(match: re.Match[str]) -> str:
    return "\n" if match.group() in _LINE_BREAKS else ""


def has_unwanted(value: str) -> bool:
    """Whether `clean_text` would change the text."""
    return _UNWANTED.search(value) is not None


def clean_text(value: str) -> str:
    """The text without control characters; vertical tab and form feed become line breaks."""
    if _UNWANTED.search(value) is None:  # the usual case costs one scan
        return value
    return _UNWANTED.sub(_replace, value)


def is_digits(value: str) -> bool:
    """Only the ASCII digits 0-9, at least one: what `int()` reads as a plain whole number.

    `str.isdigit` also says yes to "²" or "①", which `int()` refuses, and to other scripts'
    digits, which no spreadsheet here means."""
    return _ASCII_DIGITS.fullmatch(value) is not None


def whole_number(value: str, *, most_digits: int = 9) -> int | None:
    """The whole number `value` writes in ASCII digits (no sign, at most `most_digits` of
    them, so it fits any integer column and `int()` never meets Python's 4,300-digit limit),
    or None."""
    if len(value) > most_digits or not is_digits(value):
        return None
    return int(value)


def plural(count: int, one: str, many: str) -> str:
    """'1 answer needs', '3 answers need': the count with the words that agree with it."""
    return f"{count:,} {one if count == 1 else many}"
