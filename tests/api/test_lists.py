"""Lists: a page at a time (at most PAGE_SIZE rows), filters that narrow, and a query count that
does not grow with the rows (no query per row)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentora.mentorships.actions import MeetingDetails, do_log_meeting
from mentora.mentorships.actions.goals import do_record_progress, do_set_goal
from mentora.mentorships.models import Mentorship, Topic
from mentora.people import sessions
from mentora.people.ladder import Stage
from mentora.people.models import Interest
from tests import factories

NOW = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)
BUDGET = 12  # queries per list, whatever its length (sessions and auth included)


def _more_pairs(world: Any, how_many: int) -> None:
    """Mentees of Mark with interests, each with a held meeting on a topic and a goal with
    progress: every list has its rows' related data to load."""
    topic = Topic.objects.get_or_create(program=world.clerkship, name="Careers")[0]
    cardiology = Interest.objects.create(kind="specialty", name=f"Cardiology {how_many}")
    for i in range(how_many):
        mentee = factories.make_person(f"Mentee {how_many} {i}", Stage.MS2, with_login=False)
        mentee.specialty_interests.add(cardiology)
        factories.enrol(world.cohort, mentee)
        pair = factories.pair(world.cohort, world.mark, mentee)
        do_log_meeting([pair], MeetingDetails(on=date(2026, 9, 1 + i), topics=[topic]),
                       world.mark, NOW)
        goal = do_set_goal(pair, world.mark, NOW, specific=f"Goal {i}", target_count=9)
        do_record_progress(goal, world.mark, date(2026, 9, 2))


LISTS = {
    "alice": ["people", "programs", "cohorts", "enrolments", "mentorships", "match-runs"],
    "mark": ["people", "mentorships", "meetings", "goals"],
}


def _queries(client: Any, url: str) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.content)
    return len(captured), response.json()


@pytest.mark.parametrize("who", sorted(LISTS))
def test_a_lists_queries_do_not_grow_with_its_rows(world: Any, login: Any, who: str,
                                                   monkeypatch: Any) -> None:
    # The session's last activity is written once a while; not during this count.
    monkeypatch.setattr(sessions, "TOUCH_EVERY", 10**9)
    client = login(getattr(world, who))
    _more_pairs(world, 2)
    few = {kind: _queries(client, f"/api/{kind}") for kind in LISTS[who]}
    _more_pairs(world, 6)
    for kind in LISTS[who]:
        count, page = _queries(client, f"/api/{kind}")
        assert page["count"] > few[kind][1]["count"] or kind in ("programs", "cohorts",
                                                                  "match-runs")
        assert count == few[kind][0] and count <= BUDGET, (kind, few[kind][0], count)


def test_a_page_holds_at_most_page_size_rows(world: Any, login: Any, settings: Any) -> None:
    settings.PAGE_SIZE = 4
    _more_pairs(world, 7)  # Maya, Nina and 7 more mentees of Mark: 9 pairs
    client = login(world.alice)
    first = client.get("/api/mentorships?limit=100").json()
    assert (first["count"], first["limit"], len(first["items"])) == (9, 4, 4)
    last = client.get("/api/mentorships?offset=8").json()
    assert [p["id"] for p in last["items"]] == [max(Mentorship.objects.values_list("id",
                                                                                   flat=True))]
    seen = [p["id"] for offset in (0, 4, 8)
            for p in client.get(f"/api/mentorships?offset={offset}").json()["items"]]
    assert sorted(seen) == sorted(Mentorship.objects.values_list("id", flat=True))
    assert client.get("/api/mentorships?limit=0").status_code == 422
    assert client.get("/api/mentorships?offset=-1").status_code == 422


def test_filters_narrow_a_list(world: Any, login: Any) -> None:
    _more_pairs(world, 3)
    other = factories.make_cohort(world.clerkship, "2027-28")
    factories.pair(other, world.mark, world.maya)
    alice = login(world.alice)

    def ids(client: Any, url: str) -> int:
        response = client.get(url)
        assert response.status_code == 200, response.content
        return int(response.json()["count"])

    assert ids(alice, "/api/mentorships") == 6
    assert ids(alice, f"/api/mentorships?cohort={other.pk}") == 1
    assert ids(alice, f"/api/mentorships?program={world.faculty.pk}") == 0
    assert ids(alice, "/api/mentorships?status=active&started_after=2027-07-01") == 1
    assert ids(alice, "/api/mentorships?status=ended") == 0
    assert ids(alice, f"/api/people?cohort={world.cohort.pk}") == 6  # Mark, Maya, Nina, 3 more
    assert ids(alice, "/api/enrolments?role=mentor") == 1
    assert ids(alice, f"/api/cohorts?program={world.clerkship.pk}&starts_after=2027-01-01") == 1
    mark = login(world.mark)
    assert ids(mark, "/api/meetings?on_after=2026-09-02&on_before=2026-09-03") == 2
    assert ids(mark, "/api/meetings?status=scheduled") == 0
    assert ids(mark, f"/api/meetings?mentorship={world.mark_maya.pk}") == 0
    assert ids(mark, "/api/goals?status=open") == 3
    assert alice.get("/api/mentorships?status=nonsense").status_code == 422
    assert alice.get("/api/mentorships?started_after=2026-02-30").status_code == 422
    assert alice.get("/api/mentorships?cohort=99999999999999999999").status_code == 422
