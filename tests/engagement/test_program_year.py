"""A program year walked day by day: the reminder step runs every morning with that day's clock.

The pair agreed to meet once a month; its program's drift policy says when each escalation step
fires. The test checks what the people would see: the mentee is reminded first, the mentor
later, then the pair is flagged to the coordinator; a meeting held stops the steps, and the
next quiet spell starts again from the mentee. Meetings after the cohort's end date count.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from mentora.engagement.delivery import remind
from mentora.engagement.models import DriftFlag, DriftPolicy, Kind, Notification, Pulse
from mentora.mentorships.actions import (
    MeetingDetails,
    do_draft_agreement,
    do_edit_agreement,
    do_log_meeting,
    do_schedule_meeting,
)
from mentora.mentorships.models import CadencePeriod, Mentorship, RematchRequest
from tests import factories


def _morning(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(8, 0)))


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(n) for n in range((end - start).days + 1)]


def _drift_steps(pair_id: int) -> list[tuple[str, int]]:
    """(who, the day it was written) of each drift notification about the pair, in order."""
    rows = Notification.objects.filter(kind__in=[Kind.DRIFT, Kind.AT_RISK], about_id=pair_id)
    return [(n.key.rsplit(":", 1)[1], n.created_at) for n in rows.order_by("created_at", "pk")]


def test_a_program_year_escalates_in_order_and_stops_once_the_pair_meets(world, mailoutbox):
    pair = world.mark_maya
    cohort = world.cohort
    policy = DriftPolicy.objects.create(
        program=cohort.program, mentee_after_days=5, mentor_after_days=12, coordinator_after_days=20
    )
    coordinator = factories.make_person("Ada Coordinator")  # a coordinator with a profile
    cohort.program.coordinators.add(coordinator.user)
    start = _morning(cohort.starts_on)
    agreement = do_draft_agreement(pair, start)
    do_edit_agreement(
        agreement,
        {"cadence_meetings": 1, "cadence_period_days": CadencePeriod.MONTH},
        pair.mentee,
        start,
    )
    first_met: date | None = None
    met_again: date | None = None
    for day in _days(cohort.starts_on, cohort.starts_on + timedelta(days=120)):
        steps = [who for who, _ in _drift_steps(pair.pk)]
        if first_met is None and "flag" in steps:
            # The coordinator was told: now the pair meets.
            first_met = day
            do_log_meeting([pair], MeetingDetails(on=day), pair.mentor, _morning(day))
        remind(_morning(day))
        if first_met and met_again is None and len(_drift_steps(pair.pk)) > 3:
            met_again = day
            break

    steps = _drift_steps(pair.pk)
    assert [who for who, _ in steps[:4]] == ["mentee", "mentor", "flag", "mentee"]
    mentee, mentor, flag = (timezone.localdate(at) for _, at in steps[:3])
    interval = CadencePeriod.MONTH.value  # one meeting a month
    quiet_from = cohort.starts_on
    assert (mentee - quiet_from).days == interval + policy.mentee_after_days
    assert (mentor - quiet_from).days == interval + policy.mentor_after_days
    assert (flag - quiet_from).days == interval + policy.coordinator_after_days
    # Once they met, nothing more until they fell behind again: the mentee first.
    assert first_met is not None and met_again is not None
    assert (met_again - first_met).days == interval + policy.mentee_after_days
    # Each step reached its person, by email too.
    to = {m.subject: m.to for m in mailoutbox}
    assert to[f"Time to meet {world.mark.full_name}"] == [world.maya.email]
    assert to[f"Time to meet {world.maya.full_name}"] == [world.mark.email]
    assert [coordinator.email] in to.values()
    assert DriftFlag.objects.filter(mentorship=pair).count() == 1


def test_meetings_after_the_cohort_end_keep_an_active_pair_on_cadence(world):
    pair = world.mark_maya
    cohort = world.cohort
    last_day = cohort.ends_on
    # Met every month of the year, and on after the cohort's end.
    for day in _days(cohort.starts_on, last_day + timedelta(days=90))[::28]:
        do_log_meeting([pair], MeetingDetails(on=day), pair.mentor, _morning(day))
    agreement = do_draft_agreement(pair, _morning(cohort.starts_on))
    do_edit_agreement(
        agreement,
        {"cadence_meetings": 1, "cadence_period_days": CadencePeriod.MONTH},
        pair.mentee,
        _morning(cohort.starts_on),
    )
    for day in _days(last_day - timedelta(days=10), last_day + timedelta(days=80)):
        remind(_morning(day))
    assert not Notification.objects.filter(kind=Kind.DRIFT, about_id=pair.pk).exists()


def test_a_meeting_is_reminded_once_a_day_ahead_to_both(world, mailoutbox):
    pair = world.mark_maya
    day = date(2026, 9, 10)
    do_schedule_meeting(
        [pair],
        MeetingDetails(on=day, starts_at=time(14, 0)),
        pair.mentor,
        _morning(day - timedelta(days=10)),
    )
    remind(timezone.make_aware(datetime.combine(day - timedelta(days=1), time(13, 0))))
    assert not [m for m in mailoutbox if "Meeting with" in m.subject]  # 25 hours ahead
    for hour in (14, 15, 20):
        remind(timezone.make_aware(datetime.combine(day - timedelta(days=1), time(hour, 0))))
    meeting_mails = [m for m in mailoutbox if "Meeting with" in m.subject]
    assert sorted(m.to[0] for m in meeting_mails) == sorted([world.mark.email, world.maya.email])


def test_a_program_year_asks_pulses_and_a_low_one_offers_a_re_match(world, login):
    """Day by day: the mentee is asked a month after the match, answers well; two months later
    she answers low, is offered a re-match, takes it through the decline page, and the step
    asks that pair nothing more."""
    pair = world.mark_maya
    start = pair.started_on or pair.cohort.starts_on
    client = login(world.maya)
    answered = []
    for day in _days(start, start + timedelta(days=200)):
        remind(_morning(day))
        for note in Notification.objects.filter(
            recipient=world.maya, kind=Kind.PULSE, read_at__isnull=True, about_id__isnull=False
        ):
            # She opens it from her notifications, as she would, and answers.
            opened = client.post(reverse("notification_open", args=[note.pk]))
            rating = "4" if not answered else "2"
            page = client.post(
                opened.url, {"rating": rating, "wants_talk": "no"}, follow=True
            ).content.decode()
            answered.append(((day - start).days, rating, "Ask for a re-match" in page))
            if rating == "2":
                client.post(
                    reverse("decline", args=[pair.pk]), {"reason": "no_contact", "rematch": "on"}
                )
    assert answered == [(30, "4", False), (90, "2", True)]
    assert RematchRequest.objects.filter(mentee=world.maya, declined=pair).exists()
    pair.refresh_from_db()
    assert pair.status == Mentorship.Status.DECLINED
    # Declined: the third pulse (day 150) was never asked.
    assert Pulse.objects.filter(mentorship=pair).count() == 2
