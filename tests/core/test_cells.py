"""Formula injection: typed text that a spreadsheet would run is quoted, numbers never."""

from __future__ import annotations

import pytest

from mentora.core.cells import neutralise, neutralise_text, restore_text


@pytest.mark.parametrize(
    "typed",
    ['=HYPERLINK("http://evil.example","click")', "@SUM(1)", "+1 555 0100", "-2 as text",
     "\tcmd", "\rcmd", "-", "=1+1", "+", "@"],
)
def test_text_a_spreadsheet_would_run_gets_a_quote(typed: str) -> None:
    assert neutralise_text(typed) == "'" + typed
    assert restore_text(neutralise_text(typed)) == typed


@pytest.mark.parametrize("number", ["-2", "+1", "-0.5", "+1.5e3", "-1e-3", "2", "0"])
def test_numbers_negative_ones_included_are_never_touched(number: str) -> None:
    assert neutralise_text(number) == number


@pytest.mark.parametrize("plain", ["Maya", "", "2026-01-02", "a=b", "'quoted already", "O'Neil"])
def test_plain_text_is_left_alone(plain: str) -> None:
    assert neutralise_text(plain) == plain
    assert restore_text(plain) == plain


def test_values_that_are_not_text_are_left_alone() -> None:
    assert neutralise(-2) == -2
    assert neutralise(-2.5) == -2.5
    assert neutralise(None) is None
    assert neutralise("-2 as text") == "'-2 as text"
