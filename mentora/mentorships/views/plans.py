"""Individual development plans: write, share, review, export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from mentora.audit.record import Action, record
from mentora.mentorships.access import access_mentorship, access_plan
from mentora.mentorships.actions import (
    PlanError,
    do_review_plan,
    do_share_plan,
    do_start_plan,
    do_write_plan,
)
from mentora.mentorships.actions.plans import plan_mentors
from mentora.mentorships.exports import plan_docx, plan_pdf
from mentora.mentorships.forms import PlanForm, ReviewPlanForm, SharePlanForm, StartPlanForm
from mentora.mentorships.models import DevelopmentPlan
from mentora.people.access import access_me
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.people.roles import person_of


@login_required
@require_http_methods(["GET", "POST"])
def start_plan(request: AuthenticatedHttpRequest, mentorship_id: int) -> HttpResponse:
    """The mentee opens this cycle's plan, choosing the full or the over-lunch template."""
    pair = access_mentorship(request.user, mentorship_id)
    me = access_me(request.user)
    if me.pk != pair.mentee_id:
        raise Http404("No such plan")
    existing = DevelopmentPlan.objects.filter(mentee=me, cohort=pair.cohort).first()
    if existing:
        return redirect(existing)
    form = StartPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        plan = do_start_plan(me, pair.cohort, form.cleaned_data["kind"], timezone.now())
        return redirect(plan)
    return render(request, "mentorships/plan_start.html", {"pair": pair, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = access_plan(request.user, plan_id)
    me = person_of(request.user)
    owner = me is not None and me.pk == plan.mentee_id
    form = PlanForm(request.POST or None, plan=plan) if owner else None
    share_form = SharePlanForm(
        request.POST or None, initial={"with_coordinators": plan.shared_with_coordinators}
    )
    if request.method == "POST":
        if form is None or me is None:
            raise Http404("No such plan")
        if form.is_valid() and share_form.is_valid():
            # One form: sharing saves what is written first, so no typed text is lost.
            do_write_plan(plan, form.cleaned_data, me, timezone.now())
            if "share" in request.POST:
                _share(request, plan, share_form.cleaned_data["with_coordinators"])
            else:
                messages.success(request, "Plan saved.")
            return redirect(plan)
    reviewer = me is not None and me.pk in plan_mentors(plan)
    return render(
        request,
        "mentorships/plan.html",
        {
            "plan": plan,
            "form": form,
            "owner": owner,
            "share_form": share_form,
            "review_form": ReviewPlanForm(initial={"comments": plan.mentor_comments})
            if reviewer and plan.status != DevelopmentPlan.Status.DRAFT
            else None,
            "goals": plan.goals.prefetch_related("progress"),  # each shows its measure
        },
    )


@login_required
@require_POST
def share_plan(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = access_plan(request.user, plan_id)
    form = SharePlanForm(request.POST)
    form.is_valid()
    _share(request, plan, form.cleaned_data.get("with_coordinators", False))
    return redirect(plan)


def _share(request: AuthenticatedHttpRequest, plan: DevelopmentPlan, coordinators: bool) -> None:
    try:
        do_share_plan(plan, access_me(request.user), timezone.now(),
                      with_coordinators=coordinators)
    except PlanError as error:
        messages.error(request, f"Plan saved, but not shared: {error}")
    else:
        messages.success(request, "Plan saved. Your mentors can now read it.")


@login_required
@require_POST
def review_plan(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = access_plan(request.user, plan_id)
    form = ReviewPlanForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Write your comments before signing off.")
        return redirect(plan)
    try:
        do_review_plan(plan, access_me(request.user), form.cleaned_data["comments"], timezone.now())
    except PlanError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Plan reviewed and signed off.")
    return redirect(plan)


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def plan_export(request: AuthenticatedHttpRequest, plan_id: int, fmt: str) -> HttpResponse:
    plan = access_plan(request.user, plan_id)
    name = f"development-plan-{plan.cohort.academic_year}.{fmt}"
    if fmt in ("docx", "pdf"):
        record(Action.EXPORT, plan, note=f"downloaded as {fmt}")
    if fmt == "docx":
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        return _download(plan_docx(plan), mime, name)
    if fmt == "pdf":
        return _download(plan_pdf(plan), "application/pdf", name)
    raise Http404("No such format")
