"""A project exported as REFI-QDA (.qdpx) validates against the REFI-QDA Project schema kept in
../shared/fixtures, and carries the codebook, sources, selections with their coders (offsets in
code points, an emoji before them) and cases with role, cohort, wave and group."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from lxml import etree

from mentora.qualitative.actions import do_apply_code, do_create_code
from mentora.qualitative.models import Source
from mentora.qualitative.refi import NAMESPACE, export_qdpx
from tests.outside import OUTSIDE, outside
from tests.qualitative.conftest import Qda

SCHEMA = OUTSIDE / "refi-qda" / "REFI-QDA_Project-mrt2019.xsd"
Q = f"{{{NAMESPACE}}}"


def _coded(qda: Qda) -> Source:
    now = timezone.now()
    time_ = do_create_code(qda.project, "Time", now, definition="Time to meet", colour="#aa0000")
    do_create_code(qda.project, "Barriers", now, parent=time_)
    source = Source.objects.get(project=qda.project, text__startswith="My mentor")
    start = source.text.index("and that")
    do_apply_code(source, time_, qda.eve, now, start=start, end=start + 8, valence="positive")
    do_apply_code(source, time_, qda.fay, now, valence="mixed")
    return source


def _document(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["project.qde"]
        return etree.fromstring(archive.read("project.qde"))


@outside
def test_the_export_validates_against_the_refi_qda_schema(qda: Qda) -> None:
    _coded(qda)
    schema = etree.XMLSchema(etree.parse(str(SCHEMA)))
    document = _document(export_qdpx(qda.project))
    assert schema.validate(document), schema.error_log


def test_the_export_keeps_codes_coders_offsets_and_cases(qda: Qda, tmp_path: Path) -> None:
    source = _coded(qda)
    out = tmp_path / "project.qdpx"
    call_command("qda", "export", "--project", qda.project.name, "--out", str(out))
    document = _document(out.read_bytes())
    users = {u.get("guid"): u.get("name") for u in document.iter(f"{Q}User")}
    assert {"Eve Evaluator", "Fay Coder"} <= set(users.values())
    top = document.find(f"{Q}CodeBook/{Q}Codes/{Q}Code")
    assert (top.get("name"), top.get("color")) == ("Time", "#AA0000")
    assert top.find(f"{Q}Description").text == "Time to meet"
    assert top.find(f"{Q}Code").get("name") == "Barriers"  # the hierarchy
    text = next(s for s in document.iter(f"{Q}TextSource") if s.get("name") == source.name)
    content = text.find(f"{Q}PlainTextContent").text
    assert content == source.text
    selections = text.findall(f"{Q}PlainTextSelection")
    by_user = {users[s.get("creatingUser")]: s for s in selections}
    eve = by_user["Eve Evaluator"]
    start, end = int(eve.get("startPosition")), int(eve.get("endPosition"))
    assert content[start:end] == "and that"  # code points: the emoji before counts once
    assert eve.find(f"{Q}Description").text == "valence: positive"
    assert eve.find(f"{Q}Coding/{Q}CodeRef").get("targetGUID") == top.get("guid")
    assert (int(by_user["Fay Coder"].get("endPosition"))) == len(source.text)
    cases = {c.get("name"): c for c in document.iter(f"{Q}Case")}
    case = cases[source.respondent]
    values = [v.find(f"{Q}TextValue").text for v in case.findall(f"{Q}VariableValue")]
    assert values[0] == "mentee" and values[2] == "Baseline"
    assert case.find(f"{Q}SourceRef").get("targetGUID") == text.get("guid")
    again = _document(export_qdpx(qda.project))
    assert [e.get("guid") for e in again.iter()] == [e.get("guid") for e in document.iter()]


@pytest.mark.django_db
def test_exporting_an_unknown_project_is_refused() -> None:
    with pytest.raises(CommandError, match="no coding project"):
        call_command("qda", "export", "--project", "Nope", "--out", "x.qdpx")


def test_the_codebook_alone_as_qdc(qda: Qda, tmp_path: Path) -> None:
    _coded(qda)
    out = tmp_path / "codebook.qdc"
    call_command("qda", "export", "--project", qda.project.name, "--out", str(out))
    document = etree.fromstring(out.read_bytes())
    c = "{urn:QDA-XML:codebook:1.0}"
    assert document.tag == f"{c}CodeBook"
    top = document.find(f"{c}Codes/{c}Code")
    assert (top.get("name"), top.find(f"{c}Code").get("name")) == ("Time", "Barriers")
    project = _document(export_qdpx(qda.project)).find(f"{Q}CodeBook/{Q}Codes/{Q}Code")
    assert top.get("guid") == project.get("guid")
