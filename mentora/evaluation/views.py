from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from mentora.audit.record import Action, record
from mentora.core.forms import read_upload
from mentora.core.pagination import page_of
from mentora.core.text import plural
from mentora.core.uploads import UploadError
from mentora.evaluation.access import (
    ReportAccess,
    access_entry,
    access_report,
    access_scholarship,
)
from mentora.evaluation.actions import (
    ImportResult,
    do_add_entry,
    do_delete_entry,
    do_import_bibliography,
    do_import_entries_csv,
)
from mentora.evaluation.exports import CONTENT_TYPES, all_tables, downloads
from mentora.evaluation.exports import render as render_file
from mentora.evaluation.forms import (
    BibliographyForm,
    EntriesFileForm,
    EntryForm,
    ReportOptionsForm,
)
from mentora.evaluation.models import ScholarlyEntry
from mentora.evaluation.page import cohort_report, options_for, report_context
from mentora.evaluation.report_export import do_queue_report_file
from mentora.evaluation.reports import ReportOptions
from mentora.evaluation.scholarship_csv import ScholarshipFileError
from mentora.evaluation.stored import (
    Found,
    access_report_job,
    data_version,
    do_ask_for_report,
    needs_job,
    refresh_interval,
    stored_report,
)
from mentora.people.auth import AuthenticatedHttpRequest


def _found(request: AuthenticatedHttpRequest, access: ReportAccess,
           options: ReportOptions) -> Found:
    if needs_job(access.cohort):
        return stored_report(access.cohort, options, request.user)
    return Found(cohort_report(access.cohort, options))


def _waiting(request: AuthenticatedHttpRequest, access: ReportAccess, options: ReportOptions,
             found: Found) -> HttpResponse:
    """The job's progress; the page reloads itself (and so shows the result)."""
    job = found.job
    if job is None:  # not reached: stored_report returns a report or the job computing it
        raise Http404("No report")
    context = {
        "cohort": access.cohort,
        "identified": access.identified,
        "job": job,
        "progress_url": reverse("evaluation_report_job", args=[access.cohort.pk, job.pk]),
        "query": urlencode(options.query()),
    }
    return render(request, "evaluation/report_waiting.html", context, status=202)


