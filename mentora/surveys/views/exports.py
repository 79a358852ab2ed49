"""Exports: a cohort's answers in the reader's tier (a job when large), an instrument's data
dictionary."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone

from mentora.audit.record import Action, record
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.programs.access import access_cohort
from mentora.programs.models import Cohort, ProgramCoordinator, live_on
from mentora.surveys import export_jobs
from mentora.surveys.access import access_instrument
from mentora.surveys.interchange.tiers import ExportTier
from mentora.surveys.redcap import (
    ExportProblem,
    cohort_instruments,
    export_redcap,
    instrument_dictionary,
)


def export_tier(user: User, cohort: Cohort) -> ExportTier:
    """The export right of the user's live coordinator role in the cohort's program: full for a
    site admin, none without a role."""
    if user.is_superuser:
        return ExportTier.FULL
    role = (
        ProgramCoordinator.objects.filter(program=cohort.program, user=user)
        .filter(live_on(timezone.localdate()))
        .values_list("export_right", flat=True)
        .first()
    )
    return ExportTier(role) if role else ExportTier.NONE


def _csv(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def export_cohort(
    request: AuthenticatedHttpRequest, cohort_id: int, instrument: str, part: str
) -> HttpResponse:
    cohort = access_cohort(request.user, cohort_id)
    if instrument not in cohort_instruments(cohort):
        raise Http404("No such instrument in this cohort")
    tier = export_tier(request.user, cohort)
    if tier is ExportTier.NONE:
        raise PermissionDenied("Your role in this program has no right to export answers.")
    if export_jobs.is_large(cohort):  # written by a job: its page offers the file when ready
        shift = request.GET.get("shift") == "1"
        job = export_jobs.do_queue_survey_export(
            cohort, instrument, part, tier, shift, request.user
        )
        return redirect("export_job", job.pk)
    try:
        shift = request.GET.get("shift") == "1"
        export = export_redcap(cohort, instrument, tier, shift_dates=shift)
    except ExportProblem as problem:
        messages.error(request, str(problem))
        return redirect("cohort_surveys", cohort.pk)
    text = {
        "dictionary": export.dictionary,
        "records": export.records,
        "events": export.events,
        **export.tables,
    }
    if text.get(part) is None:
        raise Http404("No such part")
    record(
        Action.EXPORT,
        cohort,
        note=f"survey {instrument} {part}, tier {tier.value}"
        + (", dates shifted" if shift else ""),
    )
    return _csv(text[part] or "", f"{instrument}_{part}.csv")


@login_required
def instrument_export(request: AuthenticatedHttpRequest, instrument_id: int) -> HttpResponse:
    instrument = access_instrument(request.user, instrument_id)
    return _csv(instrument_dictionary(instrument), f"{instrument.name}_v{instrument.version}.csv")
