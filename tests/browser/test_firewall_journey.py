"""The firewall and the dossier in a browser: the coordinator names the mentor a summative
assessor of the program; on a phone the learner sees his mini-CEX flagged; the mentor opens his
dossier from his home page and downloads it."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django.utils import timezone
from docx import Document

from mentora.feedback.actions import do_record_mini_cex
from tests import factories
from tests.browser.conftest import sign_in
from tests.browser.worlds import a_pair, sign_out

pytestmark = pytest.mark.browser


@pytest.mark.django_db(transaction=True)
def test_a_named_assessors_mini_cex_is_flagged_and_the_dossier_downloads(
    browser, live_server, phone_page, tmp_path
):
    world = a_pair()
    do_record_mini_cex(
        world.pair, world.mark, timezone.now(), observed_on=date(2026, 11, 20),
        setting="emergency", patient_problem="Shoulder dislocation", complexity="moderate",
        minutes_observing=15, minutes_feedback=5, overall=7, next_step="Check pulses first")

    desk = browser.new_context(base_url=live_server.url).new_page()
    sign_in(desk, "alice@example.edu", factories.PASSWORD)
    desk.goto(f"/programs/{world.program.pk}/")
    desk.get_by_role("link", name="Feedback", exact=True).click()
    desk.get_by_label("Email of a summative assessor").fill(world.mark.email)
    desk.get_by_role("button", name="Name as summative assessor").click()
    desk.get_by_text("Saved.").wait_for()
    assert desk.get_by_role("button", name=f"Remove {world.mark.full_name}").is_visible()
    desk.context.close()

    page = phone_page
    sign_in(page, world.maya.email, factories.PASSWORD)
    page.goto(f"/feedback/mentorships/{world.pair.pk}/feedback/")
    assert page.get_by_text("by a summative assessor").is_visible()
    page.get_by_role("link", name="Shoulder dislocation").click()
    page.get_by_text("is also a summative assessor of this program's learners").wait_for()
    sign_out(page)

    sign_in(page, world.mark.email, factories.PASSWORD)
    page.get_by_role("link", name="My mentoring dossier").click()
    page.get_by_role("heading", name="Mentoring dossier: Mark Mentor").wait_for()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the dossier scrolls sideways on a phone ({width}px)"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download (DOCX)").click()
    saved = tmp_path / "dossier.docx"
    download.value.save_as(saved)
    text = "\n".join(p.text for p in Document(BytesIO(saved.read_bytes())).paragraphs)
    assert "1 of the observations were entered as the learner's summative assessor" in text
