"""Real exports from outside the repository, which only the workplace checkout has beside it.

`../shared/fixtures` holds REDCap projects, Qualtrics exports and a REFI-QDA project exactly as
those tools wrote them (see its SOURCES.md). Tests that prove the product on those real files
carry the `outside_fixtures` marker: they skip with a reason on a fresh clone, and fail instead
where MENTORA_REQUIRE_FIXTURES is set, as CI sets it. Tests of a feature use the small files of
tests/fixtures, which live in the repository.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
OUTSIDE = REPO.parent / "shared" / "fixtures"
OUTSIDE_REDCAP = OUTSIDE / "redcap"
OUTSIDE_QUALTRICS = OUTSIDE / "qualtrics"
# The five real REDCap projects (dictionary and raw records each), by folder name.
OUTSIDE_PROJECTS = (
    "checkboxes-1",
    "longitudinal",
    "repeating-instruments",
    "survey",
    "validation-types-1",
)
OUTSIDE_QUALTRICS_FILES = ("qualtRics_sample.csv", "qualtRics_sample_legacy.csv")

REQUIRE = "MENTORA_REQUIRE_FIXTURES"
ABSENT = (
    "../shared/fixtures is absent: the outside files (REDCap, Qualtrics, REFI-QDA) only exist "
    "beside the workplace checkout"
)
MARKER = "outside_fixtures"
outside = getattr(pytest.mark, MARKER)
"""Marks a test (or a parameter, or a module as `pytestmark`) that reads ../shared/fixtures."""


def outside_param(*values: Any, id: str) -> Any:
    """A parameter that is a real outside file: it skips, or fails, as the marker says."""
    return pytest.param(*values, id=id, marks=outside)


def missing_reason() -> str | None:
    return None if OUTSIDE.is_dir() else ABSENT


def skip_marked(items: list[pytest.Item]) -> None:
    """Where the outside files are absent, marked tests skip with the reason (at collection, so
    the report names each test), unless they are required."""
    reason = missing_reason()
    if reason is None or os.environ.get(REQUIRE):
        return
    for item in items:
        if item.get_closest_marker(MARKER) is not None:
            item.add_marker(pytest.mark.skip(reason=reason))


def check(item: pytest.Item) -> None:
    """Fail a marked test, where the outside files are required, when they are absent."""
    reason = missing_reason()
    if not os.environ.get(REQUIRE) or reason is None:
        return
    if item.get_closest_marker(MARKER) is not None:
        pytest.fail(f"{REQUIRE} is set but {reason} ({OUTSIDE})", pytrace=False)
