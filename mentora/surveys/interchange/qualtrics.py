"""Qualtrics CSV exports, read into the same plain records as REDCap plus an inferred instrument.

Current exports have three header rows: export tags (`Q1`), question text, and
`{"ImportId": ...}`. The legacy format has two (tags `V1..V10, Q1...`, then names and question
text), starts with a byte-order mark and ends each row with a comma. A Qualtrics CSV carries no
choice labels, so question types are inferred from the answers (number, text, long text).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from mentora.core.text import is_digits

from .csvio import read_rows, read_text
from .errors import InterchangeError, Problem
from .model import Instrument, Item, ItemType
from .records import FormStatus, Record

IDENTIFIER_COLUMNS = frozenset(
    {
        "IPAddress",
        "LocationLatitude",
        "LocationLongitude",
        "LocationAccuracy",
        "RecipientEmail",
        "RecipientFirstName",
        "RecipientLastName",
        "ExternalReference",
        # Legacy names.
        "ExternalDataReference",
        "EmailAddress",
        "Name",
    }
)
METADATA_COLUMNS = frozenset(
    {
        "StartDate",
        "EndDate",
        "Status",
        "Progress",
        "Duration (in seconds)",
        "Finished",
        "RecordedDate",
        "DistributionChannel",
        "UserLanguage",
        "ResponseSet",
    }
)
RESPONSE_ID_COLUMNS = ("ResponseId", "ResponseID")
RESPONSE_ID_VARIABLE = "response_id"
_LEGACY_TAG = re.compile(r"^V[0-9]+\Z")
_INTEGER = re.compile(r"^-?[0-9]+\Z")
_NUMBER = re.compile(r"^-?(?:[0-9]+\.?[0-9]*|\.[0-9]+)\Z")
# Answers longer than this read as free-text paragraphs rather than short text.
LONG_TEXT = 100


class IdentifierPolicy(StrEnum):
    """What to do with identifying columns (IP address, location, recipient)."""

    DROP = "drop"
    KEEP = "keep"  # kept as items flagged sensitive


@dataclass(frozen=True)
class QualtricsImport:
    instrument: Instrument
    records: tuple[Record, ...]
    columns: Mapping[str, str]  # variable -> the Qualtrics column it came from
    dropped: tuple[str, ...]  # identifier columns left out


@dataclass(frozen=True)
class _Column:
    name: str
    text: str
    import_id: str


def read_qualtrics(
    path: Path, *, identifiers: IdentifierPolicy | str, name: str = "", title: str = ""
) -> QualtricsImport:
    return parse_qualtrics(
        read_text(path),
        identifiers=identifiers,
        source=str(path),
        name=name or path.stem,
        title=title,
    )


def parse_qualtrics(
    text: str,
    *,
    identifiers: IdentifierPolicy | str,
    source: str = "<qualtrics>",
    name: str = "qualtrics",
    title: str = "",
) -> QualtricsImport:
    """Read a Qualtrics export; `identifiers` is "drop" or "keep", the user's choice."""
    policy = IdentifierPolicy(identifiers)
    rows = read_rows(text, source)
    columns, body, first_row = _header(rows, source)
    form = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "qualtrics"
    if not form[0].isalpha():
        form = f"survey_{form}"
    response_id = next((c.name for c in columns if c.name in RESPONSE_ID_COLUMNS), None)
    if response_id is None:
        raise InterchangeError.single(source, "no ResponseId column", row=1)
    metadata = {*METADATA_COLUMNS, response_id, ""}
    questions = [c for c in columns if c.name not in metadata]
    dropped = [c.name for c in questions if c.name in IDENTIFIER_COLUMNS]
    if policy is IdentifierPolicy.DROP:
        questions = [c for c in questions if c.name not in IDENTIFIER_COLUMNS]
    variables = _variables(questions)
    cells = _cells(columns, body, first_row, source)
    items = [Item(RESPONSE_ID_VARIABLE, form, ItemType.TEXT, label="Response ID")]
    items += [_item(c, variables[c.name], form, [r[c.name] for r in cells]) for c in questions]
    instrument = Instrument(name=name, title=title or name, items=tuple(items))
    records = tuple(
        _record(row, response_id, form, {c.name: variables[c.name] for c in questions})
        for row in cells
    )
    _check_response_ids(records, response_id, first_row, source)
    kept = {variables[c.name]: c.name for c in questions}
    return QualtricsImport(
        instrument,
        records,
        {RESPONSE_ID_VARIABLE: response_id, **kept},
        tuple(dropped) if policy is IdentifierPolicy.DROP else (),
    )


