"""Reading scholarly output from PubMed (MEDLINE .nbib), BibTeX and RIS exports.

BibTeX is read by bibtexparser and RIS by rispy; MEDLINE, which no maintained library reads, by
the small reader here. Pure: text in, entries out, no Django. Each entry gets a kind for seed
002's Table 3 where the format says it (a conference paper is a presentation, RIS has a GRANT
type); what cannot be told is "other" rather than a guess. Errors name the file and line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Literal

import rispy
from bibtexparser.entrypoint import parse_string as parse_bibtex_string
from bibtexparser.exceptions import BlockAbortedException
from bibtexparser.library import Library
from bibtexparser.middlewares import (
    BlockMiddleware,
    LatexDecodingMiddleware,
    NormalizeFieldKeys,
    RemoveEnclosingMiddleware,
    SeparateCoAuthors,
)
from bibtexparser.model import DuplicateBlockKeyBlock, Entry, ParsingFailedBlock
from pylatexenc.latex2text import LatexNodes2Text

from mentora.core.text import is_digits

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


_YEAR = re.compile(r"(1[89][0-9][0-9]|2[0-9][0-9][0-9])")


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

_RIS_KINDS: dict[str, Kind] = {
    **dict.fromkeys(("JOUR", "JFULL", "EJOUR", "BOOK", "EBOOK", "CHAP", "ECHAP", "THES",
                     "RPRT", "SER", "INPR"), "publication"),
    **dict.fromkeys(("CONF", "CPAPER", "SLIDE"), "presentation"),
    "GRANT": "grant",
}
# rispy's names for the tags, and CT (the title of an unpublished work), which it does not name.
_RIS_MAPPING = {**rispy.TAG_KEY_MAPPING, "CT": "unpublished_title"}
_LINE = "line"  # where a record starts, kept beside rispy's fields


def _first(record: dict[str, Any], *names: str) -> str:
    return next((str(record[n]) for n in names if record.get(n)), "")


class _RisReader(rispy.RisParser):  # type: ignore[misc]  # rispy has no type hints
    """rispy's reader, told line numbers and strict where rispy is lenient: a record that never
    ends (ER) or a record that opens inside another would otherwise lose entries silently.
    Text outside records that is not a tag (a publisher's header, say) is skipped."""

    def __init__(self, source: str) -> None:
        super().__init__(mapping=_RIS_MAPPING, skip_unknown_tags=True)
        self.source, self.line, self.open_since = source, 0, 0

    def fail(self, message: str) -> BibliographyError:
        return BibliographyError(f"{self.source}, line {self.line}: {message}")

    def parse(self, text: str) -> list[dict[str, Any]]:
        records: list[dict[str, Any]] = self.parse_lines(self._numbered(text))
        if self.open_since:
            raise BibliographyError(
                f"{self.source}: record from line {self.open_since} never ends (ER  - )"
            )
        return records

    def _numbered(self, text: str) -> Iterator[str]:
        for self.line, line in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
            if line.strip():
                yield line.rstrip()

    def _iter_till_start(self, lines: Iterator[str]) -> dict[str, Any]:
        self.open_since = 0
        while True:
            tag, value = self.parse_line(next(lines))
            if tag == self.START_TAG:
                self.open_since = self.line
                return {self.mapping[tag]: value, _LINE: self.line}
            if tag is not None:
                raise self.fail(f"expected a record to open with 'TY  - ', got tag {tag!r}")

    def _add_tag(
        self, record: dict[str, Any], tag: str, content: str, extend_multiline: bool = False
    ) -> None:
        if tag == self.START_TAG:
            raise self.fail(
                f"new record before the one from line {self.open_since} ended (ER  - )"
            )
        super()._add_tag(record, tag, content, extend_multiline)


def parse_ris(text: str, source: str = "<ris>") -> list[BibEntry]:
    """RIS, read by rispy: records from `TY  - TYPE` to `ER  - `; lines without a tag continue
    the last value; repeated AU (and A1) are the authors in order; the year from PY, Y1 or DA."""
    entries = []
    for record in _RisReader(source).parse(text):
        title = _clean(_first(record, "title", "primary_title", "unpublished_title"))
        if not title:
            raise BibliographyError(
                f"{source}, line {record[_LINE]}: record has no title (TI or T1)"
            )
        entries.append(BibEntry(
            title=title,
            year=_year(_first(record, "year", "publication_year", "date")),
            kind=_RIS_KINDS.get(str(record.get("type_of_reference", "")).upper(), "other"),
            authors=tuple(record.get("authors", []) + record.get("first_authors", [])),
            venue=_clean(_first(record, "secondary_title", "journal_name", "alternate_title3")),
            identifier=_first(record, "doi", "accession_number"),
            line=record[_LINE],
        ))
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
# The month macros every BibTeX style defines.
_MONTHS = {
    name[:3].lower(): name
    for name in ("January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December")
}
_ENTRY_HEAD = re.compile(r"@\s*(\w+)\s*[{(]\s*([^,\s]*)")
_LATEX = LatexNodes2Text()


class _Interpolate(BlockMiddleware):
    """Macros (@string and the months) and `#` concatenation in field values. bibtexparser 2.1
    resolves a value that is one @string name only (its issue #396); this evaluates every value
    that is not a single braced or quoted text, and gives it back braced."""

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True, allow_parallel_execution=True)

    def transform_entry(self, entry: Entry, library: Library) -> Entry:
        macros = {key.lower(): string.value for key, string in library.strings_dict.items()}
        for field in entry.fields:
            if isinstance(field.value, str) and _is_expression(field.value):
                field.value = "{" + _evaluate(field.value, macros) + "}"
        return entry


