"""What is due at `now`, found in SQL, as notification drafts: the reminder step's plan.

Each source keys its drafts by what and which moment they are about, so that planning again
(the next run, or another process at once) writes nothing new. Every source takes the clock as
an argument: a test walks a program year by calling the step day by day.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from mentora.engagement.delivery import deliver
from mentora.engagement.digest import plan_digests
from mentora.engagement.drift import policies
from mentora.engagement.escalation import plan_drift
from mentora.engagement.models import Kind, PlannedDay
from mentora.engagement.notify import Draft, notify
from mentora.engagement.pulse import plan_pulses
from mentora.mentorships.models import DevelopmentPlan, Goal, Meeting, Mentorship

Held = Meeting.mentorships.through
AGREEMENT_GRACE_DAYS = 7  # a new pair's first week to sign before the first reminder
AGREEMENT_EVERY_DAYS = 14
AGREEMENT_REMINDERS = 3  # at most, per version of the agreement
PLAN_DUE_DAYS = 30  # after the cohort starts, a mentee's development plan is due
PLAN_REVIEW_DAYS = 7  # a shared plan waits this long for its mentor's review before a reminder
GOAL_REVIEW_DAYS = 30  # the default; a program's drift policy may say otherwise
KEEP_PLANNED_DAYS = 30  # the step's record of the days it planned (a row a day)


def plan_due(now: datetime) -> int:
    """Write every notification due at `now`; returns how many were new.

    What changes by the minute (survey invitations and reminders, meetings in the next 24 hours,
    plans waiting for review, the weekly digest) is planned at every run; what changes by the
    day only at the first run of each local day (`plan_day`): at national scale it costs about
    20 s, which every 5-minute run would otherwise spend again to find it written.
    """
    from mentora.surveys.timed import invite_due

    written = invite_due(now) + plan_survey_reminders(now)
    written += notify(meetings_soon(now), now) + notify(plans_waiting(now), now)
    today = timezone.localdate(now)
    if not PlannedDay.objects.filter(day=today).exists():
        written += plan_day(now)
        PlannedDay.objects.get_or_create(day=today, defaults={"planned_at": now})
        PlannedDay.objects.filter(day__lt=today - timedelta(days=KEEP_PLANNED_DAYS)).delete()
    return written + plan_digests(now)


def plan_day(now: datetime) -> int:
    """The day-level reminders of `now`'s local day (idempotent: two runs at once, or a second
    run the same day, write nothing new)."""
    today = timezone.localdate(now)
    written = 0
    for source in (agreements_unsigned(today), plans_due(today), goal_reviews(today)):
        written += notify(source, now)
    return written + plan_drift(now) + plan_pulses(now)


# Surveys: the invitations' own schedule says when (Invitation.next_reminder_at).


def plan_survey_reminders(now: datetime, *, batch: int = 100) -> int:
    """Claim every survey reminder due at `now` and write its notification in the same
    transaction: a claimed reminder is never lost, and never claimed twice."""
    from mentora.surveys.actions import claim_due_reminders, reminder_text

    written = 0
    while True:
        with transaction.atomic():
            claimed = claim_due_reminders(now, batch)
            drafts = []
            for invitation in claimed:
                subject, before, after = reminder_text(
                    invitation.wave, reminder=True, closes_on=invitation.closes_on
                )
                drafts.append(
                    Draft(
                        invitation.person_id,
                        Kind.SURVEY_REMINDER,
                        f"survey:{invitation.pk}:{invitation.version + 1}",
                        subject,
                        f"{before}\n\n{after}",
                        about_id=invitation.pk,
                    )
                )
            written += notify(drafts, now)
        if not claimed:
            return written


def send_survey_reminders(now: datetime, *, batch: int = 100) -> int:
    """The survey part of the step alone (`mentora send_survey_reminders`): how many mailed."""
    plan_survey_reminders(now, batch=batch)
    return len(deliver(now, batch=batch, kinds=[Kind.SURVEY_REMINDER]))


# Meetings: a day ahead.


def meetings_soon(now: datetime) -> list[Draft]:
    """A scheduled meeting starting within 24 hours: its mentor and each mentee (a meeting
    without a time starts at midnight). Moved meetings are reminded again."""
    today = timezone.localdate(now)
    links = Held.objects.filter(
        meeting__status=Meeting.Status.SCHEDULED,
        meeting__on__range=(today, today + timedelta(1)),
        mentorship__status=Mentorship.Status.ACTIVE,
    ).values_list(
        "meeting_id",
        "meeting__on",
        "meeting__starts_at",
        "mentorship__mentor_id",
        "mentorship__mentor__full_name",
        "mentorship__mentee_id",
        "mentorship__mentee__full_name",
    )
    drafts = []
    for meeting_id, on, starts_at, mentor_id, mentor, mentee_id, mentee in links:
        starts = timezone.make_aware(datetime.combine(on, starts_at or time.min))
        if not now < starts <= now + timedelta(hours=24):
            continue
        when = f"{on:%A %B %-d}" + (f" at {starts_at:%H:%M}" if starts_at else "")
        key = f"meeting:{meeting_id}:{on.isoformat()}:{starts_at or ''}"
        link = reverse("meeting", args=[meeting_id])
        for person_id, other in ((mentor_id, mentee), (mentee_id, mentor)):
            drafts.append(
                Draft(
                    person_id,
                    Kind.MEETING_SOON,
                    key,
                    f"Meeting with {other} {when}",
                    f"You meet {other} {when}.",
                    link,
                    meeting_id,
                )
            )
    return drafts


# Agreements: signed by both within a week or so.


def agreements_unsigned(today: date) -> list[Draft]:
    """An active pair's agreement one of them has not signed, a week after the pair started,
    then every two weeks, three times at most per version of the text."""
    cut = today - timedelta(days=AGREEMENT_GRACE_DAYS)
    pairs = Mentorship.objects.filter(
        Q(started_on__lte=cut) | Q(started_on__isnull=True, cohort__starts_on__lte=cut),
        Q(agreement__isnull=True)
        | Q(agreement__mentor_signed_at__isnull=True)
        | Q(agreement__mentee_signed_at__isnull=True),
        status=Mentorship.Status.ACTIVE,
        cohort__ends_on__gte=today,
    ).values_list(
        "pk",
        "started_on",
        "cohort__starts_on",
        "mentor_id",
        "mentor__full_name",
        "mentee_id",
        "mentee__full_name",
        "agreement__version",
        "agreement__mentor_signed_at",
        "agreement__mentee_signed_at",
    )
    drafts = []
    for (
        pk,
        started,
        cohort_start,
        mentor_id,
        mentor,
        mentee_id,
        mentee,
        version,
        mentor_signed,
        mentee_signed,
    ) in pairs:
        round_ = ((today - (started or cohort_start)).days - AGREEMENT_GRACE_DAYS) // (
            AGREEMENT_EVERY_DAYS
        )
        if round_ >= AGREEMENT_REMINDERS:
            continue
        link = reverse("agreement", args=[pk])
        for person_id, other, signed in (
            (mentor_id, mentee, mentor_signed),
            (mentee_id, mentor, mentee_signed),
        ):
            if signed is None:
                drafts.append(
                    Draft(
                        person_id,
                        Kind.AGREEMENT_UNSIGNED,
                        f"agreement:{pk}:{version or 0}:{round_}",
                        f"Your agreement with {other} is waiting for your signature",
                        f"Read your mentoring agreement with {other} and sign it, or change it "
                        "together first.",
                        link,
                        pk,
                    )
                )
    return drafts


# Development plans: due a month into the cohort; shared ones reviewed within a week.


def plans_due(today: date) -> list[Draft]:
    """A mentee with an active pair in a running cohort and no shared plan, once the plan is
    due (PLAN_DUE_DAYS into the cohort)."""
    pairs = list(
        Mentorship.objects.filter(
            status=Mentorship.Status.ACTIVE,
            cohort__starts_on__lte=today - timedelta(PLAN_DUE_DAYS),
            cohort__ends_on__gte=today,
        )
        .values_list("pk", "mentee_id", "cohort_id")
        .order_by("pk")
    )
    plans = {
        (mentee, cohort): (pk, status)
        for pk, mentee, cohort, status in DevelopmentPlan.objects.filter(
            mentee_id__in={m for _, m, _ in pairs}, cohort_id__in={c for _, _, c in pairs}
        ).values_list("pk", "mentee_id", "cohort_id", "status")
    }
    drafts = []
    for pair_id, mentee_id, cohort_id in pairs:
        plan = plans.get((mentee_id, cohort_id))
        if plan is not None and plan[1] != DevelopmentPlan.Status.DRAFT:
            continue
        link = reverse("plan", args=[plan[0]]) if plan else reverse("start_plan", args=[pair_id])
        drafts.append(
            Draft(
                mentee_id,
                Kind.PLAN_DUE,
                f"plan-due:{cohort_id}",
                "Your development plan is due",
                "Write your individual development plan and share it with your mentors: they "
                "review it with you.",
                link,
            )
        )
    return drafts


def plans_waiting(now: datetime) -> list[Draft]:
    """A plan shared a week ago and not reviewed: each of the mentee's active mentors there."""
    plans = list(
        DevelopmentPlan.objects.filter(
            status=DevelopmentPlan.Status.SHARED,
            reviewed_at__isnull=True,
            shared_at__lte=now - timedelta(days=PLAN_REVIEW_DAYS),
        ).values_list("pk", "mentee_id", "cohort_id", "shared_at", "mentee__full_name")
    )
    if not plans:
        return []
    mentors: dict[tuple[int, int], list[int]] = {}
    for mentee_id, cohort_id, mentor_id in Mentorship.objects.filter(
        status=Mentorship.Status.ACTIVE,
        mentee_id__in={p[1] for p in plans},
        cohort_id__in={p[2] for p in plans},
    ).values_list("mentee_id", "cohort_id", "mentor_id"):
        mentors.setdefault((mentee_id, cohort_id), []).append(mentor_id)
    drafts = []
    for pk, mentee_id, cohort_id, shared_at, mentee in plans:
        for mentor_id in mentors.get((mentee_id, cohort_id), []):
            drafts.append(
                Draft(
                    mentor_id,
                    Kind.PLAN_REVIEW,
                    f"plan-review:{pk}:{shared_at:%Y%m%d%H%M%S}",
                    f"{mentee}'s development plan is waiting for your review",
                    f"{mentee} shared their development plan with you. Read it, comment and sign "
                    "it off.",
                    reverse("plan", args=[pk]),
                    pk,
                )
            )
    return drafts


