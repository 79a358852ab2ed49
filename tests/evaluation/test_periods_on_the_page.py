"""The report says the window of each half-year figure, and a half not yet ended is shown as
in progress, never as a fall."""

from __future__ import annotations

import time_machine
from django.urls import reverse


@time_machine.travel("2026-11-01 10:00 -05:00", tick=False)
def test_before_the_second_half_the_report_says_not_started(world, login):
    page = login(world.alice).get(reverse("evaluation_report", args=[world.cohort.pk]))
    text = page.content.decode()
    assert "first half of the year (1 Jul 2026 to 29 Dec 2026)" in text
    assert "0 so far: in progress" in text
    assert "Not started yet" in text
    assert "(change" not in text


@time_machine.travel("2027-08-01 10:00 -05:00", tick=False)
def test_after_the_end_the_change_is_given(world, login):
    text = login(world.alice).get(
        reverse("evaluation_report", args=[world.cohort.pk])
    ).content.decode()
    assert "Not started yet" not in text and "in progress" not in text
    assert "(change -)" in text  # nobody met in either half: no change to compute
