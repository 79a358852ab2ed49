"""The relationship page, and declining or ending a relationship."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from mentora.core.pagination import page_of
from mentora.mentorships.access import access_mentorship, is_party, plans_for
from mentora.mentorships.actions import StatusError, do_decline, do_end
from mentora.mentorships.forms import DeclineForm, EndForm
from mentora.mentorships.models import Meeting, Mentorship
from mentora.mentorships.progress import measures_for
from mentora.people.access import access_me
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.people.roles import person_of

HELD_PER_PAGE = 10


def _pair_content(request: AuthenticatedHttpRequest, pair: Mentorship) -> dict[str, object]:
    """What only the pair sees: meetings (held ones a page at a time), goals, action items,
    agreement, plan.

    The plan follows plans_for: a mentor sees it once shared, and only while the pair is active.
    """
    today = timezone.localdate()
    meetings = pair.meetings.prefetch_related("topics")
    held = meetings.filter(status=Meeting.Status.HELD).order_by("-on", "-starts_at", "-pk")
    plan = (
        plans_for(request.user)
        .filter(mentee=pair.mentee, cohort=pair.cohort)
        .select_related("template")
        .first()
    )
    return {
        "upcoming": meetings.filter(status=Meeting.Status.SCHEDULED, on__gte=today).order_by(
            "on", "starts_at"
        )[:5],
        "held": page_of(request, held, "held", per_page=HELD_PER_PAGE),
        "goals": pair.goals.prefetch_related("progress"),
        "action_items": pair.action_items.select_related("owner"),
        "today": today,  # an action item past its day is marked overdue, as on the home page
        "agreement": getattr(pair, "agreement", None),
        "plan": plan,
        "history": pair.status_changes.select_related("by"),
    }


@login_required
def mentorship(request: AuthenticatedHttpRequest, mentorship_id: int) -> HttpResponse:
    pair = access_mentorship(request.user, mentorship_id)
    party = is_party(request.user, pair)
    measures = measures_for([pair], timezone.localdate())[pair.pk]
    context: dict[str, object] = {
        "pair": pair,
        "is_party": party,
        "measures": measures,
        "checklist": measures.checklist,
    }
    me = person_of(request.user)
    if party and me is not None:
        context.update(_pair_content(request, pair))
        context["is_mentee"] = me.pk == pair.mentee_id
    return render(request, "mentorships/mentorship.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def decline(request: AuthenticatedHttpRequest, mentorship_id: int) -> HttpResponse:
    pair = access_mentorship(request.user, mentorship_id)
    me = access_me(request.user)
    if me.pk != pair.mentee_id:
        raise Http404("No such mentorship")
    form = DeclineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_decline(
                pair, me, form.cleaned_data["reason"], timezone.now(),
                note=form.cleaned_data["note"], rematch=form.cleaned_data["rematch"],
            )
        except StatusError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Recorded. Your coordinator will see the request.")
            return redirect(pair)
    return render(request, "mentorships/decline.html", {"pair": pair, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def end(request: AuthenticatedHttpRequest, mentorship_id: int) -> HttpResponse:
    """The pair or a coordinator ends a relationship, saying why; nothing is deleted."""
    pair = access_mentorship(request.user, mentorship_id)
    form = EndForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_end(pair, person_of(request.user), form.cleaned_data["reason"], timezone.now())
        except StatusError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The mentorship has ended. Its history is kept.")
            return redirect(pair)
    return render(request, "mentorships/end.html", {"pair": pair, "form": form})
