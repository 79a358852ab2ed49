"""A Qualtrics CSV export into a new wave of a cohort, through the interchange core.

Identifier columns (IP address, location, recipient) are dropped or kept as sensitive items:
the person importing decides for an identified wave. An anonymous wave always drops them, since
a recipient's email or IP address would link the answers to the person. Responses are anonymous
unless the user says the wave pairs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from mentora.programs.models import Cohort
from mentora.surveys import interchange as ix
from mentora.surveys.mapping import save_instrument
from mentora.surveys.models import Answer, Respondent, Response, Wave
from mentora.surveys.redcap import ImportProblem


@dataclass(frozen=True)
class QualtricsReport:
    wave: Wave | None
    responses: int
    items: int
    dropped: tuple[str, ...]
    kept_sensitive: tuple[str, ...]

    def summary(self) -> str:
        dropped = f"; dropped {', '.join(self.dropped)}" if self.dropped else ""
        kept = (
            f"; kept as sensitive {', '.join(self.kept_sensitive)}" if self.kept_sensitive else ""
        )
        return f"{self.responses} responses to {self.items} questions{dropped}{kept}."


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
) -> QualtricsReport:
    """Import every response of the export as one wave; ImportProblem names row and column."""
    policy = "drop" if anonymous else identifiers
    try:
        parsed = ix.parse_qualtrics(text, identifiers=policy, source=source, name=name)
    except ix.InterchangeError as error:
        raise ImportProblem([str(problem) for problem in error.problems]) from None
    kept = tuple(item.variable for item in parsed.instrument.items if item.identifier)
    with transaction.atomic():
        instrument = save_instrument(parsed.instrument, now, slug=slugify(name)[:80] or "qualtrics")
        today = timezone.localdate(now)
        wave = Wave.objects.create(
            cohort=cohort,
            instrument=instrument,
            label=label,
            position=cohort.survey_waves.count(),
            opens_on=today,
            closes_on=today,
            anonymous=anonymous,
            created_at=now,
        )
        _write(cohort, wave, parsed.records, anonymous)
        if dry_run:
            transaction.set_rollback(True)
    return QualtricsReport(
        None if dry_run else wave,
        len(parsed.records),
        len(parsed.instrument.items) - 1,
        parsed.dropped,
        kept,
    )


def _write(cohort: Cohort, wave: Wave, records: tuple[ix.Record, ...], anonymous: bool) -> None:
    items = {item.variable: item for item in wave.instrument.items.all()}
    answers = []
    for position, record in enumerate(records):
        respondent = None
        if not anonymous:
            respondent, _ = Respondent.objects.get_or_create(
                cohort=cohort, record_id=record.record_id
            )
        response = Response.objects.create(
            wave=wave,
            respondent=respondent,
            record_id=record.record_id,
            completion={form: int(status) for form, status in record.completion.items()},
            timestamps=dict(record.timestamps),
            extra=dict(record.extra),
            position=position,
            status=Response.Status.SUBMITTED,
            source=Response.Source.QUALTRICS,
        )
        answers += [
            Answer(response=response, item=items[variable], value=value)
            for variable, value in record.values.items()
        ]
    Answer.objects.bulk_create(answers)
