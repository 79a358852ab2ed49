"""Imports of REDCap and Qualtrics files: run now, queued when large, or previewed first and
confirmed; a queued import's page."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentora.people.auth import AuthenticatedHttpRequest
from mentora.programs.access import access_cohort
from mentora.programs.models import Cohort
from mentora.surveys import import_preview, imports
from mentora.surveys.access import access_survey_import
from mentora.surveys.forms import QualtricsImportForm, RedcapImportForm
from mentora.surveys.models import SurveyImport
from mentora.surveys.projects import cohort_projects, free_name
from mentora.surveys.redcap import ImportProblem
from mentora.surveys.views.cohort import cohort_page

# The uploaded files of each import form, and the other fields the import reads.
_PARTS = {
    SurveyImport.Kind.REDCAP: ("dictionary", "records", "events", *imports.TABLE_PARTS),
    SurveyImport.Kind.QUALTRICS: ("export",),
}
_OPTIONS = {
    SurveyImport.Kind.REDCAP: ("name", "into", "dry_run"),
    SurveyImport.Kind.QUALTRICS: ("identifiers", "label", "name", "into", "anonymous"),
}
# The file a new project is named after when no name is given.
_NAMED_AFTER = {SurveyImport.Kind.REDCAP: "dictionary", SurveyImport.Kind.QUALTRICS: "export"}


def _import(
    request: AuthenticatedHttpRequest,
    cohort: Cohort,
    form_key: str,
    form: Form,
    kind: SurveyImport.Kind,
) -> HttpResponse:
    """Runs one import from a valid form, or queues it when the file is large; the cohort page
    with what went wrong otherwise."""
    if not form.is_valid():
        return cohort_page(request, cohort, status=400, **{form_key: form})
    data = form.cleaned_data
    options = {name: data[name] for name in _OPTIONS[kind]}
    now = timezone.now()
    guessed: list[str] = []  # files read in a guessed encoding, said on the page
    try:
        uploads = {
            upload.part: upload
            for part in _PARTS[kind]
            if (upload := imports.read_upload(part, data[part], guessed)) is not None
        }
        for warning in guessed:
            messages.warning(request, warning)
        named_after = PurePath(uploads[_NAMED_AFTER[kind]].name).stem
        options["name"] = data["into"] or data["name"] or free_name(named_after, kind)
        options["into"] = bool(data["into"])
        if kind == SurveyImport.Kind.REDCAP and options.get("dry_run"):
            previewed = import_preview.do_store_preview(cohort, uploads, options, request.user, now)
            found = import_preview.preview(previewed)
            if found.problems:
                raise ImportProblem(found.problems)
            messages.info(request, found.summary)
            return redirect(previewed)
        if imports.is_large(kind, uploads):
            queued = imports.do_queue_import(cohort, kind, uploads, options, request.user, now)
            return redirect(queued)
        summary = imports.do_import_now(cohort, kind, uploads, options, now)
    except ImportProblem as problem:
        return cohort_page(
            request, cohort, status=400, import_errors=problem.problems, **{form_key: form}
        )
    messages.success(request, summary)
    return redirect("cohort_surveys", cohort.pk)


@login_required
@require_POST
def import_redcap(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access_cohort(request.user, cohort_id)
    form = RedcapImportForm(request.POST, request.FILES, projects=cohort_projects(cohort, "redcap"))
    return _import(request, cohort, "redcap_form", form, SurveyImport.Kind.REDCAP)


@login_required
@require_POST
def import_qualtrics(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access_cohort(request.user, cohort_id)
    form = QualtricsImportForm(
        request.POST, request.FILES, projects=cohort_projects(cohort, "qualtrics")
    )
    return _import(request, cohort, "qualtrics_form", form, SurveyImport.Kind.QUALTRICS)


@login_required
def survey_import(request: AuthenticatedHttpRequest, import_id: int) -> HttpResponse:
    """A queued import: its job's progress while it runs, then what it imported or every
    problem it found."""
    queued = access_survey_import(request.user, import_id)
    if import_preview.is_preview(queued):
        return _preview_page(request, queued)
    context = {"survey_import": queued, "cohort": queued.cohort, "job": queued.job}
    return render(request, "surveys/import.html", context)


def _preview_page(
    request: HttpRequest,
    survey_import: SurveyImport,
    form: import_preview.PreviewForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """What a previewed import would write, with the types and the linking field to choose."""
    options = {}
    if form is not None and form.is_valid():
        options = {"types": form.types(), "match_on": form.cleaned_data["match_on"]}
    found = import_preview.preview(survey_import, options)
    context = {
        "survey_import": survey_import,
        "cohort": survey_import.cohort,
        "found": found,
        "form": form or import_preview.PreviewForm(found=found),
    }
    return render(request, "surveys/import_preview.html", context, status=status)


@login_required
@require_POST
def confirm_import(request: AuthenticatedHttpRequest, import_id: int) -> HttpResponse:
    """Write a previewed import as its preview showed it, or show it again with the choices
    made ("Preview again")."""
    previewed = access_survey_import(request.user, import_id)
    if not import_preview.is_preview(previewed):
        return redirect(previewed)
    found = import_preview.preview(previewed)
    form = import_preview.PreviewForm(request.POST, found=found)
    if not form.is_valid() or "again" in request.POST:
        return _preview_page(request, previewed, form, status=200 if form.is_valid() else 400)
    try:
        summary = import_preview.do_confirm_preview(
            previewed, form.types(), form.cleaned_data["match_on"], request.user, timezone.now()
        )
    except ImportProblem as problem:
        messages.error(request, " ".join(problem.problems[:3]))
        return redirect(previewed)
    if summary == "queued":
        return redirect(previewed)
    messages.success(request, summary)
    return redirect("cohort_surveys", previewed.cohort_id)
