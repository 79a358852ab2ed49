"""Every write of observations and procedures: who may, checked here, in one transaction."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from mentora.audit.record import Action, record
from mentora.feedback.models import MiniCex, ProcedureEntry
from mentora.feedback.pure.minicex import normalise_procedure
from mentora.mentorships.actions.goals import do_set_goal_status
from mentora.mentorships.models import Goal, Mentorship
from mentora.people.models import Person

MINI_CEX_FIELDS = (
    "observed_on", "setting", "patient_problem", "complexity", "minutes_observing",
    "minutes_feedback", "interviewing", "examination", "professionalism", "judgment",
    "counseling", "organization", "overall", "strengths", "next_step",
)


class FeedbackError(Exception):
    """A write refused, with a message for the person who tried it."""


def _live(pair: Mentorship) -> None:
    if not pair.is_live:
        raise FeedbackError("This mentorship is not active: nothing can be recorded in it.")


@transaction.atomic
def do_record_mini_cex(pair: Mentorship, by: Person, now: datetime, **fields: Any) -> MiniCex:
    """The mentor records a mini-CEX of their mentee; `fields` are the form's."""
    unknown = set(fields) - set(MINI_CEX_FIELDS)
    if unknown:
        raise TypeError(f"do_record_mini_cex: unknown fields {sorted(unknown)}")
    if by.pk != pair.mentor_id:
        raise FeedbackError("Only the learner's mentor records a mini-CEX in this mentorship.")
    _live(pair)
    if not str(fields.get("next_step", "")).strip():
        raise FeedbackError("next_step: write one next step for the learner.")
    observation = MiniCex(mentorship=pair, observer=by, learner_id=pair.mentee_id,
                          created_at=now, **fields)
    observation.full_clean()
    observation.save()
    record(Action.CREATE, observation, program=pair.cohort, by=by)
    return observation


@transaction.atomic
def do_acknowledge_observation(
    observation: MiniCex, by: Person, now: datetime, reflection: str = ""
) -> MiniCex:
    """The learner acknowledges a mini-CEX, and may add (or later change) a reflection."""
    if by.pk != observation.learner_id:
        raise FeedbackError("Only the learner acknowledges their observation.")
    changed = ["reflection"]
    if observation.acknowledged_at is None:
        observation.acknowledged_at = now
        changed.append("acknowledged_at")
    observation.reflection = reflection.strip()
    observation.save(update_fields=changed)
    record(Action.UPDATE, observation, program=observation.mentorship.cohort, by=by,
           fields=changed)
    return observation


@transaction.atomic
def do_log_procedure(
    pair: Mentorship, by: Person, now: datetime, *, procedure: str, performed_on: date,
    level: str, goal: Goal | None = None, note: str = "",
) -> ProcedureEntry:
    """The learner logs a procedure; their mentor is the supervisor who confirms it."""
    if by.pk != pair.mentee_id:
        raise FeedbackError("Only the learner logs their own procedures.")
    _live(pair)
    name = normalise_procedure(procedure)
    if not name:
        raise FeedbackError("procedure: name the procedure.")
    if level not in ProcedureEntry.Level.values:
        raise FeedbackError(f"level: {level!r} is not one of {', '.join(ProcedureEntry.Level)}")
    if goal is not None and goal.mentorship_id != pair.pk:
        raise FeedbackError("goal: that goal belongs to another mentorship.")
    if performed_on > timezone.localdate(now):  # the day it is where the learner is
        raise FeedbackError(f"performed_on: {performed_on} is in the future.")
    entry = ProcedureEntry.objects.create(
        mentorship=pair, learner=by, supervisor_id=pair.mentor_id, procedure=name,
        performed_on=performed_on, level=level, goal=goal, note=note.strip(), logged_at=now,
    )
    record(Action.CREATE, entry, program=pair.cohort, by=by)
    return entry


@transaction.atomic
def do_confirm_procedure(entry: ProcedureEntry, by: Person, now: datetime) -> ProcedureEntry:
    """The supervisor confirms a logged procedure: from now on it counts, and a goal it
    counts toward whose target is reached becomes achieved on the procedure's day."""
    if by.pk != entry.supervisor_id:
        raise FeedbackError("Only the supervisor named on the entry confirms it.")
    if entry.confirmed_at is not None:
        raise FeedbackError("This procedure is already confirmed.")
    entry.confirmed_at = now
    entry.save(update_fields=["confirmed_at"])
    record(Action.UPDATE, entry, program=entry.mentorship.cohort, by=by, fields=["confirmed_at"])
    if entry.goal_id is not None:
        goal = Goal.objects.get(pk=entry.goal_id)
        target = goal.target_count
        if goal.status == Goal.Status.OPEN and target and goal.progress_done() >= target:
            do_set_goal_status(goal, Goal.Status.ACHIEVED, entry.performed_on)
    return entry
