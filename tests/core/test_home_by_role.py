"""Every role's home leads to its work: the evaluator's lists the reports they may open."""

from __future__ import annotations

from datetime import date

from django.urls import reverse
from django.utils import timezone

from mentora.mentorships.models import Meeting
from mentora.people.ladder import Stage
from tests import factories


def _evaluator():
    person = factories.make_person("Eve Evaluator", Stage.STAFF)
    person.is_evaluator = True
    person.save(update_fields=["is_evaluator"])
    return person


def test_evaluator_home_lists_every_reportable_cohort_with_its_last_update(world, login):
    """Eve's home links each cohort's report, with the day of its last held meeting."""
    meeting = Meeting.objects.create(
        mentor=world.mark, on=date(2026, 9, 14), status=Meeting.Status.HELD,
        created_at=timezone.now(),
    )
    meeting.mentorships.add(world.mark_maya)
    page = login(_evaluator()).get(reverse("home")).content.decode()
    assert "Reports I may open" in page
    assert reverse("evaluation_report", args=[world.cohort.pk]) in page
    assert reverse("evaluation_report", args=[world.faculty_cohort.pk]) in page
    assert "14 Sep 2026" in page
    assert "nothing recorded yet" in page  # the faculty cohort has no activity


def test_an_expired_evaluator_and_a_mentee_see_no_reports(world, login):
    eve = _evaluator()
    eve.evaluator_expires_on = timezone.localdate()
    eve.save(update_fields=["evaluator_expires_on"])
    for who in (eve, world.maya):
        page = login(who).get(reverse("home")).content.decode()
        assert "Reports I may open" not in page
        assert reverse("evaluation_report", args=[world.cohort.pk]) not in page


def test_each_role_home_links_to_its_work(world, login):
    """The coordinator reaches their program, the mentor and the mentee their pair."""
    rows = [
        (world.alice, reverse("program", args=[world.clerkship.pk])),
        (world.mark, reverse("mentorship", args=[world.mark_maya.pk])),
        (world.maya, reverse("mentorship", args=[world.mark_maya.pk])),
    ]
    for who, link in rows:
        assert link in login(who).get(reverse("home")).content.decode()


def test_the_menu_offers_a_mentee_a_mentor_and_a_mentor_only_a_mentee(world, login):
    """Mark mentors and is nobody's mentee: his menu says what the page finds him."""
    mentor_menu = login(world.mark).get(reverse("home")).content.decode()
    assert ">Find a mentee</a>" in mentor_menu and ">Find a mentor</a>" not in mentor_menu
    mentee_menu = login(world.maya).get(reverse("home")).content.decode()
    assert ">Find a mentor</a>" in mentee_menu and ">Find a mentee</a>" not in mentee_menu
