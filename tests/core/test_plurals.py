"""Counts agree with their words: "1 problem", "2 problems", never "these 1 problem" or "(s)"."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from django.urls import reverse
from django.utils import timezone

from mentora.core.text import plural
from mentora.surveys.actions import do_create_wave
from mentora.surveys.library import ensure_library

MENTORA = Path(__file__).resolve().parents[2] / "mentora"
COUNTED = (
    "rows|pairs|mentees|mentors|meetings|responses|respondents|entries|weeks|hours|minutes|days"
    "|times|problems|invitations|participants|people|records|waves|values|goals|observations"
)
# "{{ n }} rows" with no pluralize after the variable, in any template
BARE_COUNT = re.compile(r"(?P<before>\S+ )?\{\{ ?(?P<count>[\w.]+) ?\}\} (" + COUNTED + r")\b")
# "meeting(s)" in any text the code writes
EITHER = re.compile(
    r"\b(?:row|pair|mentee|mentor|meeting|response|respondent|entr|week|hour|minute|day|time"
    r"|problem|invitation|participant|record|wave|value|goal|observation|item|file|error)"
    r"(?:\(e?s\)|\(y/ies\))"
)


def _bare_counts(text: str) -> list[str]:
    """Counts printed before a plural noun, unless the plural is right whatever the count
    ("fewer than 5 people") or a `{% if count == 1 %}` chose the words just before."""
    found = []
    for match in BARE_COUNT.finditer(text):
        count = match["count"]
        chosen = f"{{% if {count} == 1 %}}" in text[max(0, match.start() - 200) : match.start()]
        if match["before"] == "than " or chosen or count.endswith("name"):
            continue
        found.append(match.group())
    return found


def test_no_template_prints_a_count_with_a_fixed_plural() -> None:
    found = [
        f"{path.relative_to(MENTORA)}: {bare}"
        for path in MENTORA.rglob("templates/**/*.html")
        for bare in _bare_counts(path.read_text())
    ]
    assert found == []


def test_no_message_says_s_in_brackets() -> None:
    found = [
        f"{path.relative_to(MENTORA)}:{number}: {line.strip()}"
        for path in MENTORA.rglob("*.py")
        if "migrations" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if EITHER.search(line)
    ]
    assert found == []


def test_plural_agrees_with_the_count() -> None:
    assert plural(1, "problem", "problems") == "1 problem"
    assert plural(0, "problem", "problems") == "0 problems"
    assert plural(1200, "row", "rows") == "1,200 rows"


def test_scheduling_one_meeting_says_one_meeting(world: Any, login: Any) -> None:
    page = (
        login(world.mark)
        .post(
            reverse("schedule_meeting", args=[world.mark_maya.pk]),
            {
                "mentorships": [world.mark_maya.pk],
                "on": "2027-03-01",
                "duration_minutes": 30,
                "mode": "in_person",
                "every_weeks": "",
            },
            follow=True,
        )
        .content.decode()
    )
    assert "Scheduled 1 meeting." in page


def test_inviting_one_person_says_one_invitation(world: Any, login: Any) -> None:
    now = timezone.now()
    wave = do_create_wave(
        world.faculty_cohort,
        ensure_library(now)["clerkship_survey"],
        "Pre",
        date(2026, 1, 1),
        date(2099, 1, 1),
        now,
    )
    from mentora.people.ladder import Stage
    from tests import factories

    factories.enrol(world.faculty_cohort, factories.make_person("Only One", Stage.MS3))
    page = (
        login(world.bob)
        .post(reverse("survey_invite", args=[wave.pk]), {"role": "mentee"}, follow=True)
        .content.decode()
    )
    assert "Invited 1 person: their emails go now" in page
