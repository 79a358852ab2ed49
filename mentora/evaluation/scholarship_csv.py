"""Reading scholarly entries from a spreadsheet: `email, kind, year, title` (optional `venue`).

The whole file is checked first and every problem named by row and column; nothing is written
unless every row is good. Rows count from 2, the first line being the header, as a spreadsheet
numbers them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mentora.core.text import whole_number
from mentora.core.uploads import UploadError
from mentora.core.workbooks import read_table
from mentora.programs.enrolment_csv import RowError

REQUIRED = ("email", "kind", "year", "title")
KIND_WORDS = {
    "publication": "publication",
    "peer-reviewed publication": "publication",
    "article": "publication",
    "presentation": "presentation",
    "national presentation": "presentation",
    "grant": "grant",
    "grant pi": "grant",
    "grant co-i": "grant",
    "pi": "grant",
    "co-i": "grant",
}


class ScholarshipFileError(Exception):
    def __init__(self, filename: str, errors: list[RowError] | list[str]) -> None:
        self.filename = filename
        self.errors = [str(e) for e in errors]
        super().__init__(f"{filename}: " + "; ".join(self.errors))


@dataclass(frozen=True)
class EntryRow:
    row: int
    email: str
    kind: str
    year: int
    title: str
    venue: str = ""


def _row(number: int, record: Mapping[str, str | None], people: set[str],
         errors: list[RowError]) -> EntryRow | None:
    values = {k: (record.get(k) or "").strip() for k in (*REQUIRED, "venue")}
    before = len(errors)
    email = values["email"].lower()
    if email not in people:
        errors.append(RowError(number, "email", f"{values['email'] or '(empty)'} is not "
                               "enrolled in this cohort"))
    kind = KIND_WORDS.get(values["kind"].lower())
    if kind is None:
        errors.append(RowError(number, "kind", f"{values['kind'] or '(empty)'} is not one of "
                               "publication, presentation, grant"))
    year = whole_number(values["year"]) or 0
    if not 1900 <= year <= 2100:
        errors.append(RowError(number, "year", f"{values['year'][:20] or '(empty)'} is not a year"))
    if not values["title"]:
        errors.append(RowError(number, "title", "the title is empty"))
    elif len(values["title"]) > 500:
        errors.append(RowError(number, "title", "longer than 500 characters"))
    if len(errors) > before:
        return None
    return EntryRow(number, email, str(kind), year, values["title"], values["venue"][:300])


def read_entries(data: bytes, filename: str, people: set[str],
                 warnings: list[str] | None = None) -> list[EntryRow]:
    """Validated rows; `people` are the lower-case emails of the cohort's participants. The
    file is a CSV in any encoding (a guessed one named in `warnings`) or an Excel workbook."""
    try:
        table = read_table(data, filename, warnings)
    except UploadError as error:
        raise ScholarshipFileError(
            filename, [RowError(error.row or 1, error.column or "-", error.message)]
        ) from None
    header = [h.strip().lower() for h in (table[0] if table else [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise ScholarshipFileError(
            filename, [f"Row 1: missing column {', '.join(missing)} (the header must name "
                       f"{', '.join(REQUIRED)})"])
    errors: list[RowError] = []
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # a blank line, as a spreadsheet leaves at the end
        record = dict(zip(header, cells, strict=False))
        row = _row(number, record, people, errors)
        if row is not None:
            rows.append(row)
    if errors:
        raise ScholarshipFileError(filename, errors)
    if not rows:
        raise ScholarshipFileError(filename, ["the file has a header but no entries"])
    return rows
