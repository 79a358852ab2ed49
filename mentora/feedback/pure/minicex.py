"""The mini-CEX: seven domains, each rated 1-9 (or not observed), read in three bands."""

from __future__ import annotations

import re

DOMAINS: tuple[tuple[str, str], ...] = (
    ("interviewing", "Medical interviewing"),
    ("examination", "Physical examination"),
    ("professionalism", "Humanistic qualities and professionalism"),
    ("judgment", "Clinical judgment"),
    ("counseling", "Counseling"),
    ("organization", "Organization and efficiency"),
    ("overall", "Overall clinical competence"),
)
LOWEST, HIGHEST = 1, 9


def band(rating: int | None) -> str:
    """'unsatisfactory' (1-3), 'satisfactory' (4-6), 'superior' (7-9), or 'not observed'."""
    if rating is None:
        return "not observed"
    if not LOWEST <= rating <= HIGHEST:
        raise ValueError(f"a mini-CEX rating is {LOWEST} to {HIGHEST}, got {rating}")
    if rating <= 3:
        return "unsatisfactory"
    return "satisfactory" if rating <= 6 else "superior"


def normalise_procedure(name: str) -> str:
    """A free-text procedure name as it is stored and counted: spaces collapsed, lower case,
    so "Shoulder  Reduction" and "shoulder reduction" are one procedure."""
    return re.sub(r"\s+", " ", name).strip().lower()
