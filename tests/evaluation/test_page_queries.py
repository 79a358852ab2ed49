"""The report page costs the same few queries for a cohort of 2 pairs or 22."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from mentora.mentorships.actions import MeetingDetails, do_log_meeting
from mentora.people.ladder import Stage
from tests import factories

NOW = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize("extra_pairs", [0, 20])
def test_the_report_page_does_not_query_per_person(world, login, django_assert_max_num_queries,
                                                   extra_pairs):
    """Every mentee, meeting and answer of the report comes from a fixed handful of queries."""
    for i in range(extra_pairs):
        mentor = factories.make_person(f"Mentor {i}", Stage.PGY2)
        mentee = factories.make_person(f"Mentee {i}", Stage.MS3)
        factories.enrol(world.cohort, mentor, "mentor", capacity=1)
        factories.enrol(world.cohort, mentee)
        pair = factories.pair(world.cohort, mentor, mentee)
        do_log_meeting([pair], MeetingDetails(on=date(2026, 9, 1)), mentor, NOW)
    client = login(world.alice)
    # One more: is the cohort large (stored.py)? One each for growth entries, sponsorship acts,
    # invitations to events, rotation blocks.
    with django_assert_max_num_queries(21):
        response = client.get(reverse("evaluation_report", args=[world.cohort.pk]))
    assert response.status_code == 200
