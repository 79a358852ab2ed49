"""What a person does to their own notifications: read them, choose what reaches them."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.http import Http404

from mentora.audit.record import Action, record
from mentora.engagement.models import DriftPolicy, Kind, Notification, Preference
from mentora.people.models import Person
from mentora.programs.models import Program


@transaction.atomic
def do_open_notification(person: Person, notification_id: int, now: datetime) -> Notification:
    """The person's own notification, marked read; anyone else's is a 404."""
    notification = Notification.objects.filter(pk=notification_id, recipient=person).first()
    if notification is None:
        raise Http404("No such notification.")
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=now)
        notification.read_at = now
        record(
            Action.UPDATE,
            notification,
            by=person,
            fields=["read_at"],
            label=f"notification {notification.pk}",
        )
    return notification


@transaction.atomic
def do_read_all_notifications(person: Person, now: datetime) -> int:
    """Mark every unread notification of the person read; returns how many."""
    marked = Notification.objects.filter(recipient=person, read_at__isnull=True).update(read_at=now)
    if marked:
        record(
            Action.UPDATE,
            person,
            by=person,
            fields=["notifications read"],
            note=f"{marked} notifications marked read",
            label=f"person {person.pk}",
        )
    return marked


@transaction.atomic
def do_set_preferences(person: Person, choices: dict[str, tuple[bool, bool]]) -> None:
    """Store the person's choice (email, in the app) for each kind named in `choices`."""
    unknown = set(choices) - set(Kind.values)
    if unknown:
        raise ValueError(f"Unknown kinds of notification: {sorted(unknown)}")
    for kind, (email, in_app) in choices.items():
        Preference.objects.update_or_create(
            person=person, kind=kind, defaults={"email": email, "in_app": in_app}
        )
    record(
        Action.UPDATE,
        person,
        by=person,
        fields=["notification preferences"],
        label=f"person {person.pk}",
    )


class PolicyError(ValueError):
    """Escalation steps out of order; the message says which."""


@transaction.atomic
def do_set_drift_policy(
    program: Program, by: User, *, mentee: int, mentor: int, coordinator: int, goal_review: int
) -> DriftPolicy:
    """A program's escalation steps (days behind cadence before the mentee, then the mentor
    are reminded, then the pair is flagged) and how often goals are reviewed."""
    if not mentee <= mentor <= coordinator:
        raise PolicyError(
            "The steps go in order: the mentee first, then the mentor, then the coordinators "
            f"(you gave {mentee}, {mentor} and {coordinator} days)."
        )
    policy, _ = DriftPolicy.objects.update_or_create(
        program=program,
        defaults={
            "mentee_after_days": mentee,
            "mentor_after_days": mentor,
            "coordinator_after_days": coordinator,
            "goal_review_days": goal_review,
        },
    )
    record(
        Action.UPDATE,
        policy,
        program=program,
        by=by,
        fields=[
            "mentee_after_days",
            "mentor_after_days",
            "coordinator_after_days",
            "goal_review_days",
        ],
    )
    return policy
