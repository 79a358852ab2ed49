"""Relationships go on past the program period (seed 000): an active pair's meetings after its
cohort's end date count, and the pages say the window their counts use."""

from __future__ import annotations

import time_machine
from django.urls import reverse

from mentora.mentorships.models import Mentorship


@time_machine.travel("2027-08-10 10:00 -05:00", tick=False)
def test_a_meeting_after_the_cohort_ends_counts_for_an_active_pair(world, login):
    client = login(world.mark)
    logged = client.post(
        reverse("log_meeting", args=[world.mark_maya.pk]),
        {"mentorships": [world.mark_maya.pk], "on": "2027-08-10", "duration_minutes": "30",
         "mode": "in_person"},
    )
    assert logged.status_code == 302
    page = client.get(reverse("mentorship", args=[world.mark_maya.pk])).content.decode()
    assert "1 held," in page
    assert "Counted from 1 Jul 2026 to 10 Aug 2027, past the cohort" in page
    assert "30 Jun 2027" in page

    summary = login(world.alice).get(
        reverse("cohort_relationships", args=[world.cohort.pk])
    ).content.decode()
    assert "1 held;" in summary
    assert "Each pair counted from its start" in summary


@time_machine.travel("2027-08-10 10:00 -05:00", tick=False)
def test_an_ended_pair_is_still_judged_on_the_cohort_end(world, login):
    Mentorship.objects.filter(pk=world.mark_nina.pk).update(status=Mentorship.Status.ENDED)
    page = login(world.mark).get(reverse("mentorship", args=[world.mark_nina.pk])).content.decode()
    assert "to 30 Jun 2027." in page
