"""Code suggestions (issue 15 item 7) on seed 002's Table 4 quotes: computed by a job from what is
coded, shown beside the text to coders, accepted (the coder's own coding) or rejected, blind in a
double-coding sample, and reported per code against the consensus on the agreement page and CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.urls import reverse
from django.utils import timezone

from mentora.jobs.models import Job
from mentora.qualitative.actions import (
    do_adjudicate,
    do_apply_code,
    do_create_code,
    do_import_comments,
)
from mentora.qualitative.models import Code, Coding, Sample, Source, Suggestion
from mentora.qualitative.suggestions import KIND, do_queue_suggestions, suggestions_for
from tests.qualitative.conftest import Qda, answer, sign_in

CODED = {
    "My mentor is a friend, valuable to me as genuine input for my career path.": "Relationship",
    "I needed a better matched mentor in the way of interests, teaching.": "Relationship",
    "We did not have a great deal of shared interests, goals.": "Relationship",
    "So many demands on my and my mentor's time; impossible to follow up on goals.": "Time",
    "I just have too much on my plate.": "Time",
    "We need more time to meet, more time to devote to academic pursuits.": "Time",
    "Filling out the IDP was helpful.": "Tools",
    "The IDP seemed to be busy work of little value.": "Tools",
    "The shared drive is difficult to navigate; so many folders.": "Tools",
    "I was unaware of the shared drive resources.": "Tools",
}
HELD_OUT = {
    "I simply needed to spend more time with them.": "Time",
    "I don't actually recall ever using the shared drive.": "Tools",
}


def _quotes(qda: Qda, quotes: dict[str, str]) -> dict[str, Source]:
    for i, text in enumerate(quotes):
        answer(qda.wave, None, f"q-{len(text)}-{i}", text)
    do_import_comments(qda.project, ["comments"], timezone.now())
    return {s.text: s for s in Source.objects.filter(project=qda.project, text__in=quotes)}


def _codebook(qda: Qda) -> dict[str, Code]:
    now = timezone.now()
    return {
        name: do_create_code(qda.project, name, now) for name in ("Relationship", "Time", "Tools")
    }


def _shown(client: Any, qda: Qda, source: Source) -> str:
    page = client.get(reverse("qda_source", args=[qda.project.pk, source.pk])).content.decode()
    return page.split('id="suggested-h"')[1].split("</section>")[0] if "suggested-h" in page else ""


def test_a_coder_accepts_and_rejects_suggestions_beside_the_text(client: Any, qda: Qda) -> None:
    codes, now = _codebook(qda), timezone.now()
    sources = _quotes(qda, {**CODED, **HELD_OUT})
    for text, code in CODED.items():
        do_apply_code(sources[text], codes[code], qda.eve, now, valence="negative")
    sign_in(client, qda.world.alice)  # the coordinator asks; the job runs (in process in tests)
    project_url = reverse("qda_project", args=[qda.project.pk])
    client.post(project_url, {"op": "suggest"})
    job = Job.objects.get(kind=KIND, subject=str(qda.project.pk))
    assert job.state == Job.State.DONE and "tf-idf" in job.message
    assert "Code suggestions" in client.get(project_url).content.decode()
    # Nothing coded gets a suggestion; the held-out quotes do, their own theme first.
    assert not Suggestion.objects.filter(source__in=[sources[t] for t in CODED]).exists()
    for text, theme in HELD_OUT.items():
        best = Suggestion.objects.filter(source=sources[text]).order_by("-score").first()
        assert best is not None and best.code.name == theme, text

    time_source = sources["I simply needed to spend more time with them."]
    sign_in(client, qda.fay)
    shown = _shown(client, qda, time_source)
    assert "Accept Time" in shown and "similarity" in shown
    time_suggestion = Suggestion.objects.get(source=time_source, code=codes["Time"])
    url = reverse("qda_source", args=[qda.project.pk, time_source.pk])
    client.post(
        url,
        {
            "op": "suggestion",
            "suggestion": time_suggestion.pk,
            "decision": "accept",
            "valence": "negative",
        },
    )
    mine = Coding.objects.get(source=time_source, coder=qda.fay, layer=Coding.Layer.CODER)
    assert (mine.code, mine.valence, mine.start, mine.end) == (
        codes["Time"],
        "negative",
        0,
        len(time_source.text),
    )
    assert "Accept Time" not in _shown(client, qda, time_source)  # decided: gone for her
    # A suggestion from another source, or decided twice, is refused without a 500.
    drive = sources["I don't actually recall ever using the shared drive."]
    other = Suggestion.objects.filter(source=drive).first()
    assert other is not None
    assert (
        client.post(
            url, {"op": "suggestion", "suggestion": other.pk, "decision": "reject"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            url, {"op": "suggestion", "suggestion": time_suggestion.pk, "decision": "reject"}
        ).status_code
        == 404
    )
    assert (
        client.post(url, {"op": "suggestion", "suggestion": "x", "decision": "accept"}).status_code
        == 302
    )

    sign_in(client, qda.eve)  # Eve still has it to decide; she rejects the drive's
    assert "Accept Time" in _shown(client, qda, time_source)
    client.post(
        reverse("qda_source", args=[qda.project.pk, drive.pk]),
        {"op": "suggestion", "suggestion": other.pk, "decision": "reject"},
    )
    assert not Coding.objects.filter(source=drive).exists()
    agreement = client.get(reverse("qda_agreement", args=[qda.project.pk])).content.decode()
    table = agreement.split('id="sugg-h"')[1].split("</section>")[0]
    assert '<th scope="row">Time</th><td>1</td><td>0</td>' in table
    rows = {
        r["code"]: r
        for r in csv.DictReader(
            io.StringIO(
                client.get(
                    reverse("qda_agreement", args=[qda.project.pk]), {"download": "csv"}
                ).content.decode()
            )
        )
    }
    assert rows["Time"]["suggestions_accepted"] == "1"
    assert rows[other.code.name]["suggestions_rejected"] == "1"
    assert rows["Time"]["suggestion_precision"] == ""  # no consensus on that unit


def test_a_lead_coder_asks_for_suggestions_a_plain_coder_cannot(client: Any, qda: Qda) -> None:
    sign_in(client, qda.fay)
    response = client.post(reverse("qda_project", args=[qda.project.pk]), {"op": "suggest"})
    assert response.status_code == 404
    assert not Job.objects.filter(kind=KIND).exists()
    sign_in(client, qda.eve)  # the lead coder may
    client.post(reverse("qda_project", args=[qda.project.pk]), {"op": "suggest"})
    assert Job.objects.get(kind=KIND).state == Job.State.DONE


def test_in_a_sample_suggestions_come_from_the_consensus_alone(qda: Qda) -> None:
    codes, now = _codebook(qda), timezone.now()
    sources = _quotes(qda, {**CODED, **HELD_OUT})
    sample = Sample.objects.create(project=qda.project, percent=25, seed=1, drawn_at=now)
    sampled = [
        sources[t]
        for t in (
            "I simply needed to spend more time with them.",
            "I just have too much on my plate.",
            "We need more time to meet, more time to devote to academic pursuits.",
        )
    ]
    sample.sources.set(sampled)
    sample.coders.set([qda.eve, qda.fay])
    for text, code in CODED.items():
        if sources[text] not in sampled:
            do_apply_code(sources[text], codes[code], qda.eve, now)
    # Fay codes two sampled units with Time in her own layer: blind, it teaches nothing.
    for unit in sampled[1:]:
        do_apply_code(unit, codes["Time"], qda.fay, now)
    do_queue_suggestions(qda.project, qda.world.alice)
    assert suggestions_for(sampled[0], qda.eve) == []  # no consensus yet: nothing to learn
    assert not Suggestion.objects.filter(source__in=sampled).exists()
    # Unsampled comments still learn from the unsampled codings.
    assert Suggestion.objects.filter(
        source=sources["I don't actually recall ever using the shared drive."], code=codes["Tools"]
    ).exists()

    # Two sampled units settled with Time: the third now gets Time, from the consensus.
    for unit in sampled[1:]:
        do_adjudicate(unit, codes["Time"], True, qda.eve, now)
    do_queue_suggestions(qda.project, None)
    shown = suggestions_for(sampled[0], qda.fay)
    assert [s.code.name for s in shown] == ["Time"] and shown[0].from_consensus
    assert not Suggestion.objects.filter(source__in=sampled[1:]).exists()  # settled: coded

    # Accepted, then the consensus confirms it: precision 1 for Time.
    from mentora.qualitative.actions.suggestions import do_decide_suggestion
    from mentora.qualitative.agreement import code_paths
    from mentora.qualitative.suggestions import suggestion_figures

    do_decide_suggestion(shown[0], qda.fay, True, now)
    do_adjudicate(sampled[0], codes["Time"], True, qda.eve, now)
    figures = suggestion_figures(qda.project, code_paths(qda.project)).by_code["Time"]
    assert (figures.accepted, figures.judged, figures.confirmed, figures.precision) == (
        1,
        1,
        1,
        1.0,
    )
    do_adjudicate(sampled[0], codes["Time"], False, qda.eve, now)
    assert suggestion_figures(qda.project, code_paths(qda.project)).by_code["Time"].precision == 0.0
