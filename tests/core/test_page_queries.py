"""A coordinator's cohort pages cost the same few queries for a cohort of 2 pairs or 22."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from mentora.mentorships.actions import MeetingDetails, do_log_meeting
from mentora.people.ladder import Stage
from mentora.surveys.actions import do_create_wave, do_send_invitations
from mentora.surveys.library import ensure_library
from tests import factories

NOW = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)


def _grow(world, extra_pairs):
    """Adds pairs to Alice's cohort, each with a held meeting, then a wave with everyone invited."""
    for i in range(extra_pairs):
        mentor = factories.make_person(f"Mentor {i}", Stage.PGY2)
        mentee = factories.make_person(f"Mentee {i}", Stage.MS3)
        factories.enrol(world.cohort, mentor, "mentor", capacity=1)
        factories.enrol(world.cohort, mentee)
        pair = factories.pair(world.cohort, mentor, mentee)
        do_log_meeting([pair], MeetingDetails(on=date(2026, 9, 1)), mentor, NOW)
    instrument = ensure_library(NOW)["clerkship_survey"]
    wave = do_create_wave(
        world.cohort, instrument, "End of clerkship", date(2026, 11, 1), date(2026, 12, 15), NOW
    )
    with time_machine.travel(NOW, tick=False):
        do_send_invitations(wave, NOW)
    return wave


@pytest.mark.parametrize("extra_pairs", [0, 20])
@pytest.mark.parametrize(
    ("page", "most", "row"),
    [
        ("cohort", 11, "Mentee 19"),  # and whether it has rotation blocks
        ("cohort_relationships", 15, "Mentee 19"),
        ("cohort_surveys", 14, "End of clerkship"),
        ("survey_wave", 12, "Mentee 19"),  # 12: the coordinator role's end date is checked too
    ],
)
def test_cohort_pages_do_not_query_per_row(
    world, login, django_assert_max_num_queries, extra_pairs, page, most, row
):
    """Every row of the page comes from the same handful of queries, however many rows."""
    wave = _grow(world, extra_pairs)
    client = login(world.alice)
    url = reverse(page, args=[wave.pk if page == "survey_wave" else world.cohort.pk])
    with django_assert_max_num_queries(most):
        response = client.get(url)
    assert response.status_code == 200
    if extra_pairs:
        assert row in response.content.decode()
