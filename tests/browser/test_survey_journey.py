"""A mentee answers a survey on a phone from the emailed link: answers, saves, returns, is
asked for a required answer and to confirm the blanks, submits."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from mentora.surveys.actions import do_create_wave, do_send_invitations
from mentora.surveys.library import ensure_library
from mentora.surveys.models import Response
from tests import factories
from tests.browser.conftest import screenshot, sign_in
from tests.fixtures import REDCAP

pytestmark = pytest.mark.browser


def _survey_link() -> str:
    alice = factories.make_user("alice@example.edu")
    cohort = factories.make_cohort(factories.make_program("IM Clerkship", alice))
    factories.enrol(cohort, factories.make_person("Maya Mentee"))
    now = timezone.now()
    today = timezone.localdate(now)
    library = ensure_library(now)
    wave = do_create_wave(
        cohort,
        library["clerkship_survey"],
        "End of clerkship",
        today - timedelta(days=1),
        today + timedelta(days=14),
        now,
    )
    do_send_invitations(wave, now)
    return re.search(r"(/s/\S+/)", mail.outbox[-1].body).group(1)


@pytest.mark.django_db(transaction=True)
def test_a_mentee_answers_on_a_phone_saves_returns_and_submits_once(phone_page):
    page = phone_page
    link = _survey_link()
    page.goto(link)
    page.get_by_role("heading", name="Clerkship mentoring survey").wait_for()
    opinion = page.get_by_role("group", name="My opinion of internal medicine as a clerkship")
    opinion.get_by_label("Positive", exact=True).check()
    # Questions about the program appear only once the mentee has met the mentors.
    helpful = page.get_by_role("group", name="I found the mentoring program helpful")
    assert not helpful.is_visible()
    page.get_by_role("group", name="Have you met with your program mentors yet?").get_by_label(
        "Yes"
    ).check()
    assert helpful.is_visible()
    helpful.get_by_label("Strongly agree").check()
    page.get_by_role("button", name="Save and finish later").click()
    page.get_by_text("Your answers are saved").wait_for()

    page.goto("about:blank")
    page.goto(link)  # returns later with the same link
    opinion = page.get_by_role("group", name="My opinion of internal medicine as a clerkship")
    assert opinion.get_by_label("Positive", exact=True).is_checked()
    page.get_by_role(
        "group", name="Which topics did you discuss with your mentors? Tick all that apply."
    ).get_by_label("Career advice").check()
    page.get_by_role(
        "group", name="How confident are you in your choice of specialty?"
    ).get_by_label("Very confident").check()
    screenshot(page, "survey-on-a-phone")
    page.get_by_role("button", name="Submit").click()
    # A required item left blank is marked; once answered, the blanks are named and confirmed.
    page.get_by_text("1 answer needs a look: marked below.").wait_for()
    page.get_by_role("group", name="My opinion of internal medicine as a career").get_by_label(
        "Neutral"
    ).check()
    page.get_by_role("button", name="Submit").click()
    page.get_by_text("3 questions are not answered").wait_for()
    assert opinion.get_by_label("Positive", exact=True).is_checked()
    page.get_by_role("button", name="Submit").click()
    page.get_by_role("heading", name="Thank you").wait_for()
    screenshot(page, "survey-submitted")

    page.goto(link)
    page.get_by_role("heading", name="You have already submitted this survey").wait_for()
    screenshot(page, "survey-link-used")
    response = Response.objects.get()
    assert response.status == "submitted"
    answers = {a.item.variable: a.value for a in response.answers.select_related("item")}
    assert answers["im_opinion_clerkship"] == "4"
    assert answers["topics_discussed"] == ["1"]
    assert answers["program_helpful"] == "5"


@pytest.mark.django_db(transaction=True)
def test_a_coordinator_sees_why_a_redcap_file_is_refused(page, tmp_path):
    alice = factories.make_user("alice@example.edu")
    cohort = factories.make_cohort(factories.make_program("IM Clerkship", alice))
    bad = tmp_path / "records.csv"
    text = (REDCAP / "survey" / "data.csv").read_text()
    # A code outside the field's choices is what cannot be stored (a value REDCap itself kept,
    # such as an email that fails a later validation, is imported with a warning).
    bad.write_text(text.replace(",3,C,1,2,", ",3,Z,1,2,", 1))
    sign_in(page, "alice@example.edu", factories.PASSWORD)
    page.goto(f"/cohorts/{cohort.pk}/")
    page.get_by_role("link", name="Surveys").click()
    # Each import form is named by its heading; both have a "New project's name".
    redcap = page.get_by_role("form", name="Import from REDCap")
    page.get_by_label("Data dictionary (CSV)").set_input_files(
        str(REDCAP / "survey" / "dictionary.csv")
    )
    page.get_by_label("Records, raw data export (CSV)").set_input_files(str(bad))
    redcap.get_by_label("New project's name").fill("prescreening")
    page.get_by_role("button", name="Import").first.click()
    alert = page.get_by_role("alert")
    assert "Nothing was imported" in alert.inner_text()
    assert "row 2" in alert.inner_text() and "'track'" in alert.inner_text()
    page.get_by_label("Records, raw data export (CSV)").set_input_files(
        str(REDCAP / "survey" / "data.csv")
    )
    page.get_by_label("Data dictionary (CSV)").set_input_files(
        str(REDCAP / "survey" / "dictionary.csv")
    )
    redcap.get_by_label("New project's name").fill("prescreening")
    page.get_by_role("button", name="Import").first.click()
    page.get_by_text("imported 3 rows").wait_for()
    screenshot(page, "coordinator-survey-page")
