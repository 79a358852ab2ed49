"""Code suggestions on seed 002's Table 4 quotes: coded with its three themes, the held-out
quotes get their own theme proposed first (TF-IDF: the optional embeddings are not installed)."""

from __future__ import annotations

import numpy as np

from mentora.qualitative.pure.suggest import TFIDF, Proposal, precision, suggest

RELATIONSHIP = "Mentoring relationship"
TIME = "Time"
TOOLS = "Resources and tools"

CODED = [
    ("My mentor is a friend, valuable to me as genuine input for my career path.", [RELATIONSHIP]),
    (
        "Having a mentor assigned that was not an ideal match clouded my perception of the "
        "program.",
        [RELATIONSHIP],
    ),
    (
        "I needed a better matched mentor in the way of interests, teaching experiences.",
        [RELATIONSHIP],
    ),
    ("We did not have a great deal of shared interests, goals.", [RELATIONSHIP]),
    (
        "Time. There are so many demands on my and my mentor's time; impossible to actually follow "
        "up on goals.",
        [TIME],
    ),
    ("I just have too much on my plate.", [TIME]),
    ("Time [is a barrier] for both myself and my mentees.", [TIME]),
    ("We need more time to meet, more time to devote to academic pursuits.", [TIME]),
    ("Filling out the IDP was helpful.", [TOOLS]),
    ("The IDP seemed to be busy work of little value.", [TOOLS]),
    (
        "The shared drive is difficult to navigate; so many folders, takes time and effort to "
        "navigate.",
        [TOOLS],
    ),
    ("I was unaware of the shared drive resources.", [TOOLS]),
]

HELD_OUT = {
    "I don't actually recall ever using the shared drive.": TOOLS,
    "The IDP helps in getting to know people better.": TOOLS,
    "I simply needed to spend more time with them.": TIME,
    "May want to allow people to choose a mentor based on existing relationships or "
    "interests.": RELATIONSHIP,
}


def test_held_out_quotes_get_their_theme_first() -> None:
    proposals, method = suggest(CODED, list(HELD_OUT))
    assert method == TFIDF
    for (text, theme), proposed in zip(HELD_OUT.items(), proposals, strict=True):
        assert proposed, text
        assert proposed[0].code == theme, (text, proposed)
        assert all(0 < p.score <= 1 for p in proposed)
        assert [p.score for p in proposed] == sorted((p.score for p in proposed), reverse=True)


def test_a_text_sharing_no_word_with_the_coded_gets_nothing() -> None:
    proposals, _ = suggest(CODED, ["Parking near the hospital costs a fortune."])
    assert proposals == [[]]


def test_top_k_and_threshold_bound_the_proposals() -> None:
    text = "More time with my mentor to use the IDP and the shared drive."
    everything, _ = suggest(CODED, [text], threshold=0.0, top_k=3)
    assert {p.code for p in everything[0]} == {RELATIONSHIP, TIME, TOOLS}
    one, _ = suggest(CODED, [text], threshold=0.0, top_k=1)
    assert one[0] == everything[0][:1]
    strict, _ = suggest(CODED, [text], threshold=everything[0][0].score + 0.01)
    assert strict == [[]]


def test_nothing_coded_proposes_nothing() -> None:
    assert suggest([], ["I just have too much on my plate."])[0] == [[]]
    assert suggest([("Some text", [])], ["Some text"])[0] == [[]]


def test_an_encoder_is_used_when_given() -> None:
    """The embeddings path: a stand-in encoder (bag of two words) shows centroids follow it."""

    def encode(texts: list[str]) -> np.ndarray:
        return np.array(
            [[t.lower().count("time"), t.lower().count("idp")] for t in texts], dtype=float
        )

    proposals, method = suggest(CODED, ["idp idp", "time"], encode=encode)
    assert method == "embeddings"
    assert proposals[0][0] == Proposal(TOOLS, proposals[0][0].score)
    assert proposals[1][0].code == TIME


def test_precision_against_the_consensus() -> None:
    found = precision(
        TIME, [(True, True), (True, False), (True, None), (False, True), (False, None)]
    )
    assert (found.accepted, found.rejected, found.judged, found.confirmed) == (3, 2, 2, 1)
    assert found.precision == 0.5
    assert precision(TIME, [(False, True)]).precision is None
