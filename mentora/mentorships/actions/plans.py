"""Individual development plans: draft, share with the mentors, review and sign off."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from mentora.audit.record import Action, record
from mentora.mentorships.actions.setup import ensure_plan_templates
from mentora.mentorships.models import DevelopmentPlan, Mentorship
from mentora.people.models import Person
from mentora.programs.models import Cohort


class PlanError(ValueError):
    """A plan step out of order or by the wrong person; the message says why."""


@transaction.atomic
def do_start_plan(mentee: Person, cohort: Cohort, kind: str, now: datetime) -> DevelopmentPlan:
    """The mentee's plan for this cycle; one per mentee per cohort, started from a template."""
    existing = DevelopmentPlan.objects.filter(mentee=mentee, cohort=cohort).first()
    if existing is not None:
        return existing
    templates = ensure_plan_templates(cohort.program)
    if kind not in templates:
        raise PlanError(f"No plan template of kind {kind!r}")
    plan = DevelopmentPlan.objects.create(
        mentee=mentee, cohort=cohort, template=templates[kind], created_at=now, updated_at=now
    )
    record(Action.CREATE, plan, by=mentee)
    return plan


@transaction.atomic
def do_write_plan(
    plan: DevelopmentPlan, answers: dict[str, str], by: Person, now: datetime
) -> None:
    if by.pk != plan.mentee_id:
        raise PlanError("Only the mentee writes their development plan.")
    keys = {key for key, _ in plan.template.sections}
    plan.answers = {key: text.strip() for key, text in answers.items() if key in keys}
    plan.updated_at = now
    plan.save(update_fields=["answers", "updated_at"])
    record(Action.UPDATE, plan, by=by, fields=[f"answers.{key}" for key in plan.answers])


@transaction.atomic
def do_share_plan(
    plan: DevelopmentPlan, by: Person, now: datetime, with_coordinators: bool = False
) -> None:
    if by.pk != plan.mentee_id:
        raise PlanError("Only the mentee shares their development plan.")
    if plan.status == DevelopmentPlan.Status.DRAFT:
        plan.status = DevelopmentPlan.Status.SHARED
        plan.shared_at = now
    plan.shared_with_coordinators = with_coordinators
    plan.save(update_fields=["status", "shared_at", "shared_with_coordinators"])
    record(Action.UPDATE, plan, by=by, fields=["status", "shared_at", "shared_with_coordinators"])


def plan_mentors(plan: DevelopmentPlan) -> list[int]:
    """Person ids of the mentee's mentors in the plan's cohort: those who may read and review."""
    return list(
        Mentorship.objects.filter(
            cohort=plan.cohort, mentee=plan.mentee, status=Mentorship.Status.ACTIVE
        ).values_list("mentor_id", flat=True)
    )


@transaction.atomic
def do_review_plan(plan: DevelopmentPlan, by: Person, comments: str, now: datetime) -> None:
    """A mentor comments and signs the plan off."""
    if by.pk not in plan_mentors(plan):
        raise PlanError("Only the mentee's mentors review the plan.")
    if plan.status == DevelopmentPlan.Status.DRAFT:
        raise PlanError("The plan has not been shared yet.")
    plan.status = DevelopmentPlan.Status.REVIEWED
    plan.mentor_comments = comments
    plan.reviewed_by = by
    plan.reviewed_at = now
    plan.save(update_fields=["status", "mentor_comments", "reviewed_by", "reviewed_at"])
    record(Action.UPDATE, plan, by=by, fields=["status", "mentor_comments", "reviewed_at"])
