"""The learner logs a procedure; the mentor confirms it; confirmed entries move the goal."""

from datetime import date

import pytest
from django.urls import reverse

from mentora.feedback.actions import FeedbackError, do_confirm_procedure, do_log_procedure
from mentora.feedback.models import ProcedureEntry
from mentora.mentorships.actions import do_set_goal
from mentora.mentorships.models import Goal
from tests.feedback.conftest import NOW


@pytest.fixture
def goal(world):
    return do_set_goal(world.mark_maya, world.maya, NOW, specific="Five shoulder reductions",
                       target_count=5, unit="supervised shoulder reductions")


def _log(world, goal, day=1, name="Shoulder reduction"):
    return do_log_procedure(world.mark_maya, world.maya, NOW, procedure=name,
                            performed_on=date(2026, 11, day), level="supervised", goal=goal)


def test_the_learner_logs_one_from_the_form_and_the_name_is_normalised(world, login, goal):
    response = login(world.maya).post(reverse("log_procedure", args=[world.mark_maya.pk]), {
        "procedure": "  Shoulder   REDUCTION", "performed_on": "2026-11-19",
        "level": "supervised", "goal": goal.pk, "note": "",
    })
    assert response.status_code == 302
    entry = ProcedureEntry.objects.get()
    assert entry.procedure == "shoulder reduction" and entry.supervisor == world.mark
    assert entry.confirmed_at is None


def test_a_procedure_in_the_future_is_refused_saying_where(world, login):
    response = login(world.maya).post(reverse("log_procedure", args=[world.mark_maya.pk]), {
        "procedure": "Suturing", "performed_on": "2026-12-30", "level": "assisted",
    })
    assert response.status_code == 200
    assert "performed_on: 2026-12-30 is in the future" in response.content.decode()
    assert not ProcedureEntry.objects.exists()


def test_only_confirmed_entries_count_and_the_fifth_achieves_the_goal(world, login, goal):
    entries = [_log(world, goal, day) for day in range(1, 6)]
    goal_url = reverse("goal", args=[goal.pk])
    page = login(world.maya).get(goal_url).content.decode()
    assert "0 of 5 supervised shoulder reductions" in page
    for entry in entries[:4]:
        do_confirm_procedure(entry, world.mark, NOW)
    page = login(world.maya).get(goal_url).content.decode()
    assert "4 of 5 supervised shoulder reductions" in page
    response = login(world.mark).post(reverse("confirm_procedure", args=[entries[4].pk]))
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.status == Goal.Status.ACHIEVED and goal.achieved_on == date(2026, 11, 5)
    pair_page = login(world.maya).get(reverse("mentorship", args=[world.mark_maya.pk]))
    assert "5 of 5 supervised shoulder reductions" in pair_page.content.decode()


def test_the_learner_cannot_confirm_their_own(world, login, goal):
    entry = _log(world, goal)
    response = login(world.maya).post(reverse("confirm_procedure", args=[entry.pk]))
    assert response.status_code == 404
    with pytest.raises(FeedbackError, match="supervisor"):
        do_confirm_procedure(entry, world.maya, NOW)
    entry.refresh_from_db()
    assert entry.confirmed_at is None


def test_nobody_else_reaches_an_entry_or_the_log(world, login, goal):
    entry = _log(world, goal)
    for reader in (world.nina, world.alice):
        assert login(reader).post(reverse("confirm_procedure", args=[entry.pk])).status_code == 404
    assert login(world.mark).get(reverse("log_procedure", args=[world.mark_maya.pk])
                                 ).status_code == 404
    entry.refresh_from_db()
    assert entry.confirmed_at is None


def test_a_goal_of_another_pair_is_refused(world):
    other = do_set_goal(world.mark_nina, world.nina, NOW, specific="Sutures", target_count=3)
    with pytest.raises(FeedbackError, match="goal: that goal belongs to another mentorship"):
        _log(world, other)
