"""Reading scholarly output from PubMed (MEDLINE .nbib), BibTeX and RIS exports.

Pure: text in, entries out, no Django. Each entry gets a kind for seed 002's Table 3 where the
format says it (a conference paper is a presentation, RIS has a GRANT type); what cannot be told
is "other" rather than a guess. Errors name the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath
from typing import Literal

Kind = Literal["publication", "presentation", "grant", "other"]


class BibliographyError(ValueError):
    """A file that cannot be read as the bibliography format it claims; names file and line."""


@dataclass(frozen=True)
class BibEntry:
    title: str
    year: int | None
    kind: Kind
    authors: tuple[str, ...]
    venue: str = ""
    identifier: str = ""  # PMID, DOI or BibTeX key
    line: int = 0  # where the entry starts in its file


_YEAR = re.compile(r"(1[89]\d\d|2\d\d\d)")


def _year(text: str) -> int | None:
    match = _YEAR.search(text)
    return int(match[1]) if match else None


def _clean(text: str) -> str:
    return " ".join(text.split())


# -- MEDLINE (.nbib) -------------------------------------------------------------------------

_NBIB_TAG = re.compile(r"^([A-Z][A-Z0-9]{0,3}) *- ?(.*)$")


def _nbib_records(text: str, source: str) -> list[tuple[int, list[tuple[str, str]]]]:
    records: list[tuple[int, list[tuple[str, str]]]] = []
    fields: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            fields = []
            continue
        if line.startswith("      ") and fields:
            tag, value = fields[-1]
            fields[-1] = (tag, f"{value} {line.strip()}")
            continue
        match = _NBIB_TAG.match(line)
        if not match or len(line) < 5 or line[4] != "-":
            raise BibliographyError(
                f"{source}, line {number}: expected 'TAG - value' or an indented "
                f"continuation, got {line[:60]!r}"
            )
        if not fields:
            records.append((number, fields))
        fields.append((match[1], match[2].strip()))
    return records


def _nbib_kind(types: list[str]) -> Kind:
    lowered = [t.lower() for t in types]
    if any(t in ("congress", "meeting abstract") for t in lowered):
        return "presentation"
    return "publication" if lowered else "other"


def parse_nbib(text: str, source: str = "<nbib>") -> list[BibEntry]:
    """PubMed's MEDLINE format: `TAG - value` lines, records separated by blank lines."""
    entries = []
    for line, fields in _nbib_records(text, source):
        values: dict[str, list[str]] = {}
        for tag, value in fields:
            values.setdefault(tag, []).append(value)
        title = _clean(" ".join(values.get("TI", []) or values.get("BTI", [])))
        if not title:
            raise BibliographyError(f"{source}, line {line}: record has no title (TI)")
        doi = next((v.split()[0] for v in values.get("AID", []) if v.endswith("[doi]")), "")
        entries.append(BibEntry(
            title=title,
            year=_year(" ".join(values.get("DP", []))),
            kind=_nbib_kind(values.get("PT", [])),
            authors=tuple(values.get("FAU") or values.get("AU") or ()),
            venue=_clean(" ".join(values.get("JT") or values.get("TA") or [])),
            identifier=(values.get("PMID") or [doi])[0],
            line=line,
        ))
    return entries


# -- RIS ----------------------------------------------------------------------------------------

_RIS_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_RIS_KINDS: dict[str, Kind] = {
    **dict.fromkeys(("JOUR", "JFULL", "EJOUR", "BOOK", "EBOOK", "CHAP", "ECHAP", "THES",
                     "RPRT", "SER", "INPR"), "publication"),
    **dict.fromkeys(("CONF", "CPAPER", "SLIDE"), "presentation"),
    "GRANT": "grant",
}


def _ris_entry(fields: dict[str, list[str]], line: int, source: str) -> BibEntry:
    title = _clean(" ".join(fields.get("TI") or fields.get("T1") or fields.get("CT") or []))
    if not title:
        raise BibliographyError(f"{source}, line {line}: record has no title (TI or T1)")
    return BibEntry(
        title=title,
        year=_year(" ".join(fields.get("PY") or fields.get("Y1") or fields.get("DA") or [])),
        kind=_RIS_KINDS.get(fields["TY"][0].upper(), "other"),
        authors=tuple(fields.get("AU", []) + fields.get("A1", [])),
        venue=_clean(" ".join(fields.get("T2") or fields.get("JO") or fields.get("JF") or [])),
        identifier=(fields.get("DO") or fields.get("AN") or [""])[0],
        line=line,
    )


