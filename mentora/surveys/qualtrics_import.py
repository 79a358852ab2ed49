"""A Qualtrics CSV export into a new wave of a cohort, through the interchange core.

Identifier columns (IP address, location, recipient) are dropped or kept as sensitive items:
the person importing decides for an identified wave. An anonymous wave always drops them, since
a recipient's email or IP address would link the answers to the person. Responses are anonymous
unless the user says the wave pairs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from mentora.audit.record import Action, record
from mentora.programs.models import Cohort
from mentora.surveys import interchange as ix
from mentora.surveys.inplace import write_rows
from mentora.surveys.interchange.reimport import Plan
from mentora.surveys.linking import Linking, link_respondents
from mentora.surveys.mapping import save_instrument
from mentora.surveys.models import Response, SurveyProject, Wave
from mentora.surveys.problems import ImportProblem
from mentora.surveys.projects import move_to_version, open_project
from mentora.surveys.redcap import instrument_misfits, record_misfits


@dataclass(frozen=True)
class QualtricsReport:
    wave: Wave | None
    responses: int
    items: int
    dropped: tuple[str, ...]
    kept_sensitive: tuple[str, ...]
    project: str = ""
    plan: Plan = field(default_factory=Plan)
    dry_run: bool = False
    # Who each response is, for an identified wave (mentora.surveys.linking).
    linking: Linking = field(default_factory=Linking)

    def summary(self) -> str:
        dropped = f"; dropped {', '.join(self.dropped)}" if self.dropped else ""
        kept = (
            f"; kept as sensitive {', '.join(self.kept_sensitive)}" if self.kept_sensitive else ""
        )
        rows = self.plan.summary(dry_run=self.dry_run)
        return (
            f"{self.responses} responses to {self.items} questions into {self.project} "
            f"({rows}){dropped}{kept}."
        )


def check_qualtrics(
    text: str,
    *,
    identifiers: str,
    name: str = "qualtrics",
    anonymous: bool = True,
    source: str = "<qualtrics>",
) -> ix.QualtricsImport:
    """Read and check the export, writing nothing; ImportProblem names row and column."""
    policy = "drop" if anonymous else identifiers
    try:
        parsed = ix.parse_qualtrics(text, identifiers=policy, source=source, name=name)
    except ix.InterchangeError as error:
        raise ImportProblem([str(problem) for problem in error.problems]) from None
    problems = [
        *instrument_misfits(parsed.instrument, source),
        *record_misfits(parsed.records, source),
    ]
    if problems:
        raise ImportProblem(problems)
    return parsed


def do_import_qualtrics(
    cohort: Cohort,
    text: str,
    now: datetime,
    *,
    identifiers: str,
    label: str,
    name: str = "qualtrics",
    anonymous: bool = True,
    source: str = "<qualtrics>",
    dry_run: bool = False,
    into: bool = False,
    match_on: str = "",
) -> QualtricsReport:
    """Import every response of the export as one wave of a new project `name` (or, when
    `into`, of the cohort's project `name`, updated in place); ImportProblem names row and
    column."""
    parsed = check_qualtrics(
        text, identifiers=identifiers, name=name, anonymous=anonymous, source=source
    )
    return do_write_qualtrics(
        cohort, parsed, now, label=label, name=name, anonymous=anonymous, dry_run=dry_run,
        into=into, match_on=match_on,
    )


def do_write_qualtrics(
    cohort: Cohort,
    parsed: ix.QualtricsImport,
    now: datetime,
    *,
    label: str,
    name: str = "qualtrics",
    anonymous: bool = True,
    dry_run: bool = False,
    into: bool = False,
    match_on: str = "",
) -> QualtricsReport:
    """Write a checked export as the wave of a new project of the cohort, or into the wave of
    the cohort's project `name` when `into` (responses matched on their response id: new ones
    added, changed ones updated in place); one transaction, in bulk."""
    kept = tuple(item.variable for item in parsed.instrument.items if item.identifier)
    kind = SurveyProject.Kind.QUALTRICS
    with transaction.atomic():
        project = open_project(cohort, slugify(name)[:80] or "qualtrics", kind, now, into=into)
        instrument = save_instrument(parsed.instrument, now, slug=project.name)
        wave = project.waves.first()
        if wave is None:
            today = timezone.localdate(now)
            wave = Wave.objects.create(
                cohort=cohort,
                project=project,
                instrument=instrument,
                label=label or f"Qualtrics import {today:%Y-%m-%d}",
                position=cohort.survey_waves.count(),
                opens_on=today,
                closes_on=today,
                anonymous=anonymous,
                created_at=now,
            )
        elif wave.anonymous != anonymous:
            said = "anonymous" if wave.anonymous else "identified"
            raise ImportProblem(
                [f"The wave of {project.name!r} is {said}: import into it as {said}."]
            )
        move_to_version([wave], instrument)
        linking = Linking() if anonymous else _linking(cohort, parsed, match_on)
        respondents = linking.respondents
        source = Response.Source.QUALTRICS.value
        plan = write_rows(instrument, {None: wave}, respondents, parsed.records, source)
        record(Action.UPDATE, wave, note=f"Qualtrics import into {project.name}: {plan.summary()}")
        if dry_run:
            transaction.set_rollback(True)
    return QualtricsReport(
        None if dry_run else wave,
        len(parsed.records),
        len(parsed.instrument.items) - 1,
        parsed.dropped,
        kept,
        project.name,
        plan,
        dry_run,
        linking,
    )


# The variable of Qualtrics' RecipientEmail column, kept when the identifiers are.
RECIPIENT_EMAIL = "recipient_email"


def _linking(cohort: Cohort, parsed: ix.QualtricsImport, match_on: str) -> Linking:
    """Respondents by response id, linked to the people enrolled in the cohort by the field
    named, else by the recipient's email when the identifier columns were kept."""
    if not match_on and parsed.instrument.has_item(RECIPIENT_EMAIL):
        match_on = RECIPIENT_EMAIL
    return link_respondents(cohort, parsed.instrument, parsed.records, match_on=match_on)
