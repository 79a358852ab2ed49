"""The demo's year of relationship activity keeps the shape the seeds report."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.urls import reverse

from mentora.mentorships.actions import rematch_requests
from mentora.mentorships.models import Agreement, DevelopmentPlan, Mentorship
from mentora.mentorships.progress import cohort_summary, meeting_log
from mentora.programs.models import Cohort
from tests.conftest import DEMO_TODAY as TODAY

pytestmark = pytest.mark.django_db


def _cohort(slug: str) -> Cohort:
    return Cohort.objects.get(program__slug=slug)


def _meetings_per_mentee(cohort: Cohort) -> Counter[int]:
    return Counter(m for _, m in {(r.on, m) for r in meeting_log(cohort) for m in r.mentee_ids})


def test_clerkship_talks_most_about_career_and_personal_development(demo):
    topics = Counter(t for r in meeting_log(_cohort("im-clerkship-near-peer")) for t in r.topics)
    assert {name for name, _ in topics.most_common(2)} == {"Career advice", "Personal development"}


def test_clerkship_participation_roughly_halves_in_the_second_half_of_the_year(demo):
    log = meeting_log(_cohort("im-clerkship-near-peer"))
    first = {m for r in log if r.on < date(2026, 7, 1) for m in r.mentee_ids}
    second = {m for r in log if r.on >= date(2026, 7, 1) for m in r.mentee_ids}
    assert 0.35 <= len(second) / len(first) <= 0.65


def test_faculty_program_opt_outs_meetings_and_idp_use_follow_seed_002(demo):
    cohort = _cohort("gim-faculty-career")
    declined = cohort.mentorships.filter(status=Mentorship.Status.DECLINED)
    assert declined.count() == 2 and rematch_requests(cohort) == []
    per_mentee = _meetings_per_mentee(cohort)
    twice = sum(per_mentee[m] >= 2 for m in cohort.mentorships.values_list("mentee", flat=True))
    assert 0.55 <= twice / 30 <= 0.8
    plans = DevelopmentPlan.objects.filter(cohort=cohort)
    baseline = plans.filter(shared_at__date__lt=date(2025, 8, 1)).count()
    assert 2 <= baseline <= 4 and 0.6 <= plans.count() / 30 <= 0.8


def test_gme_mentees_who_call_their_mentor_inactive_ask_for_a_rematch(demo):
    cohort = _cohort("gme-mentorship-sponsorship")
    requests = rematch_requests(cohort)
    assert requests and {r.reason for r in requests} == {"not_active"}


def test_most_agreements_are_signed_and_some_pairs_drift(demo):
    agreements = Agreement.objects.all()
    signed = sum(a.signed_by_both for a in agreements)
    assert signed / agreements.count() >= 0.7 and signed < agreements.count()
    for slug in ("im-clerkship-near-peer", "em-clinical-skills", "gim-faculty-career"):
        summary, _ = cohort_summary(_cohort(slug), TODAY)
        assert summary.steps["Timing"]["missing"] > 0, slug
        assert summary.pairs_on_cadence > 0, slug


def test_the_demo_mentee_and_mentor_find_a_lived_in_relationship(demo, client):
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    client.force_login(users.get(username="faculty.mentee@demo.mentora.test"))
    pair = Mentorship.objects.filter(mentee__user__username="faculty.mentee@demo.mentora.test")[0]
    page = client.get(reverse("mentorship", args=[pair.pk])).content.decode()
    assert "signed by both" in page and "Held" in page and "Reviewed" in page
    client.force_login(users.get(username="coordinator@demo.mentora.test"))
    cohort_page = client.get(reverse("cohort_relationships", args=[pair.cohort_id]))
    assert cohort_page.status_code == 200 and cohort_page.context["summary"].pairs == 30
