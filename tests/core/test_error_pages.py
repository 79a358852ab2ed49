"""The site's own 404 and 500 pages with DEBUG off: never Django's plain or debug pages.

The 500 page is rendered when something already broke, so it must need neither the database
nor the request (Django renders it with an empty context).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import include, path, reverse
from django.views import defaults


def _boom(request: Any) -> Any:
    raise RuntimeError("a bug in a view")


urlpatterns = [
    path("boom/", _boom),
    path("", include("mentora.urls")),
]

DJANGO_PAGES = [
    "The requested resource was not found on this server",  # Django's plain 404
    "Using the URLconf",  # its debug 404
    "Server Error (500)",  # its plain 500
    "Traceback",  # its debug 500
]


def _shows_no_django_page(html: str) -> None:
    for text in DJANGO_PAGES:
        assert text not in html


@override_settings(DEBUG=False)
def test_an_unknown_address_is_the_sites_404_page(world: Any, login: Any, client: Client) -> None:
    anonymous = client.get("/no-such-page/")
    assert anonymous.status_code == 404
    html = anonymous.content.decode()
    assert "<h1>Page not found</h1>" in html and "Mentora" in html
    _shows_no_django_page(html)
    signed_in = login(world.maya).get("/no-such-page/")
    assert signed_in.status_code == 404
    # inside the site's layout: the menu of the person signed in, a way home
    html = signed_in.content.decode()
    assert "Sign out" in html and 'href="/"' in html
    _shows_no_django_page(html)


@override_settings(DEBUG=False)
def test_another_persons_page_is_the_same_404(world: Any, login: Any) -> None:
    page = login(world.maya).get(reverse("mentorship", args=[world.mark_nina.pk]))
    assert page.status_code == 404
    assert "<h1>Page not found</h1>" in page.content.decode()


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_a_server_error_is_the_sites_500_page(db: None) -> None:
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong</h1>" in html
    assert "a bug in a view" not in html
    _shows_no_django_page(html)


def test_the_500_page_needs_no_database_and_no_request() -> None:
    # No `db` fixture: pytest-django refuses any query this test makes.
    with pytest.raises(RuntimeError, match="Database access not allowed"):
        from django.contrib.auth.models import User

        User.objects.exists()
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Something went wrong" in response.content
