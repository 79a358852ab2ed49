"""A project's Table 4 (seed 002's layout) from its final codings, and its files.

The final coding of a code in a source is the adjudicated consensus where a lead settled it
(applied, with the consensus layer's valences, or not applied), and otherwise the coders' own
codings. Themes are the codebook's current codes, in the codebook's order.
"""

from __future__ import annotations

import io

from django.conf import settings

from mentora.evaluation.stats.tables import ManuscriptTable
from mentora.evaluation.stats.tables_export import write_csv, write_docx, write_xlsx
from mentora.qualitative.agreement import code_paths
from mentora.qualitative.models import Adjudication, Code, CodedUnit, Coding, Project, Source
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


def table_4(project: Project, threshold: int | None = None) -> ManuscriptTable:
    paths = code_paths(project)
    sources = {pk: (_respondent(pk, who), role) for pk, who, role in
               Source.objects.filter(project=project).values_list("pk", "respondent", "role")}
    decided = set(Adjudication.objects.filter(source__project=project)
                  .values_list("source_id", "code_id"))
    mentions = []
    codings = Coding.objects.filter(project=project, code_id__in=paths).values_list(
        "source_id", "code_id", "valence", "text", "layer")
    coded = set(CodedUnit.objects.filter(source__project=project)
                .values_list("source_id", flat=True))
    for source_id, code_id, valence, text, layer in codings:
        final = (layer == Coding.Layer.CONSENSUS) == ((source_id, code_id) in decided)
        if not final:
            continue
        who, role = sources[source_id]
        coded.add(source_id)
        mentions.append(Mention(who, role, paths[code_id], valence, text))
    respondents = {who: role for pk, (who, role) in sources.items() if pk in coded}
    themes = [Theme(paths[c.pk], c.definition) for c in
              sorted(Code.objects.filter(project=project, retired=False),
                     key=lambda c: paths[c.pk].lower())]
    return theme_table(mentions, respondents, themes,
                       free_text_threshold() if threshold is None else threshold,
                       codebook_version=project.codebook_version)


def table_file(table: ManuscriptTable, fmt: str) -> bytes:
    if fmt == "csv":
        text = io.StringIO()
        write_csv(table, text, notes=True)
        return text.getvalue().encode("utf-8")
    buffer = io.BytesIO()
    (write_docx if fmt == "docx" else write_xlsx)([table], buffer)
    return buffer.getvalue()
