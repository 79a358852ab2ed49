"""A REFI-QDA project (.qdpx) into a coding project, all or nothing.

Elements are matched by their local name, whatever namespace (or none) a tool wrote, so the
variants NVivo, ATLAS.ti, MAXQDA and QualCoder write are read alike. Read: the codebook (its
hierarchy, colours and descriptions), text sources (inline or in the archive's sources folder),
their selections and codings, cases' variables (role, cohort, wave, group) onto their sources.
A coding's user is matched to one of the project's coders by name (the consensus user of a
Mentora export to the consensus layer, under the first lead coder); a coding by anyone else,
a selection outside its text, or a reference to nothing refuses the whole file with what and
where. Line ends become line feeds, the offsets moved with them.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from xml.etree import ElementTree as etree

from django.contrib.auth.models import User
from django.db import transaction

from mentora.audit.record import Action, record
from mentora.people.models import Person
from mentora.qualitative.models import Code, CodebookChange, Coding, Project, Source, Valence
from mentora.qualitative.pure.text import OffsetError, check_segment
from mentora.qualitative.refi import CONSENSUS_USER

_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_VALENCE = re.compile(r"valence:\s*(positive|negative|mixed|neutral)")


class RefiError(ValueError):
    """A file refused: what, and where in it."""


def _local(tag: object) -> str:
    return str(tag).rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _children(element: etree.Element, name: str) -> list[etree.Element]:
    return [child for child in element if _local(child.tag) == name]


def _child(element: etree.Element, name: str) -> etree.Element | None:
    found = _children(element, name)
    return found[0] if found else None


def _text(element: etree.Element | None) -> str:
    return "" if element is None or element.text is None else element.text


def line_feeds(text: str) -> tuple[str, list[int]]:
    """The text with CR LF and lone CR as LF and control characters gone, and each old offset's
    new one (one more entry than the text, for an end offset)."""
    kept: list[str] = []
    moved: list[int] = []
    for index, character in enumerate(text):
        moved.append(len(kept))
        if character == "\r":
            if index + 1 < len(text) and text[index + 1] == "\n":
                continue
            kept.append("\n")
        elif not _UNWANTED.match(character):
            kept.append(character)
    moved.append(len(kept))
    return "".join(kept), moved


@dataclass(frozen=True)
class _TextSource:
    guid: str
    name: str
    text: str
    kind: str
    codings: list[dict[str, object]]


@dataclass
class _Read:
    codes: list[tuple[str, str | None, str, str, str]] = field(default_factory=list)
    sources: list[_TextSource] = field(default_factory=list)
    case_values: dict[str, dict[str, str]] = field(default_factory=dict)  # source guid -> vars
    users: dict[str, str] = field(default_factory=dict)  # guid -> name


def _document(data: bytes, name: str) -> tuple[etree.Element, zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise RefiError(f"{name}: is not a REFI-QDA project (.qdpx is a zip file)") from None
    entries = [n for n in archive.namelist() if n.lower().endswith(".qde")]
    if not entries:
        raise RefiError(f"{name}: holds no project.qde")
    try:
        root = etree.fromstring(archive.read(entries[0]))
    except etree.ParseError as error:
        raise RefiError(f"{name}, {entries[0]}: is not well-formed XML ({error})") from None
    if _local(root.tag) != "Project":
        raise RefiError(f"{name}, {entries[0]}: the root element is {_local(root.tag)}, "
                        "not Project")
    return root, archive


def _read_codes(read: _Read, element: etree.Element, parent: str | None, where: str) -> None:
    for code in _children(element, "Code"):
        guid, name = code.get("guid", ""), (code.get("name") or "").strip()
        if not guid or not name:
            raise RefiError(f"{where}: a Code without guid or name")
        colour = code.get("color") or "#1f77b4"
        if re.fullmatch(r"#[0-9a-fA-F]{3}", colour):
            colour = "#" + "".join(c * 2 for c in colour[1:])
        read.codes.append((guid, parent, name, _text(_child(code, "Description")), colour))
        _read_codes(read, code, guid, f"{where}, code {name!r}")


def _read(root: etree.Element, archive: zipfile.ZipFile, name: str) -> _Read:
    read = _Read()
    for users in _children(root, "Users"):
        for user in _children(users, "User"):
            read.users[user.get("guid", "")] = user.get("name") or ""
    for book in _children(root, "CodeBook"):
        for codes in _children(book, "Codes"):
            _read_codes(read, codes, None, f"{name}, CodeBook")
    variables: dict[str, str] = {}
    for group in _children(root, "Variables"):
        for variable in _children(group, "Variable"):
            variables[variable.get("guid", "")] = (variable.get("name") or "").lower()
    for group in _children(root, "Cases"):
        for case in _children(group, "Case"):
            values = {"respondent": case.get("name") or ""}
            for value in _children(case, "VariableValue"):
                ref = _child(value, "VariableRef")
                key = variables.get(ref.get("targetGUID", "") if ref is not None else "", "")
                found = next((_text(v) for v in value if _local(v.tag) != "VariableRef"), "")
                if key:
                    values[key] = found
            for ref in _children(case, "SourceRef"):
                read.case_values[ref.get("targetGUID", "")] = values
    for group in _children(root, "Sources"):
        for source in _children(group, "TextSource"):
            read.sources.append(_read_source(source, archive, name))
    return read


def _read_source(source: etree.Element, archive: zipfile.ZipFile, name: str) -> _TextSource:
    title = source.get("name") or "Text source"
    where = f"{name}, TextSource {title!r}"
    content = _child(source, "PlainTextContent")
    if content is not None:
        raw = _text(content)
    else:
        path = source.get("plainTextPath") or ""
        member = path.replace("internal://", "sources/")
        try:
            raw = archive.read(member).decode("utf-8-sig")
        except (KeyError, UnicodeDecodeError):
            raise RefiError(f"{where}: its text {path!r} is not in the file") from None
    text, moved = line_feeds(raw)
    selections = []
    for selection in _children(source, "PlainTextSelection"):
        try:
            start = int(selection.get("startPosition", ""))
            end = int(selection.get("endPosition", ""))
        except ValueError:
            raise RefiError(f"{where}: a selection without whole-number positions") from None
        if not 0 <= start < end <= len(raw):
            raise RefiError(f"{where}, selection {selection.get('guid')}: characters {start} "
                            f"to {end} are outside its text of {len(raw)} characters")
        valence = _VALENCE.search(_text(_child(selection, "Description")))
        for coding in _children(selection, "Coding"):
            ref = _child(coding, "CodeRef")
            selections.append({
                "start": moved[start], "end": moved[end],
                "code": ref.get("targetGUID", "") if ref is not None else "",
                "user": coding.get("creatingUser") or selection.get("creatingUser") or "",
                "valence": valence.group(1) if valence else Valence.NEUTRAL,
                "where": f"{where}, selection {selection.get('guid')}",
            })
    description = _text(_child(source, "Description"))
    kind = next((k for k, label in Source.Kind.choices if label == description),
                Source.Kind.INTERVIEW)
    return _TextSource(source.get("guid", ""), title[:200], text, kind, selections)


@transaction.atomic
def do_import_refi(project: Project, data: bytes, name: str, now: datetime,
                   by: User | None = None) -> dict[str, int]:
    """Everything the file holds into `project`, or nothing (RefiError says what and where)."""
    root, archive = _document(data, name)
    read = _read(root, archive, name)
    coders = {c.person.full_name.casefold(): c.person
              for c in project.coders.select_related("person")}
    lead = next((c.person for c in project.coders.select_related("person") if c.is_lead), None)
    codes: dict[str, Code] = {}
    for guid, parent, code_name, definition, colour in read.codes:
        under = codes.get(parent) if parent else None
        existing = Code.objects.filter(project=project, parent=under, name=code_name,
                                       retired=False).first()
        if existing is None:
            project.codebook_version += 1
            existing = Code.objects.create(project=project, parent=under, name=code_name,
                                           definition=definition, colour=colour.lower(),
                                           created_in=project.codebook_version)
            CodebookChange.objects.create(project=project, version=project.codebook_version,
                                          kind=CodebookChange.Kind.CREATE, code=existing,
                                          detail=f"imported from {name}"[:300], by=by, at=now)
        codes[guid] = existing
    project.save(update_fields=["codebook_version"])
    made = {"codes": len(codes), "sources": 0, "codings": 0}
    for item in read.sources:
        values = read.case_values.get(item.guid, {})
        respondent = values.get("respondent", "")
        source = Source.objects.create(
            project=project, kind=item.kind, name=item.name, text=item.text,
            respondent="" if respondent == item.name else respondent[:40],
            role=values.get("role", "")[:20],
            cohort_label=values.get("cohort", ""), wave=values.get("wave", ""),
            group=values.get("group", ""), added_at=now)
        made["sources"] += 1
        for coding in item.codings:
            _import_coding(project, source, coding, codes, coders, lead, read.users, now)
            made["codings"] += 1
    record(Action.CREATE, project, by=by, note=f"REFI-QDA import of {name}: {made}"[:300])
    return made


def _import_coding(project: Project, source: Source, coding: dict[str, object],
                   codes: dict[str, Code], coders: dict[str, Person], lead: Person | None,
                   users: dict[str, str], now: datetime) -> None:
    where = coding["where"]
    code = codes.get(str(coding["code"]))
    if code is None:
        raise RefiError(f"{where}: codes with {coding['code']}, which the codebook lacks")
    user = users.get(str(coding["user"]), "")
    layer = Coding.Layer.CODER
    if user == CONSENSUS_USER:
        coder, layer = lead, Coding.Layer.CONSENSUS
    else:
        coder = coders.get(user.casefold())
    if coder is None:
        raise RefiError(f"{where}: coded by {user or 'an unnamed user'!r}, who is not a coder "
                        "of this project; add them as a coder first")
    start, end = int(str(coding["start"])), int(str(coding["end"]))
    try:
        selected = check_segment(source.text, start, end)
    except OffsetError as error:
        raise RefiError(f"{where}: {error}") from None
    Coding.objects.get_or_create(
        source=source, code=code, coder=coder, layer=layer, start=start, end=end,
        defaults={"project": project, "text": selected, "valence": coding["valence"],
                  "codebook_version": project.codebook_version, "created_at": now})
