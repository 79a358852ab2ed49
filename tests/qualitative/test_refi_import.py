"""REFI-QDA in: a Mentora export imports back without loss, ATLAS.ti's file imports, elements
are matched by local name (no namespace, or another prefix), line ends move offsets with them,
and a bad file is refused with what and where, nothing half-imported."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from mentora.qualitative.actions import (
    do_add_coder,
    do_adjudicate,
    do_apply_code,
    do_create_code,
    do_create_project,
    do_draw_sample,
    do_mark_coded,
)
from mentora.qualitative.agreement import code_paths
from mentora.qualitative.models import Code, Coding, Project, Source
from mentora.qualitative.refi import export_qdpx
from mentora.qualitative.refi_import import RefiError, do_import_refi
from tests.outside import OUTSIDE, outside
from tests.qualitative.conftest import Qda

ATLAS = OUTSIDE / "refi-qda" / "atlasti23_target-atlas-project.qdpx"


def _empty_project(qda: Qda, name: str = "Imported") -> Project:
    now = timezone.now()
    project = do_create_project(qda.world.cohort, name, qda.world.alice, now)
    do_add_coder(project, qda.eve, now, is_lead=True)
    do_add_coder(project, qda.fay, now)
    return project


def _codings(project: Project) -> list[tuple[str, str, str, int, int, str, str]]:
    paths = code_paths(project)
    return sorted((c.source.name, paths[c.code_id], c.coder.full_name, c.start, c.end,
                   c.valence, c.layer)
                  for c in Coding.objects.filter(project=project).select_related("source",
                                                                                 "coder"))


def test_an_export_imports_back_without_loss(qda: Qda) -> None:
    now = timezone.now()
    time_ = do_create_code(qda.project, "Time", now, definition="Time to meet", colour="#aa0000")
    do_create_code(qda.project, "Barriers", now, parent=time_)
    maya = Source.objects.get(project=qda.project, text__startswith="My mentor")
    start = maya.text.index("and that")  # after an emoji
    do_apply_code(maya, time_, qda.eve, now, start=start, end=start + 8, valence="positive")
    do_mark_coded(maya, qda.fay, now)
    sample = do_draw_sample(qda.project, 25, [qda.eve, qda.fay], now, seed=1)
    sample.sources.set([maya])
    do_adjudicate(maya, time_, True, qda.eve, now, adopt=qda.eve)
    copy = _empty_project(qda)
    made = do_import_refi(copy, export_qdpx(qda.project), "narrative.qdpx", now)
    assert made == {"codes": 2, "sources": 3, "codings": 2}
    assert sorted(code_paths(copy).values()) == ["Time", "Time / Barriers"]
    assert Code.objects.get(project=copy, name="Time").colour == "#aa0000"
    assert Code.objects.get(project=copy, name="Time").definition == "Time to meet"
    fields = ("name", "text", "kind", "respondent", "role", "cohort_label", "wave", "group")
    assert (sorted(Source.objects.filter(project=copy).values_list(*fields))
            == sorted(Source.objects.filter(project=qda.project).values_list(*fields)))
    assert _codings(copy) == _codings(qda.project)
    imported = Coding.objects.get(project=copy, layer="coder")
    assert imported.text == "and that"


@outside
def test_atlas_ti_s_file_imports(qda: Qda) -> None:
    copy = _empty_project(qda)
    made = do_import_refi(copy, ATLAS.read_bytes(), ATLAS.name, timezone.now())
    assert made["codes"] == 3
    paths = sorted(code_paths(copy).values())
    assert paths[0] == "Commits" and all(p.startswith("Commits") for p in paths)


def _qdpx(xml: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("project.qde", xml)
    return buffer.getvalue()


VARIANT = """<?xml version="1.0" encoding="utf-8"?>
<qda:Project xmlns:qda="urn:QDA-XML:project:1.0" name="p">
 <qda:Users><qda:User guid="11111111-1111-1111-1111-111111111111" name="Fay Coder"/></qda:Users>
 <qda:CodeBook><qda:Codes><qda:Code guid="22222222-2222-2222-2222-222222222222" name="Time"
   isCodable="true" color="#0a0"/></qda:Codes></qda:CodeBook>
 <qda:Sources><qda:TextSource guid="33333333-3333-3333-3333-333333333333" name="t1">
  <qda:PlainTextContent>Line one&#13;\nNo time at all</qda:PlainTextContent>
  <qda:PlainTextSelection guid="44444444-4444-4444-4444-444444444444" startPosition="{start}"
    endPosition="{end}" creatingUser="11111111-1111-1111-1111-111111111111">
   <qda:Coding guid="55555555-5555-5555-5555-555555555555"
     creatingUser="11111111-1111-1111-1111-111111111111">
    <qda:CodeRef targetGUID="22222222-2222-2222-2222-222222222222"/></qda:Coding>
  </qda:PlainTextSelection></qda:TextSource></qda:Sources>
</qda:Project>"""


def test_prefixed_elements_and_crlf_offsets(qda: Qda) -> None:
    copy = _empty_project(qda)
    raw = "Line one\r\nNo time at all"
    start = raw.index("time")
    do_import_refi(copy, _qdpx(VARIANT.format(start=start, end=start + 4)), "v.qdpx",
                   timezone.now())
    coding = Coding.objects.get(project=copy)
    assert coding.text == "time" and coding.coder == qda.fay
    assert coding.source.text == "Line one\nNo time at all"
    assert Code.objects.get(project=copy).colour == "#00aa00"


def test_a_bad_file_is_refused_with_where_and_nothing_is_written(qda: Qda, tmp_path: Path
                                                                 ) -> None:
    copy = _empty_project(qda)
    with pytest.raises(RefiError, match=r"x\.qdpx: is not a REFI-QDA project"):
        do_import_refi(copy, b"plain", "x.qdpx", timezone.now())
    outside_text = VARIANT.format(start=3, end=999)
    with pytest.raises(RefiError, match=r"TextSource 't1', selection 4444.*outside its text"):
        do_import_refi(copy, _qdpx(outside_text), "v.qdpx", timezone.now())
    stranger = VARIANT.replace('name="Fay Coder"', 'name="Someone Else"').format(start=0, end=4)
    path = tmp_path / "stranger.qdpx"
    path.write_bytes(_qdpx(stranger))
    with pytest.raises(CommandError, match="'Someone Else', who is not a coder"):
        call_command("qda", "import", str(path), "--project", str(copy.pk))
    assert not Source.objects.filter(project=copy).exists()
    assert not Code.objects.filter(project=copy).exists()
