"""The weekly digest: one email a week gathering a person's unread notifications, and for a
coordinator the pairs behind cadence in their cohorts (names and counts, never a note); off by
default for mentors and mentees, on for coordinators with a profile; sent once per week."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from django.urls import reverse
from django.utils import timezone

from mentora.engagement.delivery import remind
from mentora.engagement.models import Kind, Notification
from mentora.engagement.notify import unread_count
from mentora.mentorships.actions import MeetingDetails, do_log_meeting
from tests import factories

MONDAY = date(2026, 11, 2)


def _at(day: date, hour: int = 8) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _digests(mailoutbox, to: str) -> list[str]:
    return [
        m.body for m in mailoutbox if m.subject.startswith("Your Mentora week") and m.to == [to]
    ]


def test_a_mentee_gets_no_digest_until_she_turns_it_on(world, login, mailoutbox):
    remind(_at(MONDAY))
    assert not _digests(mailoutbox, world.maya.email)
    client = login(world.maya)
    page = client.get(reverse("notification_preferences")).content.decode()
    assert "A weekly email gathering my unread notifications" in page
    client.post(reverse("notification_preferences"), {"weekly_digest": "on"})
    unread = unread_count(world.maya.pk)
    assert unread > 0  # last Monday's reminders, not read
    remind(_at(MONDAY + timedelta(days=7)))
    (digest,) = _digests(mailoutbox, world.maya.email)
    assert f"{unread_count(world.maya.pk)} unread notifications" in digest
    some = Notification.objects.filter(
        recipient=world.maya, read_at__isnull=True, in_app=True
    ).first()
    assert some.subject in digest
    # Once a week: later runs that week send nothing more; the next week's does.
    for day in range(1, 7):
        remind(_at(MONDAY + timedelta(days=7 + day), 9))
    assert len(_digests(mailoutbox, world.maya.email)) == 1
    remind(_at(MONDAY + timedelta(days=14)))
    assert len(_digests(mailoutbox, world.maya.email)) == 2
    # Not a notification in the app: the bell counts what it gathers, not the digest.
    assert not Notification.objects.filter(recipient=world.maya, kind=Kind.DIGEST, in_app=True)


def test_a_coordinator_gets_the_pairs_behind_cadence_by_default_never_a_note(
    world, login, mailoutbox
):
    coordinator = factories.make_person("Ada Coordinator")
    world.cohort.program.coordinators.add(coordinator.user)
    day = world.cohort.starts_on + timedelta(days=200)
    do_log_meeting(
        [world.mark_maya],
        MeetingDetails(on=day - timedelta(days=150), goal="SECRET-NOTE"),
        world.mark,
        _at(day),
    )
    remind(_at(day))
    (digest,) = _digests(mailoutbox, coordinator.email)
    assert f"{world.cohort.name}: 2 pairs behind cadence" in digest
    assert f"{world.maya.full_name} and {world.mark.full_name} (" in digest
    assert f"{world.nina.full_name} and {world.mark.full_name} (" in digest
    assert "SECRET" not in digest
    # A mentor gets none by default.
    assert not _digests(mailoutbox, world.mark.email)
    # Turned off, none the next week.
    login(coordinator).post(reverse("notification_preferences"), {"drift_email": "on"})
    remind(_at(day + timedelta(days=7)))
    assert len(_digests(mailoutbox, coordinator.email)) == 1


def test_a_coordinators_preferences_show_the_digest_ticked_by_default(world, login):
    coordinator = factories.make_person("Ada Coordinator")
    world.cohort.program.coordinators.add(coordinator.user)
    page = login(coordinator).get(reverse("notification_preferences")).content.decode()
    assert " checked" in _digest_box(page)
    page = login(world.maya).get(reverse("notification_preferences")).content.decode()
    assert " checked" not in _digest_box(page)


def _digest_box(page: str) -> str:
    (box,) = re.findall(r'<input[^>]*name="weekly_digest"[^>]*>', page)
    return box
