"""Instruments as data: versions, the seed library, scales and their scoring."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from mentora.surveys import interchange as ix
from mentora.surveys.library import ensure_library
from mentora.surveys.mapping import save_instrument, to_interchange
from mentora.surveys.models import Instrument, Scale, ScaleItem
from mentora.surveys.redcap import instrument_dictionary

NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
LIBRARY = [
    "clerkship_survey",
    "faculty_career_survey",
    "mentoring_equity_survey",
    "program_perception_survey",
]


@pytest.fixture
def library(db):
    return ensure_library(NOW)


def test_the_library_holds_the_seed_instruments(library):
    assert sorted(library) == LIBRARY
    faculty = library["faculty_career_survey"]
    cmse = faculty.items.filter(variable__startswith="cmse_")
    assert cmse.count() == 11
    first = cmse.order_by("position").first()
    assert first.label.startswith("I have well-defined annual goals")
    assert first.choices[0] == ["1", "Strongly disagree"]
    assert first.choices[4] == ["5", "Strongly agree"]
    burnout = faculty.items.get(variable="burnout")
    assert len(burnout.choices) == 5
    assert "need help" in burnout.choices[4][1]


@pytest.mark.parametrize("name", LIBRARY)
def test_library_variables_suit_redcap(library, name):
    for item in library[name].items.all():
        assert ix.model.VARIABLE_NAME.match(item.variable) and len(item.variable) <= 26


@pytest.mark.parametrize("name", LIBRARY)
def test_every_library_instrument_exports_as_a_dictionary_that_reads_back_the_same(library, name):
    exported = instrument_dictionary(library[name])
    again = ix.parse_dictionary(exported, name=name)
    assert again.items == to_interchange(library[name]).items
    ix.check_logic(again)


def test_loading_the_library_twice_changes_nothing(library):
    again = ensure_library(NOW)
    assert {k: v.pk for k, v in again.items()} == {k: v.pk for k, v in library.items()}
    assert Instrument.objects.count() == len(LIBRARY)


def test_an_edit_makes_a_new_version_and_leaves_the_old_wording(library):
    old = library["mentoring_equity_survey"]
    definition = to_interchange(old)
    items = list(definition.items)
    items[1] = replace(items[1], label="Rate your mentoring overall")
    new = save_instrument(replace(definition, items=tuple(items)), NOW)
    assert (old.version, new.version) == (1, 2)
    assert old.items.get(variable="overall_rating").label.startswith("How would you rate")
    assert new.items.get(variable="overall_rating").label == "Rate your mentoring overall"


@pytest.mark.parametrize(
    ("answers", "score", "burning_out"),
    [
        ({"burnout": "1"}, 1.0, False),
        ({"burnout": "3"}, 3.0, True),
        ({"burnout": "5"}, 5.0, True),
        ({}, None, None),
    ],
)
def test_the_burnout_threshold_is_three_or_above(library, answers, score, burning_out):
    scale = library["faculty_career_survey"].scales.get(name="burnout")
    assert scale.score(answers) == score
    assert scale.meets_threshold(scale.score(answers)) is burning_out


@pytest.mark.parametrize(
    ("method", "reverse", "answers", "expected"),
    [
        ("mean", (), {"ma_mentee_role": "2", "ma_career_dev": "4", "ma_retention": "3"}, 3.0),
        ("sum", (), {"ma_mentee_role": "2", "ma_career_dev": "4", "ma_retention": "3"}, 9.0),
        # 2 reversed on a 1-5 scale is 4.
        (
            "sum",
            ("ma_mentee_role",),
            {"ma_mentee_role": "2", "ma_career_dev": "4", "ma_retention": "3"},
            11.0,
        ),
        ("mean", (), {"ma_mentee_role": "2", "ma_career_dev": "4"}, None),
    ],
)
def test_scales_take_the_mean_or_sum_with_reverse_coded_items(
    library, method, reverse, answers, expected
):
    instrument = library["faculty_career_survey"]
    scale = Scale.objects.create(instrument=instrument, name="t", label="T", method=method)
    for variable in ("ma_mentee_role", "ma_career_dev", "ma_retention"):
        item = instrument.items.get(variable=variable)
        ScaleItem.objects.create(scale=scale, item=item, reverse=variable in reverse)
    assert scale.score(answers) == expected


def test_the_clerkship_program_questions_show_only_after_meeting_mentors(library):
    definition = to_interchange(library["clerkship_survey"])
    helpful = definition.item("program_helpful")
    assert not ix.is_shown(helpful, {"met_mentors": "0"})
    assert ix.is_shown(helpful, {"met_mentors": "1"})
    topics = definition.item("topics_discussed")
    assert len(topics.choices) == 10 and topics.type is ix.ItemType.MULTIPLE


def test_reading_an_instrument_back_costs_the_same_few_queries_however_many_sections(
    library, django_assert_max_num_queries
):
    """The respondent's page reads its instrument on every view: sections, then items."""
    instrument = library["faculty_career_survey"]
    assert instrument.sections.count() > 3
    with django_assert_max_num_queries(2):
        to_interchange(instrument)
