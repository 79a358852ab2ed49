"""The JSON API's docs page (ninja's Swagger UI, served from this site's static files) works in
a real browser under the site's Content-Security-Policy: no violation, operations listed."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_the_docs_page_works_in_a_browser_under_the_policy(page: Any) -> None:
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.goto("/api/docs")
    page.get_by_text("/api/people/{person_id}").first.wait_for()
    assert page.get_by_role("button", name="Authorize").is_visible()
    assert problems == []
