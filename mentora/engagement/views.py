"""A person's notifications and their choices; a mentee's pulse check; a coordinator's at-risk
list of a cohort."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from mentora.core.pagination import page_of
from mentora.engagement.actions import (
    PolicyError,
    PulseError,
    do_answer_pulse,
    do_open_notification,
    do_read_all_notifications,
    do_set_drift_policy,
    do_set_preferences,
)
from mentora.engagement.at_risk import SORTS, at_risk_rows
from mentora.engagement.delivery import links_of
from mentora.engagement.digest import wants_digest
from mentora.engagement.drift import steps_of
from mentora.engagement.forms import DriftPolicyForm, PreferencesForm, PulseForm
from mentora.engagement.models import DriftPolicy, Notification, Preference, Pulse
from mentora.engagement.pulse import PULSE_EVERY_DAYS, PULSE_FIRST_DAYS
from mentora.engagement.sources import GOAL_REVIEW_DAYS
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.people.roles import person_of
from mentora.programs.access import access_cohort
from mentora.programs.models import Cohort, Program


@login_required
def notifications(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = person_of(request.user)
    rows = Notification.objects.none()
    if person is not None:
        rows = Notification.objects.filter(recipient=person, in_app=True).order_by(
            "-created_at", "-pk"
        )
    page = page_of(request, rows)
    shown = list(page)
    links = links_of(shown)
    return render(
        request,
        "engagement/notifications.html",
        {
            "page": page,
            "items": [(n, links.get(n.pk, "")) for n in shown],
            "has_person": person is not None,
            "unread": any(n.read_at is None for n in shown),
        },
    )


@login_required
@require_POST
def notification_open(request: AuthenticatedHttpRequest, notification_id: int) -> HttpResponse:
    person = person_of(request.user)
    if person is None:
        raise Http404("No such notification.")
    notification = do_open_notification(person, notification_id, timezone.now())
    target = links_of([notification]).get(notification.pk, "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return HttpResponseRedirect(target)  # a path on this site
    return redirect("notifications")


@login_required
@require_POST
def notifications_read_all(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = person_of(request.user)
    if person is not None:
        marked = do_read_all_notifications(person, timezone.now())
        messages.success(request, f"Marked {marked} as read." if marked else "Nothing unread.")
    return redirect("notifications")


@login_required
def notification_preferences(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = person_of(request.user)
    if person is None:
        return render(request, "engagement/preferences.html", {"form": None})
    current = {p.kind: p for p in Preference.objects.filter(person=person)}
    form = PreferencesForm(
        request.POST or None, current=current, digest=wants_digest(person, current)
    )
    if request.method == "POST":
        if form.is_valid():
            do_set_preferences(person, form.choices())
            messages.success(request, "Saved: notifications reach you as you chose.")
            return redirect("notification_preferences")
        return render(request, "engagement/preferences.html", {"form": form}, status=400)
    return render(request, "engagement/preferences.html", {"form": form})


@login_required
def at_risk(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access_cohort(request.user, cohort_id)
    return _at_risk_page(request, cohort, _policy_form(cohort.program))


def _policy_form(program: Program, data: QueryDict | None = None) -> DriftPolicyForm:
    policy = DriftPolicy.objects.filter(program=program).first()
    steps = steps_of(policy)
    return DriftPolicyForm(
        data,
        initial={
            "mentee": steps.mentee,
            "mentor": steps.mentor,
            "coordinator": steps.coordinator,
            "goal_review": policy.goal_review_days if policy else GOAL_REVIEW_DAYS,
            "pulse_first": policy.pulse_first_days if policy else PULSE_FIRST_DAYS,
            "pulse_every": policy.pulse_every_days if policy else PULSE_EVERY_DAYS,
        },
    )


def _at_risk_page(
    request: AuthenticatedHttpRequest, cohort: Cohort, form: DriftPolicyForm, status: int = 200
) -> HttpResponse:
    sort = request.GET.get("sort", "behind")
    if sort not in SORTS:
        sort = "behind"
    rows = at_risk_rows(cohort, timezone.localdate(), sort)
    return render(
        request,
        "engagement/at_risk.html",
        {
            "cohort": cohort,
            "rows": page_of(request, rows),
            "sort": sort,
            "sorts": SORTS,
            "count": len(rows),
            "policy_form": form,
        },
        status=status,
    )


def _or_as_before(data: dict[str, Any], form: DriftPolicyForm, name: str) -> int:
    value = data.get(name)
    return int(value if value is not None else form.initial[name])


@login_required
@require_POST
def drift_policy(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    """The cohort's program's reminder steps, set from the cohort's at-risk list."""
    cohort = access_cohort(request.user, cohort_id)
    form = _policy_form(cohort.program, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            do_set_drift_policy(
                cohort.program,
                request.user,
                mentee=data["mentee"],
                mentor=data["mentor"],
                coordinator=data["coordinator"],
                goal_review=data["goal_review"],
                pulse_first=_or_as_before(data, form, "pulse_first"),
                pulse_every=_or_as_before(data, form, "pulse_every"),
            )
        except PolicyError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Saved the reminder steps of {cohort.program.name}.")
            return redirect("at_risk", cohort.pk)
    return _at_risk_page(request, cohort, form, status=400)


@login_required
def pulse(request: AuthenticatedHttpRequest, pulse_id: int) -> HttpResponse:
    """A mentee's pulse check of their relationship: two questions, one tap each. Once
    answered, a low answer offers a re-match (the decline page, which asks for one)."""
    person = person_of(request.user)
    found = (
        Pulse.objects.filter(pk=pulse_id, mentorship__mentee=person)
        .select_related("mentorship__mentor", "mentorship__cohort__program")
        .first()
        if person is not None
        else None
    )
    if found is None or person is None:
        raise Http404("No such pulse check.")
    pair = found.mentorship
    form = PulseForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if found.answered_at is None and form.is_valid():
            try:
                do_answer_pulse(
                    found,
                    person,
                    rating=form.cleaned_data["rating"],
                    wants_talk=form.cleaned_data["wants_talk"],
                    now=timezone.now(),
                )
            except PulseError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Thank you: your answer is saved.")
                return redirect("pulse", found.pk)
        elif found.answered_at is not None:
            messages.info(request, "You have answered this pulse check already.")
            return redirect("pulse", found.pk)
        status = 400
    return render(
        request,
        "engagement/pulse.html",
        {"pulse": found, "pair": pair, "form": form, "live": pair.is_live},
        status=status,
    )
