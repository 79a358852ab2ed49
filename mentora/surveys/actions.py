"""Every write of the survey part: waves, invitations, answers, reminders."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from mentora.audit.record import Action, record, record_many
from mentora.engagement.delivery import deliver
from mentora.engagement.models import Kind
from mentora.engagement.notify import Draft, notify, settle
from mentora.people.models import Person
from mentora.programs.models import Cohort
from mentora.surveys.answering import NOTHING_ANSWERED
from mentora.surveys.links import LinkProblem, find_invitation, new_invitation
from mentora.surveys.models import Answer, Instrument, Invitation, Respondent, Response, Wave

NOT_COMPLETED = "[not completed]"


@transaction.atomic
def do_create_wave(
    cohort: Cohort,
    instrument: Instrument,
    label: str,
    opens_on: date | None,
    closes_on: date | None,
    now: datetime,
    *,
    time_point: str = Wave.TimePoint.OTHER,
    anonymous: bool = False,
    anchor: str = Wave.Anchor.FIXED,
    offset_days: int = 0,
    window_days: int = 14,
) -> Wave:
    """A wave on fixed dates for everyone or, with an `anchor`, timed per person
    (mentora.surveys.timed): then its dates are the span of everyone's windows."""
    position = cohort.survey_waves.count()
    if anchor:
        from mentora.surveys.timed import span

        opens_on, closes_on = span(cohort, offset_days, window_days)
    elif opens_on is None or closes_on is None:
        raise ValueError("A wave on fixed dates needs the days it opens and closes.")
    return Wave.objects.create(
        cohort=cohort,
        instrument=instrument,
        label=label,
        time_point=time_point,
        position=position,
        opens_on=opens_on,
        closes_on=closes_on,
        anonymous=anonymous,
        anchor=anchor,
        offset_days=offset_days if anchor else 0,
        window_days=window_days,
        created_at=now,
    )


def _invitees(wave: Wave, role: str) -> list[Person]:
    enrolments = wave.cohort.enrolments.exclude(status="withdrawn").select_related("person")
    if role != "all":
        enrolments = enrolments.filter(role=role)
    already = set(wave.invitations.values_list("person_id", flat=True))
    return [e.person for e in enrolments if e.person_id not in already]


@transaction.atomic
def do_send_invitations(wave: Wave, now: datetime, *, role: str = "mentee") -> int:
    """Invite everyone in the cohort with this role (or "all") not invited yet; returns how many.

    A wave timed per person invites only its mentees whose own window holds today (the others
    are invited by the reminder step when theirs opens). Every invitation goes through the
    outbox and is mailed at once; while the mail server is down it waits there and the step
    mails it later, so nothing is lost and the page still answers.
    """
    if wave.anchor:
        from mentora.surveys.timed import invite_wave

        invited = invite_wave(wave.pk, now, timezone.localdate(now))
    else:
        invitations = [new_invitation(wave, person, now) for person in _invitees(wave, role)]
        Invitation.objects.bulk_create(invitations)
        invited = announce(wave, [i.nonce for i in invitations], now)
    if invited:
        deliver(now, kinds=[Kind.SURVEY_REMINDER], about=invited)
    return len(invited)


def announce(wave: Wave, nonces: list[str], now: datetime) -> list[int]:
    """The wave's new invitations (by nonce) told to their people through the outbox, audited,
    and their reminders scheduled; returns their ids."""
    saved = list(wave.invitations.filter(nonce__in=nonces))
    drafts = []
    for invitation in saved:
        subject, before, after = reminder_text(wave, reminder=False, closes_on=invitation.closes_on)
        drafts.append(
            Draft(
                invitation.person_id,
                Kind.SURVEY_REMINDER,
                f"survey:{invitation.pk}:invited",
                subject,
                f"{before}\n\n{after}",
                about_id=invitation.pk,
            )
        )
    notify(drafts, now)
    record_many(Action.CREATE, saved, program=wave.cohort.program_id, note="survey link")
    ids = [i.pk for i in saved]
    _schedule_reminders(wave, Invitation.objects.filter(pk__in=ids))
    return ids


@transaction.atomic
def do_change_schedule(
    wave: Wave,
    *,
    opens_on: date,
    closes_on: date,
    reminder_every_days: int,
    max_reminders: int,
) -> Wave:
    """Move a wave's dates (closing it early, say) or change its reminders.

    Every invitation's next reminder follows the new schedule at once.
    """
    wave = Wave.objects.select_for_update().get(pk=wave.pk)
    wave.opens_on, wave.closes_on = opens_on, closes_on
    wave.reminder_every_days, wave.max_reminders = reminder_every_days, max_reminders
    wave.save(update_fields=["opens_on", "closes_on", "reminder_every_days", "max_reminders"])
    _schedule_reminders(wave, wave.invitations.all())
    return wave


def _day_start(day: date) -> datetime:
    """The first moment of a local day."""
    return timezone.make_aware(datetime.combine(day, time.min))


