"""Every write to programs, cohorts and enrolments goes through one of these functions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import partial

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from mentora.audit.record import Action, record, record_many
from mentora.core.text import plural
from mentora.people.interests import interest_named
from mentora.people.ladder import LABELS, Stage, next_year, on_ladder
from mentora.people.models import Demographics, Interest, Person
from mentora.people.sessions import end_sessions
from mentora.programs.enrolment_csv import EnrolmentFileError, ParticipantRow, read_participants
from mentora.programs.mentor_offers import do_offer_mentor_role, offers_for
from mentora.programs.models import Cohort, Enrolment, Tier


@dataclass
class EnrolmentResult:
    created_people: int
    merged_people: int
    enrolled: int
    already_enrolled: int
    invited: list[Person]
    # Rows whose demographics were recorded (people the file created) and rows whose
    # demographics were left aside (people already known: theirs to give).
    demographics_recorded: int = 0
    demographics_kept: int = 0
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        """What was done, as the page and `mentora enrol` say it."""
        text = (
            f"{'Would enrol' if self.dry_run else 'Enrolled'} "
            f"{plural(self.enrolled, 'participant', 'participants')} "
            f"({self.created_people} new, {self.merged_people} already known, "
            f"{self.already_enrolled} already in this cohort); "
            f"{plural(len(self.invited), 'invitation', 'invitations')} "
            f"{'would be sent' if self.dry_run else 'sent'}."
        )
        if self.demographics_recorded:
            text += f" Demographics recorded for {self.demographics_recorded} new people."
        if self.demographics_kept:
            text += (
                f" Demographics of {self.demographics_kept} people already in Mentora were "
                "left as they are: only a person may change their own."
            )
        return text


def _interests(names: list[str], kind: str) -> list[Interest]:
    return list({i.pk: i for i in (interest_named(kind, name) for name in names)}.values())


def upsert_person(row: ParticipantRow, synthetic: bool = False) -> tuple[Person, bool]:
    person, created = Person.objects.get_or_create(
        email=row.email,
        defaults={
            "full_name": row.full_name,
            "career_stage": int(row.career_stage),
            "department": row.department,
            "site": row.site,
            "goals": row.goals,
            "communication_style": row.communication_style,
            "is_synthetic": synthetic,
        },
    )
    if not created and not on_ladder(person.career_stage) and on_ladder(row.career_stage):
        # A profile made for a role (a coordinator's: Administrator) takes the first stage a
        # spreadsheet names, so that its owner can be matched as a mentor or a mentee.
        person.career_stage = int(row.career_stage)
        person.save(update_fields=["career_stage"])
        record(Action.UPDATE, person, fields=["career_stage"])
    person.specialty_interests.add(*_interests(row.specialty_interests, "specialty"))
    person.scholarly_interests.add(*_interests(row.scholarly_interests, "scholarly"))
    return person, created


def _enrol_row(cohort: Cohort, person: Person, row: ParticipantRow, today: date) -> bool:
    tier = cohort.program.tiers.filter(name=row.tier).first() if row.tier else None
    block = cohort.blocks.filter(name=row.block).first() if row.block else None
    enrolment, created = Enrolment.objects.get_or_create(
        cohort=cohort,
        person=person,
        defaults={
            "role": row.role,
            "capacity": row.capacity,
            "tier": tier,
            "block": block,
            "mentor_trained": row.mentor_trained,
            "enrolled_on": today,
        },
    )
    if not created and enrolment.role != row.role:
        enrolment.role = Enrolment.Role.BOTH
        enrolment.capacity = max(enrolment.capacity, row.capacity)
        enrolment.save(update_fields=["role", "capacity"])
    if not created and block is not None and enrolment.block_id != block.pk:
        enrolment.block = block  # the file moves a person already enrolled to its block
        enrolment.save(update_fields=["block"])
    return created


def do_enrol_participants(
    cohort: Cohort, data: bytes, filename: str, now: datetime, synthetic: bool = False,
    dry_run: bool = False,
) -> EnrolmentResult:
    """Enrol everyone in a participants spreadsheet (CSV or XLSX), all or nothing, and invite
    those without an account; `dry_run` does it all and writes nothing (nor mails anyone).

    Raises EnrolmentFileError (with every bad row and column) before anything is written.
    Demographics are restricted: recorded only for people this file creates.
    """
    from mentora.people.invitations import do_invite

    tiers = set(cohort.program.tiers.values_list("name", flat=True))
    warnings: list[str] = []
    try:
        blocks = set(cohort.blocks.values_list("name", flat=True))
        rows = read_participants(data, filename, tiers, warnings, blocks)
    except EnrolmentFileError as problem:
        problem.warnings = warnings  # a misread letter may be what the errors are about
        raise
    result = EnrolmentResult(0, 0, 0, 0, [], warnings=warnings, dry_run=dry_run)
    touched: dict[bool, list[Person]] = {True: [], False: []}
    with transaction.atomic():
        for row in rows:
            person, created = upsert_person(row, synthetic)
            touched[created].append(person)
            result.created_people += created
            result.merged_people += not created
            if row.demographics is not None and created:
                Demographics.objects.create(person=person, **row.demographics)
                result.demographics_recorded += 1
            elif row.demographics is not None:
                result.demographics_kept += 1
            if _enrol_row(cohort, person, row, timezone.localdate(now)):
                result.enrolled += 1
                if person.user_id is None and not synthetic:
                    result.invited.append(person)
            else:
                result.already_enrolled += 1
        for created, action in ((True, Action.CREATE), (False, Action.UPDATE)):
            record_many(action, touched[created], program=cohort, note=f"enrolled from {filename}")
        for person in result.invited:
            transaction.on_commit(partial(do_invite, person, now, cohort.program.name))
        if dry_run:
            transaction.set_rollback(True)  # and the invitations with it
    return result


@transaction.atomic
def do_withdraw(enrolment: Enrolment, on: date, reason: str) -> None:
    """The person leaves the cohort: their role there ends, and so do their sessions."""
    enrolment.status = Enrolment.Status.WITHDRAWN
    enrolment.withdrawn_on = on
    enrolment.withdrawal_reason = reason
    enrolment.save(update_fields=["status", "withdrawn_on", "withdrawal_reason"])
    record(Action.UPDATE, enrolment, fields=["status", "withdrawn_on", "withdrawal_reason"])
    if enrolment.person.user_id is not None:
        end_sessions([enrolment.person.user_id])


def _following_year(academic_year: str) -> str:
    """'2026-27' -> '2027-28'."""
    first = int(academic_year[:4]) + 1
    return f"{first}-{str(first + 1)[-2:]}"


@dataclass(frozen=True)
class NextYearPlan:
    """What starting the next academic year will change, shown before it is confirmed."""

    year: str
    moves: list[tuple[Enrolment, Stage, str]]  # who moves up a stage, to which (and its label)
    carried: list[Enrolment]  # enrolments opened again in the new cohort
    matriculated: list[Enrolment]  # pre-matriculant mentees who are not carried as mentees
    # mentees whose new stage qualifies them to mentor: offered the role (mentor_offers)
    offered: list[tuple[Enrolment, Tier | None]] = field(default_factory=list)


def next_year_plan(cohort: Cohort, carry_over: bool = True) -> NextYearPlan:
    """People already advanced for that year (enrolled in another program that rolled over
    first) are not advanced twice. Pre-matriculant mentees matriculate: a program for incoming
    students does not carry them forward as its mentees (mentoring others they stay)."""
    year = _following_year(cohort.academic_year)
    moves, carried, matriculated = [], [], []
    for enrolment in cohort.enrolments.select_related("person").order_by("person__full_name"):
        person = enrolment.person
        if person.stage_advanced_for != year:
            stage = next_year(Stage(person.career_stage))
            moves.append((enrolment, stage, LABELS[stage]))
        if not carry_over or enrolment.status not in (
            Enrolment.Status.ACTIVE, Enrolment.Status.INVITED
        ):
            continue
        incoming = enrolment.is_mentee and person.career_stage == Stage.PRE_MATRICULANT
        if incoming and person.stage_advanced_for != year:
            matriculated.append(enrolment)
            if enrolment.role != Enrolment.Role.BOTH:
                continue
        carried.append(enrolment)
    return NextYearPlan(year, moves, carried, matriculated, offers_for(cohort, year))


@transaction.atomic
def do_start_next_year(cohort: Cohort, carry_over: bool = True) -> Cohort:
    """Open next year's cohort from this one's settings and move trainees one rung up, as
    `next_year_plan` says. The closed cohort keeps the stage each person held in it."""
    plan = next_year_plan(cohort, carry_over)
    shift = cohort.ends_on.replace(year=cohort.ends_on.year + 1) - cohort.ends_on
    new = Cohort.objects.create(
        program=cohort.program,
        name=cohort.name.replace(cohort.academic_year, plan.year)
        if cohort.academic_year in cohort.name
        else f"{cohort.program.name} {plan.year}",
        academic_year=plan.year,
        starts_on=cohort.starts_on + shift,
        ends_on=cohort.ends_on + shift,
        intake_open=cohort.intake_open,
        previous=cohort,
    )
    record(Action.CREATE, new, note=f"next year of cohort {cohort.pk}")
    for enrolment in cohort.enrolments.select_related("person").filter(career_stage=None):
        enrolment.career_stage = enrolment.person.career_stage
        enrolment.save(update_fields=["career_stage"])
    advanced = []
    for enrolment, stage, _label in plan.moves:
        person = enrolment.person
        person.career_stage = int(stage)
        person.stage_advanced_for = plan.year
        person.save(update_fields=["career_stage", "stage_advanced_for"])
        advanced.append(person)
    matriculated = {e.pk for e in plan.matriculated}
    carried = [
        Enrolment.objects.create(
            cohort=new,
            person=enrolment.person,
            role=Enrolment.Role.MENTOR if enrolment.pk in matriculated else enrolment.role,
            capacity=enrolment.capacity,
            mentor_trained=enrolment.mentor_trained,
            status=enrolment.status,
            enrolled_on=new.starts_on,
        )
        for enrolment in plan.carried
    ]
    record_many(Action.UPDATE, advanced, program=new, fields=["career_stage"])
    record_many(Action.CREATE, carried, program=new)
    do_offer_mentor_role(new, plan.offered, timezone.now())
    return new


def enrolment_counts(
    enrolments: QuerySet[Enrolment], by: str = "cohort_id"
) -> dict[int, dict[str, int]]:
    """Mentees, mentors and withdrawn per cohort (or per `by`, e.g. "cohort__program_id").

    Someone enrolled as both counts on both sides; a withdrawn person counts only as withdrawn.
    Counted in the database, one row per owner, however many people are enrolled.
    """
    withdrawn = Q(status=Enrolment.Status.WITHDRAWN)
    rows = (
        enrolments.order_by()
        .values(by)
        .annotate(
            mentees=Count("pk", filter=Q(role__in=("mentee", "both")) & ~withdrawn),
            mentors=Count("pk", filter=Q(role__in=("mentor", "both")) & ~withdrawn),
            withdrawn=Count("pk", filter=withdrawn),
        )
    )
    return {
        row[by]: {"mentees": row["mentees"], "mentors": row["mentors"],
                  "withdrawn": row["withdrawn"]}
        for row in rows
    }
