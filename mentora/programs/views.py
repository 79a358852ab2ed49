from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentora.core.forms import SafeForm, UploadField
from mentora.core.pagination import page_of
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.programs.access import access_cohort, access_program, programs_for
from mentora.programs.actions import do_enrol_participants, do_start_next_year, enrolment_counts
from mentora.programs.enrolment_csv import EnrolmentFileError
from mentora.programs.intake import (
    IntakeForm,
    IntakeLinkInvalid,
    do_confirm_intake,
    do_self_enrol,
    find_pending_intake,
)
from mentora.programs.models import Cohort, Enrolment


class UploadForm(SafeForm):
    participants = UploadField(
        label="Participants spreadsheet (CSV)",
        help_text="Columns: name, email, career_stage, role; optional capacity, department, "
        "site, specialty_interests, scholarly_interests, tier, mentor_trained, goals.",
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
    people = cohort.enrolments.select_related("person", "tier").order_by("person__full_name", "pk")
    pairs = cohort.mentorships.select_related("mentor", "mentee").order_by(
        "mentee__full_name", "role", "pk"
    )
    context = {
        "cohort": cohort,
        "enrolments": page_of(request, people, "people"),
        "mentorships": page_of(request, pairs, "pairs"),
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
        else:
            messages.success(
                request,
                f"Enrolled {result.enrolled} participants ({result.created_people} new, "
                f"{result.merged_people} already known, {result.already_enrolled} already in "
                f"this cohort); {len(result.invited)} invitations sent.",
            )
            return redirect("cohort", cohort.pk)
    return render(
        request,
        "programs/cohort_upload.html",
        {"cohort": cohort, "form": form, "errors": errors},
        status=400 if errors else 200,
    )


@login_required
@require_POST
def cohort_next_year(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access_cohort(request.user, cohort_id)
    if hasattr(cohort, "next"):
        messages.error(request, "The next academic year has already been started.")
        return redirect("cohort", cohort.pk)
    new = do_start_next_year(cohort, carry_over=request.POST.get("carry_over") == "on")
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