@login_required
@require_safe
def report(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    access = access_report(request.user, cohort_id)
    options, problem = options_for(access.cohort, request.GET)
    found = _found(request, access, options)
    if found.report is None:
        return _waiting(request, access, options, found)
    context = report_context(found.report)
    context.update(
        cohort=access.cohort,
        identified=access.identified,
        form=ReportOptionsForm(initial=options.query() | {"publication": options.publication}),
        problem=problem,
        query=urlencode(options.query()),
        downloads=downloads(all_tables(found.report)),
        computed_at=found.computed_at,
        stale=found.stale,
        job=found.job if found.stale else None,
        progress_url=(reverse("evaluation_report_job", args=[access.cohort.pk, found.job.pk])
                      if found.stale and found.job is not None else ""),
        refresh_minutes=int(refresh_interval().total_seconds() // 60),
    )
    return render(request, "evaluation/report.html", context, status=400 if problem else 200)


@login_required
@require_safe
def download(
    request: AuthenticatedHttpRequest, cohort_id: int, fmt: str, table: int | None = None
) -> HttpResponse:
    access = access_report(request.user, cohort_id)
    options, _ = options_for(access.cohort, request.GET)
    if needs_job(access.cohort):  # written by a job: its page offers the file when ready
        job = do_queue_report_file(access.cohort, options, fmt, table, request.user)
        return redirect("export_job", job.pk)
    report = cohort_report(access.cohort, options)
    if table is not None and not 1 <= table <= len(all_tables(report)):
        raise Http404("No such table")
    body = render_file(report, fmt, table)
    name = f"cohort-{access.cohort.pk}-tables" + (f"-{table}" if table else "")
    record(Action.EXPORT, access.cohort, note=f"report {name}.{fmt}")
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
@require_POST
def compute_again(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    """After a failed job: ask for the report once more (same options, from the query)."""
    access = access_report(request.user, cohort_id)
    options, _ = options_for(access.cohort, request.GET)
    if needs_job(access.cohort):
        do_ask_for_report(access.cohort, options, data_version(access.cohort), request.user,
                          again=True)
    url = reverse("evaluation_report", args=[access.cohort.pk])
    return redirect(f"{url}?{urlencode(options.query())}")


@login_required
@require_safe
def report_job(request: AuthenticatedHttpRequest, cohort_id: int, job_id: int) -> JsonResponse:
    """The progress of a job computing this cohort's report, for everyone who reaches it."""
    access = access_report(request.user, cohort_id)
    job = access_report_job(access.cohort, job_id)
    response = JsonResponse(job.as_json())
    response["Cache-Control"] = "no-store"
    return response


def _entries_page(
    request: AuthenticatedHttpRequest, cohort_id: int, **forms: object
) -> HttpResponse:
    cohort = access_scholarship(request.user, cohort_id)
    context = {
        "cohort": cohort,
        "entries": page_of(
            request,
            ScholarlyEntry.objects.filter(person__enrolments__cohort=cohort)
            .select_related("person")
            .order_by("person__full_name", "-year", "kind", "title", "pk"),
        ),
        "entry_form": EntryForm(cohort=cohort),
        "file_form": EntriesFileForm(),
        "bib_form": BibliographyForm(cohort=cohort),
        "errors": [],
    }
    context.update(forms)
    status = 400 if context["errors"] or any(
        getattr(f, "errors", None) for f in forms.values()) else 200
    return render(request, "evaluation/scholarship.html", context, status=status)


@login_required
def scholarship(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    return _entries_page(request, cohort_id)


def _said(request: HttpRequest, result: ImportResult) -> None:
    for warning in result.warnings:
        messages.warning(request, warning)
    text = f"Added {plural(result.added, 'entry', 'entries')}"
    if result.already_recorded:
        text += f"; {plural(result.already_recorded, 'was', 'were')} already recorded"
    if result.not_counted:
        text += f"; {result.not_counted} of a kind Table 3 does not count were left out"
    messages.success(request, text + ".")


@login_required
@require_POST
def add_entry(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access_scholarship(request.user, cohort_id)
    form = EntryForm(request.POST, cohort=cohort)
    if not form.is_valid():
        return _entries_page(request, cohort_id, entry_form=form)
    data = form.cleaned_data
    entry = do_add_entry(data["person"], data["kind"], data["year"], data["title"],
                         venue=data["venue"], by=request.user, now=timezone.now())
    if entry is None:
        messages.info(request, "That entry was already recorded.")
    else:
        messages.success(request, f"Added “{entry.title}” for {entry.person}.")
    return redirect("evaluation_scholarship", cohort.pk)


@login_required
@require_POST
def import_csv(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access_scholarship(request.user, cohort_id)
    form = EntriesFileForm(request.POST, request.FILES)
    if not form.is_valid():
        return _entries_page(request, cohort_id, file_form=form)
    upload = form.cleaned_data["entries"]
    try:
        result = do_import_entries_csv(cohort, upload.read(), upload.name, by=request.user,
                                       now=timezone.now())
    except ScholarshipFileError as problem:
        return _entries_page(request, cohort_id, errors=problem.errors, file_form=form)
    _said(request, result)
    return redirect("evaluation_scholarship", cohort.pk)


@login_required
@require_POST
def import_bibliography(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access_scholarship(request.user, cohort_id)
    form = BibliographyForm(request.POST, request.FILES, cohort=cohort)
    if not form.is_valid():
        return _entries_page(request, cohort_id, bib_form=form)
    upload = form.cleaned_data["export"]
    try:
        guessed: list[str] = []  # read in a guessed encoding, said with the result
        text = read_upload(upload, save_as="a PubMed, BibTeX or RIS text file", warnings=guessed)
        result = do_import_bibliography(
            form.cleaned_data["person"], text, upload.name,
            other_as=form.cleaned_data["other_as"], by=request.user, now=timezone.now(),
        )
        result.warnings.extend(guessed)
    except UploadError as problem:
        return _entries_page(request, cohort_id, bib_form=form, errors=[str(problem)])
    except ScholarshipFileError as problem:
        return _entries_page(request, cohort_id, errors=problem.errors, bib_form=form)
    _said(request, result)
    return redirect("evaluation_scholarship", cohort.pk)


@login_required
@require_POST
def delete_entry(request: AuthenticatedHttpRequest, cohort_id: int, entry_id: int) -> HttpResponse:
    entry = access_entry(request.user, cohort_id, entry_id)
    do_delete_entry(entry)
    messages.success(request, f"Removed “{entry.title}”.")
    return redirect("evaluation_scholarship", cohort_id)
