"""Names, services and rotations are blacked out of every export: Table 4's quotes say
[redacted], and the REFI-QDA export masks each character, so its offsets still hold."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.urls import reverse
from django.utils import timezone
from lxml import etree

from mentora.qualitative.actions import do_apply_code, do_create_code, do_import_comments
from mentora.qualitative.models import Project, Source
from mentora.qualitative.pure.redaction import MASK, name_parts, pattern, redact
from mentora.qualitative.refi import NAMESPACE, export_qdpx
from mentora.qualitative.themes import table_4
from tests.qualitative.conftest import Qda, answer, sign_in

NAMED = "Dr Mark was great on the Cardiology rotation; cardiology at Mercy was busy. Mark it."


def test_terms_whatever_their_case_and_names_as_written() -> None:
    found = pattern(["cardiology", "Mercy", "ED"], name_parts(["Mark Mentor", "Rose Li"]))
    assert redact(NAMED, found) == (f"Dr {MASK} was great on the {MASK} rotation; {MASK} at "
                                    f"{MASK} was busy. {MASK} it.")
    assert redact("a rose by the ED", found) == "a rose by the ED"  # too short, not a name
    assert redact("my mentor", found) == "my mentor"  # a surname, lower case: a word
    assert redact("Mark", found, keep_length=True) == "████"
    assert pattern([], []) is None


def _named(qda: Qda) -> Source:
    answer(qda.wave, None, "anon-9", NAMED)
    do_import_comments(qda.project, ["comments"], timezone.now())
    Project.objects.filter(pk=qda.project.pk).update(redactions="cardiology\nMercy")
    qda.project.refresh_from_db()
    source = Source.objects.get(project=qda.project, text=NAMED)
    code = do_create_code(qda.project, "Rotations", timezone.now())
    do_apply_code(source, code, qda.fay, timezone.now(), valence="mixed")
    return source


def test_table_4_quotes_are_redacted(qda: Qda) -> None:
    _named(qda)
    text = str(table_4(qda.project, threshold=1))
    assert "Mark" not in text and "Mercy" not in text and "ardiology" not in text
    assert f"Dr {MASK} was great" in text


def test_the_refi_export_masks_and_keeps_offsets(qda: Qda) -> None:
    source = _named(qda)
    with zipfile.ZipFile(io.BytesIO(export_qdpx(qda.project))) as archive:
        document = etree.fromstring(archive.read("project.qde"))
    q = f"{{{NAMESPACE}}}"
    text = next(s for s in document.iter(f"{q}TextSource") if s.get("name") == source.name)
    content = text.find(f"{q}PlainTextContent").text
    assert len(content) == len(NAMED) and "Mark" not in content and "Mercy" not in content
    assert content.startswith("Dr ████ was great")


def test_the_coordinator_sets_what_is_blacked_out(client: Any, qda: Qda) -> None:
    sign_in(client, qda.world.alice)
    url = reverse("qda_project", args=[qda.project.pk])
    client.post(url, {"op": "redact", "redactions": " Cardiology \n\nMercy ", "redact_names": ""})
    qda.project.refresh_from_db()
    assert (qda.project.redactions, qda.project.redact_names) == ("Cardiology\nMercy", False)
