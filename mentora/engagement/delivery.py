"""The reminder step: plan what is due at `now`, then mail the outbox. Idempotent: run it every
few minutes, in several processes at once, or twice in a row; each message goes out once.

1. Planning asks each source (mentora.engagement.sources) what is due, found in SQL, and writes
   notifications keyed by what and when they are about (a second run writes nothing new).
2. Sending reads the due outbox rows (`next_attempt_at <= now`, an indexed column), claims each
   with an optimistic lock (UPDATE ... WHERE email = 'pending': the row count says whether this
   sender won) and mails it. A mail server that refuses or is down puts the row back, due again
   later (5 minutes, doubling to 6 hours): nothing is lost, and this run stops trying.
   A sender that died mid-send leaves its row "sending"; after 15 minutes it is due again.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.mail import EmailMessage, get_connection
from django.db import models
from django.db.models import F, Q
from django.urls import reverse

from mentora.engagement.models import LINK_KINDS, Kind, Notification
from mentora.engagement.notify import absolute, address_of, preferences_path

FIRST_RETRY = timedelta(minutes=5)
LONGEST_WAIT = timedelta(hours=6)
STALE_CLAIM = timedelta(minutes=15)


@dataclass(frozen=True)
class Sent:
    kind: str
    to: str
    subject: str

    def __str__(self) -> str:
        return f"{self.kind} to {self.to}: {self.subject}"


def remind(now: datetime, *, batch: int = 100) -> list[Sent]:
    """Everything due at `now`: plan it, then send it. Returns what was mailed."""
    from mentora.engagement.sources import plan_due

    plan_due(now)
    return deliver(now, batch=batch)


def deliver(
    now: datetime,
    *,
    batch: int = 100,
    kinds: Iterable[str] | None = None,
    about: Iterable[int] | None = None,
) -> list[Sent]:
    """Mail every outbox row due at `now` (of `kinds`, or all; about these things only, when
    a page mails what it just wrote and leaves the rest to the reminder step), `batch` read at
    a time."""
    _release_stale_claims(now)
    due = Notification.objects.filter(
        next_attempt_at__lte=now, email=Notification.Email.PENDING
    ).order_by("next_attempt_at", "pk")
    if kinds is not None:
        due = due.filter(kind__in=list(kinds))
    if about is not None:
        due = due.filter(about_id__in=list(about))
    sent: list[Sent] = []
    connection = get_connection()
    while rows := list(due.select_related("recipient")[:batch]):
        for row in rows:
            if not _claim(row, now):
                continue  # another sender has it
            try:
                message = _message(row)
                message.connection = connection
                message.send()
            except OSError as error:  # smtplib's errors are OSErrors; so is a refused connection
                _put_back(row, now, error)
                return sent
            Notification.objects.filter(pk=row.pk, email=Notification.Email.SENDING).update(
                email=Notification.Email.SENT, emailed_at=now, next_attempt_at=None
            )
            sent.append(Sent(row.kind, message.to[0], row.subject))
    return sent


def _claim(row: Notification, now: datetime) -> bool:
    return bool(
        Notification.objects.filter(
            pk=row.pk, email=Notification.Email.PENDING, next_attempt_at__lte=now
        ).update(email=Notification.Email.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )


def _put_back(row: Notification, now: datetime, error: Exception) -> None:
    attempts = row.attempts + 1
    wait = min(FIRST_RETRY * 2 ** (attempts - 1), LONGEST_WAIT)
    Notification.objects.filter(pk=row.pk, email=Notification.Email.SENDING).update(
        email=Notification.Email.PENDING,
        next_attempt_at=now + wait,
        last_error=f"{type(error).__name__}: {error}"[:300],
    )


def _release_stale_claims(now: datetime) -> None:
    Notification.objects.filter(
        Q(claimed_at__lt=now - STALE_CLAIM) | Q(claimed_at__gt=now + STALE_CLAIM),
        email=Notification.Email.SENDING,
    ).update(email=Notification.Email.PENDING, next_attempt_at=now)


def link_of(row: Notification) -> str:
    """The absolute address of what a notification is about ("" for nothing)."""
    path = links_of([row]).get(row.pk, "")
    return absolute(path) if path else ""


def links_of(rows: Iterable[Notification]) -> dict[int, str]:
    """Each notification's link (a path on the site). A survey link, an account invitation and
    an intake confirmation carry the person's own single-use link, made from its nonce (tokens
    are never stored), one query per kind."""
    rows = list(rows)
    links = {row.pk: row.link for row in rows if row.link}
    links.update(_signed_links(rows))
    return links


def _signed_links(rows: list[Notification]) -> dict[int, str]:
    from mentora.core.tokens import signed_token
    from mentora.people.models import Invitation as AccountInvitation
    from mentora.programs.models import PendingIntake
    from mentora.surveys.models import Invitation as SurveyInvitation

    made: dict[str, tuple[type[models.Model], str, str]] = {
        Kind.SURVEY_REMINDER: (SurveyInvitation, "survey_respond", "survey"),
        Kind.ACCOUNT_INVITATION: (AccountInvitation, "accept_invitation", "invitation"),
        Kind.INTAKE_CONFIRMATION: (PendingIntake, "intake_confirm", "intake"),
    }
    links = {}
    for kind, (model, name, purpose) in made.items():
        mine = [row for row in rows if row.kind == kind and row.about_id]
        if not mine:
            continue
        found = model._default_manager.filter(pk__in={row.about_id for row in mine})
        nonces = dict(found.values_list("pk", "nonce"))
        for row in mine:
            if nonces.get(row.about_id):
                token = signed_token(purpose, nonces[row.about_id])
                links[row.pk] = reverse(name, args=[token])
    return links


def _message(row: Notification) -> EmailMessage:
    link = link_of(row)
    body = f"Hello {row.recipient.full_name},\n\n{row.body}\n\n" + (f"{link}\n\n" if link else "")
    if row.kind in LINK_KINDS:  # not a choice (and maybe no account yet to choose with)
        return EmailMessage(subject=row.subject, body=body, to=[address_of(row.recipient)])
    preferences = absolute(preferences_path())
    return EmailMessage(
        subject=row.subject,
        body=body + f"--\nChoose which emails Mentora sends you: {preferences}\n",
        to=[address_of(row.recipient)],
        headers={"List-Unsubscribe": f"<{preferences}>"},
    )
