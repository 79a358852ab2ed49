"""Mentees (and mentors) browse the other side of their cohort and ask for people, in order.

A match request (MatchRequest; never `request`, which is the HTTP request) in a self-select
program is a proposal: the mentor accepts (within capacity) or declines with a reason, and
acceptance lets the mentee's other open requests lapse. Accepting asks mentorships to start
the relationship; this module never writes one."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Max, Q, QuerySet, prefetch_related_objects

from mentora.audit.record import Action, record
from mentora.engagement.events import trained_people
from mentora.matching.adapter import NO_LIMIT, CohortPeople, cohort_people
from mentora.matching.models import MatchPreference, MatchRequest
from mentora.mentorships.actions.lifecycle import Start, do_start, mentor_loads
from mentora.mentorships.actions.status import StatusError
from mentora.mentorships.models import Mentorship
from mentora.people.ladder import gap
from mentora.people.models import Person
from mentora.programs.mentorship_roles import MentorshipRole
from mentora.programs.models import Cohort, Enrolment, Program


class MatchRequestRefused(Exception):
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


def eligible_mentors(enrolment: Enrolment, filters: Filters = Filters()) -> list[Card]:
    """The mentors of the mentee's cohort who pass the program's hard rules, filtered."""
    cohort = enrolment.cohort
    load = mentor_loads(cohort)
    ranks = _ranks(cohort, enrolment.person, MatchRequest.Side.MENTEE)
    cards = []
    people = cohort_people(cohort, side="mentors")
    program = cohort.program
    prefetch_related_objects([program], "tiers")  # can_mentor reads them for every mentor
    mine = _current_mentors(cohort, enrolment.person)
    trained = trained_people(program) if program.mentor_training_required else set()
    for mentor in people.mentors:
        if mentor.person_id in mine or not can_mentor(program, mentor, enrolment, trained):
            continue
        remaining = max(mentor.capacity - load.get(mentor.person_id, 0), 0)
        role = _offers(program, mentor, people)
        card = _card(mentor, remaining, ranks.get(mentor.person_id), role)
        if _passes(card, filters):
            cards.append(card)
    return cards


def _current_mentors(cohort: Cohort, mentee: Person) -> set[int]:
    """The mentee's mentors in the cohort (active or proposed): never asked for again."""
    live = (Mentorship.Status.ACTIVE, Mentorship.Status.PROPOSED)
    return set(Mentorship.objects.filter(cohort=cohort, mentee=mentee, status__in=live)
               .values_list("mentor_id", flat=True))


def eligible_mentees(enrolment: Enrolment, filters: Filters = Filters()) -> list[Card]:
    cohort = enrolment.cohort
    ranks = _ranks(cohort, enrolment.person, MatchRequest.Side.MENTOR)
    prefetch_related_objects([cohort.program], "tiers")
    trained = (trained_people(cohort.program, [enrolment.person_id])
               if cohort.program.mentor_training_required else set())
    cards = [_card(mentee, 0, ranks.get(mentee.person_id), "")
             for mentee in cohort_people(cohort, side="mentees").mentees
             if can_mentor(cohort.program, enrolment, mentee, trained)]
    return [c for c in cards if _passes(c, filters)]


def can_mentor(program: Program, mentor: Enrolment, mentee: Enrolment,
               trained: Collection[int] = ()) -> bool:
    """The program's hard rules for one pair: stage gap (tiers for tiered programs), training
    (a mentor training attended, `trained` people, or the enrolment's own mark), load. Mirrors
    the engine's constraints for a single pair."""
    if mentor.person_id == mentee.person_id or not mentor.is_mentor or mentor.capacity <= 0:
        return False
    if program.mentor_training_required and not (
            mentor.mentor_trained or mentor.person_id in trained):
        return False
    rungs = gap(mentor.person.career_stage, mentee.person.career_stage)
    if rungs is None or rungs < program.mentor_min_stage_gap:
        return False
    if program.kind == Program.Kind.TIERED:
        stage = mentor.person.career_stage
        return any(t.min_stage <= stage <= t.max_stage for t in program.tiers.all())
    limit = program.mentor_max_stage_gap
    return rungs <= (NO_LIMIT if limit is None else limit)


def do_ask_for(enrolment: Enrolment, other: Person, now: datetime) -> MatchRequest:
    """Ask for `other` after everyone already asked for; a mentee asks for mentors, a mentor
    for mentees (a person enrolled as both asks as a mentee)."""
    cohort = enrolment.cohort
    as_mentee = enrolment.is_mentee
    if as_mentee and other.pk in _current_mentors(cohort, enrolment.person):
        raise MatchRequestRefused(f"{other.full_name} is already your mentor.")
    pool = eligible_mentors(enrolment) if as_mentee else eligible_mentees(enrolment)
    if other.pk not in {c.person_id for c in pool}:
        raise MatchRequestRefused("That person is not among the people you can ask for.")
    side = MatchRequest.Side.MENTEE if as_mentee else MatchRequest.Side.MENTOR
    mentee, mentor = (enrolment.person, other) if as_mentee else (other, enrolment.person)
    with transaction.atomic():
        mine = _mine(cohort, enrolment.person, side).select_for_update()
        if mine.filter(mentee=mentee, mentor=mentor).exists():
            raise MatchRequestRefused(f"You have already asked for {other.full_name}.")
        last = mine.aggregate(n=Max("rank"))["n"] or 0
        asked = MatchRequest.objects.create(cohort=cohort, mentee=mentee, mentor=mentor,
                                            side=side, rank=last + 1, created_at=now)
        record(Action.CREATE, asked, by=enrolment.person)
        return asked


