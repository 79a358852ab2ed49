"""SMART goals with a counted target, progress, status and action items, through the pages."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from mentora.mentorships.actions import do_start_plan, ensure_competencies
from mentora.mentorships.models import ActionItem, Competency, Goal

SHOULDER = {
    "specific": "Perform supervised shoulder reductions with direct feedback",
    "target_count": "5",
    "unit": "supervised shoulder reductions",
    "due_on": "2027-03-31",
    "achievable": "Weekly simulation and three bedside shifts",
    "relevant": "Emergency medicine residency applications",
    "will": "Book the simulation lab",
}


def test_the_goal_form_offers_the_acgme_competencies_and_core_epas(world, login):
    ensure_competencies()  # a transactional test run before may have flushed the seeded rows
    page = login(world.maya).get(reverse("new_goal", args=[world.mark_maya.pk])).content.decode()
    assert "Systems-based practice" in page and "Obtain informed consent" in page
    assert Competency.objects.filter(framework__name="ACGME core competencies").count() == 6
    assert Competency.objects.filter(framework__name="AAMC Core EPAs").count() == 13


def test_a_mentee_sets_a_smart_goal_linked_to_a_competency(world, login):
    client = login(world.maya)
    ensure_competencies()  # a transactional test run before may have flushed the seeded rows
    epa12 = Competency.objects.get(code="EPA12")
    response = client.post(
        reverse("new_goal", args=[world.mark_maya.pk]), {**SHOULDER, "competencies": [epa12.pk]}
    )
    goal = Goal.objects.get()
    assert response.url == goal.get_absolute_url()
    assert list(goal.competencies.all()) == [epa12]
    page = login(world.mark).get(goal.get_absolute_url()).content.decode()
    assert "0 of 5 supervised shoulder reductions" in page and "EPA12" in page


def test_a_target_without_a_unit_is_refused_with_a_message(world, login):
    response = login(world.maya).post(
        reverse("new_goal", args=[world.mark_maya.pk]), {**SHOULDER, "unit": ""}
    )
    assert response.status_code == 200
    assert "Say what is counted" in response.content.decode()
    assert not Goal.objects.exists()


@pytest.mark.parametrize(
    ("counts", "label", "status"),
    [
        ([1, 2], "3 of 5", Goal.Status.OPEN),
        ([3, 2], "5 of 5", Goal.Status.ACHIEVED),
        ([4, 4], "5 of 5", Goal.Status.ACHIEVED),
    ],
)
def test_progress_counts_towards_the_target_and_achieves_the_goal(
    world, login, counts, label, status
):
    client = login(world.maya)
    client.post(reverse("new_goal", args=[world.mark_maya.pk]), SHOULDER)
    goal = Goal.objects.get()
    for count in counts:
        client.post(reverse("goal_progress", args=[goal.pk]), {"count": count})
    goal.refresh_from_db()
    assert goal.status == status
    assert label in client.get(goal.get_absolute_url()).content.decode()


def test_a_goal_in_the_plan_is_linked_to_the_mentees_plan(world, login):
    from django.utils import timezone

    plan = do_start_plan(world.maya, world.cohort, "lunch", timezone.now())
    login(world.maya).post(
        reverse("new_goal", args=[world.mark_maya.pk]), {**SHOULDER, "in_plan": "on"}
    )
    assert Goal.objects.get().plan == plan


def test_action_items_have_an_owner_and_are_ticked_off(world, login):
    client = login(world.mark)
    client.post(
        reverse("add_action_item", args=[world.mark_maya.pk]),
        {"text": "Send the residency timeline", "owner": world.mark.pk, "due_on": "2026-10-01"},
    )
    item = ActionItem.objects.get()
    assert (item.owner, item.due_on, item.done_on) == (world.mark, date(2026, 10, 1), None)
    client.post(reverse("toggle_action_item", args=[item.pk]))
    item.refresh_from_db()
    assert item.done_on is not None
    client.post(reverse("toggle_action_item", args=[item.pk]))
    item.refresh_from_db()
    assert item.done_on is None


def test_an_action_item_cannot_belong_to_someone_outside_the_pair(world, login):
    login(world.mark).post(
        reverse("add_action_item", args=[world.mark_maya.pk]),
        {"text": "Do it", "owner": world.nina.pk},
    )
    assert not ActionItem.objects.exists()


def test_an_action_item_past_its_day_is_marked_overdue_on_the_pair_page(world, login):
    """As on the home page: open and past its day, overdue; ticked off, or not due yet, not."""
    client = login(world.maya)
    add = reverse("add_action_item", args=[world.mark_maya.pk])
    client.post(add, {"text": "Read the criteria", "owner": world.maya.pk, "due_on": "2020-01-06"})
    client.post(add, {"text": "Book the lab", "owner": world.maya.pk, "due_on": "2099-01-06"})
    page = reverse("mentorship", args=[world.mark_maya.pk])

    def overdue() -> list[str]:
        section = client.get(page).content.decode().split('id="actions-h"')[1].split("</ul>")[0]
        items = [" ".join(re.sub(r"<[^>]+>|[☐☑]", " ", li).split()) for li in section.split("<li>")]
        return [item for item in items if item.endswith("overdue")]

    assert overdue() == ["Read the criteria (Maya Mentee, due 6 Jan 2020) overdue"]
    lapsed = ActionItem.objects.get(text="Read the criteria")
    client.post(reverse("toggle_action_item", args=[lapsed.pk]))
    assert overdue() == []
