"""Mentees browse eligible mentors and ask for them; self-select proposals are accepted or
declined, within capacity."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from mentora.matching.adapter import build_problem
from mentora.matching.match_requests import (
    Filters,
    MatchRequestRefused,
    do_accept_match_request,
    do_ask_for,
    do_decline_match_request,
    do_move_match_request,
    eligible_mentors,
)
from mentora.matching.models import MatchRequest
from mentora.mentorships.models import Mentorship
from mentora.people.ladder import Stage
from mentora.programs.actions import upsert_person
from mentora.programs.enrolment_csv import ParticipantRow
from tests import factories
from tests.matching.builders import demographics, enrol, interested, tiered_clerkship

NOW = datetime(2026, 8, 1, 12, tzinfo=UTC)
pytestmark = pytest.mark.django_db


@pytest.fixture
def clerkship(world):
    return tiered_clerkship(world.alice)


def _seat(cohort, person):
    return cohort.enrolments.select_related("cohort__program", "person").get(person=person)


@pytest.mark.parametrize("filters, expected", [
    (Filters(), {"Intern 0", "Intern 1", "Resident 0", "Resident 1"}),
    (Filters(interest="cardio"), {"Intern 0"}),
    (Filters(specialty="Oncology"), {"Intern 1", "Resident 0"}),
    (Filters(role="Resident"), {"Resident 0", "Resident 1"}),
])
def test_mentees_filter_the_eligible_mentors(clerkship, filters, expected):
    seat = _seat(clerkship.cohort, clerkship.students[0])
    assert {c.name for c in eligible_mentors(seat, filters)} == expected


def test_a_full_mentor_is_filtered_out_when_asked(clerkship):
    intern = clerkship.interns[0]
    for student in clerkship.students[1:3]:
        factories.pair(clerkship.cohort, intern, student, role="near_peer")
    seat = _seat(clerkship.cohort, clerkship.students[0])
    cards = {c.name: c for c in eligible_mentors(seat)}
    assert cards["Intern 0"].remaining == 0
    assert "Intern 0" not in {c.name for c in eligible_mentors(seat, Filters(with_capacity=True))}


def test_a_mentor_outside_the_stage_gap_is_not_offered(world):
    too_senior = factories.make_person("Pat Professor", Stage.PROFESSOR)
    factories.enrol(world.faculty_cohort, too_senior, "mentor", capacity=2)
    world.faculty.mentor_max_stage_gap = 2
    world.faculty.save()
    mentee = factories.make_person("Ian Instructor", Stage.INSTRUCTOR)
    seat = factories.enrol(world.faculty_cohort, mentee)
    assert eligible_mentors(seat) == []
    with pytest.raises(MatchRequestRefused):
        do_ask_for(seat, too_senior, NOW)


def test_requests_are_ranked_in_the_order_asked_and_can_be_reordered(clerkship):
    seat = _seat(clerkship.cohort, clerkship.students[0])
    first = do_ask_for(seat, clerkship.interns[1], NOW)
    second = do_ask_for(seat, clerkship.interns[0], NOW)
    assert (first.rank, second.rank) == (1, 2)
    do_move_match_request(second, up=True)
    problem = build_problem(clerkship.cohort)
    mentee = next(m for m in problem.mentees if m.id == str(clerkship.students[0].pk))
    assert mentee.requested == (str(clerkship.interns[0].pk), str(clerkship.interns[1].pk))
    with pytest.raises(MatchRequestRefused, match="already asked"):
        do_ask_for(seat, clerkship.interns[0], NOW)


def test_a_mentor_can_ask_for_mentees(clerkship):
    seat = _seat(clerkship.cohort, clerkship.residents[0])
    asked = do_ask_for(seat, clerkship.students[2], NOW)
    assert asked.side == MatchRequest.Side.MENTOR
    problem = build_problem(clerkship.cohort)
    mentor = next(m for m in problem.mentors if m.id == str(clerkship.residents[0].pk))
    assert mentor.requested == (str(clerkship.students[2].pk),)


@pytest.fixture
def self_select(world):
    program = factories.make_program("Pick", world.alice, allows_self_selection=True)
    cohort = factories.make_cohort(program)
    mentor = interested(factories.make_person("Dr Choice", Stage.ASSOCIATE_PROFESSOR),
                        "Cardiology")
    enrol(cohort, mentor, "mentor", capacity=1)
    mentees = []
    for name in ("Ann", "Ben"):
        person = factories.make_person(name, Stage.ASSISTANT_PROFESSOR)
        enrol(cohort, person)
        mentees.append(person)
    backup = factories.make_person("Dr Backup", Stage.PROFESSOR)
    enrol(cohort, backup, "mentor", capacity=1)
    return cohort, mentor, backup, mentees


def test_accepting_a_proposal_pairs_them_and_lapses_the_mentees_other_requests(self_select):
    cohort, mentor, backup, (ann, _) = self_select
    seat = _seat(cohort, ann)
    proposal = do_ask_for(seat, mentor, NOW)
    other = do_ask_for(seat, backup, NOW)
    pair = do_accept_match_request(proposal, NOW)
    assert (pair.source, pair.status) == (Mentorship.Source.SELF_SELECTED, "active")
    other.refresh_from_db()
    assert other.status == MatchRequest.Status.LAPSED


def test_capacity_is_enforced_at_acceptance(self_select):
    cohort, mentor, _, (ann, ben) = self_select
    first = do_ask_for(_seat(cohort, ann), mentor, NOW)
    second = do_ask_for(_seat(cohort, ben), mentor, NOW)
    do_accept_match_request(first, NOW)
    with pytest.raises(MatchRequestRefused, match="no place left"):
        do_accept_match_request(second, NOW)
    assert Mentorship.objects.filter(mentor=mentor).count() == 1


def test_declining_needs_a_reason_which_the_mentee_sees(self_select, login):
    cohort, mentor, _, (ann, _) = self_select
    proposal = do_ask_for(_seat(cohort, ann), mentor, NOW)
    with pytest.raises(MatchRequestRefused, match="Say why"):
        do_decline_match_request(proposal, "  ", NOW)
    do_decline_match_request(proposal, "On sabbatical this year", NOW)
    page = login(ann).get(reverse("match_requests", args=[cohort.pk])).content.decode()
    assert "Declined: On sabbatical this year" in page


def test_a_mentor_accepts_from_the_requests_page(self_select, login):
    cohort, mentor, _, (ann, _) = self_select
    proposal = do_ask_for(_seat(cohort, ann), mentor, NOW)
    client = login(mentor)
    assert "Mentees asking for you" in client.get(
        reverse("match_requests", args=[cohort.pk])).content.decode()
    response = client.post(reverse("match_request_action", args=[proposal.pk]),
                           {"action": "accept"}, follow=True)
    assert "You now mentor Ann" in response.content.decode()


def test_the_mentee_cannot_accept_their_own_proposal(self_select, login):
    cohort, mentor, _, (ann, _) = self_select
    proposal = do_ask_for(_seat(cohort, ann), mentor, NOW)
    url = reverse("match_request_action", args=[proposal.pk])
    assert login(ann).post(url, {"action": "accept"}).status_code == 404


def test_someone_else_cannot_touch_a_request(self_select, login):
    cohort, mentor, _, (ann, ben) = self_select
    proposal = do_ask_for(_seat(cohort, ann), mentor, NOW)
    url = reverse("match_request_action", args=[proposal.pk])
    assert login(ben).post(url, {"action": "withdraw"}).status_code == 404


def test_the_browse_page_shows_public_fields_never_demographics(clerkship, login):
    intern = clerkship.interns[0]
    demographics(intern, gender="nonbinary", underrepresented="yes", first_generation="yes")
    page = login(clerkship.students[0]).get(
        reverse("match_browse", args=[clerkship.cohort.pk])).content.decode()
    assert intern.full_name in page and "Cardiology" in page and "2 places left" in page
    for private in ("Non-binary", "nonbinary", "Underrepresented", "First generation",
                    intern.email):
        assert private not in page


def test_asking_from_the_browse_page(clerkship, login):
    client = login(clerkship.students[0])
    url = reverse("match_browse", args=[clerkship.cohort.pk])
    response = client.post(url, {"person": clerkship.residents[1].pk}, follow=True)
    assert "You asked for Resident 1" in response.content.decode()
    assert "your choice 1" in response.content.decode()


@pytest.mark.parametrize("page", ["match_browse", "match_requests"])
def test_people_outside_the_cohort_get_404(world, clerkship, login, page):
    url = reverse(page, args=[clerkship.cohort.pk])
    assert login(world.maya).get(url).status_code == 404
    assert login(world.bob).get(url).status_code == 404


def test_asking_for_someone_out_of_reach_is_a_404_that_never_names_them(world, clerkship, login):
    outsider = factories.make_person("Zed Secretname", Stage.PROFESSOR)
    client = login(clerkship.students[0])
    url = reverse("match_browse", args=[clerkship.cohort.pk])
    response = client.post(url, {"person": outsider.pk}, follow=True)
    assert response.status_code == 404
    assert "Secretname" not in response.content.decode()
    assert "Secretname" not in client.get(url).content.decode()
    assert not MatchRequest.objects.filter(mentor=outsider).exists()


def test_refusing_an_ineligible_person_does_not_name_them(world):
    too_senior = factories.make_person("Pat Secretname", Stage.PROFESSOR)
    factories.enrol(world.faculty_cohort, too_senior, "mentor", capacity=2)
    world.faculty.mentor_max_stage_gap = 2
    world.faculty.save()
    seat = factories.enrol(world.faculty_cohort, factories.make_person("Ian I", Stage.INSTRUCTOR))
    with pytest.raises(MatchRequestRefused) as refused:
        do_ask_for(seat, too_senior, NOW)
    assert "Secretname" not in str(refused.value)


def test_an_expired_mentor_is_neither_browsed_nor_matched(clerkship, login):
    from django.utils import timezone

    from mentora.programs.models import Enrolment

    intern = clerkship.interns[0]
    Enrolment.objects.filter(person=intern, cohort=clerkship.cohort).update(
        expires_on=timezone.localdate())
    page = login(clerkship.students[0]).get(
        reverse("match_browse", args=[clerkship.cohort.pk])).content.decode()
    assert intern.full_name not in page and "Intern 1" in page
    problem = build_problem(clerkship.cohort)
    assert str(intern.pk) not in {m.id for m in problem.mentors}


def test_an_expired_enrolment_can_no_longer_act_on_its_requests(self_select, login):
    from django.utils import timezone

    from mentora.programs.models import Enrolment

    cohort, mentor, _, (ann, _) = self_select
    proposal = do_ask_for(_seat(cohort, ann), mentor, NOW)
    Enrolment.objects.filter(person=mentor, cohort=cohort).update(
        expires_on=timezone.localdate())
    url = reverse("match_request_action", args=[proposal.pk])
    assert login(mentor).post(url, {"action": "accept"}).status_code == 404
    assert not Mentorship.objects.filter(mentor=mentor).exists()


def test_a_mentee_cannot_ask_for_a_mentor_they_already_have(clerkship):
    student, intern = clerkship.students[0], clerkship.interns[0]
    factories.pair(clerkship.cohort, intern, student, role="near_peer")
    seat = _seat(clerkship.cohort, student)
    assert "Intern 0" not in {c.name for c in eligible_mentors(seat)}
    with pytest.raises(MatchRequestRefused, match="Intern 0 is already your mentor"):
        do_ask_for(seat, intern, NOW)
    assert not MatchRequest.objects.exists()


def test_specialties_in_another_case_find_every_mentor(clerkship):
    """'Emergency medicine' typed by one and 'Emergency Medicine' by another are one filter."""
    seat = _seat(clerkship.cohort, clerkship.students[0])
    for n, spelling in enumerate(("Emergency Medicine", "emergency medicine")):
        intern = clerkship.interns[n]
        upsert_person(ParticipantRow(
            row=n + 2, full_name=intern.full_name, email=intern.email,
            career_stage=Stage(intern.career_stage), role="mentor",
            specialty_interests=[spelling]))
    found = eligible_mentors(seat, Filters(specialty="Emergency Medicine"))
    assert {c.name for c in found} == {"Intern 0", "Intern 1"}


def test_the_browse_filter_offers_known_interests_as_the_person_types(clerkship, login):
    client = login(clerkship.students[0])
    page = client.get(reverse("match_browse", args=[clerkship.cohort.pk])).content.decode()
    assert 'list="known-interests"' in page
    assert '<datalist id="known-interests">' in page and '<option value="Oncology">' in page
