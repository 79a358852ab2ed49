"""The report says the window of each half-year figure, a half not yet ended is shown as in
progress, never as a fall, and the default scholarship periods never lie in the future."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from mentora.evaluation.reports.options import default_periods


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


@pytest.mark.parametrize(("launch", "this_year", "periods"), [
    (2020, 2026, ((2018, 2020), (2021, 2023))),  # seed 002's periods, all in the past
    (2024, 2026, ((2022, 2024), (2025, 2026))),  # the second period stops at this year
    (2026, 2026, ((2024, 2025), (2026, 2026))),  # launched this year: this year so far
    (2026, None, ((2024, 2026), (2027, 2029))),  # no clock: the seed's periods as they are
])
def test_default_scholarship_periods_never_reach_past_this_year(launch, this_year, periods):
    assert default_periods(launch, this_year) == periods


@time_machine.travel("2026-11-01 10:00 -05:00", tick=False)
def test_the_report_page_offers_no_future_period(world, login):
    text = login(world.alice).get(
        reverse("evaluation_report", args=[world.cohort.pk])
    ).content.decode()
    assert 'value="2026-2026"' in text
    assert 'value="2027' not in text and '-2027"' not in text and "-2028" not in text
