"""Mentees (and mentors) browse the other side of their cohort and ask for people, in order.

In a self-select program a mentee's request is a proposal: the mentor accepts (within capacity)
or declines with a reason, and acceptance lets the mentee's other open requests lapse."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet

from mentora.matching.adapter import NO_LIMIT, CohortPeople, cohort_people
from mentora.matching.models import MatchPreference, MatchRequest
from mentora.mentorships.models import Mentorship
from mentora.people.ladder import gap
from mentora.people.models import Person
from mentora.programs.models import Cohort, Enrollment, Program


class RequestRefused(Exception):
    """The request cannot be made or decided; the message says why."""


@dataclass(frozen=True)
class Card:
    """What one side may see of the other: public profile fields, never demographics."""

    person_id: int
    name: str
    stage: str
    specialties: tuple[str, ...]
    interests: tuple[str, ...]
    role: str  # tier or team role; empty for plain pairs
    remaining: int  # places left (mentors); 0 for mentees
    requested_rank: int | None  # where the viewer placed this person, if they asked


@dataclass(frozen=True)
class Filters:
    interest: str = ""
    specialty: str = ""
    role: str = ""
    with_capacity: bool = False


def eligible_mentors(enrollment: Enrollment, filters: Filters = Filters()) -> list[Card]:
    """The mentors of the mentee's cohort who pass the program's hard rules, filtered."""
    cohort = enrollment.cohort
    load = _load(cohort)
    ranks = _ranks(cohort, enrollment.person, MatchRequest.Side.MENTEE)
    cards = []
    people = cohort_people(cohort)
    for mentor in people.mentors:
        if not can_mentor(cohort.program, mentor, enrollment):
            continue
        remaining = max(mentor.capacity - load.get(mentor.person_id, 0), 0)
        card = _card(mentor, remaining, ranks.get(mentor.person_id), _offers(mentor, people))
        if _passes(card, filters):
            cards.append(card)
    return cards


def eligible_mentees(enrollment: Enrollment, filters: Filters = Filters()) -> list[Card]:
    cohort = enrollment.cohort
    ranks = _ranks(cohort, enrollment.person, MatchRequest.Side.MENTOR)
    cards = [_card(mentee, 0, ranks.get(mentee.person_id), "")
             for mentee in cohort_people(cohort).mentees
             if can_mentor(cohort.program, enrollment, mentee)]
    return [c for c in cards if _passes(c, filters)]


def can_mentor(program: Program, mentor: Enrollment, mentee: Enrollment) -> bool:
    """The program's hard rules for one pair: stage gap (tiers for tiered programs), training,
    load. Mirrors the engine's constraints for a single pair."""
    if mentor.person_id == mentee.person_id or not mentor.is_mentor or mentor.capacity <= 0:
        return False
    if program.mentor_training_required and not mentor.mentor_trained:
        return False
    rungs = gap(mentor.person.career_stage, mentee.person.career_stage)
    if rungs is None or rungs < program.mentor_min_stage_gap:
        return False
    if program.kind == Program.Kind.TIERED:
        stage = mentor.person.career_stage
        return any(t.min_stage <= stage <= t.max_stage for t in program.tiers.all())
    limit = program.mentor_max_stage_gap
    return rungs <= (NO_LIMIT if limit is None else limit)


def do_request(enrollment: Enrollment, other: Person, now: datetime) -> MatchRequest:
    """Ask for `other` after everyone already asked for; a mentee asks for mentors, a mentor
    for mentees (a person enrolled as both asks as a mentee)."""
    cohort = enrollment.cohort
    as_mentee = enrollment.is_mentee
    pool = eligible_mentors(enrollment) if as_mentee else eligible_mentees(enrollment)
    if other.pk not in {c.person_id for c in pool}:
        raise RequestRefused(f"{other.full_name} is not among the people you can ask for.")
    side = MatchRequest.Side.MENTEE if as_mentee else MatchRequest.Side.MENTOR
    mentee, mentor = (enrollment.person, other) if as_mentee else (other, enrollment.person)
    with transaction.atomic():
        mine = _mine(cohort, enrollment.person, side).select_for_update()
        if mine.filter(mentee=mentee, mentor=mentor).exists():
            raise RequestRefused(f"You have already asked for {other.full_name}.")
        last = mine.aggregate(n=Max("rank"))["n"] or 0
        return MatchRequest.objects.create(cohort=cohort, mentee=mentee, mentor=mentor,
                                           side=side, rank=last + 1, created_at=now)


def do_move_request(request: MatchRequest, up: bool) -> None:
    """Swap a request with its neighbour in the asker's order."""
    asker = request.mentee if request.side == MatchRequest.Side.MENTEE else request.mentor
    with transaction.atomic():
        mine = list(_mine(request.cohort, asker, request.side).select_for_update())
        at = next(k for k, r in enumerate(mine) if r.pk == request.pk)
        to = at - 1 if up else at + 1
        if 0 <= to < len(mine):
            mine[at], mine[to] = mine[to], mine[at]
        for rank, item in enumerate(mine, start=1):
            if item.rank != rank:
                item.rank = rank
                item.save(update_fields=["rank"])