def _schedule_reminders(wave: Wave, invitations: QuerySet[Invitation]) -> None:
    """Set when each invitation's next reminder falls due, in one UPDATE per window, from the
    wave's schedule and the invitation's window (a timed wave's people each have their own).

    A reminder is due `reminder_every_days` after the last mail, but not before the window opens;
    none is due once the survey is submitted, the reminders are used up, or the window closes
    (at the end of its last local day) before the reminder would be due.
    """
    invitations = invitations.filter(wave=wave)
    if not wave.anchor:
        _schedule_window(wave, invitations, wave.opens_on, wave.closes_on)
        return
    windows = invitations.order_by().values_list("opens_on", "closes_on").distinct()
    for opens_on, closes_on in list(windows):
        _schedule_window(
            wave,
            invitations.filter(opens_on=opens_on, closes_on=closes_on),
            opens_on or wave.opens_on,
            closes_on or wave.closes_on,
        )


def _schedule_window(
    wave: Wave, invitations: QuerySet[Invitation], opens_on: date, closes_on: date
) -> None:
    every = timedelta(days=wave.reminder_every_days)
    opens = _day_start(opens_on)
    closes = _day_start(closes_on + timedelta(days=1))
    waiting = Q(
        used_at__isnull=True,
        reminders_sent__lt=wave.max_reminders,
        last_sent_at__lt=closes - every,
    )
    invitations.update(
        next_reminder_at=Case(
            When(waiting & Q(last_sent_at__lt=opens - every), then=Value(opens)),
            When(waiting, then=F("last_sent_at") + every),
            default=None,
            output_field=DateTimeField(),
        )
    )


def reminder_text(
    wave: Wave, *, reminder: bool, closes_on: date | None = None
) -> tuple[str, str, str]:
    """A survey mail's subject, and its text before and after the person's link (which closes
    on `closes_on`, the person's own last day, else the wave's)."""
    program = wave.cohort.program.name
    anonymity = (
        "Your answers are anonymous: they are not linked to you."
        if wave.anonymous
        else "Your answers are confidential and used for the program's evaluation."
    )
    subject = f"{'Reminder: ' if reminder else ''}{wave.instrument.title} ({program})"
    before = (
        f"{program} asks you to answer the {wave.instrument.title} "
        f"({wave.label}). It takes a few minutes; you can save and come back."
    )
    after = (
        f"{anonymity}\n"
        f"The link is yours alone; it closes on {closes_on or wave.closes_on:%B %-d, %Y}."
    )
    return subject, before, after


def _respondent(cohort: Cohort, person: Person) -> Respondent:
    respondent, _ = Respondent.objects.get_or_create(
        cohort=cohort, person=person, defaults={"record_id": f"p{person.pk}"}
    )
    return respondent


def _open_response(invitation: Invitation) -> Response:
    existing = Response.objects.filter(invitation=invitation).first()
    if existing is not None:
        return existing
    wave = invitation.wave
    if wave.anonymous:
        respondent, record_id = None, f"a{secrets.token_hex(5)}"
    else:
        respondent = _respondent(wave.cohort, invitation.person)
        record_id = respondent.record_id
    return Response.objects.create(
        wave=wave, respondent=respondent, invitation=invitation, record_id=record_id
    )


def _stamp(now: datetime) -> str:
    return timezone.localtime(now).strftime("%Y-%m-%d %H:%M:%S")


@transaction.atomic
def do_save_answers(
    token: str, answers: dict[str, str | tuple[str, ...]], now: datetime, *, submit: bool
) -> Response:
    """Save a respondent's answers; with `submit`, the link is spent and cannot be used again.

    An anonymous response loses its link to the invitation (and so to the person) on submit,
    and keeps only the day it was submitted.
    """
    invitation = find_invitation(token, timezone.localdate(now))
    if submit and not answers:
        # read_answers refuses it first; this door never spends a link on nothing.
        raise LinkProblem("Nothing to submit", NOTHING_ANSWERED)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.used_at is not None:
        raise LinkProblem("You have already submitted this survey", "A survey is submitted once.")
    response = _open_response(invitation)
    items = {item.variable: item for item in invitation.wave.instrument.items.all()}
    response.answers.all().delete()
    Answer.objects.bulk_create(
        Answer(response=response, item=items[variable], value=_stored(value))
        for variable, value in answers.items()
    )
    forms = list(dict.fromkeys(s.form for s in invitation.wave.instrument.sections.all()))
    if submit:
        _submit(invitation, response, forms, now)
    else:
        response.completion = {form: 0 for form in forms}
        response.timestamps = {form: NOT_COMPLETED for form in forms}
        response.save(update_fields=["completion", "timestamps"])
    # An anonymous wave's event names the wave, never the response: nothing in the log ties a
    # response to the invitation (and so the person) whose link wrote it.
    wave = invitation.wave
    record(
        Action.UPDATE,
        wave if wave.anonymous else response,
        program=wave.cohort.program_id,
        fields=[] if wave.anonymous else list(answers),
        note=("anonymous response " if wave.anonymous else "answers ")
        + ("submitted" if submit else "saved"),
    )
    return response


