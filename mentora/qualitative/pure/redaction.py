"""Blacking out names, services and rotations from quotes before they leave Mentora."""

from __future__ import annotations

import re
from collections.abc import Iterable

MASK = "[redacted]"
SHORTEST = 3  # shorter words (initials, "Al") would black out ordinary words


def _alternatives(terms: Iterable[str], ignore_case: bool) -> list[str]:
    cleaned = {" ".join(term.split()) for term in terms}
    kept = sorted((t for t in cleaned if len(t) >= SHORTEST), key=len, reverse=True)
    return [("(?i:" + re.escape(t) + ")") if ignore_case else re.escape(t) for t in kept]


def pattern(terms: Iterable[str], names: Iterable[str] = ()) -> re.Pattern[str] | None:
    """One pattern for every term of SHORTEST letters or more, as whole words (the longest
    first, so 'Emergency Medicine' wins over 'Emergency'): `terms` whatever their case, `names`
    as written (a capital letter), so that a person named Rose leaves the word rose alone."""
    found = _alternatives(terms, True) + _alternatives(names, False)
    if not found:
        return None
    return re.compile(r"(?<!\w)(" + "|".join(found) + r")(?!\w)")


def redact(text: str, found: re.Pattern[str] | None, *, keep_length: bool = False) -> str:
    """The text with every term masked: by MASK, or (`keep_length`, so that offsets into the
    text still hold) by as many '█' as the term has characters."""
    if found is None:
        return text
    if keep_length:
        return found.sub(lambda match: "█" * len(match.group()), text)
    return found.sub(MASK, text)


def name_parts(names: Iterable[str]) -> set[str]:
    """The words of people's names, and each name whole."""
    parts: set[str] = set()
    for name in names:
        parts.add(name)
        parts.update(re.findall(r"[^\W\d_][\w'\-]*", name))
    return parts
