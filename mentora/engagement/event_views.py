"""A cohort's events for its coordinators (create, take attendance), and an invited person's
own event (answer whether coming). Thin: the writes are in mentora.engagement.events."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentora.core.pagination import page_of
from mentora.engagement.event_forms import EventForm
from mentora.engagement.events import (
    EventError,
    do_create_event,
    do_mark_attendance,
    do_reply,
    manageable_event,
    open_event,
)
from mentora.engagement.models import Invitee
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.people.roles import person_of
from mentora.programs.access import access_cohort
from mentora.programs.models import Cohort


@login_required
def cohort_events(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access_cohort(request.user, cohort_id)
    form = EventForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                event = do_create_event(cohort, form.details(), request.user, timezone.now())
            except EventError as error:
                form.add_error(None, str(error))
            else:
                invited = event.invitees.count()
                messages.success(
                    request, f"Created {event.title}: {invited} invited by notification."
                )
                return redirect("event", event.pk)
        return _events_page(request, cohort, form, status=400)
    return _events_page(request, cohort, form)


def _events_page(
    request: AuthenticatedHttpRequest, cohort: Cohort, form: EventForm, status: int = 200
) -> HttpResponse:
    rows = cohort.events.annotate(
        invited=Count("invitees"),
        coming=Count("invitees", filter=Q(invitees__reply=Invitee.Reply.YES)),
        attended=Count("invitees", filter=Q(invitees__attended=True)),
    ).order_by("-starts_at", "-pk")
    return render(
        request,
        "engagement/cohort_events.html",
        {"cohort": cohort, "events": page_of(request, rows), "form": form},
        status=status,
    )


@login_required
def event(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    found, own, manages = open_event(request.user, event_id)
    invitees = []
    if manages:
        invitees = list(found.invitees.select_related("person").order_by("person__full_name"))
    return render(
        request,
        "engagement/event.html",
        {
            "event": found,
            "own": own,
            "manages": manages,
            "invitees": invitees,
            "attended": sum(i.attended for i in invitees),
        },
    )


@login_required
@require_POST
def event_reply(request: AuthenticatedHttpRequest, event_id: int) -> HttpResponse:
    person = person_of(request.user)
    if person is None:
        raise Http404("No such event.")
    found, own, _ = open_event(request.user, event_id)
    if own is None:
        raise Http404("No such event.")
    answer = request.POST.get("coming", "")
    if answer not in ("yes", "no"):
        messages.error(request, "Choose whether you are coming: yes or no.")
        return redirect("event", found.pk)
    do_reply(person, found.pk, answer == "yes", timezone.now())
    messages.success(
        request, "Saved: you are coming." if answer == "yes" else "Saved: you are not coming."
    )
    return redirect("event", found.pk)


@login_required
@require_POST
def event_attendance(
    request: AuthenticatedHttpRequest, event_id: int, invitee_id: int
) -> HttpResponse:
    present = request.POST.get("present", "")
    if present not in ("1", "0"):
        # Checked after the right: someone without it gets the same 404 as for any event.
        manageable_event(request.user, event_id)
        messages.error(request, "Say whether the person was present (1) or absent (0).")
        return redirect("event", event_id)
    invitee = do_mark_attendance(request.user, event_id, invitee_id, present == "1", timezone.now())
    return redirect(f"{reverse('event', args=[event_id])}#invitee-{invitee.pk}")
