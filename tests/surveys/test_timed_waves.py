"""Waves timed per person: each person is invited, reminded and paired at their own times."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from mentora.engagement.delivery import remind
from mentora.engagement.models import Kind, Notification
from mentora.engagement.notify import unread_count
from mentora.evaluation.reports.surveys import comparisons
from mentora.evaluation.sources import load_cohort
from mentora.programs.models import Enrolment
from mentora.surveys.actions import do_create_wave, do_save_answers, response_rates
from mentora.surveys.library import ensure_library
from mentora.surveys.links import LinkProblem, find_invitation, token_for
from mentora.surveys.models import Invitation, Wave
from mentora.surveys.timed import describe

NOW = datetime(2026, 6, 1, 15, 0, tzinfo=UTC)
CORE = {"im_opinion_clerkship": "4", "im_opinion_career": "4", "specialty_confidence": "3",
        "met_mentors": "0"}
NINA_STARTS = date(2026, 10, 1)  # the cohort starts on July 1 (Maya's start)


@pytest.fixture
def timed(world):
    """At the start of each person's part and after 12 weeks; Nina enrols on October 1."""
    Enrolment.objects.filter(person=world.nina).update(enrolled_on=NINA_STARTS)
    survey = ensure_library(NOW)["clerkship_survey"]
    pre = do_create_wave(world.cohort, survey, "At start", None, None, NOW,
                         anchor=Wave.Anchor.START, offset_days=0, window_days=14)
    post = do_create_wave(world.cohort, survey, "After 12 weeks", None, None, NOW,
                          anchor=Wave.Anchor.START, offset_days=84, window_days=14)
    return pre, post


def _morning(day):
    return timezone.make_aware(datetime.combine(day, time(9)))


def _walk(first, last):
    """Run the reminder step every morning; returns (day, to, subject) of each survey mail."""
    sent = []
    day = first
    while day <= last:
        mail.outbox.clear()
        remind(_morning(day))
        sent += [(day, m.to[0], m.subject) for m in mail.outbox if "Clerkship" in m.subject]
        day += timedelta(days=1)
    return sent


def test_two_people_with_different_starts_are_invited_and_reminded_at_their_own_times(
    world, timed
):
    pre, _post = timed
    sent = _walk(date(2026, 6, 25), date(2027, 1, 10))

    def days(person, reminder):
        return [d for d, to, subject in sent
                if to == person.email and subject.startswith("Reminder:") == reminder]

    maya, nina = world.maya, world.nina
    # Invitations on each person's own first day and 12 weeks later; a reminder a week after.
    assert days(maya, False) == [date(2026, 7, 1), date(2026, 9, 23)]
    assert days(nina, False) == [date(2026, 10, 1), date(2026, 12, 24)]
    assert days(maya, True) == [date(2026, 7, 8), date(2026, 9, 30)]
    assert days(nina, True) == [date(2026, 10, 8), date(2026, 12, 31)]
    assert not [to for _, to, _ in sent if to == world.mark.email]  # mentors are not asked
    # Each link keeps its person's own window.
    nina_pre = Invitation.objects.get(wave=pre, person=nina)
    assert (nina_pre.opens_on, nina_pre.closes_on) == (NINA_STARTS, date(2026, 10, 14))
    with pytest.raises(LinkProblem, match="closed"):
        find_invitation(token_for(nina_pre.nonce), date(2026, 10, 15))
    assert find_invitation(token_for(nina_pre.nonce), date(2026, 10, 14)) == nina_pre


def test_the_invitation_mail_names_the_persons_own_last_day_and_a_second_run_sends_nothing(
    world, timed
):
    remind(_morning(NINA_STARTS))
    (invitation,) = [
        m for m in mail.outbox if m.to == [world.nina.email] and "Clerkship" in m.subject
    ]
    assert "closes on October 14, 2026" in invitation.body
    assert "/s/" in invitation.body
    mail.outbox.clear()
    remind(_morning(NINA_STARTS) + timedelta(hours=1))
    assert not [m for m in mail.outbox if "Clerkship" in m.subject]


def test_submitting_the_survey_takes_its_invitation_and_reminder_off_the_unread(world, timed):
    pre, _post = timed
    remind(_morning(NINA_STARTS))
    remind(_morning(NINA_STARTS + timedelta(days=7)))  # she has not answered: a reminder
    about = Notification.objects.filter(recipient=world.nina, kind=Kind.SURVEY_REMINDER)
    assert about.count() == 2 and unread_count(world.nina.pk) >= 2
    before = unread_count(world.nina.pk)
    invitation = Invitation.objects.get(wave=pre, person=world.nina)
    do_save_answers(token_for(invitation.nonce), CORE, _morning(NINA_STARTS) + timedelta(days=8),
                    submit=True)
    assert not about.filter(read_at__isnull=True).exists()
    assert unread_count(world.nina.pk) == before - 2


def test_rates_count_those_whose_window_opened_and_pre_post_pairs_each_persons_own_waves(
    world, timed
):
    pre, post = timed

    def answer(person, wave, day):
        remind(_morning(day))
        invitation = Invitation.objects.get(wave=wave, person=person)
        do_save_answers(token_for(invitation.nonce), CORE, _morning(day), submit=True)

    answer(world.maya, pre, date(2026, 7, 2))
    answer(world.maya, post, date(2026, 9, 24))
    rates = {r.wave.label: (r.invited, r.submitted) for r in response_rates(world.cohort)}
    assert rates == {"At start": (1, 1), "After 12 weeks": (1, 1)}  # Nina's have not opened
    answer(world.nina, pre, date(2026, 10, 2))
    answer(world.nina, post, date(2026, 12, 25))
    rates = {r.wave.label: (r.invited, r.submitted) for r in response_rates(world.cohort)}
    assert rates == {"At start": (2, 2), "After 12 weeks": (2, 2)}
    (found,) = comparisons(load_cohort(world.cohort))
    assert (found.pre, found.post, found.respondents) == ("At start", "After 12 weeks", 2)


def test_a_coordinator_times_a_wave_per_person_and_is_told_what_is_missing(world, login):
    survey = ensure_library(NOW)["clerkship_survey"]
    client = login(world.alice)
    url = f"/cohorts/{world.cohort.pk}/surveys/waves/"
    base = {"instrument": survey.pk, "label": "Six months after", "time_point": "follow_up_1y"}

    missing = client.post(url, {**base, "anchor": "end", "window_days": "30"})
    assert missing.status_code == 400
    assert "Say how many days after each person&#x27;s start or end" in missing.content.decode()
    fixed = client.post(url, {**base, "anchor": ""})
    assert fixed.status_code == 400
    assert "A wave on fixed dates needs the day it opens." in fixed.content.decode()
    assert not Wave.objects.exists()

    made = client.post(url, {**base, "anchor": "end", "offset_days": "182", "window_days": "30"})
    wave = Wave.objects.get()
    assert made.status_code == 302
    assert (wave.anchor, wave.offset_days, wave.window_days) == ("end", 182, 30)
    page = client.get(f"/surveys/waves/{wave.pk}/").content.decode()
    assert "26 weeks after the end of each person&#x27;s part, open 30 days" in page


def test_a_timed_waves_description_counts_its_weeks_and_days_in_agreeing_words():
    assert describe(Wave.Anchor.END, 7, 1) == (
        "1 week after the end of each person's part, open 1 day"
    )
    assert describe(Wave.Anchor.START, -14, 28) == (
        "2 weeks before the start of each person's part, open 28 days"
    )
    assert describe(Wave.Anchor.START, 1, 2) == (
        "1 day after the start of each person's part, open 2 days"
    )
