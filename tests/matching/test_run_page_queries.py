"""The match run page costs the same few queries for a cohort of 4 students or 16."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from mentora.matching.runs import do_start_run
from tests.matching.builders import tiered_clerkship

NOW = datetime(2026, 8, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize("students", [4, 16])
def test_the_run_page_does_not_query_per_pair(world, login, django_assert_max_num_queries,
                                              students):
    """Proposals, explanations and both sides' names come from a fixed handful of queries."""
    clerkship = tiered_clerkship(world.alice, students)
    run = do_start_run(clerkship.cohort, clerkship.coordinator, NOW)
    do_start_run(clerkship.cohort, clerkship.coordinator, NOW)  # another run to compare with
    client = login(clerkship.coordinator)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("match_run", args=[run.pk]))
    assert response.status_code == 200
    assert clerkship.students[-1].full_name in response.content.decode()
