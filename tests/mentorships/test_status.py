"""Declining an assigned mentor asks for a re-match; ending keeps the history."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from mentora.mentorships.actions import do_resolve_rematch, rematch_requests
from mentora.mentorships.models import Mentorship


@pytest.mark.parametrize("reason", ["not_active", "no_contact", "interests", "time", "other"])
def test_a_mentee_declines_with_a_reason_and_a_rematch_is_requested(world, login, reason):
    response = login(world.maya).post(
        reverse("decline", args=[world.mark_maya.pk]),
        {"reason": reason, "note": "", "rematch": "on"},
    )
    assert response.status_code == 302
    pair = Mentorship.objects.get(pk=world.mark_maya.pk)
    assert (pair.status, pair.decline_reason) == ("declined", reason)
    [rematch] = rematch_requests(world.cohort)
    assert (rematch.mentee, rematch.role, rematch.reason) == (world.maya, pair.role, reason)
    assert pair.status_changes.get().to_status == "declined"


def test_declining_without_asking_for_another_mentor_opens_no_request(world, login):
    login(world.maya).post(reverse("decline", args=[world.mark_maya.pk]), {"reason": "time"})
    assert rematch_requests(world.cohort) == []


def test_only_the_mentee_declines(world, login):
    response = login(world.mark).post(
        reverse("decline", args=[world.mark_maya.pk]), {"reason": "time"}
    )
    assert response.status_code == 404
    assert Mentorship.objects.get(pk=world.mark_maya.pk).status == "active"


def test_resolved_requests_leave_the_open_list(world, login):
    login(world.maya).post(
        reverse("decline", args=[world.mark_maya.pk]), {"reason": "no_contact", "rematch": "on"}
    )
    do_resolve_rematch(rematch_requests(world.cohort)[0], timezone.now())
    assert rematch_requests(world.cohort) == []


def test_ending_a_relationship_keeps_it_with_its_reason(world, login):
    login(world.alice).post(
        reverse("end_mentorship", args=[world.mark_maya.pk]), {"reason": "Clerkship finished"}
    )
    pair = Mentorship.objects.get(pk=world.mark_maya.pk)
    assert (pair.status, pair.end_reason) == ("ended", "Clerkship finished")
    change = pair.status_changes.get()
    assert (change.from_status, change.to_status, change.by) == ("active", "ended", None)
    page = login(world.maya).get(pair.get_absolute_url()).content.decode()
    assert "Clerkship finished" in page and "Log a meeting" not in page