def _submit(invitation: Invitation, response: Response, forms: list[str], now: datetime) -> None:
    claimed = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
        used_at=now, version=invitation.version + 1, next_reminder_at=None
    )
    if not claimed:
        raise LinkProblem("You have already submitted this survey", "A survey is submitted once.")
    settle(Kind.SURVEY_REMINDER, invitation.pk, now)  # its invitation and reminders are answered
    anonymous = invitation.wave.anonymous
    when = timezone.localtime(now)
    if anonymous:
        when = when.replace(hour=0, minute=0, second=0, microsecond=0)
    response.status = Response.Status.SUBMITTED
    response.submitted_at = when
    response.completion = {form: 2 for form in forms}
    response.timestamps = {form: _stamp(when) for form in forms}
    response.invitation = None if anonymous else invitation
    response.save(
        update_fields=["status", "submitted_at", "completion", "timestamps", "invitation"]
    )


def _stored(value: str | tuple[str, ...]) -> str | list[str]:
    return list(value) if isinstance(value, tuple) else value


def saved_answers(response: Response | None) -> dict[str, str | tuple[str, ...]]:
    if response is None:
        return {}
    return {
        answer.item.variable: tuple(answer.value)
        if isinstance(answer.value, list)
        else answer.value
        for answer in response.answers.select_related("item")
    }


def do_open_link(token: str, now: datetime) -> Invitation:
    """The invitation behind a link, noting the first time it was opened."""
    invitation = find_invitation(token, timezone.localdate(now))
    if invitation.opened_at is None:
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(opened_at=now)
    return invitation


def send_due_reminders(now: datetime, *, batch: int = 100) -> int:
    """Mail every survey reminder due at `now`; returns how many were sent.

    The reminder step's survey part (mentora.engagement): due invitations are claimed (below)
    and each becomes a notification in the same transaction, which the step's outbox mails,
    again later if the mail server is down. Several senders may run at once: none sends one
    reminder twice.
    """
    from mentora.engagement.sources import send_survey_reminders

    return send_survey_reminders(now, batch=batch)


@transaction.atomic
def claim_due_reminders(now: datetime, batch: int) -> list[Invitation]:
    """Up to `batch` due invitations, each counted as reminded at `now` and rescheduled."""
    due = Invitation.objects.filter(next_reminder_at__lte=now).order_by("next_reminder_at", "pk")
    if connection.features.has_select_for_update_skip_locked:
        of = ("self",) if connection.features.has_select_for_update_of else ()
        due = due.select_for_update(skip_locked=True, of=of)
    due = due.select_related("wave__cohort__program", "wave__instrument", "person")
    claimed = [invitation for invitation in due[:batch] if _claim(invitation, now)]
    waves = {invitation.wave_id: invitation.wave for invitation in claimed}
    for wave_id, wave in waves.items():
        mine = [i.pk for i in claimed if i.wave_id == wave_id]
        _schedule_reminders(wave, Invitation.objects.filter(pk__in=mine))
    return claimed


def _claim(invitation: Invitation, now: datetime) -> bool:
    """Count a reminder as sent, unless another sender claimed it since it was read.

    The optimistic lock: a claim bumps the version, so a claim from a stale read changes nothing.
    """
    return bool(
        Invitation.objects.filter(
            pk=invitation.pk, version=invitation.version, next_reminder_at__lte=now
        ).update(
            version=F("version") + 1,
            reminders_sent=F("reminders_sent") + 1,
            last_sent_at=now,
            next_reminder_at=None,
        )
    )


@dataclass(frozen=True)
class WaveRate:
    wave: Wave
    invited: int
    submitted: int
    started: int
    responses: int

    @property
    def rate(self) -> float | None:
        return self.submitted / self.invited if self.invited else None

    @property
    def percent(self) -> int:
        return round(100 * self.rate) if self.rate is not None else 0


def _per_wave(rows: QuerySet[Any], **where: object) -> Coalesce:
    """How many of `rows` belong to each wave, as a subquery: counting invitations and responses
    in one join would multiply them (a wave of 20,000 people makes 400 million rows)."""
    counted = (
        rows.filter(wave=OuterRef("pk"), **where)
        .order_by()
        .values("wave")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def response_rates(cohort: Cohort) -> list[WaveRate]:
    """Per wave: invited, submitted, started, and all responses (imported ones included)."""
    invitations = Invitation.objects.all()
    waves = cohort.survey_waves.select_related("instrument").annotate(
        invited=_per_wave(invitations),
        submitted=_per_wave(invitations, used_at__isnull=False),
        # A submitted link was opened, whether or not its opening was noted (answers saved
        # through the door without the page, as the demo does, note none).
        started=_per_wave(
            invitations.filter(Q(opened_at__isnull=False) | Q(used_at__isnull=False))
        ),
        answered=_per_wave(Response.objects.all(), status="submitted"),
    )
    return [
        WaveRate(wave, wave.invited, wave.submitted, wave.started, wave.answered) for wave in waves
    ]
