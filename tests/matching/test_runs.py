"""A coordinator's runs: stored inputs, adjustments guarded by a version, publishing, re-match."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from mentora.matching.models import MatchRun
from mentora.matching.publish import NotPublishable, do_publish
from mentora.matching.rematch import rematch_ask
from mentora.matching.runs import (
    RematchAsk,
    StaleRun,
    do_adjust,
    do_run_again,
    do_start_rematch,
    do_start_run,
    solve_snapshot,
)
from mentora.mentorships.models import Mentorship
from mentora.people.ladder import Stage
from tests import factories
from tests.matching.builders import decline, enrol, interested, tiered_clerkship

NOW = datetime(2026, 8, 1, 12, tzinfo=UTC)
pytestmark = pytest.mark.django_db


def _pairs(run):
    return {(p.mentee_id, p.mentor_id, p.slot) for p in run.pairs}


@pytest.fixture
def clerkship(world):
    return tiered_clerkship(world.alice)


@pytest.mark.parametrize("mode", ["welfare", "stable", "participation"])
def test_a_stored_run_solves_again_to_the_same_pairs(clerkship, mode):
    run = do_start_run(clerkship.cohort, clerkship.coordinator, NOW, mode=mode)
    assert run.status == MatchRun.Status.DONE
    again, _ = solve_snapshot(MatchRun.objects.get(pk=run.pk).snapshot)
    assert {(p.mentee_id, p.mentor_id, p.slot) for p in again.pairs} == _pairs(run)
    assert len(run.pairs) == 2 * len(clerkship.students)


def test_the_run_reports_its_phases(clerkship):
    run = do_start_run(clerkship.cohort, clerkship.coordinator, NOW)
    assert run.progress[0] == "inputs stored"
    assert any("solving" in phase for phase in run.progress)
    assert run.progress[-1].startswith("done")


def test_pin_and_forbid_shape_the_next_run(clerkship):
    first = do_start_run(clerkship.cohort, clerkship.coordinator, NOW)
    student = clerkship.students[0]
    chosen = next(p for p in first.pairs if p.mentee_id == str(student.pk)
                  and p.slot == "Intern")
    other_intern = next(i for i in clerkship.interns if str(i.pk) != chosen.mentor_id)
    run = do_adjust(first, first.version, "forbid", student.pk, int(chosen.mentor_id))
    run = do_adjust(run, run.version, "pin", clerkship.students[1].pk, clerkship.residents[0].pk)
    second = do_run_again(run, run.version, clerkship.coordinator, NOW)
    mentors = {p.mentor_id for p in second.pairs if p.mentee_id == str(student.pk)}
    assert chosen.mentor_id not in mentors
    assert str(other_intern.pk) in mentors
    pinned = [p for p in second.pairs if p.mentee_id == str(clerkship.students[1].pk)
              and p.mentor_id == str(clerkship.residents[0].pk)]
    assert pinned and pinned[0].fixed
    assert second.based_on_id == first.pk and second.number == first.number + 1


def test_a_stale_edit_is_refused_and_says_so(clerkship):
    run = do_start_run(clerkship.cohort, clerkship.coordinator, NOW)
    seen = run.version
    do_adjust(run, seen, "pin", clerkship.students[0].pk, clerkship.interns[0].pk)
    with pytest.raises(StaleRun, match="changed by someone else"):
        do_adjust(run, seen, "forbid", clerkship.students[1].pk, clerkship.interns[0].pk)
    assert MatchRun.objects.get(pk=run.pk).forbids == []


def test_publishing_creates_active_matched_mentorships_and_mails_people(
    clerkship, mailoutbox, django_capture_on_commit_callbacks
):
    run = do_start_run(clerkship.cohort, clerkship.coordinator, NOW)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = do_publish(run, run.version, clerkship.coordinator, NOW)
    pairs = Mentorship.objects.filter(cohort=clerkship.cohort)
    assert pairs.count() == len(run.pairs) == len(outcome.created)
    assert set(pairs.values_list("source", "status", "role")) == {("matched", "active",
                                                                   "near_peer")}
    assert set(pairs.values_list("tier", flat=True)) == {"Intern", "Resident"}
    student = clerkship.students[0]
    mail = next(m for m in mailoutbox if m.to == [student.email])
    assert "your mentor" in mail.body
    with pytest.raises(StaleRun):
        do_publish(run, run.version, clerkship.coordinator, NOW)
    with pytest.raises(NotPublishable):
        do_publish(run, MatchRun.objects.get(pk=run.pk).version, clerkship.coordinator, NOW)


def test_a_second_run_keeps_published_pairs_and_publishes_nothing_twice(clerkship):
    first = do_start_run(clerkship.cohort, clerkship.coordinator, NOW)
    do_publish(first, first.version, clerkship.coordinator, NOW)
    second = do_start_run(clerkship.cohort, clerkship.coordinator, NOW)
    assert _pairs(second) == _pairs(first)
    assert all(p.fixed for p in second.pairs)
    outcome = do_publish(second, second.version, clerkship.coordinator, NOW)
    assert outcome.created == [] and outcome.kept == len(first.pairs)


def test_rematch_changes_only_the_mentee_who_declined(clerkship):
    # Room for a new intern.
    spare = interested(factories.make_person("Intern spare", Stage.PGY1), "Cardiology")
    enrol(clerkship.cohort, spare, "mentor", 1, clerkship.program.tiers.get(name="Intern"))
    first = do_start_run(clerkship.cohort, clerkship.coordinator, NOW)
    do_publish(first, first.version, clerkship.coordinator, NOW)
    student = clerkship.students[0]
    declined = Mentorship.objects.get(cohort=clerkship.cohort, mentee=student, tier="Intern")
    decline(declined, NOW)
    run = do_start_rematch(clerkship.cohort, clerkship.coordinator, NOW,
                           rematch_ask(clerkship.cohort))
    assert run.status == MatchRun.Status.DONE, run.error
    changed = {c.mentee_id for c in run.stored_result().changes}
    assert changed == {str(student.pk)}
    theirs = {p.mentor_id for p in run.pairs if p.mentee_id == str(student.pk)}
    assert len(theirs) == 2 and _resident(first, student) in theirs
    assert str(declined.mentor_id) not in theirs
    others = {p for p in _pairs(run) if p[0] != str(student.pk)}
    assert others == {p for p in _pairs(first) if p[0] != str(student.pk)}
    outcome = do_publish(run, run.version, clerkship.coordinator, NOW)
    assert [(m.mentee_id, m.tier) for m in outcome.created] == [(student.pk, "Intern")]


def test_a_mentee_who_declines_is_an_open_rematch_request(clerkship):
    first = do_start_run(clerkship.cohort, clerkship.coordinator, NOW)
    do_publish(first, first.version, clerkship.coordinator, NOW)
    pair = Mentorship.objects.filter(cohort=clerkship.cohort).first()
    decline(pair, NOW)
    ask = rematch_ask(clerkship.cohort)
    assert ask.resolve == {pair.mentee_id}
    assert ask.declined == {(pair.mentee_id, pair.mentor_id)}


def _resident(run, student):
    return next(p.mentor_id for p in run.pairs
                if p.mentee_id == str(student.pk) and p.slot == "Resident")


def test_an_impossible_pin_fails_the_run_with_the_engines_reason(clerkship):
    intern = clerkship.interns[0]
    pins = [(s.pk, intern.pk) for s in clerkship.students[:3]]  # capacity is 2
    run = do_start_run(clerkship.cohort, clerkship.coordinator, NOW, pins=pins)
    assert run.status == MatchRun.Status.FAILED
    assert "capacity" in run.error


@pytest.mark.django_db(transaction=True)
def test_a_background_run_reports_progress_until_done(world):
    clerkship = tiered_clerkship(world.alice)
    run = do_start_run(clerkship.cohort, clerkship.coordinator, NOW, background=True)
    assert run.status == MatchRun.Status.RUNNING
    for _ in range(200):
        run.refresh_from_db()
        if run.status != MatchRun.Status.RUNNING:
            break
        time.sleep(0.05)
    assert run.status == MatchRun.Status.DONE
    assert run.progress[-1].startswith("done")


def test_a_rematch_leaves_out_people_who_withdrew(clerkship):
    first = do_start_run(clerkship.cohort, clerkship.coordinator, NOW)
    do_publish(first, first.version, clerkship.coordinator, NOW)
    gone, stays = clerkship.students[0], clerkship.students[1]
    clerkship.cohort.enrolments.filter(person=gone).update(status="withdrawn")
    ask = RematchAsk(frozenset({gone.pk, stays.pk}), frozenset())
    run = do_start_rematch(clerkship.cohort, clerkship.coordinator, NOW, ask)
    assert run.status == MatchRun.Status.DONE, run.error
    assert str(gone.pk) not in {p.mentee_id for p in run.pairs}


def test_in_stable_mode_a_mentees_requests_are_their_rank_list(clerkship):
    from mentora.matching.match_requests import do_ask_for

    student = clerkship.students[0]  # cardiology, like Intern 0
    seat = clerkship.cohort.enrolments.select_related("cohort__program", "person").get(
        person=student)
    do_ask_for(seat, clerkship.interns[1], NOW)
    run = do_start_run(clerkship.cohort, clerkship.coordinator, NOW, mode="stable")
    assert run.snapshot["problem"]["rank_requests"] is True
    intern = next(p.mentor_id for p in run.pairs
                  if p.mentee_id == str(student.pk) and p.slot == "Intern")
    assert intern == str(clerkship.interns[1].pk)
