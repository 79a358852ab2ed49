"""The coordinator's at-risk list: pairs behind their cadence, sortable, names and dates only."""

from __future__ import annotations

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from mentora.engagement.models import DriftPolicy
from mentora.engagement.sources import plan_due
from mentora.mentorships.actions import MeetingDetails, do_log_meeting
from mentora.people.ladder import Stage
from tests import factories


def _mentees_in_order(html: str) -> list[str]:
    return re.findall(r'<a href="/mentorships/\d+/">([^<]+)</a>', html)


def test_the_list_shows_pairs_behind_with_days_behind_and_last_contact(world, login):
    today = timezone.localdate()
    cohort = world.cohort
    # Maya's pair met 20 days ago, with notes; Nina's never met; Zoe's met 150 days ago.
    do_log_meeting(
        [world.mark_maya],
        MeetingDetails(on=today - timedelta(days=20), goal="SECRET-GROW-NOTE"),
        world.mark,
        timezone.now(),
    )
    zoe = factories.make_person("Zoe Quiet", Stage.MS3)
    factories.enrol(cohort, zoe)
    zoe_pair = factories.pair(cohort, world.mark, zoe)
    do_log_meeting(
        [zoe_pair],
        MeetingDetails(on=today - timedelta(days=150), goal="SECRET-2"),
        world.mark,
        timezone.now(),
    )
    plan_due(timezone.now())

    page = login(world.alice).get(reverse("at_risk", args=[cohort.pk])).content.decode()
    assert "SECRET" not in page
    quiet_since_start = (today - cohort.starts_on).days
    interval = 365 / cohort.program.meetings_per_year_target
    behind = {"Nina Other": int(quiet_since_start - interval), "Zoe Quiet": int(150 - interval)}
    behind = {name: days for name, days in behind.items() if days > 0}
    assert _mentees_in_order(page) == sorted(behind, key=lambda n: -behind[n])
    for days in behind.values():
        assert f'<td class="num">{days}</td>' in page
    if "Zoe Quiet" in behind:
        assert (today - timedelta(days=150)).isoformat() in page
    assert "Maya Mentee" not in page  # on cadence: met 20 days ago

    by_name = login(world.alice).get(reverse("at_risk", args=[cohort.pk]) + "?sort=mentee")
    assert _mentees_in_order(by_name.content.decode()) == sorted(behind)


def test_another_programs_coordinator_and_the_pair_cannot_open_it(world, login):
    url = reverse("at_risk", args=[world.cohort.pk])
    assert login(world.bob).get(url).status_code == 404
    assert login(world.maya).get(url).status_code == 404
    assert login(world.mark).get(url).status_code == 404


def test_an_unknown_sort_falls_back_to_days_behind(world, login):
    url = reverse("at_risk", args=[world.cohort.pk]) + "?sort=%27%3B--"
    assert login(world.alice).get(url).status_code == 200


def test_a_coordinator_sets_the_reminder_steps_of_the_program(world, login):
    client = login(world.alice)
    url = reverse("drift_policy", args=[world.cohort.pk])
    steps = {"mentee": "3", "mentor": "10", "coordinator": "20", "goal_review": "14"}
    response = client.post(url, steps)
    assert response.status_code == 302
    policy = DriftPolicy.objects.get(program=world.clerkship)
    assert (
        policy.mentee_after_days,
        policy.mentor_after_days,
        policy.coordinator_after_days,
        policy.goal_review_days,
    ) == (3, 10, 20, 14)
    page = client.get(reverse("at_risk", args=[world.cohort.pk])).content.decode()
    assert 'name="coordinator" value="20"' in page


def test_steps_out_of_order_are_refused_and_nothing_is_saved(world, login):
    url = reverse("drift_policy", args=[world.cohort.pk])
    response = login(world.alice).post(
        url, {"mentee": "30", "mentor": "10", "coordinator": "20", "goal_review": "30"}
    )
    assert response.status_code == 400
    assert "The steps go in order" in response.content.decode()
    assert not DriftPolicy.objects.exists()


def test_another_programs_coordinator_cannot_set_the_steps(world, login):
    url = reverse("drift_policy", args=[world.cohort.pk])
    steps = {"mentee": "3", "mentor": "10", "coordinator": "20", "goal_review": "14"}
    assert login(world.bob).post(url, steps).status_code == 404
    assert login(world.maya).post(url, steps).status_code == 404
    assert not DriftPolicy.objects.exists()
