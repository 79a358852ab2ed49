from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from mentora.core.forms import SafeForm, UploadField
from mentora.core.pagination import page_of
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.programs.access import access_cohort, access_program, programs_for
from mentora.programs.actions import (
    do_enrol_participants,
    do_start_next_year,
    enrolment_counts,
    next_year_plan,
)
from mentora.programs.blocks import block_rows
from mentora.programs.enrolment_csv import EnrolmentFileError
from mentora.programs.enrolment_template import template_csv, template_xlsx
from mentora.programs.intake import (
    IntakeForm,
    IntakeLinkInvalid,
    do_confirm_intake,
    do_self_enrol,
    find_pending_intake,
)
from mentora.programs.models import Cohort, Enrolment

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(SafeForm):
    participants = UploadField(
        label="Participants spreadsheet (Excel .xlsx or CSV)",
        help_text="Columns: name, email, career_stage, role; optional capacity, department, "
        "site, specialty_interests, scholarly_interests, tier, block, mentor_trained, goals, "
        "communication_style, and demographics (gender, underrepresented, first_generation, "
        "rural_background, race_ethnicity, ...).",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt,text/csv"}),
    )


@login_required
def program_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    programs = programs_for(request.user).annotate(cohort_count=Count("cohorts"))
    pages = page_of(request, programs.order_by("name", "pk"))
    return render(request, "programs/program_list.html", {"programs": pages})


@login_required
def program(request: AuthenticatedHttpRequest, program_id: int) -> HttpResponse:
    program = access_program(request.user, program_id)
    pages = page_of(request, program.cohorts.order_by("-starts_on", "pk"))
    counts = enrolment_counts(Enrolment.objects.filter(cohort__in=list(pages)))
    cohorts = [(cohort, counts.get(cohort.pk, {})) for cohort in pages]
    context = {"program": program, "cohorts": cohorts, "pages": pages}
    return render(request, "programs/program.html", context)


@login_required
def cohort(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access_cohort(request.user, cohort_id)
    # Grouped by block (people in none last), as the blocks table above them.
    people = cohort.enrolments.select_related("person", "tier", "block").order_by(
        F("block__starts_on").asc(nulls_last=True), "person__full_name", "pk"
    )
    pairs = cohort.mentorships.select_related("mentor", "mentee").order_by(
        "mentee__full_name", "role", "pk"
    )
    context = {
        "cohort": cohort,
        "enrolments": page_of(request, people, "people"),
        "mentorships": page_of(request, pairs, "pairs"),
        "blocks": block_rows(cohort),
    }
    return render(request, "programs/cohort.html", context)


@login_required
def cohort_upload(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access_cohort(request.user, cohort_id)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[object] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["participants"]
        try:
            result = do_enrol_participants(cohort, upload.read(), upload.name, timezone.now())
        except EnrolmentFileError as problem:
            errors = list(problem.errors)
            warnings = problem.warnings
        else:
            warnings = result.warnings
            messages.success(request, result.summary())
        for warning in warnings:
            messages.warning(request, warning)
        if not errors:
            return redirect("cohort", cohort.pk)
    return render(
        request,
        "programs/cohort_upload.html",
        {"cohort": cohort, "form": form, "errors": errors},
        status=400 if errors else 200,
    )


@login_required
@require_safe
def cohort_enrol_template(
    request: AuthenticatedHttpRequest, cohort_id: int, fmt: str
) -> HttpResponse:
    """The participants spreadsheet to fill in (CSV or XLSX), with this program's tiers."""
    cohort = access_cohort(request.user, cohort_id)
    tiers = list(cohort.program.tiers.order_by("pk").values_list("name", flat=True))
    if fmt == "xlsx":
        blocks = list(cohort.blocks.order_by("starts_on").values_list("name", flat=True))
        body, content_type = template_xlsx(tiers, blocks), XLSX_TYPE
    elif fmt == "csv":
        body, content_type = template_csv(tiers), "text/csv; charset=utf-8"
    else:
        raise Http404("No such template")
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="participants-template.{fmt}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def cohort_next_year(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    """What the next year will change, then (once confirmed) the change itself."""
    cohort = access_cohort(request.user, cohort_id)
    if hasattr(cohort, "next"):
        messages.error(request, "The next academic year has already been started.")
        return redirect("cohort", cohort.pk)
    data = request.POST if request.method == "POST" else request.GET
    carry_over = data.get("carry_over") == "on"
    if request.method != "POST" or data.get("confirm") != "yes":
        plan = next_year_plan(cohort, carry_over)
        context = {"cohort": cohort, "plan": plan, "carry_over": carry_over}
        return render(request, "programs/cohort_next_year.html", context)
    new = do_start_next_year(cohort, carry_over=carry_over)
    messages.success(request, f"Opened {new}; trainees moved up one career stage.")
    return redirect("cohort", new.pk)


def intake(request: HttpRequest, cohort_id: int) -> HttpResponse:
    """The public self-enrolment form; only cohorts whose intake is open answer."""
    cohort = get_object_or_404(
        Cohort.objects.select_related("program"), pk=cohort_id, intake_open=True
    )
    form = IntakeForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        do_self_enrol(cohort, form.cleaned_data, timezone.now())
        return render(request, "programs/intake_done.html", {"cohort": cohort})
    return render(request, "programs/intake.html", {"cohort": cohort, "form": form})


def intake_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The single-use link mailed to a known email: shows what it confirms; POST applies it."""
    now = timezone.now()
    try:
        if request.method == "POST":
            enrolment = do_confirm_intake(token, now)
            return render(
                request, "programs/intake_confirmed.html", {"cohort": enrolment.cohort}
            )
        pending = find_pending_intake(token, now)
    except IntakeLinkInvalid as error:
        return render(
            request, "programs/intake_link_invalid.html", {"message": str(error)}, status=410
        )
    return render(request, "programs/intake_confirm.html", {"cohort": pending.cohort})
