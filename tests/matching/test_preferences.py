"""Participants say what they ask of the match; coordinators set their program's weights."""

from __future__ import annotations

import pytest
from django.urls import reverse

from mentora.matching.adapter import build_problem, weights_for
from mentora.matching.engine import Weights
from mentora.matching.models import MatchPreference, MatchSettings

pytestmark = pytest.mark.django_db


def test_a_mentee_asks_for_a_mentor_of_their_gender(world, login):
    url = reverse("match_preferences", args=[world.cohort.pk])
    response = login(world.maya).post(url, {"same_gender": "on"}, follow=True)
    assert "Saved" in response.content.decode()
    preference = MatchPreference.objects.get(enrolment__person=world.maya)
    assert preference.same_gender and not preference.same_background
    maya = next(m for m in build_problem(world.cohort).mentees if m.id == str(world.maya.pk))
    assert maya.affinity == ("gender",)


def test_a_mentor_cannot_ask_for_affinity(world, login):
    url = reverse("match_preferences", args=[world.cohort.pk])
    login(world.mark).post(url, {"same_gender": "on"})
    assert not MatchPreference.objects.get(enrolment__person=world.mark).same_gender


def test_preferences_of_a_cohort_one_is_not_in_are_a_404(world, login):
    url = reverse("match_preferences", args=[world.faculty_cohort.pk])
    assert login(world.maya).get(url).status_code == 404


def test_the_coordinator_sets_weights_and_only_changes_are_stored(world, login):
    data = {name: value for name, value in vars(Weights()).items()}
    data["site"] = 5
    data["version"] = 1  # what the page showed
    response = login(world.alice).post(reverse("match_weights", args=[world.cohort.pk]), data)
    assert response.status_code == 302
    assert MatchSettings.objects.get(program=world.clerkship).weights == {"site": 5.0}
    assert weights_for(world.clerkship).site == 5.0


def test_another_programs_coordinator_cannot_set_weights(world, login):
    url = reverse("match_weights", args=[world.cohort.pk])
    assert login(world.bob).post(url, {"site": 1}).status_code == 404
