"""Starting relationships: the one door through which a relationship begins, whatever began it.

The matching workflow proposes (a published run, a mentor accepting a mentee's request) and
calls these; every start writes a history row (proposed to active, with the reason), and a start
answers the mentee's open re-match request for the same role and tier. The reads at the end
are what matching needs to know of the relationships that already exist.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from mentora.audit.record import Action, record, record_many
from mentora.mentorships.actions.status import PairKey, StatusError, status_change
from mentora.mentorships.models import Mentorship, MentorshipRole, RematchRequest, StatusChange
from mentora.people.models import Person
from mentora.programs.models import Cohort


@dataclass(frozen=True)
class Start:
    """One relationship to begin: who mentors whom, in which role (and tier)."""

    mentee_id: int
    mentor_id: int
    role: str = MentorshipRole.CAREER
    tier: str = ""

    @property
    def key(self) -> PairKey:
        return self.mentee_id, self.mentor_id


@dataclass
class Started:
    created: list[Mentorship] = field(default_factory=list)
    kept: list[Mentorship] = field(default_factory=list)  # already active: left as they were
    answered: int = 0  # re-match requests the new relationships closed


@transaction.atomic
def do_start(cohort: Cohort, start: Start, *, source: str, by: Person | None, reason: str,
             now: datetime) -> Mentorship:
    """Begin one relationship (a mentor accepting a mentee's request); refuses a pair that is
    already active."""
    _check(start, source, reason)
    live = Mentorship.objects.select_for_update().filter(
        cohort=cohort, mentee_id=start.mentee_id, mentor_id=start.mentor_id,
        status=Mentorship.Status.ACTIVE)
    if live.exists():
        raise StatusError("They are already mentor and mentee in this cohort.")
    pair, change = _new(cohort, start, source, by, reason, now)
    pair.save()
    change.save()
    record(Action.CREATE, pair, program=cohort, by=by, note=reason[:300])
    _answer_rematches(cohort, [pair], now)
    return pair


@transaction.atomic
def do_start_many(cohort: Cohort, starts: Sequence[Start], *, source: str, by: Person | None,
                  reason: str, now: datetime) -> Started:
    """Begin many relationships at once (publishing a match): pairs already active are kept,
    the rest are inserted with their history rows in two bulk inserts."""
    for start in starts:
        _check(start, source, reason)
    live = {(m.mentee_id, m.mentor_id): m for m in Mentorship.objects.select_for_update().filter(
        cohort=cohort, status=Mentorship.Status.ACTIVE)}
    outcome = Started()
    fresh: list[tuple[Mentorship, StatusChange]] = []
    seen: set[PairKey] = set()
    for start in starts:
        if start.key in live:
            outcome.kept.append(live[start.key])
        elif start.key not in seen:
            seen.add(start.key)
            fresh.append(_new(cohort, start, source, by, reason, now))
    outcome.created = Mentorship.objects.bulk_create([pair for pair, _ in fresh])
    StatusChange.objects.bulk_create([change for _, change in fresh])
    record_many(Action.CREATE, outcome.created, program=cohort, by=by, note=reason[:300])
    outcome.answered = _answer_rematches(cohort, outcome.created, now)
    return outcome


def _check(start: Start, source: str, reason: str) -> None:
    if start.mentee_id == start.mentor_id:
        raise StatusError("Nobody can mentor themselves.")
    if start.role not in MentorshipRole.values:
        raise StatusError(f"Unknown mentorship role {start.role!r}.")
    if source not in Mentorship.Source.values:
        raise StatusError(f"Unknown source {source!r}.")
    if not reason.strip():
        raise StatusError("Say why the mentorship starts.")


def _new(cohort: Cohort, start: Start, source: str, by: Person | None, reason: str,
         now: datetime) -> tuple[Mentorship, StatusChange]:
    """An unsaved relationship, proposed then active, and the history row of that start."""
    pair = Mentorship(cohort=cohort, mentee_id=start.mentee_id, mentor_id=start.mentor_id,
                      role=start.role, tier=start.tier, source=source,
                      status=Mentorship.Status.PROPOSED, started_on=timezone.localdate(now))
    return pair, status_change(pair, Mentorship.Status.ACTIVE, reason, by, now)


def _answer_rematches(cohort: Cohort, started: Iterable[Mentorship], now: datetime) -> int:
    """Close the open re-match requests of mentees who now have a mentor for that role."""
    answered = {(m.mentee_id, m.role, m.tier) for m in started}
    if not answered:
        return 0
    waiting = RematchRequest.objects.select_for_update().filter(
        cohort=cohort, resolved_at__isnull=True)
    done = [r.pk for r in waiting if (r.mentee_id, r.role, r.tier) in answered]
    return RematchRequest.objects.filter(pk__in=done).update(resolved_at=now)


def active_pairs(cohort: Cohort) -> list[PairKey]:
    """The cohort's active relationships as (mentee, mentor) Person ids."""
    rows = cohort.mentorships.filter(status=Mentorship.Status.ACTIVE)
    return list(rows.values_list("mentee_id", "mentor_id"))


def mentor_loads(cohort: Cohort) -> dict[int, int]:
    """Active mentees per mentor (Person id) in the cohort."""
    rows = cohort.mentorships.filter(status=Mentorship.Status.ACTIVE).values("mentor_id")
    return {r["mentor_id"]: r["n"] for r in rows.annotate(n=Count("id"))}


def pairs_elsewhere(cohort: Cohort, mentee_ids: Iterable[int]) -> list[PairKey]:
    """Relationships these mentees have or had in other cohorts (active or ended)."""
    rows = Mentorship.objects.filter(
        Q(status=Mentorship.Status.ACTIVE) | Q(status=Mentorship.Status.ENDED),
        mentee_id__in=list(mentee_ids),
    ).exclude(cohort=cohort)
    return list(rows.values_list("mentee_id", "mentor_id"))
