"""/audit/: auditors read the trail, filter it and download it; nobody else learns it exists."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from mentora.audit.models import AuditEvent
from mentora.audit.record import Action, record, record_many
from mentora.audit.rights import make_auditor
from mentora.people.ladder import Stage
from tests import factories

# Queries the audit page may make however many events there are: the session and user, the
# right (the user's and their groups' permissions), the menu's roles (two), the filter's object
# types and programs, the count and the page of events.
PAGE_QUERY_BUDGET = 10


@pytest.fixture
def auditor(world: Any) -> User:
    user = User.objects.create_user("ida@example.edu", "ida@example.edu", factories.PASSWORD)
    make_auditor(user)
    return user


def evaluator() -> Any:
    eve = factories.make_person("Eve Evaluator", Stage.ASSISTANT_PROFESSOR)
    eve.is_evaluator = True
    eve.save()
    return eve


@pytest.mark.parametrize("who", ["alice", "mark", "maya", "evaluator", "staff"])
def test_everyone_but_auditors_gets_404(world: Any, client: Client, who: str) -> None:
    """Coordinator, mentor, mentee, evaluator and a staff account with no right: 404 on the
    page and the download, and no link in the menu."""
    people = {"alice": world.alice, "mark": world.mark.user, "maya": world.maya.user,
              "evaluator": evaluator().user,
              "staff": factories.make_user("sam@example.edu", is_staff=True)}
    client.force_login(people[who])
    assert client.get("/audit/").status_code == 404
    assert client.get("/audit/events.csv").status_code == 404
    assert 'href="/audit/"' not in client.get("/").content.decode()


def test_signed_out_visitors_are_sent_to_sign_in(client: Client, db: None) -> None:
    assert client.get("/audit/")["Location"].startswith("/login/")


def test_an_auditor_and_a_site_admin_read_the_trail(world: Any, client: Client,
                                                    auditor: User) -> None:
    record(Action.UPDATE, world.mark_maya, by=world.mark, fields=["status"], note="ended")
    for user in (auditor, world.olga):
        client.force_login(user)
        rows = client.get("/audit/").content.decode().split("<tbody>")[1]
        assert "mentorships.mentorship" in rows
        assert "mark.mentor@example.edu" in rows
        assert "Clerkship" in rows  # the program by its name
        assert 'href="/audit/"' in client.get("/").content.decode()


def test_filters_narrow_the_list(world: Any, client: Client, auditor: User) -> None:
    record(Action.UPDATE, world.mark_maya, by=world.mark, fields=["status"])
    record(Action.READ, world.maya, by=world.maya)
    record(Action.CREATE, world.faculty_cohort, by=world.bob)
    client.force_login(auditor)

    def shown(query: str) -> str:
        """The table's rows only (the filter's choices name every type)."""
        page = client.get("/audit/" + query).content.decode()
        return page.split("<tbody>")[1].split("</tbody>")[0]

    assert "mentorships.mentorship" not in shown("?action=read")
    assert "people.person" in shown("?action=read")
    assert "programs.cohort" not in shown(f"?program={world.clerkship.pk}")
    assert "mentorships.mentorship" in shown(f"?program={world.clerkship.pk}")
    assert "people.person" not in shown("?actor=mark")
    assert "people.person" in shown("?object_type=people.person")
    assert "mentorships.mentorship" not in shown("?since=2100-01-01")
    assert "mentorships.mentorship" in shown("?until=2100-01-01")


def test_the_download_holds_the_filtered_events_and_is_audited(world: Any, client: Client,
                                                               auditor: User) -> None:
    record(Action.UPDATE, world.mark_maya, by=world.mark, fields=["status", "end_reason"])
    record(Action.READ, world.maya, by=world.maya, note="=HYPERLINK(\"x\")")
    client.force_login(auditor)
    response = client.get("/audit/events.csv?action=update")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [(r["object_type"], r["fields"]) for r in rows] == [
        ("mentorships.mentorship", "end_reason;status")]
    everything = client.get("/audit/events.csv?action=read").content.decode()
    assert "'=HYPERLINK" in everything  # a typed note cannot run as a formula
    [export] = AuditEvent.objects.filter(action=Action.EXPORT, actor=auditor)[:1]
    assert export.path == "/audit/events.csv"
    assert "action" in export.note


def test_the_page_costs_the_same_queries_for_many_events(world: Any, client: Client,
                                                         auditor: User,
                                                         django_assert_max_num_queries: Any
                                                         ) -> None:
    client.force_login(auditor)
    record(Action.READ, world.maya)
    with CaptureQueriesContext(connection) as one:
        client.get("/audit/")
    record_many(Action.UPDATE, [world.mark, world.maya, world.nina] * 40, program=world.cohort)
    with django_assert_max_num_queries(PAGE_QUERY_BUDGET) as many:
        response = client.get("/audit/?page=2")
    assert response.status_code == 200
    assert "Page 2 of 3" in response.content.decode()
    assert len(many.captured_queries) == len(one.captured_queries)
