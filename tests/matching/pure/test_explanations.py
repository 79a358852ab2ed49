"""Every pair carries its score in words, component by component."""

from __future__ import annotations

import pytest

from mentora.matching.engine import Constraints, Mentee, Mentor, Problem, Weights, solve


def explain_only_pair(mentee: Mentee, mentor: Mentor, **problem: object) -> str:
    result = solve(Problem([mentee], [mentor], **problem), "welfare")  # type: ignore[arg-type]
    assert len(result.pairs) == 1
    return result.pairs[0].explanation


@pytest.mark.parametrize(("mentee", "mentor", "phrase"), [
    (Mentee("a", 1, specialty="Cardiology"), Mentor("b", 2, specialty="cardiology"),
     "both interested in Cardiology"),
    (Mentee("a", 1, ("medical education", "ethics")),
     Mentor("b", 2, interests=("Medical Education",)),
     "shared interest in medical education"),
    (Mentee("a", 1, ("ethics", "research")), Mentor("b", 2, interests=("research", "ethics")),
     "shared interest in ethics and research"),
    (Mentee("a", 1, requested=("b",)), Mentor("b", 2), "the mentee asked for this mentor"),
    (Mentee("a", 1), Mentor("b", 2, requested=("a",)), "the mentor asked for this mentee"),
    (Mentee("a", 1, site="North"), Mentor("b", 2, site="north"), "same site (North)"),
    (Mentee("a", 1, communication_style="direct"), Mentor("b", 2, communication_style="direct"),
     "same communication style (direct)"),
    (Mentee("a", 1, goals="publish research on heart failure outcomes"),
     Mentor("b", 2, goals="heart failure outcomes research"), "similar goals"),
    (Mentee("a", 1, gender="F", affinity=("gender",)), Mentor("b", 2, gender="F"),
     "same gender, as the mentee asked"),
])
def test_each_component_has_words(mentee: Mentee, mentor: Mentor, phrase: str) -> None:
    """The explanation names each component that added to the score."""
    assert phrase in explain_only_pair(mentee, mentor)


def test_affinity_counts_only_when_the_mentee_asked() -> None:
    """Same gender adds nothing unless the mentee asked for it."""
    text = explain_only_pair(Mentee("a", 1, gender="F"), Mentor("b", 2, gender="F"))
    assert "gender" not in text


def test_existing_relationship_and_a_pin_are_explained() -> None:
    """A pinned pair says so first, then what it has in common."""
    text = explain_only_pair(Mentee("a", 1), Mentor("b", 9), existing=frozenset({("a", "b")}),
                             constraints=Constraints(pinned=frozenset({("a", "b")})))
    assert text == "pinned by the coordinator; they already work together"


def test_a_zero_weight_component_is_not_mentioned() -> None:
    """A program that ignores site does not see it in the explanation."""
    text = explain_only_pair(Mentee("a", 1, site="x", specialty="ent"),
                             Mentor("b", 2, site="x", specialty="ent"), weights=Weights(site=0))
    assert text == "both interested in ent"


def test_explanation_lists_components_in_one_sentence() -> None:
    """The issue's example reads as one line joined by semicolons."""
    text = explain_only_pair(
        Mentee("a", 1, ("cardiology", "medical education"), specialty="cardiology",
               requested=("b",)),
        Mentor("b", 2, interests=("medical education",), specialty="cardiology"))
    assert text == ("both interested in cardiology; shared interest in medical education; "
                    "the mentee asked for this mentor")
