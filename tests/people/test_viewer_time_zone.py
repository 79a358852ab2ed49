"""Pages show dates and times in the viewer's own time zone (Person.timezone), and reckon
"today" there too, so a page never puts a time of one zone beside a date of another."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.urls import reverse
from django.utils import timezone

from mentora.feedback.actions import do_log_procedure
from mentora.mentorships.actions import do_add_action_item, do_draft_agreement
from mentora.mentorships.actions.agreements import do_sign_agreement
from mentora.people.zones import zone_named

CHICAGO = ZoneInfo("America/Chicago")
# 20:30 in Chicago on 21 November is already 11:30 on the 22nd in Tokyo
EVENING = datetime(2026, 11, 21, 20, 30, tzinfo=CHICAGO)


def _in_zone(person: Any, name: str) -> None:
    person.timezone = name
    person.save(update_fields=["timezone"])


@time_machine.travel(EVENING, tick=False)
def test_a_signature_shows_in_each_viewers_zone(world: Any, login: Any) -> None:
    agreement = do_draft_agreement(world.mark_maya, timezone.now())
    do_sign_agreement(agreement, world.mark, timezone.now())
    _in_zone(world.maya, "Asia/Tokyo")
    url = reverse("agreement", args=[world.mark_maya.pk])
    assert "signed 2026-11-21 20:30" in login(world.mark).get(url).content.decode()
    assert "signed 2026-11-22 11:30" in login(world.maya).get(url).content.decode()


@time_machine.travel(EVENING, tick=False)
def test_today_is_the_viewers_today(world: Any, login: Any) -> None:
    """An item due on the 21st is overdue in Tokyo (the 22nd there), not yet in Chicago."""
    do_add_action_item(
        world.mark_maya, "Read the rubric", world.maya, timezone.now(), date(2026, 11, 21)
    )

    def overdue() -> bool:
        steps = login(world.maya).get(reverse("home")).context["next_steps"]
        return next(s.overdue for s in steps if s.text.startswith("Read the rubric"))

    assert overdue() is False
    _in_zone(world.maya, "Asia/Tokyo")
    assert overdue() is True


@time_machine.travel(EVENING, tick=False)
def test_a_procedure_done_today_where_the_learner_is_is_not_in_the_future(world: Any) -> None:
    with timezone.override(ZoneInfo("Asia/Tokyo")):
        entry = do_log_procedure(
            world.mark_maya,
            world.maya,
            timezone.now(),
            procedure="Venepuncture",
            performed_on=date(2026, 11, 22),
            level="supervised",
        )
    assert entry.performed_on == date(2026, 11, 22)


def test_an_unknown_or_blank_zone_keeps_the_sites(world: Any, login: Any) -> None:
    assert zone_named("Europe/London") == ZoneInfo("Europe/London")
    assert zone_named("") is None and zone_named("Mars/Olympus") is None
    assert zone_named("../../etc/passwd") is None
    _in_zone(world.maya, "Mars/Olympus")
    assert login(world.maya).get(reverse("home")).status_code == 200


@time_machine.travel(EVENING, tick=False)
def test_a_meeting_time_shows_and_is_typed_on_each_persons_clock(world: Any, login: Any) -> None:
    """Mark in Chicago meets Maya in Tokyo: 20:30 on 1 December for him is 11:30 on the 2nd
    for her, on the meeting page, the pair's page and in what she types."""
    from datetime import time

    from mentora.mentorships.actions.meetings import MeetingDetails, do_schedule_meeting
    from mentora.mentorships.models import Meeting

    [meeting] = do_schedule_meeting(
        [world.mark_maya],
        MeetingDetails(on=date(2026, 12, 1), starts_at=time(20, 30)),
        world.mark,
        timezone.now(),
    )
    _in_zone(world.maya, "Asia/Tokyo")
    url = reverse("meeting", args=[meeting.pk])
    assert "on 1 Dec 2026 at 20:30</h1>" in login(world.mark).get(url).content.decode()
    assert "on 2 Dec 2026 at 11:30</h1>" in login(world.maya).get(url).content.decode()
    pair_page = login(world.maya).get(reverse("mentorship", args=[world.mark_maya.pk]))
    assert "2 Dec 2026 11:30" in pair_page.content.decode()

    login(world.maya).post(
        reverse("schedule_meeting", args=[world.mark_maya.pk]),
        {
            "mentorships": [world.mark_maya.pk],
            "on": "2026-12-09",
            "starts_at": "11:30",
            "duration_minutes": 30,
            "mode": "in_person",
            "every_weeks": "",
        },
    )
    typed = Meeting.objects.exclude(pk=meeting.pk).get()
    assert (typed.on, typed.starts_at) == (date(2026, 12, 8), time(20, 30))  # Chicago's clock


def test_a_zone_changed_in_the_profile_holds_from_the_next_page(world: Any, login: Any) -> None:
    from mentora.people.zones import ZONE_KEY

    client = login(world.maya)
    assert client.session[ZONE_KEY] == "America/Chicago"  # noted when she signed in
    _in_zone(world.maya, "Asia/Tokyo")
    client.get(reverse("home"))  # the menu reads her person anyway, and notes the new zone
    assert client.session[ZONE_KEY] == "Asia/Tokyo"