def _check_response_ids(
    records: Sequence[Record], column: str, first_row: int, source: str
) -> None:
    seen: set[str] = set()
    for number, record in enumerate(records, start=first_row):
        if not record.record_id or record.record_id in seen:
            message = f"response id {record.record_id!r} is blank or repeated"
            raise InterchangeError.single(source, message, number, column)
        seen.add(record.record_id)


def _header(rows: list[list[str]], source: str) -> tuple[list[_Column], list[list[str]], int]:
    """The columns, the data rows and the spreadsheet number of the first data row."""
    if len(rows) < 2:
        raise InterchangeError.single(source, "a Qualtrics export has at least two header rows")
    tags, texts = rows[0], rows[1]
    modern = len(rows) > 2 and any(cell.startswith('{"ImportId"') for cell in rows[2])
    ids = [_import_id(cell) for cell in rows[2]] if modern else [""] * len(tags)
    columns = []
    for index, tag in enumerate(tags):
        text = texts[index] if index < len(texts) else ""
        legacy_name = not modern and _LEGACY_TAG.match(tag)
        name = text if legacy_name else tag
        columns.append(_Column(name, text, ids[index] if index < len(ids) else ""))
    return columns, rows[3:] if modern else rows[2:], 4 if modern else 3


def _import_id(cell: str) -> str:
    match = re.search(r'"ImportId"\s*:\s*"([^"]*)"', cell)
    return match.group(1) if match else ""


def _cells(
    columns: list[_Column], body: list[list[str]], first_row: int, source: str
) -> list[dict[str, str]]:
    # Legacy rows end with a comma: a trailing column without a name must stay empty.
    problems, cells = [], []
    for number, row in enumerate(body, start=first_row):
        if not any(row):
            continue
        if len(row) != len(columns):
            message = f"has {len(row)} cells, the header has {len(columns)}"
            problems.append(Problem(source, message, number))
        for column, value in zip(columns, row, strict=False):
            if not column.name and value:
                message = f"{value!r} stands in a column without a name"
                problems.append(Problem(source, message, number))
        cells.append({c.name: v for c, v in zip(columns, row, strict=False) if c.name})
    if problems:
        raise InterchangeError(problems)
    return cells


def _variable(tag: str) -> str:
    """A REDCap-safe variable name: `Q2 - Topics` -> `q2_topics`, `IPAddress` -> `ip_address`."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", tag)
    name = re.sub(r"[^a-z0-9]+", "_", spaced.lower()).strip("_")
    return f"q_{name}" if is_digits(name[:1]) else name


def _variables(columns: Sequence[_Column]) -> dict[str, str]:
    variables: dict[str, str] = {}
    taken = {RESPONSE_ID_VARIABLE}
    for column in columns:
        base = _variable(column.name) or "question"
        variable, suffix = base, 2
        while variable in taken:
            variable, suffix = f"{base}_{suffix}", suffix + 1
        taken.add(variable)
        variables[column.name] = variable
    return variables


def _item(column: _Column, variable: str, form: str, answers: list[str]) -> Item:
    origin = f"Qualtrics column {column.name!r}"
    if column.import_id:
        origin += f" (ImportId {column.import_id})"
    return Item(
        variable=variable,
        form=form,
        type=_inferred_type([a for a in answers if a]),
        label=column.text or column.name,
        identifier=column.name in IDENTIFIER_COLUMNS,
        annotation=origin,
    )


def _inferred_type(answers: list[str]) -> ItemType:
    if answers and all(_INTEGER.match(a) for a in answers):
        return ItemType.INTEGER
    if answers and all(_NUMBER.match(a) for a in answers):
        return ItemType.NUMBER
    if any("\n" in a or len(a) > LONG_TEXT for a in answers):
        return ItemType.NOTES
    return ItemType.TEXT


def _record(row: dict[str, str], response_id: str, form: str, kept: dict[str, str]) -> Record:
    finished = row.get("Finished", "").strip().lower() in ("1", "true")
    stamp = row.get("RecordedDate") or row.get("EndDate") or ""
    return Record(
        record_id=row[response_id],
        values={variable: row[name] for name, variable in kept.items() if row.get(name)},
        completion={form: FormStatus.COMPLETE if finished else FormStatus.INCOMPLETE},
        timestamps={form: stamp} if stamp else {},
        extra={name: value for name, value in row.items() if name in METADATA_COLUMNS and value},
    )
