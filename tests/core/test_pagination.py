"""Long lists come a page at a time, with a "Page N of M" navigation that keeps the other filters,
and a page number that is not one never breaks the page."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mentora.core.pagination import page_of
from mentora.evaluation.models import ScholarlyEntry
from mentora.matching.runs import do_start_run
from mentora.mentorships.actions import MeetingDetails, do_log_meeting
from mentora.mentorships.views.relationship import HELD_PER_PAGE
from mentora.people.ladder import Stage
from mentora.programs.models import Tier
from mentora.surveys.actions import do_create_wave, do_send_invitations
from mentora.surveys.library import ensure_library
from tests import factories
from tests.conftest import World
from tests.personas import account

PAGE_SIZE = 3
ROWS = 7  # three pages of three


@pytest.fixture(autouse=True)
def _small_pages(settings: Any) -> None:
    settings.PAGE_SIZE = PAGE_SIZE


def _get(path: str, **params: str) -> Any:
    return RequestFactory().get(path, params)


def test_a_page_number_that_is_not_one_shows_the_first_or_the_last_page() -> None:
    rows = list(range(10))
    assert list(page_of(_get("/", page="x"), rows)) == [0, 1, 2]
    assert list(page_of(_get("/", page="-4"), rows)) == [9]
    assert list(page_of(_get("/", page="99"), rows)) == [9]
    assert page_of(_get("/"), rows).number == 1


def test_links_keep_the_other_parameters_and_each_list_turns_its_own_pages() -> None:
    pages = page_of(_get("/", interest="cardiology", pairs="2", people="3"), range(10), "pairs")
    assert (pages.number, pages.count, pages.total) == (2, 4, 10)
    assert list(pages) == [3, 4, 5]
    assert pages.previous == "?interest=cardiology&pairs=1&people=3"
    assert pages.next == "?interest=cardiology&pairs=3&people=3"
    assert pages.first == ""  # the previous page is the first
    assert pages.last == "?interest=cardiology&pairs=4&people=3"


def test_a_list_asks_for_its_own_page_size() -> None:
    assert len(page_of(_get("/"), range(30), per_page=10)) == 10


@dataclass(frozen=True)
class Listed:
    """A paginated list: its page, its parameter, and who sorts last in it."""

    name: str
    param: str
    build: Callable[[World], tuple[str, str]]  # url, text only the last page shows
    per_page: int = PAGE_SIZE


def _mentee_pairs(w: World) -> None:
    for k in range(1, ROWS + 1):
        mentee = factories.make_person(f"Zz Pairmentee {k}", Stage.MS3)
        factories.pair(w.cohort, w.mark, mentee)


def participants(w: World) -> tuple[str, str]:
    for k in range(1, ROWS + 1):
        person = factories.make_person(f"Zz Participant {k}", Stage.PGY3)
        factories.enrol(w.cohort, person, "mentor", capacity=1)
    return reverse("cohort", args=[w.cohort.pk]), f"Zz Participant {ROWS}"


def cohort_pairs(w: World) -> tuple[str, str]:
    _mentee_pairs(w)
    return reverse("cohort", args=[w.cohort.pk]), f"Zz Pairmentee {ROWS}"


def relationships(w: World) -> tuple[str, str]:
    _mentee_pairs(w)
    return reverse("cohort_relationships", args=[w.cohort.pk]), f"Zz Pairmentee {ROWS}"


def programs(w: World, url: str = "") -> tuple[str, str]:
    for k in range(1, ROWS + 1):
        factories.make_program(f"Zz Program {k}", w.alice)
    return url or reverse("program_list"), f"Zz Program {ROWS}"


def home_programs(w: World) -> tuple[str, str]:
    return programs(w, reverse("home"))


def cohorts(w: World) -> tuple[str, str]:
    for year in range(2000, 2000 + ROWS):
        factories.make_cohort(w.clerkship, f"{year}-{(year + 1) % 100:02d}")
    return reverse("program", args=[w.clerkship.pk]), "Clerkship 2000-01"


def runs(w: World) -> tuple[str, str]:
    for _ in range(ROWS):
        do_start_run(w.cohort, w.alice, timezone.now())
    return reverse("match_runs", args=[w.cohort.pk]), ">Run 1</a>"


def invitations(w: World) -> tuple[str, str]:
    for k in range(1, ROWS + 1):
        factories.enrol(w.cohort, factories.make_person(f"Zz Invitee {k}", Stage.MS3))
    instrument = ensure_library(timezone.now())["clerkship_survey"]
    wave = do_create_wave(w.cohort, instrument, "Post", date(2026, 7, 1), date(2099, 1, 1),
                          timezone.now())
    do_send_invitations(wave, timezone.now())
    return reverse("survey_wave", args=[wave.pk]), f"Zz Invitee {ROWS}"


def held_meetings(w: World) -> tuple[str, str]:
    for day in range(1, HELD_PER_PAGE + 3):
        do_log_meeting([w.mark_maya], MeetingDetails(on=date(2026, 8, day)), w.mark,
                       timezone.now())
    return reverse("mentorship", args=[w.mark_maya.pk]), ">1 Aug 2026<"  # not "11 Aug"


def entries(w: World) -> tuple[str, str]:
    for k in range(1, ROWS + 1):
        author = factories.make_person(f"Zz Author {k}", Stage.ASSISTANT_PROFESSOR)
        factories.enrol(w.cohort, author, "mentor", capacity=1)
        ScholarlyEntry.objects.create(person=author, kind="publication", year=2026,
                                      title=f"Zz Title {k}", created_at=timezone.now())
    return reverse("evaluation_scholarship", args=[w.cohort.pk]), f"Zz Title {ROWS}"


def mentors_to_browse(w: World) -> tuple[str, str]:
    Tier.objects.create(program=w.clerkship, name="Resident", min_stage=Stage.PGY1,
                        max_stage=Stage.PGY3)
    for k in range(1, ROWS + 1):
        resident = factories.make_person(f"Zz Resident {k}", Stage.PGY2)
        factories.enrol(w.cohort, resident, "mentor", capacity=1)
    return reverse("match_browse", args=[w.cohort.pk]), f"Zz Resident {ROWS}"


LISTS = [
    (Listed("cohort", "people", participants), "alice"),
    (Listed("cohort", "pairs", cohort_pairs), "alice"),
    (Listed("cohort_relationships", "page", relationships), "alice"),
    (Listed("program_list", "page", programs), "alice"),
    (Listed("home", "programs", home_programs), "alice"),
    (Listed("program", "page", cohorts), "alice"),
    (Listed("match_runs", "page", runs), "alice"),
    (Listed("survey_wave", "page", invitations), "alice"),
    (Listed("evaluation_scholarship", "page", entries), "alice"),
    (Listed("mentorship", "held", held_meetings, per_page=HELD_PER_PAGE), "mark"),
    (Listed("match_browse", "page", mentors_to_browse), "maya"),
]


def _pages_in(html: str) -> tuple[int, int]:
    found = re.search(r"Page (\d+) of (\d+)", html)
    assert found, "no page navigation"
    return int(found[1]), int(found[2])


@pytest.mark.parametrize(("listed", "who"), LISTS,
                         ids=[f"{x.name}-{x.param}" for x, _ in LISTS])
def test_a_long_list_is_paged_and_its_last_page_costs_what_its_first_does(
    world: World, client: Any, listed: Listed, who: str
) -> None:
    url, last_row = listed.build(world)
    person = getattr(world, who)
    client.force_login(account(person))
    with CaptureQueriesContext(connection) as first_queries:
        first = client.get(url).content.decode()
    number, count = _pages_in(first)
    assert number == 1 and count >= 2
    assert last_row not in first
    with CaptureQueriesContext(connection) as last_queries:
        last = client.get(f"{url}?{listed.param}={count}").content.decode()
    assert _pages_in(last) == (count, count)
    assert last_row in last
    assert f'href="?{listed.param}={count - 1}' in last  # back to the previous page
    assert len(last_queries.captured_queries) == len(first_queries.captured_queries)
