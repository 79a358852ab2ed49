"""A large cohort's report tables (DOCX, XLSX, or one table as CSV) written by a job.

For a cohort whose report is computed by a job (more people enrolled than REPORT_TASK_ABOVE),
a download asks for a file job (mentora.jobs.exports) instead of rendering in the request: the
job takes the stored report when fresh (else computes it, and keeps it for the page), renders
the same bytes the direct download gives, and the page then offers the file to whoever asked,
while they still reach the cohort's report.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User

from mentora.evaluation.access import access_report
from mentora.evaluation.exports import CONTENT_TYPES, all_tables, render
from mentora.evaluation.reports import ReportOptions
from mentora.evaluation.stored import options_from, options_to_json, report_for_job
from mentora.jobs.exports import ExportAsk, do_queue_export
from mentora.jobs.models import Job
from mentora.jobs.queue import report_progress
from mentora.programs.models import Cohort


def file_name(cohort: Cohort, fmt: str, table: int | None) -> str:
    return f"cohort-{cohort.pk}-tables" + (f"-{table}" if table else "") + f".{fmt}"


def do_queue_report_file(cohort: Cohort, options: ReportOptions, fmt: str, table: int | None,
                         user: User) -> Job:
    ask = ExportAsk(
        produce="mentora.evaluation.report_export.produce_report_file",
        check="mentora.evaluation.report_export.may_have_report_file",
        args=(cohort.pk, options_to_json(options), fmt, table),
        filename=file_name(cohort, fmt, table), content_type=CONTENT_TYPES[fmt],
    )
    return do_queue_export(ask, user, cohort.program)


def produce_report_file(job: Job, cohort_id: int, options: dict[str, Any], fmt: str,
                        table: int | None) -> bytes:
    cohort = Cohort.objects.select_related("program").get(pk=cohort_id)
    report = report_for_job(job, cohort, options_from(options))
    count = len(all_tables(report))
    if table is not None and not 1 <= table <= count:
        raise ValueError(f"The report has {count} tables; there is no table {table}.")
    report_progress(job, 0.9, f"writing the {fmt.upper()} file")
    return render(report, fmt, table)


def may_have_report_file(user: User, cohort_id: int, options: dict[str, Any], fmt: str,
                         table: int | None) -> None:
    """Whoever still reaches the cohort's report (a 404 otherwise)."""
    access_report(user, cohort_id)
