"""REDCap and Qualtrics imports from the coordinator's pages: small ones at once, large ones on
the job queue.

A file of more than SURVEY_IMPORT_QUEUE_ROWS data rows is stored with the import
(`SurveyImport` and its files, in the database so that a worker on any machine reads it) and
imported by a job (`mentora.jobs`); the page follows the job's progress and then shows what was
imported, or every bad cell. Both paths run the same check and the same all-or-nothing write.

The job is safe to deliver twice: the write and the import's "done" are committed together,
so a delivery that finds the import finished does nothing, even when the worker that did it
died before the queue heard of it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from mentora.audit.record import Action, record
from mentora.core import forms as core_forms
from mentora.core.text import plural
from mentora.core.uploads import UploadError
from mentora.jobs.models import Job
from mentora.jobs.queue import enqueue, report_progress
from mentora.programs.models import Cohort
from mentora.surveys.interchange import QualtricsImport
from mentora.surveys.models import SurveyImport, SurveyImportFile
from mentora.surveys.qualtrics_import import check_qualtrics, do_write_qualtrics
from mentora.surveys.redcap import CheckedProject, ImportProblem, check_project, do_write_redcap

JOB_KIND = "surveys.import"
RUN = "mentora.surveys.imports.run_import_job"
ON_FAILURE = "mentora.surveys.imports.import_job_failed"
# A REDCap project's optional tables (mentora.surveys.interchange.project), by upload part.
TABLE_PARTS = ("arms", "mapping", "groups", "repeating")
# The file whose rows decide whether an import is large.
MAIN_PART = {SurveyImport.Kind.REDCAP: "records", SurveyImport.Kind.QUALTRICS: "export"}


@dataclass(frozen=True)
class Upload:
    """One uploaded file: its part of the import (dictionary, records, events, export), its
    name as the errors name it, and its text."""

    part: str
    name: str
    text: str


def read_upload(part: str, upload: Any, warnings: list[str] | None = None) -> Upload | None:
    """The text of an uploaded file (None when none was sent), in whatever encoding it came
    (mentora.core.uploads; a guessed one is named in `warnings`); ImportProblem for a file
    that is not text."""
    if not upload:
        return None
    try:
        text = core_forms.read_upload(upload, warnings=warnings)
    except UploadError as error:
        raise ImportProblem([str(error)]) from None
    return Upload(part, upload.name, text)


def data_rows(text: str) -> int:
    """Rows of a CSV file after its header (a line break inside quotes is one row); rows may
    end with CR LF, LF or CR. A file the csv module cannot read counts as small: its check
    names what is wrong."""
    try:
        return max(0, sum(1 for _ in csv.reader(io.StringIO(text, newline=""))) - 1)
    except csv.Error:
        return 0


def queue_above() -> int:
    """Imports with more data rows than this run on the job queue."""
    return int(settings.SURVEY_IMPORT_QUEUE_ROWS)


def is_large(kind: str, uploads: Mapping[str, Upload]) -> bool:
    return data_rows(uploads[MAIN_PART[SurveyImport.Kind(kind)]].text) > queue_above()


Checked = CheckedProject | QualtricsImport


def check(kind: str, uploads: Mapping[str, Upload], options: Mapping[str, Any]) -> Checked:
    """Read and check the files, writing nothing; ImportProblem names every bad cell."""
    if kind == SurveyImport.Kind.REDCAP:
        events = uploads.get("events")
        tables = {part: uploads[part] for part in TABLE_PARTS if part in uploads}
        return check_project(
            uploads["dictionary"].text,
            uploads["records"].text,
            events.text if events else None,
            name=options["name"],
            sources=(
                uploads["dictionary"].name,
                uploads["records"].name,
                events.name if events else "events",
            ),
            metadata={part: upload.text for part, upload in tables.items()},
            metadata_sources={part: upload.name for part, upload in tables.items()},
            types=options.get("types"),
            match_on=options.get("match_on", ""),
        )
    return check_qualtrics(
        uploads["export"].text,
        identifiers=options["identifiers"],
        name=options["name"],
        anonymous=options["anonymous"],
        source=uploads["export"].name,
    )


def write(
    cohort: Cohort, kind: str, checked: Checked, options: Mapping[str, Any], now: datetime
) -> str:
    """Write checked files into the cohort (one transaction); returns what was imported."""
    if isinstance(checked, CheckedProject):
        report = do_write_redcap(
            cohort,
            checked,
            now,
            dry_run=options.get("dry_run", False),
            into=bool(options.get("into")),
        )
        return report.summary()
    written = do_write_qualtrics(
        cohort,
        checked,
        now,
        label=options["label"],
        name=options["name"],
        anonymous=options["anonymous"],
        into=bool(options.get("into")),
    )
    return f"Imported {written.summary()}"


def do_import_now(
    cohort: Cohort,
    kind: str,
    uploads: Mapping[str, Upload],
    options: Mapping[str, Any],
    now: datetime,
) -> str:
    """A small import, in the request: ImportProblem names every bad cell."""
    return write(cohort, kind, check(kind, uploads, options), options, now)


def do_queue_import(
    cohort: Cohort,
    kind: str,
    uploads: Mapping[str, Upload],
    options: Mapping[str, Any],
    user: User,
    now: datetime,
) -> SurveyImport:
    """Store the files and hand the import to the job queue; both or neither are written."""
    main = uploads[MAIN_PART[SurveyImport.Kind(kind)]]
    with transaction.atomic():
        survey_import = SurveyImport.objects.create(
            cohort=cohort,
            kind=kind,
            options=dict(options),
            rows=data_rows(main.text),
            created_by=user,
            created_at=now,
        )
        SurveyImportFile.objects.bulk_create(
            SurveyImportFile(survey_import=survey_import, part=u.part, name=u.name, text=u.text)
            for u in uploads.values()
        )
        job = enqueue(
            JOB_KIND,
            RUN,
            survey_import.pk,
            owner=user,
            subject=survey_import.pk,
            on_failure=ON_FAILURE,
            program=cohort.program,
        )
        SurveyImport.objects.filter(pk=survey_import.pk).update(job=job)
        record(Action.CREATE, survey_import, by=user, note=f"{kind} files stored for a job")
    survey_import.refresh_from_db()
    return survey_import


def run_import_job(job: Job, import_id: int) -> str:
    """The job: check the stored files, then write them and mark the import done together."""
    survey_import = SurveyImport.objects.filter(pk=import_id).select_related("cohort").first()
    if survey_import is None:
        return "the import was deleted"
    if survey_import.finished:
        return _outcome(survey_import)  # delivered again: it ran already
    uploads = {
        f.part: Upload(f.part, f.name, f.text) for f in survey_import.files.all()
    }
    rows = f"{survey_import.rows:,} rows"
    report_progress(job, 0.05, f"checking every cell of {rows}")
    try:
        checked = check(survey_import.kind, uploads, survey_import.options)
    except ImportProblem as problem:
        return finish(import_id, SurveyImport.State.FAILED, problems=problem.problems)
    report_progress(job, 0.4, f"all {rows} are good; writing them (nothing shows until all are in)")
    with transaction.atomic():
        locked = SurveyImport.objects.select_for_update().get(pk=import_id)
        if locked.finished:
            return _outcome(locked)
        summary = write(
            survey_import.cohort, locked.kind, checked, locked.options, locked.created_at
        )
        return finish(import_id, SurveyImport.State.DONE, summary=summary)


def import_job_failed(job: Job, reason: str) -> None:
    """on_failure of the job (it stopped, timed out or ran out of attempts): nothing was
    imported, and the page says why."""
    import_id = int(job.args[0])
    finish(import_id, SurveyImport.State.FAILED, problems=[
        f"The import stopped before it finished, so nothing was imported: {reason}"
    ])


def finish(
    import_id: int, state: str, *, summary: str = "", problems: list[str] | None = None
) -> str:
    """Record the outcome of a waiting import (only once) and drop its stored files."""
    with transaction.atomic():
        survey_import = SurveyImport.objects.select_for_update().get(pk=import_id)
        if survey_import.finished:
            return _outcome(survey_import)
        survey_import.state, survey_import.summary = state, summary
        survey_import.problems = problems or []
        survey_import.finished_at = timezone.now()
        survey_import.save(update_fields=["state", "summary", "problems", "finished_at"])
        survey_import.files.all().delete()
    return _outcome(survey_import)


def _outcome(survey_import: SurveyImport) -> str:
    if survey_import.state == SurveyImport.State.DONE:
        return survey_import.summary
    count = len(survey_import.problems)
    return f"nothing imported: {plural(count, 'problem', 'problems')}"
