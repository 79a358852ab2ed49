"""The coordinator's pages, and who is kept out of them (a 404, whatever the id)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from mentora.matching.models import MatchRun
from mentora.matching.runs import do_adjust, do_start_run
from mentora.mentorships.models import Mentorship
from mentora.people.ladder import Stage
from tests import factories
from tests.matching.builders import decline, demographics, enrol, tiered_clerkship

NOW = datetime(2026, 8, 1, 12, tzinfo=UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture
def clerkship(world):
    return tiered_clerkship(world.alice)


@pytest.fixture
def run(clerkship):
    return do_start_run(clerkship.cohort, clerkship.coordinator, NOW)


def test_coordinator_starts_a_run_and_sees_explained_proposals(clerkship, login):
    client = login(clerkship.coordinator)
    response = client.post(reverse("match_runs", args=[clerkship.cohort.pk]),
                           {"mode": "welfare"}, follow=True)
    run = MatchRun.objects.get(cohort=clerkship.cohort)
    assert response.redirect_chain[-1][0] == reverse("match_run", args=[run.pk])
    page = response.content.decode()
    assert "Proposals (8 pairs; 100% of 4 mentees matched)" in page
    assert "both interested in Cardiology" in page
    assert "Blocking pairs" in page


def test_publishing_says_what_it_will_change_and_waits_for_confirmation(clerkship, run, login):
    client = login(clerkship.coordinator)
    asked = client.post(reverse("match_publish", args=[run.pk]), {"version": run.version})
    page = asked.content.decode()
    assert "Publish run 1 of" in page and "8 new mentorships" in page
    assert "0 current mentorships ended by this run" in page
    assert "8 people with a new pair" in page
    assert not Mentorship.objects.filter(cohort=clerkship.cohort).exists()


def test_publishing_from_the_page_creates_the_mentorships(clerkship, run, login):
    client = login(clerkship.coordinator)
    response = client.post(reverse("match_publish", args=[run.pk]),
                           {"version": run.version, "confirm": "yes"}, follow=True)
    assert "Published run 1: 8 new mentorships" in response.content.decode()
    assert Mentorship.objects.filter(cohort=clerkship.cohort, status="active").count() == 8


def test_a_stale_page_gets_a_clear_message_and_changes_nothing(clerkship, run, login):
    do_adjust(run, run.version, "pin", clerkship.students[0].pk, clerkship.interns[0].pk)
    client = login(clerkship.coordinator)
    response = client.post(reverse("match_adjust", args=[run.pk]), {
        "version": run.version, "action": "forbid", "mentee": clerkship.students[1].pk,
        "mentor": clerkship.interns[0].pk}, follow=True)
    assert "changed by someone else" in response.content.decode()
    assert MatchRun.objects.get(pk=run.pk).forbids == []
    response = client.post(reverse("match_publish", args=[run.pk]),
                           {"version": run.version, "confirm": "yes"}, follow=True)
    assert "changed by someone else" in response.content.decode()
    assert not Mentorship.objects.filter(cohort=clerkship.cohort).exists()


def test_two_runs_compare_side_by_side(clerkship, run, login):
    student, intern = clerkship.students[0], clerkship.interns[0]
    mine = next(p for p in run.pairs if p.mentee_id == str(student.pk) and p.slot == "Intern")
    adjusted = do_adjust(run, run.version, "forbid", student.pk, int(mine.mentor_id))
    client = login(clerkship.coordinator)
    again = client.post(reverse("match_again", args=[run.pk]), {"version": adjusted.version})
    second = MatchRun.objects.get(cohort=clerkship.cohort, number=2)
    assert again.url == reverse("match_run", args=[second.pk])
    page = client.get(reverse("match_compare", args=[run.pk, second.pk])).content.decode()
    assert "Who changed" in page and student.full_name in page
    assert "Total score" in page and "Mentees matched" in page
    assert intern.full_name in page


@pytest.mark.parametrize("name", ["match_run", "match_adjust", "match_again", "match_publish"])
@pytest.mark.parametrize("who", ["bob", "mark", "maya"])
def test_runs_are_out_of_reach_of_everyone_but_the_cohorts_coordinators(
    world, run, login, name, who
):
    client = login(getattr(world, who))
    method = client.get if name == "match_run" else client.post
    assert method(reverse(name, args=[run.pk]), {"version": run.version}).status_code == 404


def test_a_site_admin_reaches_any_run(world, run, login):
    assert login(world.olga).get(reverse("match_run", args=[run.pk])).status_code == 200


@pytest.mark.parametrize("who", ["bob", "maya"])
def test_the_match_page_of_a_cohort_answers_404_to_others(world, login, who):
    url = reverse("match_runs", args=[world.cohort.pk])
    assert login(getattr(world, who)).get(url).status_code == 404


def test_runs_of_two_cohorts_cannot_be_compared(world, run, login):
    other = do_start_run(world.cohort, world.alice, NOW)
    url = reverse("match_compare", args=[run.pk, other.pk])
    assert login(world.alice).get(url).status_code == 404


def test_group_figures_are_hidden_when_a_group_is_small(clerkship, login):
    demographics(clerkship.students[0], underrepresented="yes")
    run = do_start_run(clerkship.cohort, clerkship.coordinator, NOW)
    page = login(clerkship.coordinator).get(reverse("match_run", args=[run.pk])).content
    assert b"fewer than 5 mentees" in page
    assert b"Underrepresented in medicine" not in page


def test_a_pin_naming_someone_outside_the_run_is_a_404(clerkship, run, world, login):
    response = login(clerkship.coordinator).post(reverse("match_adjust", args=[run.pk]), {
        "version": run.version, "action": "pin", "mentee": world.maya.pk,
        "mentor": clerkship.interns[0].pk})
    assert response.status_code == 404


def test_the_coordinator_rematches_who_declined_from_the_match_page(clerkship, run, login):
    from mentora.matching.publish import do_publish

    spare = factories.make_person("Resident spare", Stage.PGY2)  # room for a new resident
    enrol(clerkship.cohort, spare, "mentor", 1, clerkship.program.tiers.get(name="Resident"))
    do_publish(run, run.version, clerkship.coordinator, NOW)
    declined = Mentorship.objects.filter(cohort=clerkship.cohort, tier="Resident").first()
    decline(declined, NOW)
    client = login(clerkship.coordinator)
    page = client.get(reverse("match_runs", args=[clerkship.cohort.pk])).content.decode()
    assert "1 mentee declined a mentor" in page
    response = client.post(reverse("match_rematch", args=[clerkship.cohort.pk]), follow=True)
    assert "Who changed" in response.content.decode()
    assert f"{declined.mentee.full_name}: " in response.content.decode()
    assert "Resident spare" in response.content.decode()


def test_an_asked_for_affinity_is_explained_without_naming_the_attribute(world, login):
    from mentora.matching.models import MatchPreference
    from mentora.matching.snapshot import AFFINITY_PHRASE

    mentee = factories.make_person("Asha Asst", Stage.ASSISTANT_PROFESSOR)
    mentor = factories.make_person("Rita Assoc", Stage.ASSOCIATE_PROFESSOR)
    seat = enrol(world.faculty_cohort, mentee)
    enrol(world.faculty_cohort, mentor, "mentor", 1)
    demographics(mentee, gender="woman")
    demographics(mentor, gender="woman")
    MatchPreference.objects.create(enrolment=seat, same_gender=True)
    run = do_start_run(world.faculty_cohort, world.bob, NOW)
    page = login(world.bob).get(reverse("match_run", args=[run.pk])).content.decode()
    assert AFFINITY_PHRASE in page
    assert "same gender" not in page and "woman" not in page.lower()


def test_group_figures_show_in_aggregate_when_every_group_is_large_enough(world, login):
    clerkship = tiered_clerkship(world.alice, students=10)
    for student in clerkship.students[:5]:
        demographics(student, underrepresented="yes")
    run = do_start_run(clerkship.cohort, clerkship.coordinator, NOW)
    page = login(clerkship.coordinator).get(reverse("match_run", args=[run.pk])).content.decode()
    assert "Underrepresented in medicine" in page and "Everyone else" in page
    assert "Equity gap" in page
    for student in clerkship.students:
        assert f"{student.full_name}</td><td>" not in page.split("Groups of mentees")[1]


@pytest.mark.parametrize("threshold, shown", [(5, False), (2, True)])
def test_the_small_group_threshold_comes_from_the_setting(clerkship, login, settings,
                                                          threshold, shown):
    settings.SUPPRESS_BELOW_INTERNAL = threshold
    for student in clerkship.students[:2]:
        demographics(student, underrepresented="yes")
    run = do_start_run(clerkship.cohort, clerkship.coordinator, NOW)
    page = login(clerkship.coordinator).get(reverse("match_run", args=[run.pk])).content.decode()
    assert ("Underrepresented in medicine" in page) is shown
    assert (f"fewer than {threshold} mentees" in page) is not shown


def test_a_nonsense_threshold_is_refused_with_its_name(settings):
    from django.core.exceptions import ImproperlyConfigured

    from mentora.core import thresholds

    settings.SUPPRESS_BELOW_INTERNAL = 0
    with pytest.raises(ImproperlyConfigured, match="SUPPRESS_BELOW_INTERNAL"):
        thresholds.internal()
