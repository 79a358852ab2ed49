"""Pulse checks: asked of the mentee a month after the match and then every two months (each
program may say otherwise), answered on a phone in two taps; a low answer offers a re-match
through the decline path and shows on the coordinator's at-risk list, as a flag only."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from mentora.audit.models import AuditEvent
from mentora.engagement.delivery import remind
from mentora.engagement.models import DriftPolicy, Kind, Notification, Pulse
from mentora.mentorships.models import Mentorship, RematchRequest


def _morning(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(8, 0)))


def _pulses(pair: Mentorship) -> list[tuple[int, date]]:
    """(number, the day its notification was written) of each pulse asked of the pair."""
    return [
        (int(n.key.rsplit(":", 1)[1]), timezone.localdate(n.created_at))
        for n in Notification.objects.filter(
            kind=Kind.PULSE, key__startswith=f"pulse:{pair.pk}:"
        ).order_by("created_at")
    ]


def _start(pair: Mentorship) -> date:
    return pair.started_on or pair.cohort.starts_on


def test_pulses_come_a_month_after_the_match_then_every_two_months_to_the_mentee(world, mailoutbox):
    pair = world.mark_maya
    start = _start(pair)
    for offset in range(0, 160):
        remind(_morning(start + timedelta(days=offset)))
    asked = _pulses(pair)
    assert [(n, (day - start).days) for n, day in asked] == [(1, 30), (2, 90), (3, 150)]
    pulse_mails = [m for m in mailoutbox if m.subject.startswith("How is your mentoring")]
    assert len([m for m in pulse_mails if m.to == [world.maya.email]]) == 3
    assert world.mark.email not in {m.to[0] for m in pulse_mails}  # mentees only
    # A second run at once asks nothing more.
    remind(_morning(start + timedelta(days=159)))
    assert len(_pulses(pair)) == 3


def test_a_program_sets_its_own_pulse_timing(world):
    pair = world.mark_maya
    DriftPolicy.objects.create(
        program=pair.cohort.program, pulse_first_days=14, pulse_every_days=28
    )
    start = _start(pair)
    for offset in range(0, 50):
        remind(_morning(start + timedelta(days=offset)))
    assert [(n, (day - start).days) for n, day in _pulses(pair)] == [(1, 14), (2, 42)]


def _asked(world) -> Pulse:
    pair = world.mark_maya
    remind(_morning(_start(pair) + timedelta(days=30)))
    return Pulse.objects.get(mentorship=pair, number=1)


def test_a_low_answer_offers_a_re_match_and_shows_on_the_at_risk_list(world, login):
    pulse = _asked(world)
    pair = world.mark_maya
    url = reverse("pulse", args=[pulse.pk])
    client = login(world.maya)
    page = client.get(url).content.decode()
    assert "How is your mentoring relationship going?" in page
    assert 'type="radio"' in page
    response = client.post(url, {"rating": "2", "wants_talk": "no"}, follow=True)
    page = response.content.decode()
    assert "Ask for a re-match" in page
    assert reverse("decline", args=[pair.pk]) in page
    pulse.refresh_from_db()
    assert (pulse.rating, pulse.wants_talk, pulse.low) == (2, False, True)
    assert AuditEvent.objects.filter(
        object_type="engagement.pulse", object_id=str(pulse.pk), actor=world.maya.user
    ).exists()
    # Answered once: a second answer changes nothing.
    client.post(url, {"rating": "5", "wants_talk": "no"})
    pulse.refresh_from_db()
    assert pulse.rating == 2
    # The coordinator sees the flag, not the answer.
    at_risk = login(world.alice).get(reverse("at_risk", args=[pair.cohort.pk])).content.decode()
    assert "Low pulse" in at_risk
    assert world.maya.full_name in at_risk
    assert "2 out of 5" not in at_risk
    # The decline page, reached from the offer, asks for the re-match.
    client = login(world.maya)
    client.post(reverse("decline", args=[pair.pk]), {"reason": "no_contact", "rematch": "on"})
    assert RematchRequest.objects.filter(mentee=world.maya, declined=pair).exists()


def test_a_good_answer_offers_nothing_and_flags_nothing(world, login):
    pulse = _asked(world)
    client = login(world.maya)
    page = client.post(
        reverse("pulse", args=[pulse.pk]), {"rating": "4", "wants_talk": "no"}, follow=True
    ).content.decode()
    assert "Ask for a re-match" not in page
    at_risk = login(world.alice).get(reverse("at_risk", args=[world.cohort.pk])).content.decode()
    assert "Low pulse" not in at_risk


def test_asking_to_talk_is_low_whatever_the_rating(world, login):
    pulse = _asked(world)
    login(world.maya).post(reverse("pulse", args=[pulse.pk]), {"rating": "5", "wants_talk": "yes"})
    pulse.refresh_from_db()
    assert pulse.low
    at_risk = login(world.alice).get(reverse("at_risk", args=[world.cohort.pk])).content.decode()
    assert "asks to talk" in at_risk


def test_only_the_mentee_opens_or_answers_her_pulse(world, login):
    pulse = _asked(world)
    url = reverse("pulse", args=[pulse.pk])
    for who in (world.mark, world.nina, world.alice, world.bob, world.olga):
        client = login(who)
        assert client.get(url).status_code == 404
        assert client.post(url, {"rating": "1", "wants_talk": "yes"}).status_code == 404
    pulse.refresh_from_db()
    assert pulse.answered_at is None


def test_bad_answers_are_sent_back_with_a_message(world, login):
    pulse = _asked(world)
    client = login(world.maya)
    response = client.post(reverse("pulse", args=[pulse.pk]), {"rating": "9", "wants_talk": "x"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    pulse.refresh_from_db()
    assert pulse.answered_at is None


def test_a_coordinator_sets_the_pulse_timing_beside_the_reminder_steps(world, login):
    client = login(world.alice)
    steps = {"mentee": "3", "mentor": "10", "coordinator": "20", "goal_review": "14"}
    response = client.post(
        reverse("drift_policy", args=[world.cohort.pk]),
        {**steps, "pulse_first": "21", "pulse_every": "45"},
    )
    assert response.status_code == 302
    policy = DriftPolicy.objects.get(program=world.clerkship)
    assert (policy.pulse_first_days, policy.pulse_every_days) == (21, 45)
    page = client.get(reverse("at_risk", args=[world.cohort.pk])).content.decode()
    assert 'name="pulse_every" value="45"' in page


def test_many_pairs_each_get_their_own_pulse_linked_to_its_page(world, monkeypatch):
    """More pairs than one query takes (the pulses' ids are read a few pairs at a time): every
    mentee's notification links to her own pulse."""
    from mentora.engagement import pulse as pulses
    from mentora.engagement.pulse import plan_pulses
    from tests import factories

    monkeypatch.setattr(pulses, "CHUNK", 2)
    for k in range(5):
        mentee = factories.make_person(f"Extra Mentee{k}")
        factories.enrol(world.cohort, mentee)
        factories.pair(world.cohort, world.mark, mentee)
    pairs = Mentorship.objects.filter(status=Mentorship.Status.ACTIVE, cohort=world.cohort)
    start = max(_start(p) for p in pairs)
    assert plan_pulses(_morning(start + timedelta(days=31))) >= pairs.count() >= 6
    for pair in pairs:
        pulse = Pulse.objects.get(mentorship=pair, number=1)
        note = Notification.objects.get(kind=Kind.PULSE, key=f"pulse:{pair.pk}:1")
        assert note.recipient_id == pair.mentee_id
        assert note.link == reverse("pulse", args=[pulse.pk])
