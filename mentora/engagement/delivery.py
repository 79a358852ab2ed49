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
    """Each notification's link (a path on the site); a survey reminder's is the person's own
    survey link, made from its invitation (tokens are never stored), all in one query."""
    rows = list(rows)
    links = {row.pk: row.link for row in rows if row.link}
    surveys = [row for row in rows if row.kind == Kind.SURVEY_REMINDER and row.about_id]
    if surveys:
        from mentora.surveys.links import token_for
        from mentora.surveys.models import Invitation

        nonces = dict(
            Invitation.objects.filter(pk__in={r.about_id for r in surveys}).values_list(
                "pk", "nonce"
            )
        )
        for row in surveys:
            if row.about_id in nonces:
                links[row.pk] = reverse("survey_respond", args=[token_for(nonces[row.about_id])])
    for row in rows:
        if row.kind in LINK_KINDS and row.about_id:
            links[row.pk] = _single_use_path(row.kind, row.about_id)
    return links


def _single_use_path(kind: str, about_id: int) -> str:
    """The link an account invitation or an intake confirmation carries (one at a time: they
    are sent one by one, as people are enrolled)."""
    from mentora.people.invitations import token_of
    from mentora.people.models import Invitation as AccountInvitation
    from mentora.programs.models import PendingIntake

    nonce: str | None
    if kind == Kind.ACCOUNT_INVITATION:
        invitations = AccountInvitation.objects.filter(pk=about_id)
        nonce = invitations.values_list("nonce", flat=True).first()
        name, purpose = "accept_invitation", "invitation"
    else:
        nonce = PendingIntake.objects.filter(pk=about_id).values_list("nonce", flat=True).first()
        name, purpose = "intake_confirm", "intake"
    return reverse(name, args=[token_of(nonce, purpose)]) if nonce else ""


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
