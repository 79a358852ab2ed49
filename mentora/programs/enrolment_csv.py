"""Reading a coordinator's participants spreadsheet (CSV or Excel .xlsx) into validated rows.

Validation reads the whole file and names every problem by row and column, so a coordinator
fixes the spreadsheet once; nothing is written unless the whole file is good.

Demographics columns (DEMOGRAPHIC_COLUMNS) are read as the intake form reads them (a choice's
code or its words); they are restricted, so they are only ever written for a person the file
creates (`mentora.programs.actions`): a known person's demographics are theirs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from mentora.core.columns import misfit
from mentora.core.text import TEXT_LIMIT, whole_number
from mentora.core.uploads import UploadError
from mentora.core.workbooks import read_table
from mentora.people.ladder import Stage, UnknownStage, parse_stage
from mentora.people.models import Answer, CommunicationStyle, Demographics, Interest, Person

ROLE_WORDS = {
    "mentee": "mentee",
    "mentor": "mentor",
    "both": "both",
    "mentor and mentee": "both",
    "mentee and mentor": "both",
}
TRUE_WORDS = {"yes", "y", "true", "1", "x"}
FALSE_WORDS = {"no", "n", "false", "0", ""}

# The columns a file may hold, in the template's order (name may also come as full_name, or
# first_name and last_name).
REQUIRED_COLUMNS = ("name", "email", "career_stage", "role")
OPTIONAL_COLUMNS = (
    "capacity", "department", "site", "specialty_interests", "scholarly_interests", "tier",
    "block", "mentor_trained", "goals", "communication_style",
)
# Restricted: written only for people the file creates (see the module).
DEMOGRAPHIC_COLUMNS = (
    "gender", "gender_self_description", "underrepresented", "first_generation",
    "rural_background", "race_ethnicity", "race_self_description",
)
_HEADER_ALIASES = {
    "underrepresented_in_medicine": "underrepresented", "urim": "underrepresented",
    "race": "race_ethnicity", "race_and_ethnicity": "race_ethnicity",
}
_CHOICE_COLUMNS = {
    "gender": Demographics.Gender.choices,
    "underrepresented": Answer.choices,
    "first_generation": Answer.choices,
    "rural_background": Answer.choices,
}


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
        self.warnings: list[str] = []  # how the file was read (a guessed encoding)
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
    block: str = ""  # the name of one of the cohort's rotation blocks, as the cohort spells it
    mentor_trained: bool = False
    goals: str = ""
    communication_style: str = ""
    specialty_interests: list[str] = field(default_factory=list)
    scholarly_interests: list[str] = field(default_factory=list)
    # Demographics fields to record, when the row gave any (restricted: see the module).
    demographics: dict[str, Any] | None = None


def _shown(value: str, most: int = 60) -> str:
    """A value as a message quotes it: cut short when long."""
    return repr(value) if len(value) <= most else repr(value[:most]) + "..."


def _key(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", value.lower())


def _choice_words(choices: list[tuple[str, str]]) -> dict[str, str]:
    """Each choice by its code and by its words, as people write them ("Prefer not to say")."""
    words = {_key(label): code for code, label in choices}
    words |= {_key(code): code for code, _ in choices}
    if "yes" in words.values():
        words |= {"y": "yes", "n": "no"}
    return words


def _split_list(value: str) -> list[str]:
    return [part.strip() for part in value.replace(",", ";").split(";") if part.strip()]


def _full_name(record: dict[str, str]) -> str:
    name = record.get("name") or record.get("full_name") or ""
    if not name:
        name = f"{record.get('first_name', '')} {record.get('last_name', '')}"
    return " ".join(name.split())


class _RowReader:
    """Reads one row, collecting every error rather than stopping at the first."""

    def __init__(self, row: int, record: dict[str, str], tiers: set[str],
                 blocks: set[str] | None = None) -> None:
        self.row, self.record, self.tiers = row, record, tiers
        self.blocks = {name.casefold(): name for name in blocks or ()}
        self.errors: list[RowError] = []

    def fail(self, column: str, message: str) -> None:
        self.errors.append(RowError(self.row, column, message))

    def email(self) -> str:
        value = self.record.get("email", "").strip().lower()
        try:
            validate_email(value)
        except ValidationError:
            self.fail("email", f"{_shown(value)} is not an email address" if value else "is empty")
            return value
        too_long = misfit(Person, "email", value)
        if too_long:
            self.fail("email", too_long)
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
        number = whole_number(value)
        if number is None or number > 50:
            self.fail("capacity", f"{_shown(value)} is not a whole number from 0 to 50")
            return 0
        return number

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

    def fits(self, column: str, value: str, field: str) -> str:
        """The value, when it fits the person's column `field`; else a problem, and ""."""
        why = misfit(Person, field, value) if field != "goals" else None
        if why is None and len(value) > TEXT_LIMIT:
            why = f"is {len(value):,} characters long; at most {TEXT_LIMIT:,} fit"
        if why:
            self.fail(column, why)
            return ""
        return value

    def interests(self, column: str) -> list[str]:
        names = _split_list(self.record.get(column, ""))
        for name in names:
            why = misfit(Interest, "name", name)
            if why:
                self.fail(column, f"the interest {_shown(name)} {why}")
        return names

    def demographic_choice(self, column: str, choices: list[tuple[str, str]]) -> str:
        value = self.record.get(column, "").strip()
        code = _choice_words(choices).get(_key(value), "") if value else ""
        if value and not code:
            self.fail(column, f"{_shown(value)} is not one of: "
                      + ", ".join(label for _, label in choices))
        return code

    def demographics(self) -> dict[str, Any] | None:
        """The row's demographics, or None when it gives none."""
        if not any(self.record.get(column, "").strip() for column in DEMOGRAPHIC_COLUMNS):
            return None
        found: dict[str, Any] = {
            column: self.demographic_choice(column, choices)
            for column, choices in _CHOICE_COLUMNS.items()
        }
        races: list[str] = []
        for name in _split_list(self.record.get("race_ethnicity", "")):
            code = _choice_words(Demographics.Race.choices).get(_key(name))
            if code is None:
                self.fail("race_ethnicity", f"{_shown(name)} is not one of: "
                          + ", ".join(label for _, label in Demographics.Race.choices))
            elif code not in races:
                races.append(code)
        found["race_ethnicity"] = races
        for column in ("gender_self_description", "race_self_description"):
            value = self.record.get(column, "").strip()
            why = misfit(Demographics, column, value)
            if why:
                self.fail(column, why)
            found[column] = "" if why else value
        return found

    def block(self) -> str:
        """The cohort's block this cell names (any case); empty for none."""
        given = self.record.get("block", "").strip()
        if not given:
            return ""
        found = self.blocks.get(given.casefold())
        if found is None:
            known = ", ".join(sorted(self.blocks.values())) or "this cohort has no blocks"
            self.fail("block", f"{_shown(given)} is not a block of this cohort ({known})")
            return ""
        return found

    def read(self) -> ParticipantRow:
        name = self.fits("name", _full_name(self.record), "full_name")
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
            department=self.fits("department", self.record.get("department", ""), "department"),
            site=self.fits("site", self.record.get("site", ""), "site"),
            tier=tier,
            block=self.block(),
            mentor_trained=self.flag("mentor_trained"),
            goals=self.fits("goals", self.record.get("goals", ""), "goals"),
            communication_style=self.choice("communication_style", set(CommunicationStyle.values)),
            specialty_interests=self.interests("specialty_interests"),
            scholarly_interests=self.interests("scholarly_interests"),
            demographics=self.demographics(),
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
        seen.block = seen.block or row.block
        seen.specialty_interests = sorted(set(seen.specialty_interests + row.specialty_interests))
        seen.scholarly_interests = sorted(set(seen.scholarly_interests + row.scholarly_interests))
        seen.demographics = seen.demographics or row.demographics
    return list(by_email.values())


