"""A project's Table 4 (seed 002's layout) from its final codings, and its files.

The final coding of a code in a source is the adjudicated consensus where a lead settled it
(applied, with the consensus layer's valences, or not applied), and otherwise the coders' own
codings. Themes are the codebook's current codes, in the codebook's order.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from mentora.core.cells import neutralise_row
from mentora.evaluation.stats.tables import ManuscriptTable
from mentora.evaluation.stats.tables_export import write_csv, write_docx, write_xlsx
from mentora.qualitative.agreement import code_paths
from mentora.qualitative.models import Adjudication, Code, CodedUnit, Coding, Project, Source
from mentora.qualitative.privacy import redaction_for
from mentora.qualitative.pure.redaction import redact
from mentora.qualitative.pure.themes import Mention, Theme, theme_table

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
FREE_TEXT_THRESHOLD = 10


def free_text_threshold() -> int:
    """No count and no quote for a role with fewer respondents (SUPPRESS_FREE_TEXT_BELOW)."""
    return int(getattr(settings, "SUPPRESS_FREE_TEXT_BELOW", FREE_TEXT_THRESHOLD))


def _respondent(source_id: int, respondent: str) -> str:
    return respondent or f"source-{source_id}"


@dataclass(frozen=True)
class Final:
    """A project's final codings (see the module) and the sources they are in."""

    paths: dict[int, str]  # current code -> its path
    sources: dict[int, dict[str, Any]]  # source -> respondent, role, cohort, wave, group...
    codings: list[dict[str, Any]]  # source_id, code_id, valence, text, layer, coder_id, start, end
    coded: set[int]  # sources coded (with a final coding, or marked coded)


def final_codings(project: Project) -> Final:
    paths = code_paths(project)
    sources = {row["pk"]: {**row, "respondent": _respondent(row["pk"], row["respondent"])}
               for row in Source.objects.filter(project=project).values(
                   "pk", "respondent", "role", "cohort_label", "wave", "group", "kind",
                   "question")}
    decided = set(Adjudication.objects.filter(source__project=project)
                  .values_list("source_id", "code_id"))
    coded = set(CodedUnit.objects.filter(source__project=project)
                .values_list("source_id", flat=True))
    final: list[dict[str, Any]] = []
    for row in Coding.objects.filter(project=project, code_id__in=paths).values(
            "source_id", "code_id", "valence", "text", "layer", "coder_id", "start", "end"
    ).order_by("source_id", "start", "pk"):
        consensus = row["layer"] == Coding.Layer.CONSENSUS
        if consensus == ((row["source_id"], row["code_id"]) in decided):
            final.append(dict(row))
            coded.add(row["source_id"])
    return Final(paths, sources, final, coded)


def table_4(project: Project, threshold: int | None = None, found: Final | None = None
            ) -> ManuscriptTable:
    found = final_codings(project) if found is None else found
    masked = redaction_for(project)
    mentions = [Mention(found.sources[c["source_id"]]["respondent"],
                        found.sources[c["source_id"]]["role"], found.paths[c["code_id"]],
                        c["valence"], redact(c["text"], masked)) for c in found.codings]
    respondents = {s["respondent"]: s["role"] for pk, s in found.sources.items()
                   if pk in found.coded}
    themes = [Theme(found.paths[c.pk], c.definition) for c in
              sorted(Code.objects.filter(project=project, retired=False),
                     key=lambda c: found.paths[c.pk].lower())]
    return theme_table(mentions, respondents, themes,
                       free_text_threshold() if threshold is None else threshold,
                       codebook_version=project.codebook_version)


LONG_COLUMNS = ["respondent", "role", "cohort", "wave", "group", "source", "kind", "question",
                "code", "valence", "layer", "coder", "start", "end", "codebook_version"]


def long_rows(project: Project) -> list[list[object]]:
    """One row per final coding, for R or Stata (offsets, not words)."""
    found = final_codings(project)
    rows: list[list[object]] = [list(LONG_COLUMNS)]
    for c in found.codings:
        s = found.sources[c["source_id"]]
        rows.append([s["respondent"], s["role"], s["cohort_label"], s["wave"], s["group"],
                     c["source_id"], s["kind"], s["question"], found.paths[c["code_id"]],
                     c["valence"], c["layer"], c["coder_id"], c["start"], c["end"],
                     project.codebook_version])
    return rows


def wide_rows(project: Project) -> list[list[object]]:
    """One row per respondent (and wave), 0/1 for each code: whether any of their coded
    sources holds it."""
    found = final_codings(project)
    codes = sorted(found.paths, key=lambda pk: found.paths[pk].lower())
    held: dict[tuple[str, str], set[int]] = {}
    about: dict[tuple[str, str], dict[str, Any]] = {}
    for pk in sorted(found.coded):
        s = found.sources[pk]
        key = (s["respondent"], s["wave"])
        held.setdefault(key, set())
        about.setdefault(key, s)
    for c in found.codings:
        s = found.sources[c["source_id"]]
        held[(s["respondent"], s["wave"])].add(c["code_id"])
    rows: list[list[object]] = [["respondent", "role", "cohort", "wave", "group",
                                 *(found.paths[pk] for pk in codes)]]
    for key in sorted(held):
        s = about[key]
        rows.append([s["respondent"], s["role"], s["cohort_label"], s["wave"], s["group"],
                     *(int(pk in held[key]) for pk in codes)])
    return rows


@dataclass(frozen=True)
class Frequencies:
    by: str  # "wave" or "group"
    columns: list[tuple[str, int, bool]]  # label, respondents, shown (not suppressed)
    rows: list[tuple[str, list[int | None]]]  # code path, respondents per column (None: hidden)


def frequencies(project: Project, by: str, threshold: int | None = None,
                found: Final | None = None) -> Frequencies:
    """Respondents with each code, per wave or per group; a column of fewer respondents than
    the free-text threshold shows no count."""
    limit = free_text_threshold() if threshold is None else threshold
    found = final_codings(project) if found is None else found
    field = "wave" if by == "wave" else "group"
    people: dict[str, set[str]] = {}
    for pk in found.coded:
        s = found.sources[pk]
        people.setdefault(s[field] or "—", set()).add(s["respondent"])
    labels = sorted(people)
    said: dict[tuple[int, str], set[str]] = {}
    for c in found.codings:
        s = found.sources[c["source_id"]]
        said.setdefault((c["code_id"], s[field] or "—"), set()).add(s["respondent"])
    columns = [(label, len(people[label]), len(people[label]) >= limit) for label in labels]
    rows = [(found.paths[pk], [len(said.get((pk, label), ())) if shown else None
                               for label, _, shown in columns])
            for pk in sorted(found.paths, key=lambda pk: found.paths[pk].lower())]
    return Frequencies(by, columns, rows)


def rows_csv(rows: list[list[object]]) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    for row in rows:
        writer.writerow(neutralise_row(row))
    return text.getvalue().encode("utf-8")


def table_file(table: ManuscriptTable, fmt: str) -> bytes:
    if fmt == "csv":
        text = io.StringIO()
        write_csv(table, text, notes=True)
        return text.getvalue().encode("utf-8")
    buffer = io.BytesIO()
    (write_docx if fmt == "docx" else write_xlsx)([table], buffer)
    return buffer.getvalue()
