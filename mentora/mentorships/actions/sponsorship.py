"""Sponsorship acts (issue 17): the one door that records one, and who reads them.

A sponsorship act reaches its sponsor, the person sponsored and the coordinators of its
program (who see the cohort's list and counts); evaluators see only the report's aggregates
(sponsorship received per mentee by gender and by underrepresented status). Nobody else.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from mentora.audit.models import AuditEvent
from mentora.audit.record import record
from mentora.mentorships.models import SponsorshipAct, SponsorshipKind
from mentora.mentorships.pure.sponsorship import MATCH_DAYS, ActFacts, Outcome, Side, match
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


def _recorded_as(
    user: User, me: Person | None, cohort: Cohort, sponsored: Person, today: date
) -> str:
    """The side the user records from, or refused: the person sponsored (enrolled), the
    sponsor (a mentor of the cohort) or a coordinator of its program."""
    if me is not None and me.pk == sponsored.pk:
        if not _enrolled(me, cohort, today):
            raise SponsorshipError("Program: you are not enrolled in this cohort.")
        return SponsorshipAct.RecordedBy.RECIPIENT
    if (
        not Enrolment.objects.filter(cohort=cohort, person=sponsored)
        .exclude(status=Enrolment.Status.WITHDRAWN)
        .exists()
    ):
        raise SponsorshipError("Who: choose someone enrolled in this cohort.")
    if me is not None and _enrolled(me, cohort, today, mentor=True):
        return SponsorshipAct.RecordedBy.SPONSOR
    if programs_for(user).filter(pk=cohort.program_id).exists():
        return SponsorshipAct.RecordedBy.COORDINATOR
    raise SponsorshipError(
        "Only the program's mentors and coordinators, or the person "
        "sponsored, may record a sponsorship act here."
    )


def _received_from(me: Person, cohort: Cohort, sponsor: Person | None, name: str) -> str:
    """The name typed for the sponsor of what `me` received ("" for a known person)."""
    if sponsor is not None:
        if sponsor.pk == me.pk:
            raise SponsorshipError("From: you cannot sponsor yourself.")
        if not Enrolment.objects.filter(cohort=cohort, person=sponsor).exists():
            raise SponsorshipError("From: choose someone in this program, or type a name.")
        return ""
    if not name:
        raise SponsorshipError("From: choose who sponsored you, or type their name.")
    if len(name) > NAME_LIMIT:
        raise SponsorshipError(f"Their name: keep it under {NAME_LIMIT} characters.")
    return name


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _described(act: SponsorshipAct) -> str:
    return f"{act.get_kind_display()}, {_day(act.on)}"


def confirmation_note(act: SponsorshipAct) -> str:
    """What the person who just confirmed an act is told."""
    return (
        f"Already recorded by {act.recorder_label} on {_day(timezone.localdate(act.created_at))}"
        f" ({_described(act)}): now confirmed by you. It counts once."
    )


def _duplicate(act: SponsorshipAct, user: User) -> SponsorshipError:
    if act.recorded_by_id == user.pk or act.confirmed_by_id == user.pk:
        who = "You already recorded this"
    else:
        who = f"Already recorded by {act.recorder_label}"
        if act.confirmed_as:
            who += f" and confirmed by {act.confirmer_label}"
    return SponsorshipError(f"{who} ({_described(act)}): it is not recorded twice.")


def _facts(act: SponsorshipAct) -> ActFacts:
    return ActFacts(
        key=act.pk or 0,
        side=Side.RECEIVED
        if act.recorded_as == SponsorshipAct.RecordedBy.RECIPIENT
        else Side.GIVEN,
        sponsor_id=act.sponsor_id,
        sponsor_name=act.sponsor_label,
        kind=act.kind,
        on=act.on,
        what=act.what,
        confirmed=bool(act.confirmed_as),
    )


def _confirm(act: SponsorshipAct, new: SponsorshipAct, now: datetime) -> SponsorshipAct:
    """The other side's record of `act`: kept as its confirmation, with what it adds (a known
    sponsor for a typed name, what for when it said nothing); no second act."""
    act.confirmed_as, act.confirmed_by, act.confirmed_at = new.recorded_as, new.recorded_by, now
    changed = ["confirmed_as", "confirmed_by", "confirmed_at"]
    if act.sponsor is None and new.sponsor is not None:
        act.sponsor, act.sponsor_name = new.sponsor, ""
        changed += ["sponsor", "sponsor_name"]
    if not act.what and new.what:
        act.what = new.what
        changed.append("what")
    act.save(update_fields=changed)
    record(AuditEvent.Action.UPDATE, act, program=act.cohort.program, fields=changed)
    return act


def _one_act(act: SponsorshipAct, user: User, now: datetime) -> SponsorshipAct:
    """`act` written, unless the same act is recorded already for its person: then the other
    side's record of it confirms it, and the same side's is refused as a duplicate. The
    person's row is locked first, so that two records at once are taken one after the other."""
    Person.objects.select_for_update().filter(pk=act.sponsored_id).values_list("pk").get()
    near = timedelta(days=MATCH_DAYS)
    recorded = {
        other.pk: other
        for other in SponsorshipAct.objects.filter(
            cohort=act.cohort_id,
            sponsored=act.sponsored_id,
            kind=act.kind,
            on__range=(act.on - near, act.on + near),
        ).select_related("sponsor", "sponsored", "cohort__program")
    }
    found = match(_facts(act), [_facts(other) for other in recorded.values()])
    if found is not None and found.outcome is Outcome.DUPLICATE:
        raise _duplicate(recorded[found.key], user)
    if found is not None:
        return _confirm(recorded[found.key], act, now)
    act.save()
    record(
        AuditEvent.Action.CREATE,
        act,
        program=act.cohort.program,
        fields=["sponsored", "sponsor", "kind", "on", "what"],
    )
    return act


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
    cohort, or a name). Refused, with nothing written, for anyone else.

    The other side's record of an act already recorded (`pure.sponsorship.match`) confirms it
    and is returned (recorded by someone else: see `confirmation_note`); the same act again is
    refused as a duplicate, also when two arrive at once."""
    today = timezone.localdate(now)
    me = person_of(user)
    if kind not in SponsorshipKind.values:
        raise SponsorshipError("Kind: choose what the sponsor did.")
    if on > today:
        raise SponsorshipError(f"Date: {on:%Y-%m-%d} is in the future.")
    what = what.strip()
    if len(what) > WHAT_LIMIT:
        raise SponsorshipError(f"What for: keep it under {WHAT_LIMIT} characters.")
    recorded_as = _recorded_as(user, me, cohort, sponsored, today)
    if recorded_as == SponsorshipAct.RecordedBy.RECIPIENT:
        assert me is not None
        sponsor_name = _received_from(me, cohort, sponsor, sponsor_name.strip())
    else:
        sponsor, sponsor_name = me, "" if me is not None else _account_name(user)
    act = SponsorshipAct(
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
    return _one_act(act, user, now)


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
