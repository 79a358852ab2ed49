from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.views.decorators.http import require_GET

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
