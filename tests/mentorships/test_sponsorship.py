"""Sponsorship acts (issue 17): who records them, who reads them, and what a bad entry is told.

Mark mentors Maya and Nina in Alice's clerkship; Bob coordinates another program; Eve is an
evaluator, who reads only the report's aggregates."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentora.audit.models import AuditEvent
from mentora.mentorships.actions.sponsorship import (
    SponsorshipError,
    acts_for,
    do_record_sponsorship,
)
from mentora.mentorships.models import SponsorshipAct
from mentora.people.ladder import Stage
from tests import factories

NOW = timezone.make_aware(datetime(2026, 11, 2, 12, 0))
DAY = date(2026, 10, 20)


def _act(world, by, sponsored, **extra):
    user = getattr(by, "user", None) or by
    return do_record_sponsorship(
        user,
        world.cohort,
        sponsored,
        extra.pop("kind", "award"),
        extra.pop("on", DAY),
        extra.pop("what", "Teaching award"),
        NOW,
        **extra,
    )


def _eve():
    eve = factories.make_person("Eve Evaluator", Stage.ASSISTANT_PROFESSOR)
    eve.is_evaluator = True
    eve.save()
    return eve


def test_a_mentor_records_on_the_phone_page_what_they_did_for_a_mentee(world, login):
    client = login(world.mark)
    page = client.get(reverse("sponsorship"))
    assert "Sponsorship is not mentorship" in page.content.decode()
    sent = client.post(
        reverse("sponsorship"),
        {
            "form": "given",
            "pair": world.mark_maya.pk,
            "kind": "committee",
            "on": "2026-10-01",
            "what": "Curriculum committee",
        },
    )
    assert sent.status_code == 302
    act = SponsorshipAct.objects.get()
    assert (act.sponsor, act.sponsored, act.recorded_as) == (world.mark, world.maya, "sponsor")
    mine = client.get(reverse("sponsorship")).content.decode()
    assert "Curriculum committee" in mine and "for Maya Mentee" in mine
    assert "Curriculum committee" in login(world.maya).get(reverse("sponsorship")).content.decode()
    event = AuditEvent.objects.get(object_type="mentorships.sponsorshipact")
    assert event.action == "create"


def test_a_mentee_records_what_she_received_from_her_mentor_or_from_someone_named(world, login):
    client = login(world.maya)
    assert (
        client.post(
            reverse("sponsorship"),
            {
                "form": "received",
                "pair": world.mark_maya.pk,
                "kind": "letter",
                "on": "2026-10-02",
            },
        ).status_code
        == 302
    )
    assert (
        client.post(
            reverse("sponsorship"),
            {
                "form": "received",
                "sponsor_name": "Dr. Chair",
                "enrolment": world.maya.enrolments.get().pk,
                "kind": "introduction",
                "on": "2026-10-03",
                "what": "Met the dean",
            },
        ).status_code
        == 302
    )
    acts = {a.sponsor_label: a for a in SponsorshipAct.objects.all()}
    assert set(acts) == {"Mark Mentor", "Dr. Chair"}
    assert all(a.sponsored == world.maya and a.recorded_as == "recipient" for a in acts.values())
    page = client.get(reverse("sponsorship")).content.decode()
    assert "from Dr. Chair" in page and "from Mark Mentor" in page
    # The known sponsor sees it among what he gave; the typed name reaches nobody else.
    assert "Wrote a letter" in login(world.mark).get(reverse("sponsorship")).content.decode()


def test_a_mentee_who_names_nobody_is_told_where(world, login):
    sent = login(world.maya).post(
        reverse("sponsorship"),
        {
            "form": "received",
            "kind": "award",
            "on": "2026-10-02",
        },
    )
    assert sent.status_code == 400
    assert "Choose one of your mentors, or type a name." in sent.content.decode()
    assert not SponsorshipAct.objects.exists()


def test_a_date_in_the_future_is_refused_and_nothing_is_written(world):
    with pytest.raises(SponsorshipError, match="in the future"):
        _act(world, world.mark, world.maya, on=timezone.localdate(NOW) + timedelta(days=1))
    assert not SponsorshipAct.objects.exists()


def test_a_mentor_cannot_record_for_someone_outside_the_cohort(world, login):
    omar = factories.make_person("Omar Far", Stage.MS3)
    factories.enrol(world.faculty_cohort, omar)
    with pytest.raises(SponsorshipError, match="enrolled in this cohort"):
        _act(world, world.mark, omar)
    # Nor by changing the id in the form: the pair is not his.
    bea = factories.make_person("Bea Mentor", Stage.PGY3)
    factories.enrol(world.faculty_cohort, bea, "mentor", capacity=1)
    theirs = factories.pair(world.faculty_cohort, bea, omar)
    sent = login(world.mark).post(
        reverse("sponsorship"),
        {
            "form": "given",
            "pair": theirs.pk,
            "kind": "award",
            "on": "2026-10-01",
        },
    )
    assert sent.status_code == 400 and not SponsorshipAct.objects.exists()


def test_a_mentee_cannot_record_acts_for_someone_else(world):
    with pytest.raises(SponsorshipError, match="Only the program's mentors and coordinators"):
        _act(world, world.maya, world.nina)


def test_a_coordinator_records_their_own_act_and_reads_counts_and_list(world, login):
    _act(world, world.mark, world.maya)
    _act(world, world.mark, world.maya, kind="speaking", what="Grand rounds")
    client = login(world.alice)
    url = reverse("cohort_sponsorship", args=[world.cohort.pk])
    nina = world.cohort.enrolments.get(person=world.nina)
    sent = client.post(
        url,
        {"enrolment": nina.pk, "kind": "position", "on": "2026-10-05", "what": "Chief resident"},
    )
    assert sent.status_code == 302
    act = SponsorshipAct.objects.get(sponsored=world.nina)
    assert act.recorded_as == "coordinator" and act.sponsor is None
    assert act.sponsor_label == "alice@example.edu"
    page = client.get(url).content.decode()
    assert "3 acts recorded for 2 people" in page
    assert "Grand rounds" in page and "Chief resident" in page


@pytest.mark.parametrize("who", ["bob", "nina", "eve", "olga_no_person"])
def test_nobody_else_reads_an_act(world, login, who):
    _act(world, world.mark, world.maya, what="Secret nomination")
    reader = {"bob": world.bob, "nina": world.nina, "eve": None, "olga_no_person": world.olga}[
        who
    ] or _eve()
    user = getattr(reader, "user", None) or reader
    mine = login(reader).get(reverse("sponsorship"))
    assert "Secret nomination" not in mine.content.decode()
    cohort_page = login(reader).get(reverse("cohort_sponsorship", args=[world.cohort.pk]))
    if who == "olga_no_person":  # the site admin reaches every cohort page, as elsewhere
        assert cohort_page.status_code == 200
    else:
        assert cohort_page.status_code == 404
        assert not acts_for(user).exists()


def test_the_mentee_home_links_the_guidance_and_the_guidance_links_the_record(world, login):
    client = login(world.maya)
    home = client.get(reverse("home")).content.decode()
    assert reverse("menteeship") in home
    guide = client.get(reverse("menteeship")).content.decode()
    for heading in ("Preparing for a meeting", "Managing up", "Asking for sponsorship"):
        assert heading in guide
    assert reverse("sponsorship") in guide
