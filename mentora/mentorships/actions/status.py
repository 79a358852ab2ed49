"""Declining an assigned mentor, ending a relationship: the row stays, with its history."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from mentora.mentorships.models import DeclineReason, Mentorship, RematchRequest, StatusChange
from mentora.people.models import Person


class StatusError(ValueError):
    """A change of status that does not apply; the message says why."""


def _record(pair: Mentorship, to: str, reason: str, by: Person | None, now: datetime) -> None:
    StatusChange.objects.create(
        mentorship=pair, from_status=pair.status, to_status=to, reason=reason, by=by, at=now
    )
    pair.status = to


@transaction.atomic
def do_decline(
    pair: Mentorship,
    by: Person,
    reason: str,
    now: datetime,
    note: str = "",
    rematch: bool = True,
) -> RematchRequest | None:
    """The mentee turns down an assigned mentor (or says they are not an active mentor).

    Records the reason and, unless the mentee opts out, asks for a re-match for that role.
    """
    if by.pk != pair.mentee_id:
        raise StatusError("Only the mentee can decline their mentor.")
    if not pair.is_live:
        raise StatusError(f"This mentorship is already {pair.get_status_display().lower()}.")
    if reason not in DeclineReason.values:
        raise StatusError(f"Unknown reason {reason!r}")
    _record(pair, Mentorship.Status.DECLINED, reason, by, now)
    pair.declined_on = timezone.localdate(now)
    pair.decline_reason = reason
    pair.decline_note = note[:300]
    pair.save(update_fields=["status", "declined_on", "decline_reason", "decline_note"])
    if not rematch:
        return None
    return RematchRequest.objects.create(
        cohort=pair.cohort, mentee=pair.mentee, role=pair.role, tier=pair.tier,
        declined=pair, reason=reason, created_at=now,
    )


@transaction.atomic
def do_end(pair: Mentorship, by: Person | None, reason: str, now: datetime) -> None:
    """End a relationship with a reason; its meetings, goals and notes are kept."""
    if not reason.strip():
        raise StatusError("Say why the mentorship ends.")
    if pair.status == Mentorship.Status.ENDED:
        raise StatusError("This mentorship has already ended.")
    _record(pair, Mentorship.Status.ENDED, reason, by, now)
    pair.ended_on = timezone.localdate(now)
    pair.end_reason = reason[:200]
    pair.save(update_fields=["status", "ended_on", "end_reason"])


def do_resolve_rematch(request: RematchRequest, now: datetime) -> None:
    """Called by the matching workflow once the mentee has a new mentor for that role."""
    request.resolved_at = now
    request.save(update_fields=["resolved_at"])


def rematch_requests(cohort: object) -> list[RematchRequest]:
    """Open re-match requests of a cohort, oldest first, for the matching workflow."""
    return list(
        RematchRequest.objects.filter(cohort=cohort, resolved_at__isnull=True).select_related(
            "mentee", "declined"
        )
    )