def do_move_match_request(match_request: MatchRequest, up: bool) -> None:
    """Swap a request with its neighbour in the asker's order."""
    side = match_request.side
    asker = match_request.mentee if side == MatchRequest.Side.MENTEE else match_request.mentor
    with transaction.atomic():
        mine = list(_mine(match_request.cohort, asker, side).select_for_update())
        at = next(k for k, r in enumerate(mine) if r.pk == match_request.pk)
        to = at - 1 if up else at + 1
        if 0 <= to < len(mine):
            mine[at], mine[to] = mine[to], mine[at]
        for rank, item in enumerate(mine, start=1):
            if item.rank != rank:
                item.rank = rank
                item.save(update_fields=["rank"])
                record(Action.UPDATE, item, by=asker, fields=["rank"])


def do_withdraw_match_request(match_request: MatchRequest, now: datetime) -> None:
    _close(match_request, MatchRequest.Status.WITHDRAWN, now)


def do_decline_match_request(match_request: MatchRequest, reason: str, now: datetime) -> None:
    if not reason.strip():
        raise MatchRequestRefused("Say why you decline, so the mentee can choose well next time.")
    _close(match_request, MatchRequest.Status.DECLINED, now, reason.strip())


def do_accept_match_request(match_request: MatchRequest, now: datetime) -> Mentorship:
    """The mentor accepts a self-select proposal and mentorships starts the relationship:
    capacity is checked under a row lock on the mentor's enrolment, so two acceptances at once
    cannot overfill it."""
    cohort = match_request.cohort
    if not cohort.program.allows_self_selection:
        raise MatchRequestRefused("This program matches through its coordinators.")
    with transaction.atomic():
        locked = MatchRequest.objects.select_for_update().get(pk=match_request.pk)
        if locked.status != MatchRequest.Status.OPEN:
            raise MatchRequestRefused(f"This request is {locked.get_status_display().lower()}.")
        seat = Enrolment.objects.select_for_update().get(cohort=cohort,
                                                          person_id=locked.mentor_id)
        if mentor_loads(cohort).get(locked.mentor_id, 0) >= seat.capacity:
            raise MatchRequestRefused("You have no place left in this cohort.")
        start = Start(locked.mentee_id, locked.mentor_id, _role(seat),
                      seat.tier.name if seat.tier else "")
        try:
            pair = do_start(cohort, start, source=Mentorship.Source.SELF_SELECTED,
                            by=seat.person, reason="The mentor accepted the mentee's request",
                            now=now)
        except StatusError as refused:
            raise MatchRequestRefused(str(refused)) from None
        _close(locked, MatchRequest.Status.ACCEPTED, now)
        MatchRequest.objects.filter(
            cohort=cohort, mentee_id=locked.mentee_id, side=MatchRequest.Side.MENTEE,
            status=MatchRequest.Status.OPEN,
        ).update(status=MatchRequest.Status.LAPSED, decided_at=now)
    return pair


def _role(seat: Enrolment) -> str:
    if seat.tier is not None:
        return MentorshipRole.NEAR_PEER
    try:
        return seat.match_preference.team_role or MentorshipRole.CAREER
    except MatchPreference.DoesNotExist:
        return MentorshipRole.CAREER


@transaction.atomic
def _close(match_request: MatchRequest, status: str, now: datetime, reason: str = "") -> None:
    updated = MatchRequest.objects.filter(
        pk=match_request.pk, status=MatchRequest.Status.OPEN,
    ).update(status=status, reason=reason, decided_at=now)
    if not updated:
        raise MatchRequestRefused("This request was already decided.")
    record(Action.UPDATE, match_request, fields=["status", "reason", "decided_at"], note=status)


def _mine(cohort: Cohort, asker: Person, side: str) -> QuerySet[MatchRequest]:
    who = {"mentee": asker} if side == MatchRequest.Side.MENTEE else {"mentor": asker}
    return MatchRequest.objects.filter(cohort=cohort, side=side, status="open", **who).order_by(
        "rank", "pk")


def _ranks(cohort: Cohort, person: Person, side: str) -> dict[int, int]:
    mine = MatchRequest.objects.filter(cohort=cohort, side=side, status="open").filter(
        Q(mentee=person) if side == MatchRequest.Side.MENTEE else Q(mentor=person))
    other = "mentor_id" if side == MatchRequest.Side.MENTEE else "mentee_id"
    return {getattr(r, other): r.rank for r in mine}


def _offers(program: Program, mentor: Enrolment, people: CohortPeople) -> str:
    """The tier, or in a team program the role, a mentor fills."""
    if mentor.tier is not None:
        return mentor.tier.name
    if program.kind != Program.Kind.TEAM:
        return ""
    preference = people.preferences.get(mentor.pk)
    return (preference.team_role if preference else "") or "career"


def _card(enrolment: Enrolment, remaining: int, rank: int | None, role: str) -> Card:
    person = enrolment.person
    return Card(person.pk, person.full_name, person.stage_label,
                tuple(i.name for i in person.specialty_interests.all()),
                tuple(i.name for i in person.scholarly_interests.all()), role, remaining, rank)


def filtered(cards: list[Card], filters: Filters) -> list[Card]:
    """The cards that pass the filters: the browse page filters the cards it has read."""
    return [card for card in cards if _passes(card, filters)]


def _passes(card: Card, f: Filters) -> bool:
    text = f.interest.strip().lower()
    if text and not any(text in i.lower() for i in (*card.interests, *card.specialties)):
        return False
    if f.specialty and f.specialty not in card.specialties:
        return False
    if f.role and f.role != card.role:
        return False
    return not (f.with_capacity and card.remaining <= 0)
