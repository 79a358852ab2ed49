"""Roles that change: at the start of a new academic year, mentees whose new career stage now
qualifies them to mentor in the program are offered the mentor role in the new cohort.

Who may mentor is what the program says: in a tiered program a stage within one of its tiers
(seed 000's interns and upper-level residents); otherwise a stage at least that of the lowest
mentor of the closing cohort. Accepting enrols the person as a mentor of the new cohort;
their past enrolments and pairs as a mentee are left exactly as they were.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.urls import reverse

from mentora.audit.record import Action, record, record_many
from mentora.engagement.models import Kind
from mentora.engagement.notify import Draft, notify
from mentora.people.ladder import Stage, next_year
from mentora.programs.models import Cohort, Enrolment, MentorOffer, Tier


class OfferError(ValueError):
    """An answer that does not apply (already answered); the message says why."""


def qualifying_tier(stage: int, tiers: Sequence[Tier], lowest_mentor: int | None) -> Tier | bool:
    """The tier a person at `stage` may mentor in (a tiered program), True when they may mentor
    in a program without tiers, False when they may not."""
    if tiers:
        found: Tier | bool = next((t for t in tiers if t.min_stage <= stage <= t.max_stage), False)
        return found
    return lowest_mentor is not None and stage >= lowest_mentor


def offers_for(cohort: Cohort, year: str) -> list[tuple[Enrolment, Tier | None]]:
    """The closing cohort's mentees (not withdrawn, not already mentoring) whose stage next
    year qualifies them to mentor, each with the tier they would mentor in."""
    tiers = list(cohort.program.tiers.all())
    enrolments = list(cohort.enrolments.select_related("person").order_by("person__full_name"))
    mentor_stages = [
        e.person.career_stage
        for e in enrolments
        if e.is_mentor and e.status != Enrolment.Status.WITHDRAWN
    ]
    lowest = min(mentor_stages) if mentor_stages else None
    offers: list[tuple[Enrolment, Tier | None]] = []
    for enrolment in enrolments:
        withdrawn = enrolment.status == Enrolment.Status.WITHDRAWN
        if enrolment.role != Enrolment.Role.MENTEE or withdrawn:
            continue
        person = enrolment.person
        stage = person.career_stage
        if person.stage_advanced_for != year:
            stage = int(next_year(Stage(stage)))
        tier = qualifying_tier(stage, tiers, lowest)
        if tier is not False:
            offers.append((enrolment, tier if isinstance(tier, Tier) else None))
    return offers


def do_offer_mentor_role(
    new: Cohort, offers: Sequence[tuple[Enrolment, Tier | None]], now: datetime
) -> list[MentorOffer]:
    """Write the offers in the new cohort and tell each person (a notification with the link
    to accept or decline)."""
    made = [
        MentorOffer.objects.create(
            cohort=new, person=enrolment.person, tier=tier, offered_on=now.date()
        )
        for enrolment, tier in offers
    ]
    record_many(Action.CREATE, made, program=new)
    notify(
        [
            Draft(
                recipient_id=offer.person_id,
                kind=Kind.MENTOR_OFFER,
                key=f"mentor_offer:{offer.pk}",
                subject=f"Would you mentor in {new.program.name} {new.academic_year}?",
                body=(
                    f"Your career stage now qualifies you to mentor in {new.program.name}. "
                    "You are offered the mentor role"
                    + (f" ({offer.tier.name})" if offer.tier else "")
                    + f" in {new}. Your history as a mentee stays with you."
                ),
                link=reverse("mentor_offer", args=[offer.pk]),
                about_id=offer.pk,
            )
            for offer in made
        ],
        now,
    )
    return made


@transaction.atomic
def do_accept_mentor_offer(offer: MentorOffer, now: datetime) -> Enrolment:
    """Enrol the person as a mentor of the offer's cohort (a mentee there already stays one
    too); nothing of their past cohorts changes."""
    offer = _open(offer)
    offer.answer, offer.answered_at = MentorOffer.Answer.ACCEPTED, now
    offer.save(update_fields=["answer", "answered_at"])
    record(Action.UPDATE, offer, fields=["answer", "answered_at"], note="mentor role accepted")
    enrolment = Enrolment.objects.filter(cohort=offer.cohort, person=offer.person).first()
    if enrolment is None:
        enrolment = Enrolment.objects.create(
            cohort=offer.cohort,
            person=offer.person,
            role=Enrolment.Role.MENTOR,
            capacity=1,
            tier=offer.tier,
            status=Enrolment.Status.ACTIVE,
            enrolled_on=max(offer.cohort.starts_on, now.date()),
        )
        record(Action.CREATE, enrolment, note="mentor role accepted")
        return enrolment
    if enrolment.role == Enrolment.Role.MENTEE:
        enrolment.role = Enrolment.Role.BOTH
    enrolment.capacity = max(enrolment.capacity, 1)
    enrolment.tier = offer.tier
    enrolment.save(update_fields=["role", "capacity", "tier"])
    record(
        Action.UPDATE, enrolment, fields=["role", "capacity", "tier"], note="mentor role accepted"
    )
    return enrolment


@transaction.atomic
def do_decline_mentor_offer(offer: MentorOffer, now: datetime) -> None:
    offer = _open(offer)
    offer.answer, offer.answered_at = MentorOffer.Answer.DECLINED, now
    offer.save(update_fields=["answer", "answered_at"])
    record(Action.UPDATE, offer, fields=["answer", "answered_at"], note="mentor role declined")


def _open(offer: MentorOffer) -> MentorOffer:
    """The offer, locked until the answer is written, if it is not answered yet."""
    offer = (
        MentorOffer.objects.select_for_update(of=("self",))
        .select_related("cohort", "person", "tier")
        .get(pk=offer.pk)
    )
    if offer.answer:
        raise OfferError(f"You have already {offer.get_answer_display().lower()} this offer.")
    return offer