# Goals: reviewed every month (the program's drift policy may say otherwise).


def goal_reviews(today: date) -> list[Draft]:
    """An active pair with open goals and no progress or change to them for a review period:
    both of the pair, once per period since the pair started."""
    pairs = list(
        Mentorship.objects.filter(status=Mentorship.Status.ACTIVE, goals__status=Goal.Status.OPEN)
        .annotate(
            changed=Max("goals__updated_at"),
            created=Max("goals__created_at"),
            progressed=Max("goals__progress__on"),
        )
        .values_list(
            "pk",
            "started_on",
            "cohort__starts_on",
            "cohort__program_id",
            "mentor_id",
            "mentee_id",
            "changed",
            "created",
            "progressed",
        )
    )
    every = {pid: p.goal_review_days for pid, p in policies(p[3] for p in pairs).items()}
    drafts = []
    for (
        pk,
        started,
        cohort_start,
        program_id,
        mentor_id,
        mentee_id,
        changed,
        created,
        progressed,
    ) in pairs:
        period = max(1, every.get(program_id, GOAL_REVIEW_DAYS))
        start = started or cohort_start
        touched = [
            d
            for d in (
                timezone.localdate(changed) if changed else None,
                timezone.localdate(created) if created else None,
                progressed,
                start,
            )
            if d
        ]
        if (today - max(touched)).days < period:
            continue
        number = (today - start).days // period
        link = reverse("mentorship", args=[pk])
        for person_id in (mentor_id, mentee_id):
            drafts.append(
                Draft(
                    person_id,
                    Kind.GOAL_REVIEW,
                    f"goal-review:{pk}:{number}",
                    "Time to review your goals",
                    f"Nothing has moved on your open goals for {period} days or more. Review them "
                    "together: mark progress, change or close them.",
                    link,
                    pk,
                )
            )
    return drafts