def header_name(cell: str) -> str:
    """A column's name as the reader knows it: "Career stage" is career_stage."""
    name = re.sub(r"[\s/-]+", "_", cell.strip().lower())
    return _HEADER_ALIASES.get(name, name)


def read_participants(
    data: bytes, filename: str, tiers: set[str] | None = None,
    warnings: list[str] | None = None, blocks: set[str] | None = None,
) -> list[ParticipantRow]:
    """Every participant in the file, or EnrolmentFileError naming every bad row and column.

    The file may be an Excel workbook (.xlsx) or a CSV in any encoding a spreadsheet writes
    (mentora.core.workbooks); a guessed encoding is named in `warnings`."""
    try:
        table = read_table(data, filename, warnings)
    except UploadError as error:
        raise EnrolmentFileError(
            filename, [RowError(error.row or 1, error.column or "-", error.message)]
        ) from None
    header = [header_name(h) for h in (table[0] if table else [])]
    errors = _header_errors(header)
    if errors:
        raise EnrolmentFileError(filename, errors)
    rows: list[ParticipantRow] = []
    for line_no, raw in enumerate(table[1:], start=2):
        record = dict(zip(header, (value.strip() for value in raw), strict=False))
        if not any(record.values()):
            continue
        row_reader = _RowReader(line_no, record, tiers or set(), blocks or set())
        rows.append(row_reader.read())
        errors.extend(row_reader.errors)
    if errors:
        raise EnrolmentFileError(filename, errors)
    if not rows:
        raise EnrolmentFileError(filename, [RowError(2, "-", "the file has no participants")])
    return _merge(rows)
