"""Seed 004 as its program is (issue 13, item 12; issue 14, item 4): the demo's prematriculation
program is for students underrepresented in medicine, so its report shows that group and hides
the small ones; its near-peer mentors recorded what mentoring taught them, on the competencies
the seed found."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from mentora.evaluation.page import cohort_report, options_for
from mentora.mentorships.models import MentorGrowth, Mentorship
from mentora.people.models import Demographics
from mentora.programs.models import Cohort

pytestmark = pytest.mark.django_db

URIM = "Underrepresented in medicine"


@pytest.fixture
def cohort(demo) -> Cohort:
    return Cohort.objects.select_related("program").get(
        program__slug="prematriculation-near-peer"
    )


def _login(client, username: str):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_most_of_its_mentees_are_underrepresented_in_medicine_as_the_seed_says(cohort):
    mentees = Demographics.objects.filter(
        person__enrolments__cohort=cohort, person__enrolments__role="mentee"
    )
    answers = list(mentees.values_list("underrepresented", flat=True))
    assert len(answers) == 12
    assert answers.count("yes") >= 9
    races = [race for row in mentees.values_list("race_ethnicity", flat=True) for race in row]
    assert races.count("ai_an") >= 2  # American Indian / Alaska Native students among them
    assert mentees.filter(rural_background="yes").count() >= 3  # and rural students


def test_its_report_shows_the_group_it_exists_for_and_hides_the_small_ones(cohort):
    options, _ = options_for(cohort, {})
    report = cohort_report(cohort, options)
    by_urim = [b for b in report.equity if b.dimension == URIM]
    assert by_urim, "no breakdown by underrepresented status"
    for breakdown in by_urim:
        groups = {g.group: g for g in breakdown.groups}
        if breakdown.kind == "mean":  # a share also hides a small count within the group
            assert not groups[URIM].hidden, breakdown.label  # the group shows...
            assert groups[URIM].n is not None and groups[URIM].n >= options.threshold
        others = [g for name, g in groups.items() if name != URIM]
        assert all(g.hidden for g in others), breakdown.label  # ...the others hide
    meetings = next(b for b in by_urim if b.measure == "meetings")
    assert {g.group for g in meetings.groups if g.hidden} == {"Not underrepresented",
                                                              "Not stated"}


def test_its_report_page_draws_the_groups_meetings(cohort, client):
    page = _login(client, "coordinator@demo.mentora.test").get(
        reverse("evaluation_report", args=[cohort.pk])
    )
    text = page.content.decode()
    title = "Meetings held per mentee by underrepresented in medicine"
    assert title in text
    table = text[text.index(title):].split("</table>")[0]
    row = re.search(rf"<th scope=\"row\">{URIM}</th><td class=\"num\">(\d+)</td>", table)
    assert row is not None and int(row[1]) >= 5
    assert '<th scope="row">Not underrepresented</th><td class="num">*</td>' in table


def test_every_near_peer_mentor_recorded_what_mentoring_taught_them(cohort):
    mentors = set(Mentorship.objects.filter(cohort=cohort).values_list("mentor", flat=True))
    writers = set(MentorGrowth.objects.filter(cohort=cohort).values_list("mentor", flat=True))
    assert len(mentors) == 6 and writers == mentors
    codes = set(MentorGrowth.objects.filter(cohort=cohort).values_list(
        "competencies__code", flat=True))
    assert codes == {"PC", "MK", "PBLI", "ICS", "PROF", "SBP"}  # the seed's six


def test_the_report_shows_what_mentors_gained_and_hides_small_groups(cohort, client):
    options, _ = options_for(cohort, {})
    growth = cohort_report(cohort, options).mentor_growth
    assert growth is not None
    shown = {c.code: c.mentors for c in growth.competencies if not c.hidden}
    assert shown == {"MK": 6, "ICS": 6, "PROF": 5}
    assert {c.code for c in growth.competencies if c.hidden} == {"PC", "PBLI", "SBP"}

    page = _login(client, "evaluator@demo.mentora.test").get(
        reverse("evaluation_report", args=[cohort.pk])
    ).content.decode()
    assert "Mentors who recorded what mentoring taught them: 6 of 6." in page
    assert "MK: Medical knowledge" in page
    assert "mentoring showed me" not in page and "anatomy block" not in page  # counts only


def test_the_competencies_page_counts_the_cohorts_entries(cohort, client):
    page = _login(client, "coordinator@demo.mentora.test").get(
        reverse("program_competencies", args=[cohort.program.pk])
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert cohort.name in text and "What mentors gained, per cohort" in text
