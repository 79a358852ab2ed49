"""Every write the evaluation makes: scholarly entries, by hand, by spreadsheet or from a
bibliography export. Imports are all-or-nothing and skip works already recorded."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction

from mentora.evaluation.bibliography import BibliographyError, parse_bibliography
from mentora.evaluation.models import ScholarlyEntry
from mentora.evaluation.scholarship_csv import ScholarshipFileError, read_entries
from mentora.people.models import Person
from mentora.programs.models import Cohort

SOURCES = {".nbib": "medline", ".txt": "medline", ".bib": "bibtex", ".ris": "ris"}


@dataclass(frozen=True)
class ImportResult:
    added: int
    already_recorded: int
    not_counted: int = 0  # bibliography entries of a kind Table 3 does not count
    warnings: list[str] = field(default_factory=list)  # e.g. a file read as Windows-1252


def _save_new(entries: list[ScholarlyEntry]) -> ImportResult:
    """Save the entries not already recorded (nor repeated within the same file)."""
    people = {e.person_id for e in entries}
    seen = {e.same_work() for e in ScholarlyEntry.objects.filter(person_id__in=people)}
    fresh = []
    for entry in entries:
        if entry.same_work() not in seen:
            seen.add(entry.same_work())
            fresh.append(entry)
    ScholarlyEntry.objects.bulk_create(fresh)
    return ImportResult(len(fresh), len(entries) - len(fresh))


@transaction.atomic
def do_add_entry(
    person: Person, kind: str, year: int, title: str, *, venue: str = "", by: User, now: datetime
) -> ScholarlyEntry | None:
    """One entry by hand; None if the same work is already recorded for the person."""
    entry = ScholarlyEntry(person=person, kind=kind, year=year, title=title.strip(),
                           venue=venue, added_by=by, created_at=now)
    result = _save_new([entry])
    return entry if result.added else None


@transaction.atomic
def do_import_entries_csv(
    cohort: Cohort, data: bytes, filename: str, *, by: User, now: datetime
) -> ImportResult:
    people = {p.email.lower(): p for p in Person.objects.filter(enrolments__cohort=cohort)}
    warnings: list[str] = []
    rows = read_entries(data, filename, set(people), warnings)
    result = _save_new([
        ScholarlyEntry(person=people[r.email], kind=r.kind, year=r.year, title=r.title,
                       venue=r.venue, source=ScholarlyEntry.Source.CSV, added_by=by,
                       created_at=now)
        for r in rows
    ])
    result.warnings.extend(warnings)
    return result


@transaction.atomic
def do_import_bibliography(
    person: Person, text: str, filename: str, *, other_as: str = "", by: User, now: datetime
) -> ImportResult:
    """Entries of a PubMed, BibTeX or RIS export, all attributed to `person`.

    An entry whose kind the file does not tell ("other") counts as `other_as`, or is left out
    when that is empty. An entry without a year is an error naming its line.
    """
    try:
        parsed = parse_bibliography(text, filename)
    except BibliographyError as problem:
        raise ScholarshipFileError(filename, [str(problem)]) from None
    undated = [f"line {e.line}: {e.title[:60]!r} has no year" for e in parsed if e.year is None]
    if undated:
        raise ScholarshipFileError(filename, undated)
    if not parsed:
        raise ScholarshipFileError(filename, ["no entries found"])
    source = _source(filename, text)
    entries, skipped = [], 0
    for e in parsed:
        kind = e.kind if e.kind != "other" else other_as
        if not kind:
            skipped += 1
            continue
        assert e.year is not None  # undated entries were refused above
        entries.append(ScholarlyEntry(
            person=person, kind=kind, year=e.year, title=e.title[:500] or "(untitled)",
            venue=e.venue[:300], identifier=e.identifier[:120], source=source, added_by=by,
            created_at=now,
        ))
    result = _save_new(entries)
    return ImportResult(result.added, result.already_recorded, skipped)


def _source(filename: str, text: str) -> str:
    for suffix, source in SOURCES.items():
        if filename.lower().endswith(suffix):
            return source
    first = text.lstrip("\ufeff \r\n")
    return "bibtex" if first.startswith("@") else "ris" if first.startswith("TY") else "medline"


@transaction.atomic
def do_delete_entry(entry: ScholarlyEntry) -> None:
    entry.delete()
