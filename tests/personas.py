"""Who acts in a test, picked from the shared world (tests/conftest.py's `World`).

Tests that run one check as several personas (the fuzzers, the page budgets) name them with
these functions; `account` is what a client signs in as, for a person or a bare account.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tests.conftest import World


def account(who: Any) -> Any:
    """The user account of a person (Person.user), or the account itself."""
    return getattr(who, "user", None) or who


def coordinator(w: World) -> Any:
    return w.alice


def mentor(w: World) -> Any:
    return w.mark


def mentee(w: World) -> Any:
    return w.maya


def nobody(w: World) -> Any:
    return None
