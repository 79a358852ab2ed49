"""Goals, their progress, and action items."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import F, Field
from django.utils import timezone

from mentora.audit.record import Action, record
from mentora.mentorships.actions.agreements import EditConflict
from mentora.mentorships.models import (
    ActionItem,
    Competency,
    DevelopmentPlan,
    Goal,
    GoalProgress,
    Mentorship,
)
from mentora.people.models import Person

GOAL_FIELDS = (
    "specific", "target_count", "unit", "achievable", "relevant", "due_on",
    "reality", "options", "will", "plan",
)


def _label(name: str) -> str:
    field = Goal._meta.get_field(name)
    return str(field.verbose_name) if isinstance(field, Field) else name


def _stored(goal: Goal, name: str) -> Any:
    return goal.plan_id if name == "plan" else getattr(goal, name)


def _goal_conflict(goal_id: int, seen: int, fields: dict[str, Any]) -> EditConflict:
    current = Goal.objects.select_related("updated_by").get(pk=goal_id)
    who = current.updated_by.full_name if current.updated_by else "Someone"
    when = (f" at {timezone.localtime(current.updated_at):%Y-%m-%d %H:%M}"
            if current.updated_at else "")
    differ = [_label(name) for name, value in fields.items() if _stored(current, name) != (
        value.pk if isinstance(value, DevelopmentPlan) else value)]
    what = f" Theirs and yours differ in: {', '.join(differ)}." if differ else ""
    return EditConflict(
        f"{who} saved this goal{when} while you were editing it.{what} Your changes were not "
        f"saved: they are still in the form below. Compare them with the goal as it is now, then "
        f"save again if you still want them.",
        current.version,
    )


@transaction.atomic
def do_set_goal(
    mentorship: Mentorship,
    by: Person,
    now: datetime,
    competencies: list[Competency] | None = None,
    goal: Goal | None = None,
    version: int | None = None,
    **fields: Any,
) -> Goal:
    """Create a goal, or edit one; `fields` are Goal's SMART and GROW fields.

    An edit names the version its page showed (by default the one `goal` was read at); if
    someone saved the goal since, nothing is written and EditConflict says who and what."""
    unknown = set(fields) - set(GOAL_FIELDS)
    if unknown:
        raise TypeError(f"do_set_goal: unknown fields {sorted(unknown)}")
    created = goal is None
    if goal is None:
        goal = Goal(mentorship=mentorship, created_by=by, created_at=now, updated_by=by,
                    updated_at=now, **fields)
        goal.save()
    else:
        seen = goal.version if version is None else version
        written = Goal.objects.filter(pk=goal.pk, version=seen).update(
            **fields, version=F("version") + 1, updated_by=by, updated_at=now
        )
        if not written:
            raise _goal_conflict(goal.pk, seen, fields)
        goal.refresh_from_db()
    if competencies is not None:
        goal.competencies.set(competencies)
    changed = [*fields, *(["competencies"] if competencies is not None else [])]
    record(Action.CREATE if created else Action.UPDATE, goal, by=by, fields=changed)
    return goal


@transaction.atomic
def do_record_progress(goal: Goal, by: Person, on: date, count: int = 1, note: str = "") -> None:
    """Add progress; a goal whose target is reached becomes achieved on that day."""
    progress = GoalProgress.objects.create(goal=goal, on=on, count=count, note=note,
                                           recorded_by=by)
    record(Action.CREATE, progress, program=goal.mentorship.cohort, by=by)
    target = goal.target_count
    if goal.status == Goal.Status.OPEN and target and goal.progress_done() >= target:
        do_set_goal_status(goal, Goal.Status.ACHIEVED, on)


@transaction.atomic
def do_set_goal_status(goal: Goal, status: str, on: date) -> None:
    goal.status = status
    goal.achieved_on = on if status == Goal.Status.ACHIEVED else None
    goal.save(update_fields=["status", "achieved_on"])
    record(Action.UPDATE, goal, fields=["status", "achieved_on"])


@transaction.atomic
def do_add_action_item(
    mentorship: Mentorship,
    text: str,
    owner: Person,
    now: datetime,
    due_on: date | None = None,
    goal: Goal | None = None,
    meeting: Any = None,
) -> ActionItem:
    if owner.pk not in (mentorship.mentor_id, mentorship.mentee_id):
        raise ValueError("An action item belongs to the mentor or the mentee of the pair.")
    if goal is not None and goal.mentorship_id != mentorship.pk:
        raise ValueError("An action item's goal belongs to the same pair.")
    item = ActionItem.objects.create(
        mentorship=mentorship, text=text, owner=owner, due_on=due_on, goal=goal,
        meeting=meeting, created_at=now,
    )
    record(Action.CREATE, item, by=owner)
    return item


@transaction.atomic
def do_mark_action_item(item: ActionItem, done_on: date | None) -> None:
    """Mark done on a day, or not done again with None."""
    item.done_on = done_on
    item.save(update_fields=["done_on"])
    record(Action.UPDATE, item, fields=["done_on"])
