"""Nobody reaches data that is not theirs by changing an id: every such page answers 404."""

from __future__ import annotations

import pytest
from django.urls import reverse


def test_a_mentee_cannot_open_another_mentees_pair_or_profile(world, login):
    client = login(world.nina)
    assert client.get(reverse("mentorship", args=[world.mark_nina.pk])).status_code == 200
    assert client.get(reverse("mentorship", args=[world.mark_maya.pk])).status_code == 404
    assert client.get(reverse("person", args=[world.maya.pk])).status_code == 404
    assert client.get(reverse("person", args=[world.mark.pk])).status_code == 200


def test_a_mentee_cannot_open_program_pages(world, login):
    client = login(world.maya)
    assert client.get(reverse("program", args=[world.clerkship.pk])).status_code == 404
    assert client.get(reverse("cohort", args=[world.cohort.pk])).status_code == 404


@pytest.mark.parametrize(
    "url_name",
    ["program", "cohort", "cohort_upload"],
)
def test_a_coordinator_of_one_program_cannot_see_another(world, login, url_name):
    target = world.clerkship.pk if url_name == "program" else world.cohort.pk
    assert login(world.bob).get(reverse(url_name, args=[target])).status_code == 404
    assert login(world.alice).get(reverse(url_name, args=[target])).status_code == 200


def test_a_coordinator_sees_people_of_their_program_only(world, login):
    assert login(world.alice).get(reverse("person", args=[world.maya.pk])).status_code == 200
    assert login(world.bob).get(reverse("person", args=[world.maya.pk])).status_code == 404


def test_demographics_are_shown_to_their_owner_only(world, login):
    from mentora.people.models import Demographics

    Demographics.objects.create(person=world.maya, gender="woman", underrepresented="yes")
    own = login(world.maya).get(reverse("person", args=[world.maya.pk]))
    assert b"Underrepresented in medicine" in own.content
    seen_by_coordinator = login(world.alice).get(reverse("person", args=[world.maya.pk]))
    assert seen_by_coordinator.status_code == 200
    assert b"Underrepresented in medicine" not in seen_by_coordinator.content


def test_pages_need_a_sign_in(world, client):
    response = client.get(reverse("cohort", args=[world.cohort.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_site_admin_reaches_every_program(world, login):
    client = login(world.olga)
    assert client.get(reverse("program", args=[world.faculty.pk])).status_code == 200
    assert client.get(reverse("admin:index")).status_code == 200
