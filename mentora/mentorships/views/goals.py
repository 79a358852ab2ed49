"""Goals (SMART and GROW), their progress, and action items."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from mentora.core.text import whole_number
from mentora.mentorships.access import access_action_item, access_goal, access_pair
from mentora.mentorships.actions import (
    EditConflict,
    do_add_action_item,
    do_mark_action_item,
    do_record_progress,
    do_set_goal,
    do_set_goal_status,
)
from mentora.mentorships.forms import ActionItemForm, GoalForm, ProgressForm
from mentora.mentorships.models import ActionItem, DevelopmentPlan, Goal, Mentorship
from mentora.people.access import access_me
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.people.models import Person


def _save_goal(form: GoalForm, pair: Mentorship, me: Person, goal: Goal | None) -> Goal:
    data = dict(form.cleaned_data)
    competencies = list(data.pop("competencies"))
    in_plan = data.pop("in_plan")
    data.pop("version", None)
    data["plan"] = (
        DevelopmentPlan.objects.filter(mentee=pair.mentee, cohort=pair.cohort).first()
        if in_plan
        else None
    )
    version = form.cleaned_data.get("version") if goal is not None else None
    return do_set_goal(pair, me, timezone.now(), competencies=competencies, goal=goal,
                       version=version, **data)


@login_required
@require_http_methods(["GET", "POST"])
def new_goal(request: AuthenticatedHttpRequest, mentorship_id: int) -> HttpResponse:
    pair = access_pair(request.user, mentorship_id)
    form = GoalForm(request.POST or None, program=pair.cohort.program)
    if request.method == "POST" and form.is_valid():
        goal = _save_goal(form, pair, access_me(request.user), None)
        messages.success(request, "Goal saved.")
        return redirect(goal)
    return render(request, "mentorships/goal_form.html", {"pair": pair, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def edit_goal(request: AuthenticatedHttpRequest, goal_id: int) -> HttpResponse:
    goal = access_goal(request.user, goal_id)
    form = GoalForm(
        request.POST or None, instance=goal, initial={"in_plan": bool(goal.plan_id)},
        program=goal.mentorship.cohort.program,
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            _save_goal(form, goal.mentorship, access_me(request.user), goal)
        except EditConflict as conflict:
            # The writer's changes stay in the form, now against the current version.
            messages.error(request, str(conflict))
            again = request.POST.copy()
            again["version"] = str(conflict.version)
            form = GoalForm(again, instance=access_goal(request.user, goal_id),
                            program=goal.mentorship.cohort.program)
            status = 409
        else:
            messages.success(request, "Goal saved.")
            return redirect(goal)
    return render(
        request, "mentorships/goal_form.html",
        {"pair": goal.mentorship, "form": form, "goal": goal}, status=status,
    )


@login_required
def goal(request: AuthenticatedHttpRequest, goal_id: int) -> HttpResponse:
    goal = access_goal(request.user, goal_id)
    owners = ActionItem.objects.select_related("owner")
    prefetch_related_objects(
        [goal], "progress", "competencies", Prefetch("action_items", queryset=owners)
    )
    return render(
        request,
        "mentorships/goal.html",
        {
            "goal": goal,
            "pair": goal.mentorship,
            "progress_form": ProgressForm(),
            "action_form": ActionItemForm(pair=goal.mentorship),
            "statuses": Goal.Status.choices,
        },
    )


@login_required
@require_POST
def record_progress(request: AuthenticatedHttpRequest, goal_id: int) -> HttpResponse:
    goal = access_goal(request.user, goal_id)
    form = ProgressForm(request.POST)
    if form.is_valid():
        do_record_progress(
            goal, access_me(request.user), timezone.localdate(), form.cleaned_data["count"],
            form.cleaned_data["note"],
        )
        messages.success(request, f"Progress recorded: {goal.measure_label()}.")
    return redirect(goal)


@login_required
@require_POST
def goal_status(request: AuthenticatedHttpRequest, goal_id: int) -> HttpResponse:
    goal = access_goal(request.user, goal_id)
    status = request.POST.get("status", "")
    if status in Goal.Status.values:
        do_set_goal_status(goal, status, timezone.localdate())
    return redirect(goal)


@login_required
@require_POST
def add_action_item(request: AuthenticatedHttpRequest, mentorship_id: int) -> HttpResponse:
    pair = access_pair(request.user, mentorship_id)
    form = ActionItemForm(request.POST, pair=pair)
    goal_id = request.POST.get("goal")
    number = whole_number(goal_id or "", most_digits=18)
    goal = access_goal(request.user, number) if number is not None else None
    if goal is not None and goal.mentorship_id != pair.pk:
        # A mentor of several mentees reaches all their goals; an item stays in its own pair.
        raise Http404("No such goal")
    if form.is_valid():
        owner = pair.mentor if form.cleaned_data["owner"] == str(pair.mentor_id) else pair.mentee
        do_add_action_item(
            pair, form.cleaned_data["text"], owner, timezone.now(),
            due_on=form.cleaned_data["due_on"], goal=goal,
        )
        messages.success(request, "Action item added.")
    else:
        messages.error(request, "An action item needs a text and an owner.")
    return redirect(goal or pair)


@login_required
@require_POST
def toggle_action_item(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    item = access_action_item(request.user, item_id)
    do_mark_action_item(item, None if item.done_on else timezone.localdate())
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = item.mentorship.get_absolute_url()
    return redirect(back)
