"""The Django admin is no way around the privacy of demographics."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from mentora.people.models import Demographics
from tests import factories


@pytest.fixture
def staff(world):
    """A staff account granted every permission on demographics, but not a superuser."""
    user = factories.make_user("staff@example.edu", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__model="demographics"))
    return user


@pytest.fixture
def mayas(world):
    return Demographics.objects.create(person=world.maya, gender="woman", first_generation="yes")


@pytest.mark.parametrize(
    "url",
    [
        lambda d: reverse("admin:people_demographics_changelist"),
        lambda d: reverse("admin:people_demographics_change", args=[d.pk]),
        lambda d: reverse("admin:people_demographics_add"),
    ],
    ids=["list", "change", "add"],
)
def test_staff_with_model_permissions_cannot_open_demographics(staff, mayas, login, url):
    """Even with every model permission, a staff account gets no demographics page."""
    response = login(staff).get(url(mayas))
    assert response.status_code in (403, 404)
    assert b"first_generation" not in response.content


def test_staff_admin_index_does_not_list_demographics(staff, login):
    """The admin index a staff account sees has no demographics entry."""
    response = login(staff).get(reverse("admin:index"))
    assert response.status_code == 200
    assert "people/demographics/" not in response.content.decode()


def test_a_site_admin_still_reaches_demographics(world, mayas, login):
    """The superuser keeps the admin for repairs."""
    client = login(world.olga)
    url = reverse("admin:people_demographics_change", args=[mayas.pk])
    assert client.get(url).status_code == 200
