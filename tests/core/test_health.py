"""/health/ answers load balancers and monitors: one `SELECT 1`, no session, no sign-in."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.db import OperationalError, connections

pytestmark = pytest.mark.django_db


def test_health_checks_the_database_with_one_query(
    client: Any, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(1) as captured:
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert captured.captured_queries[0]["sql"] == "SELECT 1"
    assert "sessionid" not in response.cookies
    assert "no-store" in response["Cache-Control"]


def test_health_answers_503_with_the_reason_when_the_database_is_unreachable(
    client: Any,
) -> None:
    refused = OperationalError('connection to server at "10.1.2.3", port 5432 failed')
    with mock.patch.object(connections["default"], "cursor", side_effect=refused):
        response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unreachable (OperationalError)"}
    assert "10.1.2.3" not in response.content.decode()


def test_health_needs_no_sign_in_even_when_every_other_page_does(
    client: Any, settings: Any
) -> None:
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE,
        "django.contrib.auth.middleware.LoginRequiredMiddleware",
    ]
    assert client.get("/health/").status_code == 200
    assert client.get("/programs/").status_code == 302


def test_health_answers_plain_http_probes_on_a_site_that_redirects_to_https(
    client: Any, settings: Any
) -> None:
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/").status_code == 200
    assert client.get("/login/").status_code == 301


def test_health_only_reads(client: Any) -> None:
    assert client.post("/health/").status_code == 405
