"""A large cohort's survey export (REDCap dictionary, records or events) written by a job.

The view asks for it when the cohort has more people enrolled than EXPORT_TASK_ABOVE
(mentora.jobs.exports); the file is the same as the direct download's, computed with the export
right the coordinator held when asking, and downloadable only while they still hold that right.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.http import Http404

from mentora.jobs.exports import ExportAsk, do_queue_export, is_large
from mentora.jobs.models import Job
from mentora.jobs.queue import report_progress
from mentora.programs.access import access_cohort
from mentora.programs.models import Cohort
from mentora.surveys.interchange.tiers import ExportTier
from mentora.surveys.redcap import ExportProblem, export_redcap

CSV = "text/csv; charset=utf-8"
__all__ = ["do_queue_survey_export", "is_large", "may_have_survey_export",
           "produce_survey_export"]


def do_queue_survey_export(cohort: Cohort, instrument: str, part: str, tier: ExportTier,
                           shift_dates: bool, user: User) -> Job:
    ask = ExportAsk(
        produce="mentora.surveys.export_jobs.produce_survey_export",
        check="mentora.surveys.export_jobs.may_have_survey_export",
        args=(cohort.pk, instrument, part, tier.value, shift_dates),
        filename=f"{instrument}_{part}.csv", content_type=CSV,
    )
    return do_queue_export(ask, user, cohort.program)


def produce_survey_export(job: Job, cohort_id: int, instrument: str, part: str, tier: str,
                          shift_dates: bool) -> bytes:
    cohort = Cohort.objects.get(pk=cohort_id)
    report_progress(job, 0.05, f"reading the answers to {instrument}")
    export = export_redcap(cohort, instrument, ExportTier(tier), shift_dates=shift_dates)
    text = {"dictionary": export.dictionary, "records": export.records,
            "events": export.events, **export.tables}.get(part)
    if text is None:
        raise ExportProblem(f"{instrument} has no {part} to export.")
    report_progress(job, 0.9, f"writing {instrument}_{part}.csv")
    return text.encode("utf-8")


def may_have_survey_export(user: User, cohort_id: int, instrument: str, part: str, tier: str,
                           shift_dates: bool) -> None:
    """Still a coordinator of the cohort's program, with the same export right as when asked."""
    from mentora.surveys.views.exports import export_tier

    cohort = access_cohort(user, cohort_id)
    if export_tier(user, cohort).value != tier:
        raise Http404("No such export")
