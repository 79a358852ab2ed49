"""Pages work in a real browser under the Content-Security-Policy: every page sends it, the
browser reports no violation, and the scripts (now static files) still do their work."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from mentora.surveys.actions import do_create_wave, do_send_invitations
from mentora.surveys.library import ensure_library
from tests import factories
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_pages_keep_their_scripts_and_styles_under_the_policy(page: Any) -> None:
    alice = factories.make_user("alice@example.edu")
    cohort = factories.make_cohort(factories.make_program("IM Clerkship", alice))
    factories.enrol(cohort, factories.make_person("Maya Mentee"))
    now = timezone.now()
    today = timezone.localdate(now)
    survey = ensure_library(now)["clerkship_survey"]
    wave = do_create_wave(cohort, survey, "End", today - timedelta(days=1), today, now)
    do_send_invitations(wave, now)
    link = re.search(r"(/s/\S+/)", mail.outbox[-1].body).group(1)  # type: ignore[union-attr]

    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: violations.append(str(error)))
    policies = []

    def visit(path: str) -> None:
        response = page.goto(path)
        policies.append(response.headers.get("content-security-policy", ""))

    visit(link)  # the survey's branching script, from a static file
    helpful = page.get_by_role("group", name="I found the mentoring program helpful")
    assert not helpful.is_visible()
    page.get_by_role("group", name="Have you met with your program mentors yet?").get_by_label(
        "Yes"
    ).check()
    assert helpful.is_visible()

    sign_in(page, "alice@example.edu", factories.PASSWORD)
    for path in (f"/cohorts/{cohort.pk}/", f"/cohorts/{cohort.pk}/surveys/",
                 f"/evaluation/cohorts/{cohort.pk}/report/",
                 f"/evaluation/cohorts/{cohort.pk}/scholarship/", "/programs/"):
        visit(path)
        stylesheet = page.evaluate("getComputedStyle(document.body).fontFamily")
        assert "system-ui" in stylesheet, path  # the site's stylesheet applies
    page.goto(f"/cohorts/{cohort.pk}/surveys/")
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)")
    assert any(url.endswith("/surveys/cohort.js") for url in loaded)
    assert "default-src 'self'" in policies[0] and all(p == policies[0] for p in policies)
    assert not violations, violations
