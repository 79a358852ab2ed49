"""The coding pages as each role meets them: coordinators manage without reading the words,
coders read and code and see only their own codings, leads adjudicate; anyone else gets 404."""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from docx import Document

from mentora.audit.models import AuditEvent
from mentora.qualitative.actions import do_apply_code, do_create_code, do_draw_sample
from mentora.qualitative.models import Code, Coding, Source
from tests.qualitative.conftest import COMMENTS, Qda, sign_in


def _maya(qda: Qda) -> Source:
    return Source.objects.get(project=qda.project, text__startswith="My mentor")


def test_the_coordinator_manages_but_reads_no_comment(client: Any, qda: Qda) -> None:
    sign_in(client, qda.world.alice)
    page = client.get(reverse("qda_project", args=[qda.project.pk])).content.decode()
    assert "Narrative comments" in page and "Eve Evaluator" in page
    assert "protected time" not in page  # a comment's words
    source = _maya(qda)
    assert client.get(reverse("qda_source", args=[qda.project.pk, source.pk])).status_code == 404
    assert client.get(reverse("qda_codebook", args=[qda.project.pk])).status_code == 200
    assert client.get(reverse("qda_agreement", args=[qda.project.pk])).status_code == 200


def test_others_get_404(client: Any, qda: Qda) -> None:
    source = _maya(qda)
    for who in (qda.world.bob, qda.world.mark, qda.world.maya):
        sign_in(client, who)
        for name, args in (("qda_project", [qda.project.pk]),
                           ("qda_codebook", [qda.project.pk]),
                           ("qda_agreement", [qda.project.pk]),
                           ("qda_source", [qda.project.pk, source.pk])):
            assert client.get(reverse(name, args=args)).status_code == 404, (who, name)
            assert client.post(reverse(name, args=args)).status_code == 404, (who, name)


def test_a_coder_codes_a_comment_whole_and_sees_only_their_own(client: Any, qda: Qda) -> None:
    now = timezone.now()
    time_ = do_create_code(qda.project, "Time", now)
    do_create_code(qda.project, "Space", now)
    source = _maya(qda)
    do_draw_sample(qda.project, 25, [qda.eve, qda.fay], now, seed=1)
    do_apply_code(source, qda.project.codes.get(name="Space"), qda.eve, now,
                  start=source.text.index("finding"), end=source.text.index(" was"))
    sign_in(client, qda.fay)
    url = reverse("qda_source", args=[qda.project.pk, source.pk])
    page = client.get(url).content.decode()
    assert "finding a room" in page  # the words, for a coder
    assert "Space" not in page.split('id="mine-h"')[1].split("</section>")[0]  # not Eve's coding
    client.post(url, {"op": "apply", "code": time_.pk, "valence": "positive"})
    coding = Coding.objects.get(coder=qda.fay)
    assert (coding.start, coding.end, coding.valence) == (0, len(source.text), "positive")
    page = client.get(url).content.decode()
    assert "Time" in page.split('id="mine-h"')[1]
    assert AuditEvent.objects.filter(action="read", object_type="qualitative.source").exists()
    # A segment by code points: the emoji counts once.
    start = source.text.index("and that")
    client.post(url, {"op": "apply", "code": time_.pk, "valence": "negative",
                      "start": start, "end": start + 8})
    assert Coding.objects.get(coder=qda.fay, start=start).text == "and that"
    # Bad offsets: a message, nothing written.
    response = client.post(url, {"op": "apply", "code": time_.pk, "valence": "neutral",
                                 "start": 5, "end": 999}, follow=True)
    assert "run past the text" in response.content.decode()
    assert Coding.objects.filter(coder=qda.fay).count() == 2
    # Nobody removes another's coding by its id.
    eve_coding = Coding.objects.get(coder=qda.eve)
    assert client.post(url, {"op": "remove", "coding": eve_coding.pk}).status_code == 404
    assert Coding.objects.filter(pk=eve_coding.pk).exists()


def test_a_coder_does_not_keep_the_codebook_nor_read_agreement(client: Any, qda: Qda) -> None:
    sign_in(client, qda.fay)
    url = reverse("qda_codebook", args=[qda.project.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"op": "create", "name": "Time"}).status_code == 404
    assert client.get(reverse("qda_agreement", args=[qda.project.pk])).status_code == 404


def test_the_lead_keeps_the_codebook_by_its_page(client: Any, qda: Qda) -> None:
    sign_in(client, qda.eve)
    url = reverse("qda_codebook", args=[qda.project.pk])
    client.post(url, {"op": "create", "name": "Time", "colour": "#00ff00", "definition": "Hours"})
    time_ = Code.objects.get(project=qda.project, name="Time")
    client.post(url, {"op": "rename", "code": time_.pk, "name": "Protected time"})
    response = client.post(url, {"op": "merge", "code": time_.pk}, follow=True)
    assert "into: Choose the code to merge into." in response.content.decode()
    page = client.get(url).content.decode()
    assert "Protected time" in page and "v2 · Renamed" in page


def test_the_coordinator_uploads_a_word_transcript_and_adds_coders(client: Any, qda: Qda) -> None:
    sign_in(client, qda.world.alice)
    url = reverse("qda_project", args=[qda.project.pk])
    document = Document()
    document.add_paragraph("Moderator: What did you gain?")
    document.add_paragraph("Mentor A: Patience.")
    data = io.BytesIO()
    document.save(data)
    upload = SimpleUploadedFile("group.docx", data.getvalue())
    client.post(url, {"op": "transcript", "kind": "focus_group", "file": upload})
    source = Source.objects.get(project=qda.project, kind="focus_group")
    assert source.text == "Moderator: What did you gain?\nMentor A: Patience."
    bad = SimpleUploadedFile("group.docx", b"not word at all")
    response = client.post(url, {"op": "transcript", "kind": "interview", "file": bad},
                           follow=True)
    assert "group.docx: is not a Word document" in response.content.decode()
    response = client.post(url, {"op": "coder", "person": qda.world.mark.pk}, follow=True)
    assert "person: Select a valid choice" in response.content.decode()


def test_the_lead_adjudicates_on_the_agreement_page(client: Any, qda: Qda) -> None:
    now = timezone.now()
    time_ = do_create_code(qda.project, "Time", now)
    sample = do_draw_sample(qda.project, 25, [qda.eve, qda.fay], now, seed=1)
    unit = sample.sources.get()
    do_apply_code(unit, time_, qda.eve, now, valence="mixed")
    from mentora.qualitative.actions import do_mark_coded

    do_mark_coded(unit, qda.fay, now)
    sign_in(client, qda.eve)
    url = reverse("qda_agreement", args=[qda.project.pk])
    page = client.get(url).content.decode()
    assert "Disagreements to adjudicate" in page and "Keep Eve Evaluator" in page
    client.post(url, {"source": unit.pk, "code": time_.pk, "decision": "apply",
                      "adopt": qda.eve.pk})
    assert Coding.objects.filter(layer="consensus", source=unit, valence="mixed").exists()
    assert "No disagreement waiting" in client.get(url).content.decode()
    csv_text = client.get(url + "?download=csv").content.decode()
    assert csv_text.startswith("code,coders,units,alpha,kappa,percent_agreement")
    assert COMMENTS["maya"][:10] not in csv_text