def parse_ris(text: str, source: str = "<ris>") -> list[BibEntry]:
    """RIS: records from `TY  - TYPE` to `ER  - `; lines without a tag continue the last value."""
    entries: list[BibEntry] = []
    fields: dict[str, list[str]] | None = None
    start, last_tag = 0, ""
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.rstrip()
        if not line:
            continue
        match = _RIS_TAG.match(line)
        if match and match[1] == "TY":
            if fields is not None:
                raise BibliographyError(
                    f"{source}, line {number}: new record before the one from line {start} "
                    "ended (ER  - )"
                )
            fields, start, last_tag = {"TY": [(match[2] or "").strip()]}, number, "TY"
        elif fields is None:
            raise BibliographyError(
                f"{source}, line {number}: expected a record to open with 'TY  - ', "
                f"got {line[:60]!r}"
            )
        elif match and match[1] == "ER":
            entries.append(_ris_entry(fields, start, source))
            fields = None
        elif match:
            last_tag = match[1]
            fields.setdefault(last_tag, []).append((match[2] or "").strip())
        else:
            fields[last_tag][-1] = f"{fields[last_tag][-1]} {line.strip()}"
    if fields is not None:
        raise BibliographyError(f"{source}: record from line {start} never ends (ER  - )")
    return entries


# -- BibTeX -------------------------------------------------------------------------------------

_BIBTEX_KINDS: dict[str, Kind] = {
    **dict.fromkeys(("article", "book", "inbook", "incollection", "phdthesis", "mastersthesis",
                     "techreport", "booklet", "manual"), "publication"),
    **dict.fromkeys(("inproceedings", "conference", "presentation", "talk", "poster"),
                    "presentation"),
    "grant": "grant",
}
_PRESENTED = re.compile(r"\b(present|poster|talk|oral|abstract|meeting|conference)", re.I)


class _Reader:
    """A cursor over BibTeX text that knows its line number."""

    def __init__(self, text: str, source: str) -> None:
        self.text, self.source, self.pos = text, source, 0

    @property
    def line(self) -> int:
        return self.text.count("\n", 0, self.pos) + 1

    def fail(self, message: str, pos: int | None = None) -> BibliographyError:
        where = self.text.count("\n", 0, self.pos if pos is None else pos) + 1
        return BibliographyError(f"{self.source}, line {where}: {message}")

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def word(self) -> str:
        self.skip_space()
        match = re.compile(r"[^\s{}()\"#,=]+").match(self.text, self.pos)
        if not match:
            raise self.fail(f"expected a name, got {self.text[self.pos:self.pos + 20]!r}")
        self.pos = match.end()
        return match[0]

    def expect(self, chars: str) -> str:
        self.skip_space()
        if self.pos >= len(self.text) or self.text[self.pos] not in chars:
            got = self.text[self.pos:self.pos + 20] or "end of file"
            raise self.fail(f"expected {' or '.join(repr(c) for c in chars)}, got {got!r}")
        self.pos += 1
        return self.text[self.pos - 1]

    def braced(self) -> str:
        start, depth = self.pos, 1
        while depth:
            if self.pos >= len(self.text):
                raise self.fail("this brace is never closed", start - 1)
            depth += {"{": 1, "}": -1}.get(self.text[self.pos], 0)
            self.pos += 1
        return self.text[start:self.pos - 1]

    def quoted(self) -> str:
        start, depth = self.pos, 0
        while self.pos < len(self.text) and (self.text[self.pos] != '"' or depth):
            depth += {"{": 1, "}": -1}.get(self.text[self.pos], 0)
            self.pos += 1
        if self.pos >= len(self.text):
            raise self.fail("this quote is never closed", start - 1)
        self.pos += 1
        return self.text[start:self.pos - 1]


def _bibtex_value(reader: _Reader, macros: dict[str, str]) -> str:
    parts = []
    while True:
        reader.skip_space()
        char = reader.text[reader.pos:reader.pos + 1]
        if char == "{":
            reader.pos += 1
            parts.append(reader.braced())
        elif char == '"':
            reader.pos += 1
            parts.append(reader.quoted())
        else:
            name = reader.word()
            parts.append(name if name.isdigit() else macros.get(name.lower(), name))
        reader.skip_space()
        if reader.text[reader.pos:reader.pos + 1] != "#":
            return "".join(parts)
        reader.pos += 1


