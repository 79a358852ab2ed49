"""Goals, their progress, and action items."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import transaction

from mentora.mentorships.models import ActionItem, Competency, Goal, GoalProgress, Mentorship
from mentora.people.models import Person

GOAL_FIELDS = (
    "specific", "target_count", "unit", "achievable", "relevant", "due_on",
    "reality", "options", "will", "plan",
)


@transaction.atomic
def do_set_goal(
    mentorship: Mentorship,
    by: Person,
    now: datetime,
    competencies: list[Competency] | None = None,
    goal: Goal | None = None,
    **fields: Any,
) -> Goal:
    """Create a goal, or edit one; `fields` are Goal's SMART and GROW fields."""
    unknown = set(fields) - set(GOAL_FIELDS)
    if unknown:
        raise TypeError(f"do_set_goal: unknown fields {sorted(unknown)}")
    if goal is None:
        goal = Goal(mentorship=mentorship, created_by=by, created_at=now)
    for name, value in fields.items():
        setattr(goal, name, value)
    goal.save()
    if competencies is not None:
        goal.competencies.set(competencies)
    return goal


@transaction.atomic
def do_record_progress(goal: Goal, by: Person, on: date, count: int = 1, note: str = "") -> None:
    """Add progress; a goal whose target is reached becomes achieved on that day."""
    GoalProgress.objects.create(goal=goal, on=on, count=count, note=note, recorded_by=by)
    target = goal.target_count
    if goal.status == Goal.Status.OPEN and target and goal.progress_done() >= target:
        do_set_goal_status(goal, Goal.Status.ACHIEVED, on)


def do_set_goal_status(goal: Goal, status: str, on: date) -> None:
    goal.status = status
    goal.achieved_on = on if status == Goal.Status.ACHIEVED else None
    goal.save(update_fields=["status", "achieved_on"])


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
    return ActionItem.objects.create(
        mentorship=mentorship, text=text, owner=owner, due_on=due_on, goal=goal,
        meeting=meeting, created_at=now,
    )


def do_mark_action_item(item: ActionItem, done_on: date | None) -> None:
    """Mark done on a day, or not done again with None."""
    item.done_on = done_on
    item.save(update_fields=["done_on"])
