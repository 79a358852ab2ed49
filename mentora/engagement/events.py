"""Events and training of a cohort: the coordinator creates one (its invitations go out as
notifications), invited people answer from their phone, the coordinator takes attendance.

Who may do what: the program's coordinators manage a cohort's events; an invited person sees
their own event and answers; anyone else gets a 404. Attendance of mentor trainings is what
makes a mentor trained (`trained_people`) where the program requires it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from mentora.audit.record import Action, record
from mentora.engagement.models import Event, Invitee, Kind
from mentora.engagement.notify import Draft, notify
from mentora.people.models import Person
from mentora.people.roles import person_of
from mentora.programs.access import lapsed_cohorts, programs_for
from mentora.programs.models import Cohort, Enrolment, Program, live_on

SIDES: dict[str, tuple[str, ...]] = {
    Event.Audience.MENTORS: (Enrolment.Role.MENTOR, Enrolment.Role.BOTH),
    Event.Audience.MENTEES: (Enrolment.Role.MENTEE, Enrolment.Role.BOTH),
    Event.Audience.BOTH: tuple(Enrolment.Role.values),
}
LIVE = (Enrolment.Status.INVITED, Enrolment.Status.ACTIVE)


class EventError(ValueError):
    """An event that cannot be written; the message says what and where."""


@dataclass(frozen=True)
class EventDetails:
    kind: str
    title: str
    starts_at: datetime
    minutes: int
    place: str
    audience: str


@transaction.atomic
def do_create_event(cohort: Cohort, details: EventDetails, by: User, now: datetime) -> Event:
    """The event, one invitation per live enrolment of its audience, and a notification each."""
    if details.kind not in Event.Kind.values:
        raise EventError(f"Kind: {details.kind!r} is not a kind of event.")
    if details.audience not in Event.Audience.values:
        raise EventError(f"Audience: {details.audience!r} is not mentors, mentees or both.")
    if not 1 <= details.minutes <= 24 * 60:
        raise EventError("Length: give the minutes, from 1 to 1440.")
    if not details.title.strip():
        raise EventError("Title: give the event a title.")
    event = Event.objects.create(
        cohort=cohort,
        kind=details.kind,
        title=details.title.strip()[:200],
        starts_at=details.starts_at,
        minutes=details.minutes,
        place=details.place.strip()[:200],
        audience=details.audience,
        created_at=now,
    )
    people = list(
        cohort.enrolments.filter(
            live_on(timezone.localdate()), role__in=SIDES[details.audience], status__in=LIVE
        )
        .values_list("person_id", flat=True)
        .distinct()
    )
    Invitee.objects.bulk_create([Invitee(event=event, person_id=p) for p in people])
    when = timezone.localtime(event.starts_at)
    link = reverse("event", args=[event.pk])
    notify(
        [
            Draft(
                recipient_id=p,
                kind=Kind.EVENT,
                key=f"event:{event.pk}",
                subject=f"{event.get_kind_display()}: {event.title}",
                body=(
                    f"You are invited to {event.title} on {when:%A %d %B %Y at %H:%M}"
                    + (f", {event.place}" if event.place else "")
                    + f" ({event.minutes} minutes). Let us know whether you are coming."
                ),
                link=link,
                about_id=event.pk,
            )
            for p in people
        ],
        now,
    )
    record(
        Action.CREATE,
        event,
        program=cohort.program,
        by=by,
        fields=["kind", "title", "starts_at", "minutes", "place", "audience"],
        note=f"{len(people)} invited",
        label=f"event {event.pk}",
    )
    return event


@transaction.atomic
def do_reply(person: Person, event_id: int, coming: bool, now: datetime) -> Invitee:
    """The invited person's answer; anyone not invited gets a 404."""
    invitee = (
        Invitee.objects.select_for_update()
        .select_related("event__cohort__program")
        .filter(event_id=event_id, person=person)
        .exclude(event__cohort_id__in=lapsed_cohorts(person, now.date()))
        .first()
    )
    if invitee is None:
        raise Http404("No such event.")
    invitee.reply = Invitee.Reply.YES if coming else Invitee.Reply.NO
    invitee.replied_at = now
    invitee.save(update_fields=["reply", "replied_at"])
    record(
        Action.UPDATE,
        invitee,
        program=invitee.event.cohort.program,
        by=person,
        fields=["reply"],
        label=f"invitation {invitee.pk}",
    )
    return invitee


@transaction.atomic
def do_mark_attendance(
    user: User, event_id: int, invitee_id: int, attended: bool, now: datetime
) -> Invitee:
    """One person marked present or absent by a coordinator of the event's program."""
    event = manageable_event(user, event_id)
    invitee = Invitee.objects.select_for_update().filter(pk=invitee_id, event=event).first()
    if invitee is None:
        raise Http404("No such invitation.")
    invitee.attended = attended
    invitee.marked_at = now
    invitee.save(update_fields=["attended", "marked_at"])
    record(
        Action.UPDATE,
        invitee,
        program=event.cohort.program,
        by=user,
        fields=["attended"],
        note="present" if attended else "absent",
        label=f"invitation {invitee.pk}",
    )
    return invitee


def manageable_event(user: User, event_id: int) -> Event:
    """The event, if the user coordinates its program; else a 404."""
    event = (
        Event.objects.select_related("cohort__program")
        .filter(pk=event_id, cohort__program__in=programs_for(user))
        .first()
    )
    if event is None:
        raise Http404("No such event.")
    return event


def open_event(user: User, event_id: int) -> tuple[Event, Invitee | None, bool]:
    """The event, the user's own invitation to it (if any) and whether they manage it; a
    person neither invited nor coordinating the program gets a 404."""
    event = Event.objects.select_related("cohort__program").filter(pk=event_id).first()
    if event is None:
        raise Http404("No such event.")
    manages = programs_for(user).filter(pk=event.cohort.program_id).exists()
    person = person_of(user)
    own = None
    if person is not None:
        # An enrolment past its end date grants nothing, its invitations included.
        lapsed = lapsed_cohorts(person, timezone.localdate())
        if not lapsed.filter(cohort_id=event.cohort_id).exists():
            own = Invitee.objects.filter(event=event, person=person).first()
    if own is None and not manages:
        raise Http404("No such event.")
    return event, own, manages


def trained_people(program: Program, person_ids: list[int] | None = None) -> set[int]:
    """The people who attended a mentor training of any of the program's cohorts."""
    rows = Invitee.objects.filter(
        attended=True,
        event__kind=Event.Kind.MENTOR_TRAINING,
        event__cohort__program=program,
    )
    if person_ids is not None:
        rows = rows.filter(person_id__in=person_ids)
    return set(rows.values_list("person_id", flat=True))


def training_of(person: Person) -> list[tuple[date, str]]:
    """The trainings the person attended (the mentor dossier's training section)."""
    trainings = (Event.Kind.MENTOR_TRAINING, Event.Kind.WORKSHOP, Event.Kind.SEMINAR)
    rows = Invitee.objects.filter(
        person=person, attended=True, event__kind__in=trainings
    ).values_list(
        "event__starts_at", "event__title", "event__minutes", "event__cohort__program__name"
    )
    return [
        (timezone.localtime(at).date(), f"{title} ({minutes} minutes, {program})")
        for at, title, minutes, program in rows
    ]
