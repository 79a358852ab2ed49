"""A whole coding project as REFI-QDA (.qdpx: a zip holding project.qde), for NVivo, ATLAS.ti,
MAXQDA and QualCoder users to carry on there.

What goes out: the coders as users, the codebook (hierarchy, colours, definitions), every source
as a text source with its words inline (the project's redactions masked, each character by
one, so offsets hold), each coding as a selection [start, end) in code points
(REFI-QDA counts characters, so a character outside the Basic Multilingual Plane is one) coded by
its coder, the consensus layer by a user of its own, the valence in the selection's description,
and one case per respondent with role, cohort, wave and group as variables. Identifiers are
GUIDs derived from the site's objects, so the same project exports the same GUIDs.
"""

from __future__ import annotations

import io
import re
import uuid
import zipfile
from collections import defaultdict
from datetime import datetime
from xml.etree import ElementTree as etree

from mentora.qualitative.models import Code, Coder, Coding, Project, Source
from mentora.qualitative.privacy import redaction_for
from mentora.qualitative.pure.redaction import redact

NAMESPACE = "urn:QDA-XML:project:1.0"
CODEBOOK_NAMESPACE = "urn:QDA-XML:codebook:1.0"
ROOT = uuid.UUID("8c7f4a52-3b1e-4d0a-9a57-6b0f1e2d3c4b")
CONSENSUS_USER = "Consensus (adjudicated)"
CASE_VARIABLES = ("role", "cohort", "wave", "group")


def guid(*parts: object) -> str:
    return str(uuid.uuid5(ROOT, ":".join(str(p) for p in parts))).upper()


def _el(parent: etree.Element, tag: str, **attributes: str) -> etree.Element:
    """A child element; names stay plain, in the root's default namespace (`xmlns`)."""
    return etree.SubElement(parent, tag, dict(attributes))


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _codes(parent: etree.Element, children: dict[int | None, list[Code]], under: int | None,
           project: Project) -> None:
    for code in children.get(under, []):
        element = _el(parent, "Code", guid=guid(project.pk, "code", code.pk), name=code.name,
                      isCodable="true", color=code.colour.upper())
        if code.definition:
            _el(element, "Description").text = code.definition
        _codes(element, children, code.pk, project)


def project_xml(project: Project) -> bytes:
    """The project.qde document."""
    root = etree.Element("Project", {"xmlns": NAMESPACE, "name": project.name,
                                     "origin": "Mentora",
                                     "creationDateTime": _when(project.created_at)})
    coders = list(Coder.objects.filter(project=project).select_related("person"))
    consensus = guid(project.pk, "user", "consensus")
    users = _el(root, "Users")
    for coder in coders:
        _el(users, "User", guid=guid(project.pk, "user", coder.person_id),
            name=coder.person.full_name, id=f"coder-{coder.person_id}")
    _el(users, "User", guid=consensus, name=CONSENSUS_USER, id="consensus")

    codes = list(Code.objects.filter(project=project, retired=False).order_by("name", "pk"))
    children: dict[int | None, list[Code]] = defaultdict(list)
    for code in codes:
        children[code.parent_id].append(code)
    if codes:
        _codes(_el(_el(root, "CodeBook"), "Codes"), children, None, project)

    sources = list(Source.objects.filter(project=project).order_by("pk"))
    masked = redaction_for(project)
    if sources:
        variables = _el(root, "Variables")
        for name in CASE_VARIABLES:
            _el(variables, "Variable", guid=guid(project.pk, "variable", name), name=name,
                typeOfVariable="Text")
        _cases(_el(root, "Cases"), project, sources)
    codings: dict[int, list[Coding]] = defaultdict(list)
    for coding in Coding.objects.filter(project=project, code__retired=False).order_by(
            "source_id", "start", "end", "pk"):
        codings[coding.source_id].append(coding)
    if sources:
        element = _el(root, "Sources")
        for source in sources:
            _source(element, project, source, codings[source.pk], consensus, masked)
    if project.description:
        _el(root, "Description").text = project.description
    etree.indent(root)
    document: bytes = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    return document


def _cases(parent: etree.Element, project: Project, sources: list[Source]) -> None:
    cases: dict[str, list[Source]] = defaultdict(list)
    for source in sources:
        cases[source.respondent or source.name].append(source)
    for name, members in cases.items():
        case = _el(parent, "Case", guid=guid(project.pk, "case", name), name=name)
        first = members[0]
        values = {"role": first.role, "cohort": first.cohort_label, "wave": first.wave,
                  "group": first.group}
        for variable in CASE_VARIABLES:
            value = _el(case, "VariableValue")
            _el(value, "VariableRef", targetGUID=guid(project.pk, "variable", variable))
            _el(value, "TextValue").text = values[variable]
        for source in members:
            _el(case, "SourceRef", targetGUID=guid(project.pk, "source", source.pk))


def _source(parent: etree.Element, project: Project, source: Source, codings: list[Coding],
            consensus: str, masked: re.Pattern[str] | None) -> None:
    element = _el(parent, "TextSource", guid=guid(project.pk, "source", source.pk),
                  name=source.name, creationDateTime=_when(source.added_at))
    _el(element, "Description").text = source.get_kind_display()
    _el(element, "PlainTextContent").text = redact(source.text, masked, keep_length=True)
    for coding in codings:
        user = (consensus if coding.layer == Coding.Layer.CONSENSUS
                else guid(project.pk, "user", coding.coder_id))
        selection = _el(element, "PlainTextSelection", guid=guid(project.pk, "coding", coding.pk),
                        name=redact(coding.text, masked, keep_length=True)[:60],
                        startPosition=str(coding.start),
                        endPosition=str(coding.end), creatingUser=user,
                        creationDateTime=_when(coding.created_at))
        _el(selection, "Description").text = f"valence: {coding.valence}"
        mark = _el(selection, "Coding", guid=guid(project.pk, "mark", coding.pk),
                   creatingUser=user, creationDateTime=_when(coding.created_at))
        _el(mark, "CodeRef", targetGUID=guid(project.pk, "code", coding.code_id))


def export_qdpx(project: Project) -> bytes:
    """The .qdpx file: a zip holding project.qde (sources inline, so no Sources folder)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", project_xml(project))
    return buffer.getvalue()


def codebook_qdc(project: Project) -> bytes:
    """The codebook alone as REFI-QDA's .qdc: a CodeBook of Codes (hierarchy, colours,
    definitions), the same GUIDs as the project export."""
    root = etree.Element("CodeBook", {"xmlns": CODEBOOK_NAMESPACE, "origin": "Mentora"})
    codes = list(Code.objects.filter(project=project, retired=False).order_by("name", "pk"))
    children: dict[int | None, list[Code]] = defaultdict(list)
    for code in codes:
        children[code.parent_id].append(code)
    _codes(_el(root, "Codes"), children, None, project)
    etree.indent(root)
    document: bytes = etree.tostring(root, xml_declaration=True, encoding="utf-8")
    return document
