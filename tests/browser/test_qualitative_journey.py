"""Two coders code a sample of survey comments blind in the browser: the coordinator draws the
sample, each coder selects text (offsets in code points, an emoji before it) or codes a comment
whole, neither sees the other's codings, and the lead reads the agreement and adjudicates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from mentora.people.ladder import Stage
from mentora.qualitative.actions import (
    do_add_coder,
    do_create_code,
    do_create_project,
    do_import_comments,
)
from mentora.qualitative.models import Coding, Sample, Source
from mentora.surveys.actions import do_create_wave
from mentora.surveys.library import ensure_library
from mentora.surveys.models import Answer, Response
from tests import factories
from tests.browser.conftest import screenshot, sign_in
from tests.browser.worlds import sign_out

pytestmark = pytest.mark.browser

EMOJI_COMMENT = "Great mentor 😀 but no protected time for meetings."


def _world() -> tuple[object, object, object]:
    now, today = timezone.now(), timezone.localdate()
    alice = factories.make_user("alice@example.edu")
    program = factories.make_program("Faculty Career Mentoring", alice)
    cohort = factories.make_cohort(program)
    wave = do_create_wave(cohort, ensure_library(now)["clerkship_survey"], "One year",
                          today - timedelta(days=20), today + timedelta(days=5), now)
    comments = wave.instrument.items.get(variable="comments")
    for i in range(10):
        response = Response.objects.create(wave=wave, record_id=f"anon-{i}",
                                           status=Response.Status.SUBMITTED, submitted_at=now)
        text = EMOJI_COMMENT if i == 0 else f"Comment {i}: the IDP helped me plan my year."
        Answer.objects.create(response=response, item=comments, value=text)
    project = do_create_project(cohort, "Narrative comments", alice, now)
    do_import_comments(project, ["comments"], now)
    do_create_code(project, "Time", now, definition="Time to meet, or its lack")
    do_create_code(project, "Resources and tools", now)
    coders = []
    for name, lead in (("Eve Evaluator", True), ("Fay Coder", False)):
        person = factories.make_person(name, Stage.ASSOCIATE_PROFESSOR)
        person.is_evaluator = True
        person.save(update_fields=["is_evaluator"])
        do_add_coder(project, person, now, is_lead=lead)
        coders.append(person)
    return project, coders[0], coders[1]


def _select(page, text: str) -> None:
    """Select `text` inside the source's words as a mouse would (a DOM range), once the page's
    script listens."""
    page.wait_for_load_state("load")
    page.evaluate(
        """(wanted) => {
          const box = document.getElementById('source-text');
          const node = box.firstChild;
          const at = node.textContent.indexOf(wanted);
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + wanted.length);
          const selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        }""",
        text,
    )


@pytest.mark.django_db(transaction=True)
def test_two_coders_code_a_sample_blind_and_the_lead_adjudicates(page):
    project, eve, fay = _world()
    emoji_source = Source.objects.get(project=project, text=EMOJI_COMMENT)

    # The coordinator draws a 20% sample for Eve and Fay from the project page.
    sign_in(page, "alice@example.edu", factories.PASSWORD)
    page.get_by_role("link", name="Coding").click()
    page.get_by_role("link", name="Narrative comments").click()
    page.get_by_label("Eve Evaluator").check()
    page.get_by_label("Fay Coder").check()
    page.get_by_role("button", name="Draw the sample").click()
    page.get_by_text("2 sources drawn for double coding").wait_for()
    assert "protected time" not in page.content()  # a coordinator reads no comment
    sign_out(page)
    sample = Sample.objects.get(project=project)
    sample.sources.add(emoji_source)  # the comment with an emoji is among those double coded
    units = list(sample.sources.order_by("pk"))

    # Eve codes a segment after the emoji, and every other unit whole.
    sign_in(page, eve.email, factories.PASSWORD)
    page.goto(f"/qualitative/{project.pk}/")
    page.get_by_role("link", name=emoji_source.name).click()
    _select(page, "no protected time")
    start = EMOJI_COMMENT.index("no protected time")  # code points: the emoji counts once
    status = page.locator("#selection")
    status.filter(has_text=f"Selected characters {start} to {start + 17}").wait_for()
    page.get_by_role("combobox", name="Code").select_option(label="Time")
    page.get_by_label("Valence").select_option(label="Negative")
    page.get_by_role("button", name="Apply the code").click()
    page.get_by_text("Coded Time (Negative).").wait_for()
    screenshot(page, "qda-1-eve-codes")
    for unit in units:
        if unit.pk != emoji_source.pk:
            page.goto(f"/qualitative/{project.pk}/sources/{unit.pk}/")
            page.get_by_role("combobox", name="Code").select_option(label="Resources and tools")
            page.get_by_label("Valence").select_option(label="Positive")
            page.get_by_role("button", name="Apply the code").click()
            page.get_by_text("Coded Resources and tools").wait_for()
    sign_out(page)
    segment = Coding.objects.get(coder=eve, source=emoji_source)
    assert segment.text == "no protected time" and segment.start == start

    # Fay sees none of Eve's codings; she codes the emoji comment whole, the rest "nothing".
    sign_in(page, fay.email, factories.PASSWORD)
    page.goto(f"/qualitative/{project.pk}/sources/{emoji_source.pk}/")
    page.get_by_text("You have not coded this source yet.").wait_for()
    assert "Negative" not in page.locator("section", has=page.get_by_role(
        "heading", name="Your codings")).inner_text()
    page.get_by_role("combobox", name="Code").select_option(label="Time")
    page.get_by_label("Valence").select_option(label="Negative")
    page.get_by_role("button", name="Apply the code").click()
    page.get_by_text("Coded Time (Negative).").wait_for()
    for unit in units:
        if unit.pk != emoji_source.pk:
            page.goto(f"/qualitative/{project.pk}/sources/{unit.pk}/")
            page.get_by_role("button", name="Done: nothing more applies").click()
            page.get_by_text("Marked coded").wait_for()
    sign_out(page)
    whole = Coding.objects.get(coder=fay, source=emoji_source)
    assert (whole.start, whole.end) == (0, len(EMOJI_COMMENT))

    # Eve, the lead, reads the agreement and settles the disagreements.
    sign_in(page, eve.email, factories.PASSWORD)
    page.goto(f"/qualitative/{project.pk}/agreement/")
    table = page.get_by_role("table").inner_text()
    assert "Time" in table and "100%" in table  # both applied Time to the emoji comment
    screenshot(page, "qda-2-agreement")
    keep = page.get_by_role("button", name="Keep Eve Evaluator's")
    assert keep.count() == len(units) - 1  # Resources and tools, Eve's alone
    keep.first.click()
    page.get_by_text("Settled: Resources and tools").wait_for()
    assert Coding.objects.filter(layer=Coding.Layer.CONSENSUS).count() == 1
