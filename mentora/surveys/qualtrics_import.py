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
from mentora.surveys import bulk
from mentora.surveys import interchange as ix
from mentora.surveys.mapping import save_instrument
from mentora.surveys.models import Answer, Respondent, Response, Wave
from mentora.surveys.redcap import ImportProblem, instrument_misfits, record_misfits


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
) -> QualtricsReport:
    """Import every response of the export as one wave; ImportProblem names row and column."""
    parsed = check_qualtrics(
        text, identifiers=identifiers, name=name, anonymous=anonymous, source=source
    )
    return do_write_qualtrics(
        cohort, parsed, now, label=label, name=name, anonymous=anonymous, dry_run=dry_run
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
) -> QualtricsReport:
    """Write a checked export as a new wave of the cohort, in one transaction and in bulk."""
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


_RESPONSE_FIELDS = (
    "wave",
    "respondent",
    "record_id",
    "completion",
    "timestamps",
    "extra",
    "position",
    "status",
    "source",
)


def _respondents(cohort: Cohort, records: tuple[ix.Record, ...]) -> dict[str, int]:
    """Respondent ids by record id: the cohort's known ones, the others created in bulk."""
    known = set(Respondent.objects.filter(cohort=cohort).values_list("record_id", flat=True))
    new = dict.fromkeys(r.record_id for r in records if r.record_id not in known)
    bulk.RowWriter(Respondent, ("cohort", "record_id")).insert(
        (cohort.pk, record_id) for record_id in new
    )
    return dict(Respondent.objects.filter(cohort=cohort).values_list("record_id", "pk"))


def _write(cohort: Cohort, wave: Wave, records: tuple[ix.Record, ...], anonymous: bool) -> None:
    """A response per record and its answers, in bulk; the wave is new, so every response in it
    is one of these. An anonymous wave links no response to a respondent."""
    respondents = {} if anonymous else _respondents(cohort, records)
    json_text = bulk.JsonText()
    submitted, source = Response.Status.SUBMITTED.value, Response.Source.QUALTRICS.value
    bulk.RowWriter(Response, _RESPONSE_FIELDS).insert(
        (
            wave.pk,
            respondents.get(record.record_id),
            record.record_id,
            json_text({form: int(status) for form, status in record.completion.items()}),
            json_text(dict(record.timestamps)),
            json_text(dict(record.extra)),
            position,
            submitted,
            source,
        )
        for position, record in enumerate(records)
    )
    response_ids = dict(wave.responses.values_list("record_id", "pk"))
    items = dict(wave.instrument.items.values_list("variable", "pk"))
    bulk.RowWriter(Answer, ("response", "item", "value")).insert(
        (response_ids[record.record_id], items[variable], json_text(value))
        for record in records
        for variable, value in record.values.items()
    )
