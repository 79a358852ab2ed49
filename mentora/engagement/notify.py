"""Writing notifications: once per recipient and key, as each recipient's preferences say.

`notify` is the reminder step's write (no person acts: it is the site's own bookkeeping, like
the survey reminders it replaced); what a person does to their own notifications is a door in
mentora.engagement.actions.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.urls import reverse

from mentora.engagement.models import Notification, Preference
from mentora.people.contact import notification_address
from mentora.people.models import Person


@dataclass(frozen=True)
class Draft:
    """A notification to write: `key` names what it is about and for which moment."""

    recipient_id: int
    kind: str
    key: str
    subject: str
    body: str
    link: str = ""
    about_id: int | None = None
    in_app: bool = True  # False: an email only (the weekly digest)


def notify(drafts: Sequence[Draft], now: datetime) -> int:
    """Write each draft whose recipient has no notification with its key yet; returns how many
    were new. Two processes writing the same draft at once write one row (the unique key)."""
    if not drafts:
        return 0
    people = {d.recipient_id for d in drafts}
    existing = set(
        Notification.objects.filter(
            recipient_id__in=people, key__in={d.key for d in drafts}
        ).values_list("recipient_id", "key")
    )
    choices = {
        (p.person_id, p.kind): p
        for p in Preference.objects.filter(person_id__in=people, kind__in={d.kind for d in drafts})
    }
    rows, seen = [], set(existing)
    for draft in drafts:
        if (draft.recipient_id, draft.key) in seen:
            continue
        seen.add((draft.recipient_id, draft.key))
        choice = choices.get((draft.recipient_id, draft.kind))
        wants_email = choice is None or choice.email
        rows.append(
            Notification(
                recipient_id=draft.recipient_id,
                kind=draft.kind,
                key=draft.key[:200],
                subject=draft.subject[:200],
                body=draft.body,
                link=draft.link,
                about_id=draft.about_id,
                created_at=now,
                in_app=draft.in_app and (choice is None or choice.in_app),
                email=Notification.Email.PENDING if wants_email else Notification.Email.NOT_WANTED,
                next_attempt_at=now if wants_email else None,
            )
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def absolute(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return settings.SITE_URL.rstrip("/") + path


def address_of(person: Person) -> str:
    """Where a person's notifications go: the notification address of their profile, else
    their email (mentora.people.contact)."""
    return notification_address(person)


def unread_count(person_id: int) -> int:
    return Notification.objects.filter(
        recipient_id=person_id, read_at__isnull=True, in_app=True
    ).count()


def settle(kind: str, about_id: int, now: datetime) -> int:
    """The thing these notifications asked about is done (a survey submitted): they leave their
    recipient's unread, without a read of their own. Returns how many."""
    return Notification.objects.filter(kind=kind, about_id=about_id, read_at__isnull=True).update(
        read_at=now
    )


def preferences_path() -> str:
    return reverse("notification_preferences")
