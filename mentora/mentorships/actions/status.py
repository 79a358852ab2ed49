"""Declining an assigned mentor, ending a relationship: the row stays, with its history.

Every change of a relationship's status, whoever asked for it, writes one StatusChange row made
by `status_change`; starting relationships is in lifecycle.py and writes the same rows."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from mentora.audit.record import Action, record, record_many
from mentora.mentorships.models import DeclineReason, Mentorship, RematchRequest, StatusChange
from mentora.people.models import Person
from mentora.programs.models import Cohort

PairKey = tuple[int, int]  # (mentee Person id, mentor Person id)


class StatusError(ValueError):
    """A change of status that does not apply; the message says why."""


def status_change(pair: Mentorship, to: str, reason: str, by: Person | None,
                  now: datetime) -> StatusChange:
    """The history row of one change (not yet saved); the pair takes the new status."""
    change = StatusChange(mentorship=pair, from_status=pair.status, to_status=to,
                          reason=reason[:300], by=by, at=now)
    pair.status = to
    return change


def _record(pair: Mentorship, to: str, reason: str, by: Person | None, now: datetime) -> None:
    status_change(pair, to, reason, by, now).save()


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

    Records the reason and, unless the mentee opts out, asks for a re-match for that role. The
    pair's row is locked and read again first, so two clicks at once decline once; a mentee has
    at most one open re-match request per role and tier (a constraint), so an open one already
    there is the answer rather than a second.
    """
    if by.pk != pair.mentee_id:
        raise StatusError("Only the mentee can decline their mentor.")
    locked = Mentorship.objects.select_for_update().get(pk=pair.pk)
    pair.status = locked.status
    if not pair.is_live:
        raise StatusError(f"This mentorship is already {pair.get_status_display().lower()}.")
    if reason not in DeclineReason.values:
        raise StatusError(f"Unknown reason {reason!r}")
    _record(pair, Mentorship.Status.DECLINED, reason, by, now)
    pair.declined_on = timezone.localdate(now)
    pair.decline_reason = reason
    pair.decline_note = note[:300]
    pair.save(update_fields=["status", "declined_on", "decline_reason", "decline_note"])
    record(Action.UPDATE, pair, by=by, fields=["status", "declined_on", "decline_reason",
                                                "decline_note"])
    if not rematch:
        return None
    try:
        with transaction.atomic():
            return RematchRequest.objects.create(
                cohort=pair.cohort, mentee=pair.mentee, role=pair.role, tier=pair.tier,
                declined=pair, reason=reason, created_at=now,
            )
    except IntegrityError:
        return open_rematch_request(pair)


def open_rematch_request(pair: Mentorship) -> RematchRequest | None:
    """The mentee's open re-match request for this pair's role and tier, if any."""
    return RematchRequest.objects.filter(
        cohort_id=pair.cohort_id, mentee_id=pair.mentee_id, role=pair.role, tier=pair.tier,
        resolved_at__isnull=True,
    ).first()


@transaction.atomic
def do_end(pair: Mentorship, by: Person | None, reason: str, now: datetime) -> None:
    """End a relationship with a reason; its meetings, goals and notes are kept. The pair's row
    is locked and read again first, so an end racing a decline or another end changes it once."""
    if not reason.strip():
        raise StatusError("Say why the mentorship ends.")
    locked = Mentorship.objects.select_for_update().get(pk=pair.pk)
    pair.status = locked.status
    if not pair.is_live:
        raise StatusError(f"This mentorship is already {pair.get_status_display().lower()}.")
    _record(pair, Mentorship.Status.ENDED, reason, by, now)
    _mark_ended(pair, reason, now)
    pair.save(update_fields=["status", "ended_on", "end_reason"])
    record(Action.UPDATE, pair, by=by, fields=["status", "ended_on", "end_reason"])


@transaction.atomic
def do_end_many(cohort: Cohort, pairs: Collection[PairKey], by: Person | None, reason: str,
                now: datetime) -> list[Mentorship]:
    """End the cohort's active relationships between these (mentee, mentor) pairs at once, as a
    published match that may break current pairs does: one update and one history insert."""
    if not reason.strip():
        raise StatusError("Say why the mentorships end.")
    wanted = set(pairs)
    live = Mentorship.objects.select_for_update().filter(
        cohort=cohort, status=Mentorship.Status.ACTIVE)
    ending = [m for m in live if (m.mentee_id, m.mentor_id) in wanted]
    changes = [status_change(m, Mentorship.Status.ENDED, reason, by, now) for m in ending]
    for pair in ending:
        _mark_ended(pair, reason, now)
    Mentorship.objects.bulk_update(ending, ["status", "ended_on", "end_reason"])
    StatusChange.objects.bulk_create(changes)
    record_many(Action.UPDATE, ending, program=cohort, by=by,
                fields=["status", "ended_on", "end_reason"])
    return ending


def _mark_ended(pair: Mentorship, reason: str, now: datetime) -> None:
    pair.ended_on = timezone.localdate(now)
    pair.end_reason = reason[:200]


@transaction.atomic
def do_resolve_rematch(rematch: RematchRequest, now: datetime) -> None:
    """Close a re-match request by hand; a new relationship for the same role closes it too
    (lifecycle.do_start and do_start_many)."""
    rematch.resolved_at = now
    rematch.save(update_fields=["resolved_at"])
    record(Action.UPDATE, rematch, fields=["resolved_at"])


def rematch_requests(cohort: Cohort) -> list[RematchRequest]:
    """Open re-match requests of a cohort, oldest first, for the matching workflow."""
    return list(
        RematchRequest.objects.filter(cohort=cohort, resolved_at__isnull=True).select_related(
            "mentee", "declined"
        )
    )


def declined_pairs(cohort: Cohort, mentees: Collection[int]) -> frozenset[PairKey]:
    """(mentee, mentor) of every pair these mentees declined in the cohort: one open re-match
    request may stand for several declines of the same role (the constraint keeps one)."""
    if not mentees:
        return frozenset()
    return frozenset(Mentorship.objects.filter(
        cohort=cohort, mentee_id__in=list(mentees), status=Mentorship.Status.DECLINED,
    ).values_list("mentee_id", "mentor_id"))
