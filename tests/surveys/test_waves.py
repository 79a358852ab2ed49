"""Waves: invitations by single-use links, save and return, submit once, reminders, rates."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from mentora.surveys import actions
from mentora.surveys.actions import (
    do_create_wave,
    do_send_invitations,
    response_rates,
    send_due_reminders,
)
from mentora.surveys.library import ensure_library
from mentora.surveys.links import token_hash
from mentora.surveys.models import Answer, Invitation, Respondent, Response

NOW = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)


# The clerkship survey's required items (seed 000's core), and a submission that confirms
# leaving the optional ones blank.
CORE = {"im_opinion_clerkship": "4", "im_opinion_career": "4", "specialty_confidence": "3",
        "met_mentors": "0"}


def submitted(**answers):
    return {**CORE, **answers, "submit": "", "skipped_ok": "1"}


@pytest.fixture
def library(db):
    return ensure_library(NOW)


def _wave(world, library, *, anonymous=False, name="clerkship_survey"):
    return do_create_wave(
        world.cohort,
        library[name],
        "End of clerkship",
        date(2026, 11, 1),
        date(2026, 12, 15),
        NOW,
        anonymous=anonymous,
    )


def _links(count=None):
    found = [re.search(r"http://\S+/s/(\S+)/", m.body).group(1) for m in mail.outbox]
    return found if count is None else found[:count]


@pytest.fixture
def invited(world, library):
    """Maya and Nina (the mentees) are invited to an identified clerkship wave."""
    wave = _wave(world, library)
    with time_machine.travel(NOW, tick=False):
        assert do_send_invitations(wave, NOW) == 2
    links = dict(zip([m.to[0] for m in mail.outbox], _links(), strict=True))
    return wave, links


def test_invitations_go_to_mentees_and_store_only_a_hash(world, invited):
    _, links = invited
    assert set(links) == {world.maya.email, world.nina.email}
    for token in links.values():
        invitation = Invitation.objects.get(token_hash=token_hash(token))
        assert token not in (invitation.token_hash, invitation.nonce)


@time_machine.travel(NOW, tick=False)
def test_a_mentee_saves_returns_and_submits_once(world, invited, client):
    wave, links = invited
    url = f"/s/{links[world.maya.email]}/"
    page = client.get(url)
    assert page.status_code == 200
    assert b"<legend>My opinion of internal medicine as a clerkship" in page.content

    saved = client.post(url, {"im_opinion_clerkship": "4", "save": ""})
    assert saved.status_code == 302
    again = client.get(url)
    assert b'value="4" checked' in again.content

    done = client.post(
        url,
        submitted(
            im_opinion_clerkship="5",
            met_mentors="1",
            program_helpful="4",
            topics_discussed=["1", "3"],
        ),
    )
    assert b"Thank you" in done.content
    response = Response.objects.get(wave=wave)
    assert response.status == "submitted"
    assert response.respondent.person == world.maya
    answers = {a.item.variable: a.value for a in response.answers.select_related("item")}
    assert answers == {
        **CORE,
        "im_opinion_clerkship": "5",
        "met_mentors": "1",
        "program_helpful": "4",
        "topics_discussed": ["1", "3"],
    }

    twice = client.post(url, {"im_opinion_clerkship": "1", "submit": ""})
    assert twice.status_code == 410
    assert b"already submitted" in twice.content
    assert Answer.objects.get(response=response, item__variable="im_opinion_clerkship").value == "5"


@time_machine.travel(NOW, tick=False)
def test_answers_to_hidden_items_are_dropped_and_never_required(world, invited, client):
    wave, links = invited
    item = wave.instrument.items.get(variable="program_helpful")
    item.required = True
    item.save(update_fields=["required"])
    url = f"/s/{links[world.nina.email]}/"
    client.post(url, submitted(met_mentors="0", program_helpful="5"))
    response = Response.objects.get(wave=wave)
    assert response.status == "submitted"
    assert not response.answers.filter(item__variable="program_helpful").exists()


@time_machine.travel(NOW, tick=False)
def test_a_required_shown_item_must_be_answered_to_submit(world, invited, client):
    wave, links = invited
    wave.instrument.items.filter(variable="program_helpful").update(required=True)
    url = f"/s/{links[world.nina.email]}/"
    page = client.post(url, {"met_mentors": "1", "submit": ""})
    assert page.status_code == 400
    assert b"Please answer this question." in page.content
    assert not Response.objects.filter(status="submitted").exists()


@pytest.mark.parametrize(
    ("when", "change", "title"),
    [
        (NOW, lambda t: t[:-3] + "abc", b"not recognised"),
        (NOW, lambda t: "x", b"not recognised"),
        (datetime(2027, 1, 5, tzinfo=UTC), lambda t: t, b"has closed"),
        (datetime(2026, 10, 5, tzinfo=UTC), lambda t: t, b"not open yet"),
    ],
)
def test_altered_or_expired_links_get_a_clear_page(world, invited, client, when, change, title):
    _, links = invited
    with time_machine.travel(when, tick=False):
        page = client.get(f"/s/{change(links[world.maya.email])}/")
    assert page.status_code == 410
    assert title in page.content


@time_machine.travel(NOW, tick=False)
def test_anonymous_answers_do_not_store_the_person(world, library, client):
    wave = _wave(world, library, anonymous=True)
    do_send_invitations(wave, NOW)
    token = _links(1)[0]
    client.post(f"/s/{token}/", {"im_opinion_career": "4", "save": ""})
    client.post(f"/s/{token}/", submitted(im_opinion_career="4"))
    response = Response.objects.get(wave=wave)
    assert response.respondent is None and response.invitation is None
    assert timezone.localtime(response.submitted_at).hour == 0  # the day only
    assert not Respondent.objects.exists()
    assert Invitation.objects.filter(wave=wave, used_at__isnull=False).count() == 1


def test_reminders_go_until_submitted_once_per_interval(world, invited, client):
    _, links = invited
    mail.outbox.clear()
    assert send_due_reminders(NOW + timedelta(days=3)) == 0  # not due yet
    later = NOW + timedelta(days=7)
    assert send_due_reminders(later) == 2
    assert send_due_reminders(later) == 0  # each invitation reminded once per interval
    assert sorted(m.to[0] for m in mail.outbox) == sorted(links)
    assert all(m.subject.startswith("Reminder:") for m in mail.outbox)
    # The reminder carries the very same link.
    assert sorted(_links()) == sorted(links.values())
    with time_machine.travel(later, tick=False):
        client.post(f"/s/{links[world.maya.email]}/", submitted(im_opinion_career="4"))
    mail.outbox.clear()
    assert send_due_reminders(later + timedelta(days=7)) == 1
    assert send_due_reminders(later + timedelta(days=7)) == 0
    assert [m.to[0] for m in mail.outbox] == [world.nina.email]


def test_a_stale_claim_loses_the_optimistic_lock(world, invited):
    """A sender whose read is stale (another sender claimed it meanwhile) sends nothing."""
    claim = actions._claim

    def another_sender_first(invitation, now):
        assert claim(Invitation.objects.get(pk=invitation.pk), now)  # the other sender wins
        return claim(invitation, now)  # this sender's read is stale now

    mail.outbox.clear()
    with mock.patch.object(actions, "_claim", another_sender_first):
        assert send_due_reminders(NOW + timedelta(days=7)) == 0
    assert mail.outbox == []
    assert list(Invitation.objects.values_list("reminders_sent", flat=True)) == [1, 1]


@time_machine.travel(NOW, tick=False)
def test_response_rate_counts_submitted_of_invited(world, invited, client):
    _, links = invited
    client.post(f"/s/{links[world.maya.email]}/", submitted(im_opinion_career="3"))
    (rate,) = response_rates(world.cohort)
    assert (rate.invited, rate.submitted, rate.percent) == (2, 1, 50)


def test_coordinators_reach_only_their_own_cohorts_waves(world, invited, login):
    wave, _ = invited
    assert login(world.alice).get(f"/surveys/waves/{wave.pk}/").status_code == 200
    assert login(world.alice).get(f"/cohorts/{world.cohort.pk}/surveys/").status_code == 200
    bob = login(world.bob)
    assert bob.get(f"/surveys/waves/{wave.pk}/").status_code == 404
    assert bob.get(f"/cohorts/{world.cohort.pk}/surveys/").status_code == 404
    assert (
        bob.get(
            f"/cohorts/{world.cohort.pk}/surveys/export/clerkship_survey/records.csv"
        ).status_code
        == 404
    )
    maya = login(world.maya)
    assert maya.get(f"/surveys/waves/{wave.pk}/").status_code == 404


@time_machine.travel(NOW, tick=False)
def test_numbers_are_checked_against_their_bounds_and_untouched_sliders_stay_blank(
    world, library, client
):
    wave = _wave(world, library, name="mentoring_equity_survey")
    do_send_invitations(wave, NOW)
    url = f"/s/{_links(1)[0]}/"
    page = client.get(url)
    assert b'data-name="sponsor_support"' in page.content  # no value until moved
    refused = client.post(url, {"active_mentors_n": "25", "submit": ""})
    assert refused.status_code == 400
    assert b"Please enter a number between 0 and 20." in refused.content
    core = {"overall_rating": "4", "assigned_is_active": "1"}
    client.post(url, {**core, "active_mentors_n": "3", "submit": "", "skipped_ok": "1"})
    answers = Response.objects.get(wave=wave).answers.values_list("item__variable", "value")
    assert dict(answers) == {**core, "active_mentors_n": "3"}  # no slider value
