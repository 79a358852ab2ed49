"""Races (issue 11, finding 6): two people editing the same record from pages opened at the same
time, and two clicks on "decline" at once.

Every edit of a shared record (an agreement, a goal, a program's match weights) names the version
its page showed; the second writer gets a message saying who changed what, the first change is
kept, and nothing answers 500. Two declines at once make one re-match request, on PostgreSQL
too (threads, each with its own connection)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentora.matching.models import MatchSettings
from mentora.matching.rematch import rematch_ask
from mentora.mentorships.actions import StatusError, do_decline, do_set_goal
from mentora.mentorships.models import Agreement, Mentorship, RematchRequest, StatusChange
from mentora.people.ladder import Stage
from tests import factories

# Rounds of two simultaneous declines on PostgreSQL (figures in docs/security.md).
DECLINE_ROUNDS = 20


def _page_form(client: Client, url: str) -> dict[str, Any]:
    """What the page's form would post back unchanged, as the browser holds it."""
    form = client.get(url).context["form"]
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list | tuple) else value
    return data


def _text(response: Any) -> str:
    return response.content.decode()


# Stale edits ----------------------------------------------------------------------------------


def test_a_stale_agreement_edit_is_refused_with_who_and_what_and_the_first_is_kept(world):
    pair = world.mark_maya
    url = reverse("agreement", args=[pair.pk])
    mark, maya = Client(), Client()
    mark.force_login(world.mark.user)
    maya.force_login(world.maya.user)
    marks_page, mayas_page = _page_form(mark, url), _page_form(maya, url)

    assert mark.post(url, {**marks_page, "scope": "Research only"}).status_code == 302
    late = maya.post(url, {**mayas_page, "boundaries": "No calls after 9 pm"})
    assert late.status_code == 409
    said = _text(late)
    assert "Mark Mentor saved version 2 of the agreement" in said and "scope changed" in said
    assert "No calls after 9 pm" in said  # her text is still in the form
    agreement = Agreement.objects.get(mentorship=pair)
    assert agreement.version == 2 and agreement.scope == "Research only"
    assert agreement.boundaries != "No calls after 9 pm"

    # Having read version 2, she saves again, on purpose: both changes are now in.
    again = _page_form(maya, url)
    assert maya.post(url, {**again, "boundaries": "No calls after 9 pm"}).status_code == 302
    agreement.refresh_from_db()
    assert (agreement.version, agreement.scope, agreement.boundaries) == (
        3, "Research only", "No calls after 9 pm")


def test_a_stale_goal_edit_is_refused_with_who_and_the_first_is_kept(world):
    goal = do_set_goal(world.mark_maya, world.maya, timezone.now(),
                       specific="Five shoulder reductions", target_count=5,
                       unit="supervised shoulder reductions")
    url = reverse("edit_goal", args=[goal.pk])
    mark, maya = Client(), Client()
    mark.force_login(world.mark.user)
    maya.force_login(world.maya.user)
    marks_page, mayas_page = _page_form(mark, url), _page_form(maya, url)

    assert maya.post(url, {**mayas_page, "target_count": 8}).status_code == 302
    late = mark.post(url, {**marks_page, "will": "Book two ED shifts"})
    assert late.status_code == 409
    said = _text(late)
    assert "Maya Mentee saved this goal" in said and "measure: target" in said
    assert "Book two ED shifts" in said
    goal.refresh_from_db()
    assert goal.target_count == 8 and goal.will == "" and goal.version == 2


def test_a_stale_match_weights_edit_is_refused_with_the_numbers_and_the_first_is_kept(world):
    carol = factories.make_user("carol@example.edu")
    world.clerkship.coordinators.add(carol)
    url = reverse("match_weights", args=[world.cohort.pk])
    alice, other = Client(), Client()
    alice.force_login(world.alice)
    other.force_login(carol)
    alices_page, carols_page = _page_form(alice, url), _page_form(other, url)

    assert alice.post(url, {**alices_page, "site": 5}).status_code == 302
    late = other.post(url, {**carols_page, "site": 7})
    assert late.status_code == 409
    assert "Same site: now 5, you sent 7" in _text(late)
    assert MatchSettings.objects.get(program=world.clerkship).weights == {"site": 5.0}


# Declines ------------------------------------------------------------------------------------


def test_a_second_open_rematch_request_for_the_same_role_is_refused_by_the_database(world):
    do_decline(world.mark_maya, world.maya, "no_contact", timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        RematchRequest.objects.create(cohort=world.cohort, mentee=world.maya, role="career",
                                      created_at=timezone.now())


def test_declining_two_mentors_of_the_same_role_keeps_one_open_request(world):
    rhea = factories.make_person("Rhea Resident", Stage.PGY3)
    factories.enrol(world.cohort, rhea, "mentor", capacity=1)
    second = factories.pair(world.cohort, rhea, world.maya)
    first_request = do_decline(world.mark_maya, world.maya, "no_contact", timezone.now())
    assert do_decline(second, world.maya, "time", timezone.now()) == first_request
    assert RematchRequest.objects.filter(mentee=world.maya, resolved_at__isnull=True).count() == 1
    # Neither declined mentor is proposed again.
    assert rematch_ask(world.cohort).declined >= {(world.maya.pk, world.mark.pk),
                                                (world.maya.pk, rhea.pk)}


def _on_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("two connections at once: run with DATABASE_URL=postgres://... (CI does)")


@pytest.mark.postgres
def test_two_declines_at_once_on_postgresql_make_one_rematch_request(transactional_db):
    _on_postgres()
    program = factories.make_program("Clerkship", kind="pairs")
    cohort = factories.make_cohort(program)
    mentor = factories.make_person("Mark Mentor", Stage.PGY2)
    factories.enrol(cohort, mentor, "mentor", capacity=DECLINE_ROUNDS)
    pairs = []
    for n in range(DECLINE_ROUNDS):
        mentee = factories.make_person(f"Mentee {n}", Stage.MS3, with_login=False)
        factories.enrol(cohort, mentee)
        pairs.append(factories.pair(cohort, mentor, mentee))

    outcomes: list[str] = []
    for pair in pairs:
        both_read = threading.Barrier(2, timeout=10)

        def click(pair_id: int = pair.pk, both_read: threading.Barrier = both_read) -> None:
            try:
                # Each click read the pair when its page loaded, before either wrote.
                stale = Mentorship.objects.select_related("mentee", "cohort").get(pk=pair_id)
                both_read.wait()
                do_decline(stale, stale.mentee, "no_contact", timezone.now())
                outcomes.append("declined")
            except StatusError:
                outcomes.append("told")
            except Exception as error:  # a server error: the test fails on it
                outcomes.append(f"error: {error!r}")
            finally:
                connection.close()

        clicks = [threading.Thread(target=click) for _ in range(2)]
        for thread in clicks:
            thread.start()
        for thread in clicks:
            thread.join()

    assert sorted(set(outcomes)) == ["declined", "told"], outcomes
    assert outcomes.count("declined") == DECLINE_ROUNDS
    for pair in pairs:
        assert RematchRequest.objects.filter(declined=pair).count() == 1
        assert StatusChange.objects.filter(mentorship=pair).count() == 1

