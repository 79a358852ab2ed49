"""An imported instrument's page: every item's type and why; Likert or single choice changed
there, kept answers and all, and refused when an answer would not fit."""

from __future__ import annotations

from datetime import UTC, datetime

from mentora.evaluation.reports.surveys import comparisons
from mentora.evaluation.sources import load_cohort
from mentora.surveys.models import Answer, Item, Wave
from mentora.surveys.redcap import do_import_redcap
from tests.fixtures import REDCAP

PROGRAM = REDCAP / "program"
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


def _import(cohort) -> int:
    text = {name: (PROGRAM / name).read_text(encoding="utf-8")
            for name in ("dictionary.csv", "data.csv", "event.csv")}
    do_import_redcap(cohort, text["dictionary.csv"], text["data.csv"], NOW,
                     events=text["event.csv"], name="program-survey")
    return Wave.objects.first().instrument_id


def test_a_scale_read_as_likert_is_made_single_choice_on_its_page_keeping_its_answers(
    world, login
):
    instrument = _import(world.cohort)
    client = login(world.alice)
    page = client.get(f"/surveys/instruments/{instrument}/")
    html = page.content.decode()
    assert 'name="type_conf_career"' in html and 'name="type_satisfied"' in html
    assert "ordered codes 1-5 with satisfaction anchors" in html
    answers = dict(Answer.objects.values_list("pk", "value"))
    sent = client.post(f"/surveys/instruments/{instrument}/",
                       {"type_conf_career": "likert", "type_meet_often": "likert",
                        "type_satisfied": "single"}, follow=True)
    assert "Changed the type of satisfied." in sent.content.decode()
    assert Item.objects.get(variable="satisfied").type == "single"
    assert dict(Answer.objects.values_list("pk", "value")) == answers
    [comparison] = comparisons(load_cohort(world.cohort))
    assert "satisfied" not in [row.item for row in comparison.rows]
    # And back: the item is compared again.
    client.post(f"/surveys/instruments/{instrument}/",
                {"type_conf_career": "likert", "type_meet_often": "likert",
                 "type_satisfied": "likert"})
    [comparison] = comparisons(load_cohort(world.cohort))
    assert "satisfied" in [row.item for row in comparison.rows]


def test_a_change_an_answer_would_not_fit_is_refused_with_a_message(world, login):
    instrument = _import(world.cohort)
    item = Item.objects.get(variable="meet_often")
    Item.objects.filter(pk=item.pk).update(type="single")
    Answer.objects.filter(item=item).update(value="7")  # an answer no choice has
    client = login(world.alice)
    refused = client.post(f"/surveys/instruments/{instrument}/",
                          {"type_conf_career": "likert", "type_meet_often": "likert",
                           "type_satisfied": "likert"})
    assert refused.status_code == 400
    assert "meet_often cannot be likert: an answer it has does not fit" in (
        refused.content.decode()
    )
    assert Item.objects.get(pk=item.pk).type == "single"


def test_another_program_reaches_neither_the_page_nor_the_change(world, login):
    instrument = _import(world.cohort)
    bob = login(world.bob)
    assert bob.get(f"/surveys/instruments/{instrument}/").status_code == 404
    sent = bob.post(f"/surveys/instruments/{instrument}/", {"type_satisfied": "single"})
    assert sent.status_code == 404
    assert Item.objects.get(variable="satisfied").type == "likert"
