"""Every door that starts, ends or declines a relationship writes the same history rows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentora.mentorships.actions.lifecycle import Start, do_start, do_start_many
from mentora.mentorships.actions.status import (
    StatusError,
    do_decline,
    do_end,
    do_end_many,
    rematch_requests,
)
from mentora.mentorships.models import Mentorship
from mentora.people.ladder import Stage
from tests import factories

# Late evening in Chicago is already the next day in UTC: the dates are the local ones.
NOW = datetime(2026, 9, 2, 3, 30, tzinfo=UTC)
LOCAL_DAY = "2026-09-01"
pytestmark = pytest.mark.django_db


def _history(pair: Mentorship) -> list[tuple[str, str, str, object]]:
    return [(c.from_status, c.to_status, c.reason, c.by) for c in pair.status_changes.all()]


@pytest.fixture
def rhea(world):
    person = factories.make_person("Rhea Resident", Stage.PGY3)
    factories.enrol(world.cohort, person, "mentor", capacity=3)
    return person


def test_starting_one_relationship_records_who_started_it_and_why(world, rhea):
    pair = do_start(world.cohort, Start(world.maya.pk, rhea.pk), source="self_selected",
                    by=rhea, reason="Accepted", now=NOW)
    pair.refresh_from_db()
    assert (pair.status, pair.source, str(pair.started_on)) == ("active", "self_selected",
                                                                LOCAL_DAY)
    assert _history(pair) == [("proposed", "active", "Accepted", rhea)]


def test_a_pair_already_active_is_not_started_twice(world):
    with pytest.raises(StatusError, match="already"):
        do_start(world.cohort, Start(world.maya.pk, world.mark.pk), source="matched", by=None,
                 reason="Matched", now=NOW)
    assert Mentorship.objects.filter(mentee=world.maya, mentor=world.mark).count() == 1


@pytest.mark.parametrize("start", [
    Start(1, 1), Start(1, 2, role="astrologer"),
])
def test_a_start_that_makes_no_sense_is_refused_with_a_reason(world, start):
    with pytest.raises(StatusError):
        do_start_many(world.cohort, [start], source="matched", by=None, reason="x", now=NOW)


def test_starting_many_keeps_active_pairs_and_writes_one_row_per_new_pair(world, rhea):
    starts = [Start(world.maya.pk, world.mark.pk), Start(world.maya.pk, rhea.pk, "near_peer",
                                                         "Resident"),
              Start(world.nina.pk, rhea.pk, "near_peer", "Resident")]
    started = do_start_many(world.cohort, starts, source="matched", by=None,
                            reason="Matched by match run 1", now=NOW)
    assert [m.pk for m in started.kept] == [world.mark_maya.pk]
    assert {(m.mentee_id, m.tier) for m in started.created} == {(world.maya.pk, "Resident"),
                                                                (world.nina.pk, "Resident")}
    for pair in started.created:
        assert _history(pair) == [("proposed", "active", "Matched by match run 1", None)]
    assert _history(world.mark_maya) == []


def test_starting_many_costs_the_same_queries_for_two_pairs_or_twenty(world):
    def cohort_of(size):
        program = factories.make_program(f"Bulk {size}")
        cohort = factories.make_cohort(program)
        mentor = factories.make_person(f"Mentor {size}", Stage.PGY3)
        mentees = [factories.make_person(f"Mentee {size}-{k}", with_login=False)
                   for k in range(size)]
        return cohort, [Start(m.pk, mentor.pk) for m in mentees]

    small, large = cohort_of(2), cohort_of(20)
    with CaptureQueriesContext(connection) as two:
        do_start_many(small[0], small[1], source="matched", by=None, reason="m", now=NOW)
    with CaptureQueriesContext(connection) as twenty:
        do_start_many(large[0], large[1], source="matched", by=None, reason="m", now=NOW)
    assert len(twenty.captured_queries) == len(two.captured_queries) <= 8
    assert Mentorship.objects.filter(cohort=large[0]).count() == 20


def test_a_new_mentor_for_the_declined_role_answers_the_rematch_request(world, rhea):
    do_decline(world.mark_maya, world.maya, "no_contact", NOW)
    assert len(rematch_requests(world.cohort)) == 1
    started = do_start_many(world.cohort, [Start(world.maya.pk, rhea.pk)], source="matched",
                            by=None, reason="Re-matched by match run 2", now=NOW)
    assert started.answered == 1 and rematch_requests(world.cohort) == []


def test_a_start_in_another_role_leaves_the_rematch_request_open(world, rhea):
    do_decline(world.mark_maya, world.maya, "no_contact", NOW)
    do_start(world.cohort, Start(world.maya.pk, rhea.pk, "research"), source="matched",
             by=None, reason="Matched", now=NOW)
    assert len(rematch_requests(world.cohort)) == 1


def test_declining_writes_the_history_row_by_the_mentee(world):
    do_decline(world.mark_maya, world.maya, "time", NOW)
    assert _history(world.mark_maya) == [("active", "declined", "time", world.maya)]


def test_ending_writes_the_history_row_and_the_local_date(world):
    do_end(world.mark_maya, world.mark, "Clerkship finished", NOW)
    world.mark_maya.refresh_from_db()
    assert str(world.mark_maya.ended_on) == LOCAL_DAY
    assert _history(world.mark_maya) == [("active", "ended", "Clerkship finished", world.mark)]


def test_ending_many_ends_only_the_named_active_pairs_each_with_its_row(world):
    ended = do_end_many(world.cohort, {(world.maya.pk, world.mark.pk)}, None,
                        "Re-matched by match run 3", NOW)
    assert [m.pk for m in ended] == [world.mark_maya.pk]
    statuses = dict(Mentorship.objects.filter(cohort=world.cohort).values_list("pk", "status"))
    assert statuses == {world.mark_maya.pk: "ended", world.mark_nina.pk: "active"}
    assert _history(world.mark_maya) == [("active", "ended", "Re-matched by match run 3", None)]
    assert _history(world.mark_nina) == []
    with pytest.raises(StatusError, match="Say why"):
        do_end_many(world.cohort, {(world.nina.pk, world.mark.pk)}, None, " ", NOW)


def test_an_end_racing_a_decline_or_another_end_changes_the_pair_once(world):
    stale = Mentorship.objects.get(pk=world.mark_maya.pk)
    do_decline(world.mark_maya, world.maya, "time", NOW)
    with pytest.raises(StatusError, match="already declined"):
        do_end(stale, world.mark, "Clerkship finished", NOW)
    assert Mentorship.objects.get(pk=world.mark_maya.pk).status == "declined"
    assert _history(world.mark_maya) == [("active", "declined", "time", world.maya)]
    first, second = (Mentorship.objects.get(pk=world.mark_nina.pk) for _ in range(2))
    do_end(first, world.mark, "Done", NOW)
    with pytest.raises(StatusError, match="already ended"):
        do_end(second, world.mark, "Done again", NOW)
    assert _history(world.mark_nina) == [("active", "ended", "Done", world.mark)]
