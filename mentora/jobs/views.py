from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mentora.audit.record import Action, record
from mentora.jobs.exports import access_export, keep_for
from mentora.jobs.queue import access_job
from mentora.people.auth import AuthenticatedHttpRequest


@login_required
@require_GET
def job_progress(request: AuthenticatedHttpRequest, job_id: int) -> JsonResponse:
    """A job's state and progress, for a page that polls while it waits."""
    job = access_job(request.user, job_id)
    response = JsonResponse(job.as_json())
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def export_job(request: AuthenticatedHttpRequest, job_id: int) -> HttpResponse:
    """An export's progress, then its download link (its owner's only)."""
    export = access_export(request.user, job_id)
    context = {"export": export, "job": export.job,
               "keep_hours": int(keep_for().total_seconds() // 3600)}
    response = render(request, "jobs/export.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_GET
def export_file(request: AuthenticatedHttpRequest, job_id: int) -> FileResponse:
    """The export's file, for its owner while they may still have it and it is kept."""
    export = access_export(request.user, job_id)
    if not export.available:
        raise Http404("This export is not ready, or no longer kept: ask for it again.")
    record(Action.EXPORT, export.job, note=f"{export.filename} (written by a job)")
    response = FileResponse(export.path.open("rb"), as_attachment=True,
                            filename=export.filename, content_type=export.content_type)
    response["Cache-Control"] = "no-store"
    return response
