"""Code suggestions for a project's uncoded comments, computed by a job on the queue
(mentora.jobs), from what is already coded (mentora.qualitative.pure.suggest).

Blind rules hold: a sampled comment's suggestions come from the consensus codings alone (and
never from any coder's own layer of the sample), so a coder learns nothing of another's
codings; the other comments' from the consensus and every coding outside the samples.
A comment is uncoded when no coder coded it (outside the samples) or no consensus settled it
(in a sample). Suggestions nobody has decided are replaced at each run; decided ones stay.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from mentora.audit.record import Action, record
from mentora.jobs.models import Job
from mentora.jobs.queue import enqueue, report_progress
from mentora.matching.engine.goals import embedding_encoder
from mentora.people.models import Person
from mentora.qualitative.agreement import code_paths
from mentora.qualitative.models import (
    Adjudication,
    CodedUnit,
    Coding,
    Project,
    Sample,
    Source,
    Suggestion,
    SuggestionDecision,
)
from mentora.qualitative.pure.suggest import Precision, precision, suggest

KIND = "qda.suggest"
TASK = "mentora.qualitative.suggestions.suggest_task"
Units = list[tuple[str, list[str]]]


def latest_job(project: Project) -> Job | None:
    return Job.objects.filter(kind=KIND, subject=str(project.pk)).order_by("-pk").first()


def do_queue_suggestions(project: Project, by: User | AnonymousUser | None) -> Job:
    """Ask for the project's suggestions to be computed again (in the background)."""
    record(Action.UPDATE, project, program=project.cohort, by=by, note="code suggestions asked for")
    return enqueue(
        KIND, TASK, project.pk, owner=by, subject=project.pk, program=project.cohort.program
    )


def _units(codings: QuerySet[Coding]) -> Units:
    """Coded segments (one per source and span), each with the codes applied to it."""
    codes: dict[tuple[int, int, int], set[str]] = defaultdict(set)
    texts: dict[tuple[int, int, int], str] = {}
    for source, start, end, text, code in codings.values_list(
        "source_id", "start", "end", "text", "code_id"
    ):
        codes[(source, start, end)].add(str(code))
        texts[(source, start, end)] = text
    return [(texts[key], sorted(codes[key])) for key in sorted(codes)]


def suggest_task(job: Job, project_id: int) -> str:
    """The job: read what is coded, propose codes for the uncoded comments, store them."""
    project = Project.objects.get(pk=project_id)
    current = code_paths(project)
    sampled = set(
        Sample.sources.through.objects.filter(sample__project=project).values_list(
            "source_id", flat=True
        )
    )
    codings = Coding.objects.filter(project=project, code_id__in=current)
    consensus = codings.filter(layer=Coding.Layer.CONSENSUS)
    outside = codings.filter(layer=Coding.Layer.CODER).exclude(source_id__in=sampled)
    settled = set(
        Adjudication.objects.filter(source__project=project).values_list("source_id", flat=True)
    )
    touched = set(
        CodedUnit.objects.filter(source__project=project).values_list("source_id", flat=True)
    ) | set(codings.values_list("source_id", flat=True))
    comments = list(
        Source.objects.filter(project=project, kind=Source.Kind.COMMENT).values_list("pk", "text")
    )
    free = [(pk, text) for pk, text in comments if pk not in sampled and pk not in touched]
    blind = [(pk, text) for pk, text in comments if pk in sampled and pk not in settled]
    report_progress(job, 0.1, f"{len(free) + len(blind)} uncoded comments")
    encode = embedding_encoder()
    found: list[tuple[int, str, float, bool]] = []
    method = ""
    for step, (targets, units) in enumerate(
        ((free, _units(consensus) + _units(outside)), (blind, _units(consensus)))
    ):
        proposals, method = suggest(units, [text for _, text in targets], encode=encode)
        for (pk, _), proposed in zip(targets, proposals, strict=True):
            found.extend((pk, p.code, p.score, step == 1) for p in proposed)
        report_progress(job, 0.4 + 0.4 * step, "compared with the coded units")
    stored = do_store_suggestions(project, found, method)
    return f"{stored} code suggestions for {len({pk for pk, *_ in found})} comments ({method})"


@transaction.atomic
def do_store_suggestions(
    project: Project, found: list[tuple[int, str, float, bool]], method: str
) -> int:
    """Replace the project's undecided suggestions with `found` (source, code id, score,
    from consensus alone); a decided one stays as it was."""
    now = timezone.now()
    Suggestion.objects.filter(project=project).exclude(
        Exists(SuggestionDecision.objects.filter(suggestion=OuterRef("pk")))
    ).delete()
    kept = set(Suggestion.objects.filter(project=project).values_list("source_id", "code_id"))
    rows = [
        Suggestion(
            project=project,
            source_id=source,
            code_id=int(code),
            score=score,
            method=method,
            from_consensus=blind,
            codebook_version=project.codebook_version,
            computed_at=now,
        )
        for source, code, score, blind in found
        if (source, int(code)) not in kept
    ]
    Suggestion.objects.bulk_create(rows)
    record(
        Action.UPDATE,
        project,
        program=project.cohort,
        note=f"{len(rows)} code suggestions computed ({method or 'nothing coded'})",
    )
    return len(rows)


def suggestions_for(source: Source, coder: Person | None) -> list[Suggestion]:
    """The suggestions on a source the coder has not decided yet; a sampled source's only
    when drawn from the consensus alone."""
    if coder is None:
        return []
    rows = (
        Suggestion.objects.filter(source=source, code__retired=False)
        .exclude(Exists(SuggestionDecision.objects.filter(suggestion=OuterRef("pk"), coder=coder)))
        .exclude(
            Q(from_consensus=False)
            & Exists(Sample.sources.through.objects.filter(source_id=OuterRef("source_id")))
        )
    )
    return list(rows.select_related("code"))


@dataclass(frozen=True)
class SuggestionFigures:
    by_code: dict[str, Precision]

    def get(self, code: str) -> Precision | None:
        return self.by_code.get(code)


def suggestion_figures(project: Project, paths: dict[int, str]) -> SuggestionFigures:
    """Per code (by path): suggestions accepted and rejected by coders, and how many accepted
    ones the adjudicated consensus confirms (precision against the consensus)."""
    consensus = Adjudication.objects.filter(
        source_id=OuterRef("suggestion__source_id"), code_id=OuterRef("suggestion__code_id")
    ).values("applies")[:1]
    decided: dict[int, list[tuple[bool, bool | None]]] = defaultdict(list)
    for code, accepted, applies in (
        SuggestionDecision.objects.filter(suggestion__project=project)
        .annotate(consensus=Subquery(consensus))
        .values_list("suggestion__code_id", "accepted", "consensus")
    ):
        decided[code].append((accepted, applies))
    return SuggestionFigures(
        {
            paths[code]: precision(paths[code], rows)
            for code, rows in decided.items()
            if code in paths
        }
    )
