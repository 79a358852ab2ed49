"""Roles that change (issue 17, item 6): at a new academic year, mentees whose new stage
qualifies them to mentor are offered the mentor role, accept or decline it, and keep their
history as mentees."""

from __future__ import annotations

from django.urls import reverse

from mentora.audit.models import AuditEvent
from mentora.engagement.models import Notification
from mentora.mentorships.models import Mentorship
from mentora.people.ladder import Stage
from mentora.programs.actions import do_start_next_year, next_year_plan
from mentora.programs.models import Enrolment, MentorOffer, Tier
from tests import factories


def _intern(world):
    """Ian, an intern mentored by Mark (PGY2): next year a PGY2 himself."""
    ian = factories.make_person("Ian Intern", Stage.PGY1)
    factories.enrol(world.cohort, ian)
    return ian, factories.pair(world.cohort, world.mark, ian)


def test_the_confirmation_page_says_who_will_be_offered_the_mentor_role(world, login):
    _intern(world)
    url = reverse("cohort_next_year", args=[world.cohort.pk])
    page = login(world.alice).get(url, {"carry_over": "on"}).content.decode()
    assert "1 mentee will be offered the mentor role" in page
    assert "<td>Ian Intern</td><td>Mentor</td>" in page
    assert "Maya Mentee</td><td>Mentor" not in page  # an MS4 does not mentor residents


def test_an_intern_becoming_a_resident_is_offered_the_role_and_keeps_his_history(world, login):
    ian, pair = _intern(world)
    old = Enrolment.objects.get(cohort=world.cohort, person=ian)
    new = do_start_next_year(world.cohort)
    offer = MentorOffer.objects.get(cohort=new)
    assert offer.person == ian and offer.answer == ""
    told = Notification.objects.get(recipient=ian, kind="mentor_offer")
    assert told.link == reverse("mentor_offer", args=[offer.pk])
    assert not MentorOffer.objects.filter(person__in=[world.maya, world.nina]).exists()

    client = login(ian)
    page = client.get(told.link).content.decode()
    assert "Would you mentor in Clerkship 2027-28?" in page
    client.post(told.link, {"answer": "accept"})
    offer.refresh_from_db()
    assert offer.answer == "accepted"
    now_mentor = Enrolment.objects.get(cohort=new, person=ian)
    assert now_mentor.is_mentor and now_mentor.capacity >= 1
    assert AuditEvent.objects.filter(note="mentor role accepted").exists()
    # His history as a mentee: the old enrolment and his pair with Mark are as they were.
    old_now = Enrolment.objects.get(pk=old.pk)
    assert (old_now.role, old_now.status, old_now.career_stage) == ("mentee", "active", Stage.PGY1)
    kept = Mentorship.objects.get(pk=pair.pk)
    assert (kept.mentor, kept.mentee, kept.status, kept.cohort) == (
        world.mark,
        ian,
        pair.status,
        world.cohort,
    )
    assert (
        "already accepted"
        in client.post(told.link, {"answer": "decline"}, follow=True).content.decode()
    )


def test_declining_enrols_nobody_and_nobody_else_opens_the_offer(world, login):
    ian, _ = _intern(world)
    new = do_start_next_year(world.cohort, carry_over=False)
    offer = MentorOffer.objects.get(cohort=new, person=ian)
    url = reverse("mentor_offer", args=[offer.pk])
    assert login(world.maya).get(url).status_code == 404
    assert login(world.alice).post(url, {"answer": "accept"}).status_code == 404
    login(ian).post(url, {"answer": "decline"})
    offer.refresh_from_db()
    assert offer.answer == "declined"
    assert not Enrolment.objects.filter(cohort=new, person=ian).exists()


def test_in_a_tiered_program_the_tier_says_who_may_mentor(world):
    Tier.objects.create(
        program=world.clerkship, name="Intern", min_stage=Stage.PGY1, max_stage=Stage.PGY1
    )
    Tier.objects.create(
        program=world.clerkship,
        name="Upper-level resident",
        min_stage=Stage.PGY2,
        max_stage=Stage.PGY3,
    )
    sam = factories.make_person("Sam Senior", Stage.MS4)
    factories.enrol(world.cohort, sam)
    _intern(world)
    offered = {e.person.full_name: t.name for e, t in next_year_plan(world.cohort).offered}
    assert offered == {"Sam Senior": "Intern", "Ian Intern": "Upper-level resident"}