def _bibtex_fields(reader: _Reader, close: str, macros: dict[str, str]) -> dict[str, str]:
    fields: dict[str, str] = {}
    while True:
        reader.skip_space()
        if reader.text[reader.pos:reader.pos + 1] == close:
            reader.pos += 1
            return fields
        name = reader.word().lower()
        reader.expect("=")
        fields[name] = _bibtex_value(reader, macros)
        if reader.expect("," + close) == close:
            return fields


def _latex_plain(text: str) -> str:
    text = re.sub(r"\\[a-zA-Z]+\s*", "", text.replace("\\&", "&").replace("~", " "))
    return _clean(text.replace("{", "").replace("}", "").replace("\\", ""))


def _bibtex_authors(text: str) -> tuple[str, ...]:
    names, depth, start = [], 0, 0
    for match in re.finditer(r"[{}]|\s+and\s+", text, re.I):
        token = match[0]
        if token in "{}":
            depth += 1 if token == "{" else -1
        elif depth == 0:
            names.append(text[start:match.start()])
            start = match.end()
    names.append(text[start:])
    return tuple(_latex_plain(n) for n in names if n.strip())


def _bibtex_kind(entry_type: str, fields: dict[str, str]) -> Kind:
    described = " ".join(fields.get(f, "") for f in ("type", "howpublished", "note"))
    if entry_type == "grant" or re.search(r"\bgrant\b", fields.get("type", ""), re.I):
        return "grant"
    if entry_type in _BIBTEX_KINDS:
        return _BIBTEX_KINDS[entry_type]
    return "presentation" if _PRESENTED.search(described) else "other"


def _skip_block(reader: _Reader, close: str) -> None:
    if close == "}":
        reader.braced()
        return
    end = reader.text.find(")", reader.pos)
    if end < 0:
        raise reader.fail("this parenthesis is never closed", reader.pos - 1)
    reader.pos = end + 1


def parse_bibtex(text: str, source: str = "<bibtex>") -> list[BibEntry]:
    """BibTeX entries `@type{key, field = {value}, ...}`, with @string macros and `#`."""
    reader, entries = _Reader(text, source), []
    macros: dict[str, str] = {}
    while (at := text.find("@", reader.pos)) >= 0:
        reader.pos = at + 1
        line = reader.line
        entry_type = reader.word().lower()
        close = "}" if reader.expect("{(") == "{" else ")"
        if entry_type in ("comment", "preamble"):
            _skip_block(reader, close)
            continue
        if entry_type == "string":
            macros.update((k.lower(), v) for k, v in _bibtex_fields(reader, close, macros).items())
            continue
        key = reader.word()
        reader.expect("," + close)
        fields = _bibtex_fields(reader, close, macros)
        title = _latex_plain(fields.get("title", ""))
        if not title:
            raise BibliographyError(f"{source}, line {line}: @{entry_type}{{{key}}} has no title")
        entries.append(BibEntry(
            title=title,
            year=_year(fields.get("year", "") or fields.get("date", "")),
            kind=_bibtex_kind(entry_type, fields),
            authors=_bibtex_authors(fields.get("author", "")),
            venue=_latex_plain(fields.get("journal") or fields.get("booktitle") or ""),
            identifier=key,
            line=line,
        ))
    return entries


# -- Any of them ----------------------------------------------------------------------------------

_PARSERS: dict[str, Callable[[str, str], list[BibEntry]]] = {
    ".nbib": parse_nbib, ".medline": parse_nbib, ".bib": parse_bibtex, ".bibtex": parse_bibtex,
    ".ris": parse_ris,
}


def parse_bibliography(text: str, filename: str) -> list[BibEntry]:
    """Entries from a file, its format told by its extension or, failing that, its first line."""
    parser = _PARSERS.get(PurePath(filename).suffix.lower())
    if parser is None:
        first = text.lstrip("\ufeff \r\n")
        if first.startswith("@"):
            parser = parse_bibtex
        elif first.startswith("TY  -"):
            parser = parse_ris
        elif first.startswith("PMID-"):
            parser = parse_nbib
        else:
            raise BibliographyError(
                f"{filename}: not a MEDLINE (.nbib), BibTeX (.bib) or RIS (.ris) file"
            )
    return parser(text, filename)
