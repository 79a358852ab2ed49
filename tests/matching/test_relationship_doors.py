"""Matching proposes, mentorships disposes: whatever starts or ends a relationship from the match
workflow (publishing, a second run that breaks pairs, a re-match, an accepted request), the
relationship's history has the same rows as any other start or end."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentora.matching.match_requests import do_accept_match_request, do_ask_for
from mentora.matching.publish import do_publish
from mentora.matching.rematch import rematch_ask
from mentora.matching.runs import do_start_rematch, do_start_run
from mentora.mentorships.actions.status import rematch_requests
from mentora.mentorships.models import Mentorship, StatusChange
from mentora.people.ladder import Stage
from mentora.people.models import Person
from tests import factories
from tests.matching.builders import decline, enrol, interested, tiered_clerkship

NOW = datetime(2026, 8, 1, 12, tzinfo=UTC)
LATER = datetime(2026, 8, 20, 12, tzinfo=UTC)
pytestmark = pytest.mark.django_db


def _history(pair: Mentorship) -> list[tuple[str, str, str, int | None]]:
    return [(c.from_status, c.to_status, c.reason, c.by_id) for c in pair.status_changes.all()]


@pytest.fixture
def clerkship(world):
    Person.objects.create(full_name="Alice Coordinator", email="alice@example.edu",
                          career_stage=Stage.ASSOCIATE_PROFESSOR, user=world.alice)
    return tiered_clerkship(world.alice)


def test_publishing_starts_every_pair_with_its_history_row(clerkship):
    run = do_start_run(clerkship.cohort, clerkship.coordinator, NOW)
    do_publish(run, run.version, clerkship.coordinator, NOW)
    alice = clerkship.coordinator.person.pk
    pairs = Mentorship.objects.filter(cohort=clerkship.cohort)
    assert pairs.count() == len(run.pairs) == 8
    for pair in pairs:
        assert _history(pair) == [("proposed", "active", "Matched by match run 1", alice)]


def test_publishing_is_one_bulk_write_whatever_the_cohort_size(world):
    costs = []
    for students in (4, 16):
        cohort = tiered_clerkship(world.alice, students, prefix=f"{students} ").cohort
        run = do_start_run(cohort, world.alice, NOW)
        coordinator = type(world.alice).objects.get(pk=world.alice.pk)  # nothing cached
        with CaptureQueriesContext(connection) as queries:
            do_publish(run, run.version, coordinator, NOW, notify=False)
        costs.append(len(queries.captured_queries))
        assert StatusChange.objects.filter(mentorship__cohort=cohort).count() == 2 * students
    assert costs[0] == costs[1]


def test_a_run_that_may_break_current_pairs_ends_them_with_their_history(clerkship):
    first = do_start_run(clerkship.cohort, clerkship.coordinator, NOW)
    do_publish(first, first.version, clerkship.coordinator, NOW)
    student = clerkship.students[0]
    intern = Mentorship.objects.get(cohort=clerkship.cohort, mentee=student, tier="Intern")
    second = do_start_run(clerkship.cohort, clerkship.coordinator, LATER, break_current=True,
                          forbids=[(student.pk, intern.mentor_id)])
    outcome = do_publish(second, second.version, clerkship.coordinator, LATER)
    intern.refresh_from_db()
    assert outcome.ended >= 1 and (intern.status, str(intern.ended_on)) == ("ended",
                                                                            "2026-08-20")
    alice = clerkship.coordinator.person.pk
    assert _history(intern) == [("proposed", "active", "Matched by match run 1", alice),
                                ("active", "ended", "Re-matched by match run 2", alice)]
    ended = Mentorship.objects.filter(cohort=clerkship.cohort, status="ended")
    assert ended.count() == outcome.ended == StatusChange.objects.filter(
        mentorship__cohort=clerkship.cohort, to_status="ended").count()


def test_a_rematch_declines_then_starts_with_history_and_closes_the_request(clerkship):
    spare = interested(factories.make_person("Intern spare", Stage.PGY1), "Cardiology")
    enrol(clerkship.cohort, spare, "mentor", 1, clerkship.program.tiers.get(name="Intern"))
    first = do_start_run(clerkship.cohort, clerkship.coordinator, NOW)
    do_publish(first, first.version, clerkship.coordinator, NOW)
    student = clerkship.students[0]
    declined = Mentorship.objects.get(cohort=clerkship.cohort, mentee=student, tier="Intern")
    decline(declined, LATER)
    assert len(rematch_requests(clerkship.cohort)) == 1
    run = do_start_rematch(clerkship.cohort, clerkship.coordinator, LATER,
                           rematch_ask(clerkship.cohort))
    outcome = do_publish(run, run.version, clerkship.coordinator, LATER)
    [new] = outcome.created
    alice = clerkship.coordinator.person.pk
    assert _history(declined) == [("proposed", "active", "Matched by match run 1", alice),
                                  ("active", "declined", "interests", student.pk)]
    assert _history(new) == [("proposed", "active", "Re-matched by match run 2", alice)]
    assert (new.mentee_id, new.tier) == (student.pk, "Intern")
    assert rematch_requests(clerkship.cohort) == []


def test_an_accepted_request_starts_the_pair_with_the_mentors_history_row(world):
    program = factories.make_program("Pick", world.alice, allows_self_selection=True)
    cohort = factories.make_cohort(program)
    mentor = factories.make_person("Dr Choice", Stage.ASSOCIATE_PROFESSOR)
    enrol(cohort, mentor, "mentor", capacity=1)
    ann = factories.make_person("Ann", Stage.ASSISTANT_PROFESSOR)
    seat = enrol(cohort, ann)
    proposal = do_ask_for(cohort.enrolments.select_related("cohort__program", "person").get(
        pk=seat.pk), mentor, NOW)
    pair = do_accept_match_request(proposal, NOW)
    assert (pair.source, pair.status, pair.role) == ("self_selected", "active", "career")
    assert _history(pair) == [("proposed", "active", "The mentor accepted the mentee's request",
                               mentor.pk)]