def _is_expression(value: str) -> bool:
    """Anything but a number or one braced or quoted text (which bibtexparser unwraps itself)."""
    value = value.strip()
    single = is_digits(value) or value[:1] in ('"', "{")
    return len(_top_level_parts(value)) > 1 or not single


def _top_level_parts(value: str) -> list[str]:
    """`a # "b" # {c}` -> ['a', '"b"', '{c}']: split at # outside braces and quotes."""
    parts, depth, quoted, start = [], 0, False, 0
    for i, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append(value[start:i].strip())
            start = i + 1
    parts.append(value[start:].strip())
    return parts


def _evaluate(value: str, macros: dict[str, str], depth: int = 0) -> str:
    text = []
    for part in _top_level_parts(value.strip()):
        if part[:1] in ('"', "{") and part[-1:] in ('"', "}") and len(part) >= 2:
            text.append(part[1:-1])
        elif is_digits(part) or depth > 8:  # a macro defined by itself ends here
            text.append(part)
        elif part.lower() in macros:
            text.append(_evaluate(macros[part.lower()], macros, depth + 1))
        else:
            text.append(_MONTHS.get(part.lower(), part))
    return "".join(text)


_BIBTEX_STACK = (
    NormalizeFieldKeys,
    _Interpolate,
    RemoveEnclosingMiddleware,
    SeparateCoAuthors,
    LatexDecodingMiddleware,
)


def _failure(block: ParsingFailedBlock, text: str, source: str) -> BibliographyError:
    head = _ENTRY_HEAD.match((block.raw or "").lstrip())
    what = f"@{head[1].lower()}{{{head[2]}}}" if head else "this entry"
    line = (block.start_line or 0) + 1
    error = block.error
    if isinstance(block, DuplicateBlockKeyBlock):
        reason = f"a second entry with the key {block.key!r}"
    elif isinstance(error, BlockAbortedException):
        reason = error.abort_reason.rstrip(".")
        if error.end_index is not None and "end of file" not in reason:
            line = text.count("\n", 0, error.end_index) + 1
        elif "end of file" in reason:
            reason = "it never ends (a brace or a quote is not closed)"
    else:
        reason = f"cannot be read ({error})"
    return BibliographyError(f"{source}, line {line}: {what}: {reason}")


def _bibtex_kind(entry_type: str, fields: dict[str, str]) -> Kind:
    described = " ".join(fields.get(f, "") for f in ("type", "howpublished", "note"))
    if entry_type == "grant" or re.search(r"\bgrant\b", fields.get("type", ""), re.I):
        return "grant"
    if entry_type in _BIBTEX_KINDS:
        return _BIBTEX_KINDS[entry_type]
    return "presentation" if _PRESENTED.search(described) else "other"


def _author(name: str) -> str:
    return _clean(_LATEX.latex_to_text(name))


def parse_bibtex(text: str, source: str = "<bibtex>") -> list[BibEntry]:
    """BibTeX, read by bibtexparser: braces or quotes, @string macros, month names and `#`,
    LaTeX accents and commands decoded; the first entry it cannot read is an error naming it."""
    library = parse_bibtex_string(text, parse_stack=[make() for make in _BIBTEX_STACK])
    if library.failed_blocks:
        raise _failure(library.failed_blocks[0], text, source)
    entries = []
    for entry in library.entries:
        fields = entry.fields_dict
        plain = {key: _clean(f.value) for key, f in fields.items() if isinstance(f.value, str)}
        entry_type, line = entry.entry_type.lower(), (entry.start_line or 0) + 1
        if not plain.get("title"):
            raise BibliographyError(
                f"{source}, line {line}: @{entry_type}{{{entry.key}}} has no title"
            )
        authors = fields["author"].value if "author" in fields else []
        entries.append(BibEntry(
            title=plain["title"],
            year=_year(plain.get("year", "") or plain.get("date", "")),
            kind=_bibtex_kind(entry_type, plain),
            authors=tuple(_author(name) for name in authors if name.strip()),
            venue=plain.get("journal") or plain.get("booktitle") or "",
            identifier=entry.key,
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
