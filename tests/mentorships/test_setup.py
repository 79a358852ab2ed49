"""A program is set up when it is created (topics, agreement and plan templates), programs made
before by a data migration, and no page writes to the database when it is only read."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentora.mentorships.actions import MeetingDetails, do_schedule_meeting, do_set_goal
from mentora.mentorships.models import AgreementTemplate, PlanTemplate, Topic
from mentora.mentorships.pure import defaults
from tests import factories

WRITES = ("INSERT", "UPDATE", "DELETE")


def _writes(client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in queries.captured_queries if q["sql"].lstrip().startswith(WRITES)]


def test_a_new_program_has_its_topics_and_templates_at_once(db):
    program = factories.make_program("Surgery", meetings_per_year_target=6)
    assert [t.name for t in program.topics.all()] == list(defaults.TOPICS)
    assert "at least 6 times" in program.agreement_template.meeting_frequency
    assert sorted(program.plan_templates.values_list("kind", flat=True)) == ["full", "lunch"]


def test_the_migration_sets_up_programs_made_before_and_keeps_what_they_have(world):
    """A program with nothing gets everything; one that renamed its topics keeps its own."""
    Topic.objects.filter(program=world.clerkship).delete()
    AgreementTemplate.objects.filter(program=world.clerkship).delete()
    PlanTemplate.objects.filter(program=world.clerkship).delete()
    Topic.objects.filter(program=world.faculty).delete()
    Topic.objects.create(program=world.faculty, name="Promotion dossier")
    migration = importlib.import_module("mentora.mentorships.migrations.0004_set_up_programs")
    migration.set_up(apps, None)
    assert world.clerkship.topics.count() == len(defaults.TOPICS)
    assert AgreementTemplate.objects.filter(program=world.clerkship).exists()
    assert world.clerkship.plan_templates.count() == 2
    assert [t.name for t in world.faculty.topics.all()] == ["Promotion dossier"]


@pytest.mark.parametrize("who", ["mark", "maya"])
def test_reading_the_pair_pages_and_the_calendar_writes_nothing(world, login, who):
    """The meeting log (new and from a schedule), the agreement, the goal forms, the plan start
    and the calendar page (with no address yet, then with one) only read."""
    now = timezone.now()
    [scheduled] = do_schedule_meeting(
        [world.mark_maya], MeetingDetails(on=date(2026, 9, 20)), world.mark, now
    )
    goal = do_set_goal(world.mark_maya, world.maya, now, specific="Five shoulder reductions")
    client = login(getattr(world, who))
    pair = world.mark_maya.pk
    urls = [
        reverse("log_meeting", args=[pair]),
        reverse("meeting_held", args=[scheduled.pk]),
        reverse("agreement", args=[pair]),
        reverse("new_goal", args=[pair]),
        reverse("edit_goal", args=[goal.pk]),
        reverse("calendar"),
    ]
    if who == "maya":
        urls.append(reverse("start_plan", args=[pair]))
    for url in urls:
        assert _writes(client, url) == [], url
    client.post(reverse("reset_calendar"))
    assert _writes(client, reverse("calendar")) == []
