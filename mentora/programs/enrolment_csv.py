"""Reading a coordinator's participants spreadsheet (CSV) into validated rows.

Validation reads the whole file and names every problem by row and column, so a coordinator
fixes the spreadsheet once; nothing is written unless the whole file is good.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from mentora.people.ladder import Stage, UnknownStage, parse_stage
from mentora.people.models import CommunicationStyle

ROLE_WORDS = {
    "mentee": "mentee",
    "mentor": "mentor",
    "both": "both",
    "mentor and mentee": "both",
    "mentee and mentor": "both",
}
TRUE_WORDS = {"yes", "y", "true", "1", "x"}
FALSE_WORDS = {"no", "n", "false", "0", ""}


@dataclass(frozen=True)
class RowError:
    """One bad cell of an uploaded spreadsheet; rows count as a spreadsheet shows them."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, column {self.column}: {self.message}"


class EnrolmentFileError(Exception):
    def __init__(self, filename: str, errors: list[RowError]) -> None:
        self.filename = filename
        self.errors = errors
        super().__init__(f"{filename}: " + "; ".join(str(e) for e in errors))


@dataclass
class ParticipantRow:
    row: int
    full_name: str
    email: str
    career_stage: Stage
    role: str
    capacity: int = 0
    department: str = ""
    site: str = ""
    tier: str = ""
    mentor_trained: bool = False
    goals: str = ""
    communication_style: str = ""
    specialty_interests: list[str] = field(default_factory=list)
    scholarly_interests: list[str] = field(default_factory=list)


def _split_list(value: str) -> list[str]:
    return [part.strip() for part in value.replace(",", ";").split(";") if part.strip()]


def _full_name(record: dict[str, str]) -> str:
    name = record.get("name") or record.get("full_name") or ""
    if not name:
        name = f"{record.get('first_name', '')} {record.get('last_name', '')}"
    return " ".join(name.split())


class _RowReader:
    """Reads one row, collecting every error rather than stopping at the first."""

    def __init__(self, row: int, record: dict[str, str], tiers: set[str]) -> None:
        self.row, self.record, self.tiers = row, record, tiers
        self.errors: list[RowError] = []

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.row, column, message))

    def email(self) -> str:
        value = self.record.get("email", "").strip().lower()
        try:
            validate_email(value)
        except ValidationError:
            self.fail("email", f"{value!r} is not an email address" if value else "is empty")
        return value

    def stage(self) -> Stage:
        try:
            return parse_stage(self.record.get("career_stage", ""))
        except UnknownStage as error:
            self.fail("career_stage", str(error))
            return Stage.STAFF

    def role(self) -> str:
        value = self.record.get("role", "").strip().lower()
        if value not in ROLE_WORDS:
            self.fail("role", f"{value!r} is not mentee, mentor or both")
        return ROLE_WORDS.get(value, "mentee")

    def capacity(self, role: str) -> int:
        value = self.record.get("capacity", "").strip()
        if not value:
            return 1 if role != "mentee" else 0
        if not value.isdigit() or int(value) > 50:
            self.fail("capacity", f"{value!r} is not a whole number from 0 to 50")
            return 0
        return int(value)

    def flag(self, column: str) -> bool:
        value = self.record.get(column, "").strip().lower()
        if value not in TRUE_WORDS | FALSE_WORDS:
            self.fail(column, f"{value!r} is not yes or no")
        return value in TRUE_WORDS

    def choice(self, column: str, allowed: set[str]) -> str:
        value = self.record.get(column, "").strip().lower()
        if value and value not in allowed:
            self.fail(column, f"{value!r} is not one of {', '.join(sorted(allowed))}")
        return value

    def read(self) -> ParticipantRow:
        name = _full_name(self.record)
        if not name:
            self.fail("name", "is empty")
        role = self.role()
        tier = self.record.get("tier", "").strip()
        if tier and tier not in self.tiers:
            self.fail("tier", f"{tier!r} is not a tier of this program")
        return ParticipantRow(
            row=self.row,
            full_name=name,
            email=self.email(),
            career_stage=self.stage(),
            role=role,
            capacity=self.capacity(role),
            department=self.record.get("department", "").strip(),
            site=self.record.get("site", "").strip(),
            tier=tier,
            mentor_trained=self.flag("mentor_trained"),
            goals=self.record.get("goals", "").strip(),
            communication_style=self.choice("communication_style", set(CommunicationStyle.values)),
            specialty_interests=_split_list(self.record.get("specialty_interests", "")),
            scholarly_interests=_split_list(self.record.get("scholarly_interests", "")),
        )


def _header_errors(header: list[str]) -> list[RowError]:
    errors = []
    has_name = "name" in header or "full_name" in header or "last_name" in header
    if not has_name:
        errors.append(RowError(1, "name", "missing column (name, or first_name and last_name)"))
    for column in ("email", "career_stage", "role"):
        if column not in header:
            errors.append(RowError(1, column, "missing column"))
    return errors


def _merge(rows: list[ParticipantRow]) -> list[ParticipantRow]:
    """The same email twice is one person; a mentee row and a mentor row make 'both'."""
    by_email: dict[str, ParticipantRow] = {}
    for row in rows:
        seen = by_email.get(row.email)
        if seen is None:
            by_email[row.email] = row
            continue
        if seen.role != row.role:
            seen.role = "both"
        seen.capacity = max(seen.capacity, row.capacity)
        seen.specialty_interests = sorted(set(seen.specialty_interests + row.specialty_interests))
        seen.scholarly_interests = sorted(set(seen.scholarly_interests + row.scholarly_interests))
    return list(by_email.values())


def read_participants(
    data: bytes, filename: str, tiers: set[str] | None = None
) -> list[ParticipantRow]:
    """Every participant in the file, or EnrolmentFileError naming every bad row and column."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise EnrolmentFileError(filename, [RowError(1, "-", "not a UTF-8 CSV file")]) from None
    reader = csv.reader(io.StringIO(text))
    header = [h.strip().lower().replace(" ", "_") for h in next(reader, [])]
    errors = _header_errors(header)
    if errors:
        raise EnrolmentFileError(filename, errors)
    rows: list[ParticipantRow] = []
    for line_no, raw in enumerate(reader, start=2):
        record = dict(zip(header, (value.strip() for value in raw), strict=False))
        if not any(record.values()):
            continue
        row_reader = _RowReader(line_no, record, tiers or set())
        rows.append(row_reader.read())
        errors.extend(row_reader.errors)
    if errors:
        raise EnrolmentFileError(filename, errors)
    if not rows:
        raise EnrolmentFileError(filename, [RowError(2, "-", "the file has no participants")])
    return _merge(rows)
