"""Qualtrics into a wave, and the answers as pandas frames for the evaluation."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest

from mentora.surveys import interchange as ix
from mentora.surveys.actions import do_create_wave
from mentora.surveys.exports import LONG_COLUMNS, responses_frame
from mentora.surveys.library import ensure_library
from mentora.surveys.models import Answer, Respondent, Response
from mentora.surveys.qualtrics_import import do_import_qualtrics
from mentora.surveys.redcap import ImportProblem
from tests.fixtures import QUALTRICS, QUALTRICS_FILES
from tests.outside import OUTSIDE_QUALTRICS, OUTSIDE_QUALTRICS_FILES, outside_param

# The exports of tests/fixtures, then the real samples (skip where absent).
FILES = [pytest.param(QUALTRICS / name, id=name) for name in QUALTRICS_FILES] + [
    outside_param(OUTSIDE_QUALTRICS / name, id=f"outside-{name}")
    for name in OUTSIDE_QUALTRICS_FILES
]
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("path", FILES)
@pytest.mark.parametrize("policy", ["drop", "keep"])
def test_qualtrics_answers_land_in_a_wave_with_identifiers_as_chosen(world, path, policy):
    text = path.read_text(encoding="utf-8-sig")
    parsed = ix.parse_qualtrics(text, identifiers=policy, name="pilot")
    anonymous = policy == "drop"  # identifiers are kept in identified waves only
    report = do_import_qualtrics(
        world.cohort, text, NOW, identifiers=policy, label="Pilot", name="pilot",
        anonymous=anonymous,
    )
    wave = report.wave
    assert wave.responses.count() == len(parsed.records) == report.responses
    variables = set(wave.instrument.items.values_list("variable", flat=True))
    assert ("ip_address" in variables) == (policy == "keep")
    if policy == "keep":
        assert wave.instrument.items.get(variable="ip_address").identifier
    # Every value of the file is stored, for the item it answers.
    for record in parsed.records:
        response = Response.objects.get(wave=wave, record_id=record.record_id)
        stored = {a.item.variable: a.value for a in response.answers.select_related("item")}
        assert stored == dict(record.values)
        assert (response.respondent is None) == anonymous


@pytest.mark.parametrize("path", FILES)
def test_an_anonymous_wave_drops_identifier_columns_even_when_asked_to_keep_them(world, path):
    """A recipient's email or IP address would tie an anonymous answer to its person."""
    text = path.read_text(encoding="utf-8-sig")
    report = do_import_qualtrics(world.cohort, text, NOW, identifiers="keep", label="Pilot")
    assert report.wave.anonymous and not report.kept_sensitive
    assert not report.wave.instrument.items.filter(identifier=True).exists()
    kept = ix.parse_qualtrics(text, identifiers="keep", name="pilot").instrument.items
    identifiers = {item.variable for item in kept if item.identifier}
    assert "ip_address" in identifiers
    answers = Answer.objects.filter(response__wave=report.wave)
    stored = set(answers.values_list("item__variable", flat=True))
    assert not identifiers & stored


def test_a_broken_qualtrics_file_is_refused_whole(world):
    with pytest.raises(ImportProblem):
        do_import_qualtrics(world.cohort, "just one line\n", NOW, identifiers="drop", label="x")
    assert not Response.objects.exists()


@pytest.fixture
def answered(world):
    """Maya and Nina answer baseline and follow-up (identified); an anonymous wave too."""
    library = ensure_library(NOW)
    survey = library["clerkship_survey"]
    items = {i.variable: i for i in survey.items.all()}
    waves = [
        do_create_wave(
            world.cohort,
            survey,
            label,
            date(2026, 1, 1),
            date(2026, 2, 1),
            NOW,
            time_point=point,
            anonymous=anonymous,
        )
        for label, point, anonymous in [
            ("Pre", "baseline", False),
            ("Post", "end_of_clerkship", False),
            ("Anonymous post", "other", True),
        ]
    ]
    answers = {
        (0, world.maya): {"specialty_confidence": "2"},
        (0, world.nina): {"specialty_confidence": "3"},
        (1, world.maya): {"specialty_confidence": "4", "topics_discussed": ["1", "3"]},
        (1, world.nina): {"specialty_confidence": "5", "career_interest": "Cardiology"},
        (2, None): {"specialty_confidence": "5"},
    }
    for (index, person), values in answers.items():
        respondent = (
            Respondent.objects.get_or_create(
                cohort=world.cohort, person=person, defaults={"record_id": f"p{person.pk}"}
            )[0]
            if person
            else None
        )
        response = Response.objects.create(
            wave=waves[index],
            respondent=respondent,
            status="submitted",
            record_id=respondent.record_id if respondent else "a1",
        )
        for variable, value in values.items():
            Answer.objects.create(response=response, item=items[variable], value=value)
    # A draft never counts.
    Response.objects.create(wave=waves[1], record_id="draft", status="draft")
    return waves


def test_long_frame_has_one_numeric_row_per_answer(world, answered):
    frame = responses_frame(world.cohort)
    assert list(frame.columns) == LONG_COLUMNS
    confidence = frame[frame["item"] == "specialty_confidence"]
    assert sorted(confidence["value"]) == [2, 3, 4, 5, 5]
    topics = frame[frame["item"].str.startswith("topics_discussed___")]
    assert len(topics) == 10 and topics["value"].sum() == 2
    anonymous = frame[frame["anonymous"]]
    assert list(anonymous["respondent"]) == [""] and anonymous["person_id"].isna().all()
    text = frame[frame["item"] == "career_interest"]
    assert text["value"].isna().all() and list(text["text"]) == ["Cardiology"]


def test_wide_frame_pairs_identified_waves_only(world, answered):
    wide = responses_frame(world.cohort, "clerkship_survey", wide=True)
    assert not wide["anonymous"].any()
    assert len(wide) == 4
    pre = wide[wide["wave"] == "Pre"].set_index("person_id")["specialty_confidence"]
    post = wide[wide["wave"] == "Post"].set_index("person_id")["specialty_confidence"]
    paired = (post - pre).dropna()
    assert list(paired.sort_index()) == [2.0, 2.0]
    assert paired.index.tolist() == sorted([world.maya.pk, world.nina.pk])


def test_an_empty_cohort_gives_empty_frames(world):
    assert responses_frame(world.faculty_cohort).empty
    assert isinstance(responses_frame(world.faculty_cohort, wide=True), pd.DataFrame)
