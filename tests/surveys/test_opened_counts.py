"""A submitted invitation was opened: no wave counts fewer opened than submitted links."""

from __future__ import annotations

from typing import Any

from mentora.programs.models import Cohort
from mentora.surveys.actions import response_rates


def test_no_demo_wave_shows_fewer_opened_than_submitted(demo: Any) -> None:
    rates = [rate for cohort in Cohort.objects.all() for rate in response_rates(cohort)]
    submitted = [rate for rate in rates if rate.submitted]
    assert submitted  # the demo has answered waves
    assert all(rate.started >= rate.submitted for rate in rates)
