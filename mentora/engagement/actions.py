"""What a person does to their own notifications: read them, choose what reaches them."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.http import Http404

from mentora.audit.record import Action, record
from mentora.engagement.models import DriftPolicy, Kind, Notification, Preference, Pulse
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
    program: Program,
    by: User,
    *,
    mentee: int,
    mentor: int,
    coordinator: int,
    goal_review: int,
    pulse_first: int = 30,
    pulse_every: int = 60,
) -> DriftPolicy:
    """A program's escalation steps (days behind cadence before the mentee, then the mentor
    are reminded, then the pair is flagged), how often goals are reviewed, and when mentees
    are asked a pulse check (days after the match, then every so many days)."""
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
            "pulse_first_days": pulse_first,
            "pulse_every_days": pulse_every,
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
            "pulse_first_days",
            "pulse_every_days",
        ],
    )
    return policy


class PulseError(ValueError):
    """A pulse answered twice, or for a relationship no longer running."""


@transaction.atomic
def do_answer_pulse(
    pulse: Pulse, by: Person, *, rating: int, wants_talk: bool, now: datetime
) -> Pulse:
    """The mentee's answer to their pair's pulse check, once: anyone else's is a 404."""
    pair = pulse.mentorship
    if by.pk != pair.mentee_id:
        raise Http404("No such pulse check.")
    if not 1 <= rating <= 5:
        raise PulseError(f"Choose how it is going from 1 to 5 (you gave {rating}).")
    answered = Pulse.objects.filter(pk=pulse.pk, answered_at__isnull=True).update(
        answered_at=now, rating=rating, wants_talk=wants_talk
    )
    if not answered:
        raise PulseError("You have answered this pulse check already.")
    pulse.answered_at, pulse.rating, pulse.wants_talk = now, rating, wants_talk
    record(
        Action.UPDATE,
        pulse,
        program=pair.cohort.program,
        by=by,
        fields=["rating", "wants_talk", "answered_at"],
        label=f"pulse {pulse.number} of mentorship {pair.pk}",
    )
    return pulse
