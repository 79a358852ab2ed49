"""Sponsorship acts (issue 17): the one door that records one, and who reads them.

A sponsorship act reaches its sponsor, the person sponsored and the coordinators of its
program (who see the cohort's list and counts); evaluators see only the report's aggregates
(sponsorship received per mentee by gender and by underrepresented status). Nobody else.
"""

from __future__ import annotations

from datetime import date, datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from mentora.audit.models import AuditEvent
from mentora.audit.record import record
from mentora.mentorships.models import SponsorshipAct, SponsorshipKind
from mentora.people.models import Person
from mentora.people.roles import person_of
from mentora.programs.access import coordinated_by, lapsed_cohorts, programs_for
from mentora.programs.models import Cohort, Enrolment

NAME_LIMIT = 200
WHAT_LIMIT = 300


class SponsorshipError(ValueError):
    """Refused input, with a message saying what and where; nothing was written."""


def live_enrolments(person: Person, today: date) -> QuerySet[Enrolment]:
    """The person's enrolments that still grant something: not withdrawn, not past their end."""
    return (
        Enrolment.objects.filter(person=person)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .exclude(expires_on__lte=today)
    )


def _enrolled(person: Person, cohort: Cohort, today: date, *, mentor: bool = False) -> bool:
    rows = live_enrolments(person, today).filter(cohort=cohort)
    if mentor:
        rows = rows.filter(role__in=[Enrolment.Role.MENTOR, Enrolment.Role.BOTH])
    return rows.exists()


def _account_name(user: User) -> str:
    return (user.get_full_name() or user.get_username())[:NAME_LIMIT]


@transaction.atomic
def do_record_sponsorship(
    user: User,
    cohort: Cohort,
    sponsored: Person,
    kind: str,
    on: date,
    what: str,
    now: datetime,
    *,
    sponsor: Person | None = None,
    sponsor_name: str = "",
) -> SponsorshipAct:
    """One sponsorship act, recorded by its sponsor (a mentor in the cohort), by a coordinator
    of the program (their own act), or by the person sponsored (from a known person of the
    cohort, or a name). Refused, with nothing written, for anyone else."""
    today = timezone.localdate(now)
    me = person_of(user)
    if kind not in SponsorshipKind.values:
        raise SponsorshipError("Kind: choose what the sponsor did.")
    if on > today:
        raise SponsorshipError(f"Date: {on:%Y-%m-%d} is in the future.")
    what = what.strip()
    if len(what) > WHAT_LIMIT:
        raise SponsorshipError(f"What for: keep it under {WHAT_LIMIT} characters.")
    sponsor_name = sponsor_name.strip()
    if me is not None and me.pk == sponsored.pk:
        if not _enrolled(me, cohort, today):
            raise SponsorshipError("Program: you are not enrolled in this cohort.")
        if sponsor is not None:
            if sponsor.pk == me.pk:
                raise SponsorshipError("From: you cannot sponsor yourself.")
            if not Enrolment.objects.filter(cohort=cohort, person=sponsor).exists():
                raise SponsorshipError("From: choose someone in this program, or type a name.")
            sponsor_name = ""
        elif not sponsor_name:
            raise SponsorshipError("From: choose who sponsored you, or type their name.")
        elif len(sponsor_name) > NAME_LIMIT:
            raise SponsorshipError(f"Their name: keep it under {NAME_LIMIT} characters.")
        recorded_as = SponsorshipAct.RecordedBy.RECIPIENT
    else:
        if (
            not Enrolment.objects.filter(cohort=cohort, person=sponsored)
            .exclude(status=Enrolment.Status.WITHDRAWN)
            .exists()
        ):
            raise SponsorshipError("Who: choose someone enrolled in this cohort.")
        if me is not None and _enrolled(me, cohort, today, mentor=True):
            recorded_as = SponsorshipAct.RecordedBy.SPONSOR
        elif programs_for(user).filter(pk=cohort.program_id).exists():
            recorded_as = SponsorshipAct.RecordedBy.COORDINATOR
        else:
            raise SponsorshipError(
                "Only the program's mentors and coordinators, or the person "
                "sponsored, may record a sponsorship act here."
            )
        sponsor, sponsor_name = me, "" if me is not None else _account_name(user)
    act = SponsorshipAct.objects.create(
        cohort=cohort,
        sponsored=sponsored,
        sponsor=sponsor,
        sponsor_name=sponsor_name,
        kind=kind,
        on=on,
        what=what,
        recorded_as=recorded_as,
        recorded_by=user,
        created_at=now,
    )
    record(
        AuditEvent.Action.CREATE,
        act,
        program=cohort.program,
        fields=["sponsored", "sponsor", "kind", "on", "what"],
    )
    return act


def acts_for(user: User) -> QuerySet[SponsorshipAct]:
    """The acts a user may read: theirs as sponsor or as the person sponsored (in cohorts they
    are still enrolled in), and every act of the programs they coordinate."""
    if user.is_superuser:
        return SponsorshipAct.objects.all()
    reach = Q(cohort__program__in=coordinated_by(user))
    me = person_of(user)
    if me is not None:
        lapsed = lapsed_cohorts(me, timezone.localdate())
        reach |= (Q(sponsor=me) | Q(sponsored=me)) & ~Q(cohort__in=lapsed)
    return SponsorshipAct.objects.filter(reach)


def received_counts(cohort: Cohort) -> list[tuple[Person, int, int]]:
    """Each person of the cohort with at least one act: (person, acts, distinct sponsors),
    most sponsored first; for the cohort's coordinators."""
    rows = (
        SponsorshipAct.objects.filter(cohort=cohort)
        .values("sponsored")
        .annotate(acts=Count("pk"), sponsors=Count("sponsor", distinct=True))
        .order_by("-acts", "sponsored")
    )
    people = Person.objects.in_bulk([row["sponsored"] for row in rows])
    return [(people[row["sponsored"]], row["acts"], row["sponsors"]) for row in rows]
