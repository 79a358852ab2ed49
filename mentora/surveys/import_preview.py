"""A REDCap import previewed on the page before it is written, and written as the preview showed.

"Only check the files" stores the upload (a `SurveyImport` whose options say `preview`, no job
yet) and shows, on the import's page, what would be written: the rows added, updated and left,
the type of every item (with a choice where an item may be Likert or single choice), who each
record is and the field that says so, and the values kept with a warning. "Import" writes the
stored files with the types and field chosen there: the same check and write as every import,
at once, or on the job queue when the file is large.

A preview nobody imports does not keep its files (a project's records, often with names and
emails) for ever: `expire_previews` (an hourly schedule) deletes them PREVIEWS_KEEP_DAYS after the
upload, and the import's page then says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from mentora.audit.record import Action, record
from mentora.jobs.queue import enqueue
from mentora.programs.models import Cohort
from mentora.surveys import imports
from mentora.surveys.forms import ItemTypesForm
from mentora.surveys.models import SurveyImport, SurveyImportFile
from mentora.surveys.preview import TypeRow, type_rows, warning_lines
from mentora.surveys.problems import ImportProblem
from mentora.surveys.redcap import CheckedProject, do_write_redcap

PREVIEW = "preview"
_EMAIL_FIELDS = ("", "Every field validated as email (or an email record id)")


def is_preview(survey_import: SurveyImport) -> bool:
    return bool(survey_import.options.get(PREVIEW)) and not survey_import.finished


def do_store_preview(
    cohort: Cohort,
    uploads: Mapping[str, imports.Upload],
    options: Mapping[str, Any],
    user: User,
    now: datetime,
) -> SurveyImport:
    """Keep the uploaded files for their preview; nothing is imported yet."""
    main = uploads[imports.MAIN_PART[SurveyImport.Kind.REDCAP]]
    with transaction.atomic():
        survey_import = SurveyImport.objects.create(
            cohort=cohort,
            kind=SurveyImport.Kind.REDCAP,
            options={**options, "dry_run": False, PREVIEW: True},
            rows=imports.data_rows(main.text),
            created_by=user,
            created_at=now,
        )
        SurveyImportFile.objects.bulk_create(
            SurveyImportFile(survey_import=survey_import, part=u.part, name=u.name, text=u.text)
            for u in uploads.values()
        )
        record(Action.CREATE, survey_import, by=user, note="REDCap files stored for a preview")
    return survey_import


def expired_problem(days: int) -> str:
    return (
        f"Nothing was imported: the files were deleted {days} days after their upload, as "
        "previews nobody imports are. Upload them again to import them."
    )


def expire_previews(now: datetime) -> int:
    """Delete the files of previews not imported within PREVIEWS_KEEP_DAYS; returns how many.
    A preview whose import was asked for (queued or written) is not a preview any more."""
    days = int(getattr(settings, "PREVIEWS_KEEP_DAYS", 7))
    stale = SurveyImport.objects.filter(
        state=SurveyImport.State.WAITING,
        job__isnull=True,
        options__preview=True,
        created_at__lt=now - timedelta(days=days),
    )
    expired = 0
    for pk in stale.values_list("pk", flat=True).order_by("pk"):
        with transaction.atomic():
            locked = SurveyImport.objects.select_for_update().filter(pk=pk).first()
            if locked is None or not is_preview(locked):
                continue  # imported or stopped since it was read
            imports.finish(pk, SurveyImport.State.FAILED, problems=[expired_problem(days)])
            record(
                Action.UPDATE, locked, fields=["state", "files"],
                note=f"preview files deleted after {days} days unused",
            )
            expired += 1
    return expired


def _uploads(survey_import: SurveyImport) -> dict[str, imports.Upload]:
    return {f.part: imports.Upload(f.part, f.name, f.text) for f in survey_import.files.all()}


@dataclass
class Preview:
    """What the stored files would write, or every problem that stops them."""

    summary: str = ""
    types: list[TypeRow] = field(default_factory=list)
    linking: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    text_fields: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def preview(survey_import: SurveyImport, options: Mapping[str, Any] | None = None) -> Preview:
    """Check the stored files with the options chosen so far and write them in a transaction
    that is rolled back, to say what the write would do."""
    chosen = {**survey_import.options, **(options or {})}
    try:
        checked = imports.check(survey_import.kind, _uploads(survey_import), chosen)
        if not isinstance(checked, CheckedProject):
            return Preview(problems=["Only a REDCap import is previewed."])
        report = do_write_redcap(
            survey_import.cohort, checked, timezone.now(), dry_run=True,
            into=bool(chosen.get("into")),
        )
    except ImportProblem as problem:
        return Preview(problems=problem.problems)
    definition = checked.definition
    return Preview(
        summary=report.summary(),
        types=type_rows(definition),
        linking=report.linking.lines(),
        warnings=warning_lines(report.warnings),
        text_fields=[
            item.variable for item in definition.items if item.type.value in ("text", "notes")
        ],
    )


class PreviewForm(ItemTypesForm):
    """The choices of the preview: the field that says who a record is, and a type for each
    item (or matrix group) that may be Likert or single choice."""

    match_on = forms.ChoiceField(
        label="Link records to people by", required=False,
        help_text="The email a record gives is matched with the people enrolled in the cohort.",
    )

    def __init__(self, *args: Any, found: Preview, **kwargs: Any) -> None:
        super().__init__(*args, rows=found.types, **kwargs)
        match_on = self.fields["match_on"]
        assert isinstance(match_on, forms.ChoiceField)
        match_on.choices = [_EMAIL_FIELDS, *((name, name) for name in found.text_fields)]


def do_confirm_preview(
    survey_import: SurveyImport, types: Mapping[str, str], match_on: str, user: User,
    now: datetime,
) -> str:
    """Write the previewed import with the choices made (at once, or on the job queue when it
    is large); ImportProblem when it cannot be written."""
    with transaction.atomic():
        locked = SurveyImport.objects.select_for_update().get(pk=survey_import.pk)
        if not is_preview(locked):
            raise ImportProblem(["This import was written or stopped already."])
        options = {**locked.options, "types": dict(types), "match_on": match_on, PREVIEW: False}
        locked.options = options
        locked.save(update_fields=["options"])
        uploads = _uploads(locked)
        if imports.is_large(locked.kind, uploads):
            job = enqueue(
                imports.JOB_KIND, imports.RUN, locked.pk, owner=user, subject=locked.pk,
                on_failure=imports.ON_FAILURE, program=locked.cohort.program,
            )
            SurveyImport.objects.filter(pk=locked.pk).update(job=job)
            return "queued"
        checked = imports.check(locked.kind, uploads, options)
        summary = imports.write(locked.cohort, locked.kind, checked, options, now)
        imports.finish(locked.pk, SurveyImport.State.DONE, summary=summary)
        return summary