def do_withdraw_request(request: MatchRequest, now: datetime) -> None:
    _close(request, MatchRequest.Status.WITHDRAWN, now)


def do_decline(request: MatchRequest, reason: str, now: datetime) -> None:
    if not reason.strip():
        raise RequestRefused("Say why you decline, so the mentee can choose well next time.")
    _close(request, MatchRequest.Status.DECLINED, now, reason.strip())


def do_accept(request: MatchRequest, now: datetime) -> Mentorship:
    """The mentor accepts a self-select proposal: capacity is checked under a row lock on the
    mentor's enrolment, so two acceptances at once cannot overfill it."""
    cohort = request.cohort
    if not cohort.program.allows_self_selection:
        raise RequestRefused("This program matches through its coordinators.")
    with transaction.atomic():
        request = MatchRequest.objects.select_for_update().get(pk=request.pk)
        if request.status != MatchRequest.Status.OPEN:
            raise RequestRefused(f"This request is {request.get_status_display().lower()}.")
        seat = Enrollment.objects.select_for_update().get(cohort=cohort, person=request.mentor)
        if _load(cohort).get(request.mentor_id, 0) >= seat.capacity:
            raise RequestRefused("You have no place left in this cohort.")
        pair = Mentorship.objects.create(
            cohort=cohort, mentee=request.mentee, mentor=request.mentor,
            role=_role(seat), tier=seat.tier.name if seat.tier else "",
            source=Mentorship.Source.SELF_SELECTED, status=Mentorship.Status.ACTIVE,
            started_on=now.date(),
        )
        _close(request, MatchRequest.Status.ACCEPTED, now)
        MatchRequest.objects.filter(
            cohort=cohort, mentee=request.mentee, side=MatchRequest.Side.MENTEE,
            status=MatchRequest.Status.OPEN,
        ).update(status=MatchRequest.Status.LAPSED, decided_at=now)
    return pair


def _role(seat: Enrollment) -> str:
    if seat.tier is not None:
        return "near_peer"
    try:
        return seat.match_preference.team_role or "career"
    except MatchPreference.DoesNotExist:
        return "career"


def _close(request: MatchRequest, status: str, now: datetime, reason: str = "") -> None:
    updated = MatchRequest.objects.filter(pk=request.pk, status=MatchRequest.Status.OPEN).update(
        status=status, reason=reason, decided_at=now)
    if not updated:
        raise RequestRefused("This request was already decided.")


def _mine(cohort: Cohort, asker: Person, side: str) -> QuerySet[MatchRequest]:
    who = {"mentee": asker} if side == MatchRequest.Side.MENTEE else {"mentor": asker}
    return MatchRequest.objects.filter(cohort=cohort, side=side, status="open", **who).order_by(
        "rank", "pk")


def _load(cohort: Cohort) -> dict[int, int]:
    rows = cohort.mentorships.filter(status=Mentorship.Status.ACTIVE).values("mentor_id")
    return {r["mentor_id"]: r["n"] for r in rows.annotate(n=Count("id"))}


def _ranks(cohort: Cohort, person: Person, side: str) -> dict[int, int]:
    mine = MatchRequest.objects.filter(cohort=cohort, side=side, status="open").filter(
        Q(mentee=person) if side == MatchRequest.Side.MENTEE else Q(mentor=person))
    other = "mentor_id" if side == MatchRequest.Side.MENTEE else "mentee_id"
    return {getattr(r, other): r.rank for r in mine}


def _offers(mentor: Enrollment, people: CohortPeople) -> str:
    """The tier, or in a team program the role, a mentor fills."""
    if mentor.tier is not None:
        return mentor.tier.name
    if mentor.cohort.program.kind != Program.Kind.TEAM:
        return ""
    preference = people.preferences.get(mentor.pk)
    return (preference.team_role if preference else "") or "career"


def _card(enrollment: Enrollment, remaining: int, rank: int | None, role: str) -> Card:
    person = enrollment.person
    return Card(person.pk, person.full_name, person.stage_label,
                tuple(i.name for i in person.specialty_interests.all()),
                tuple(i.name for i in person.scholarly_interests.all()), role, remaining, rank)


def _passes(card: Card, f: Filters) -> bool:
    text = f.interest.strip().lower()
    if text and not any(text in i.lower() for i in (*card.interests, *card.specialties)):
        return False
    if f.specialty and f.specialty not in card.specialties:
        return False
    if f.role and f.role != card.role:
        return False
    return not (f.with_capacity and card.remaining <= 0)
