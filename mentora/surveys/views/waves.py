"""A wave's page: who is invited and who answered, its schedule, sending the invitations."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentora.core.pagination import page_of
from mentora.core.text import plural
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.surveys import actions
from mentora.surveys.access import access_wave
from mentora.surveys.forms import InviteForm, ScheduleForm
from mentora.surveys.models import Wave


def _wave_page(request: HttpRequest, wave: Wave, status: int = 200, **context: Any) -> HttpResponse:
    rate = next(r for r in actions.response_rates(wave.cohort) if r.wave.pk == wave.pk)
    invitations = wave.invitations.all()
    schedule = {
        name: getattr(wave, name)
        for name in ("opens_on", "closes_on", "reminder_every_days", "max_reminders")
    }
    context = {
        "wave": wave,
        "rate": rate,
        "invite_form": InviteForm(),
        "schedule_form": ScheduleForm(initial=schedule),
        # An anonymous wave shows counts only: a list of who has answered, read before and
        # after a submission, would tell whose answer it was.
        "invitations": None
        if wave.anonymous
        else page_of(
            request, invitations.select_related("person").order_by("person__full_name", "pk")
        ),
        "invited": invitations.count(),
        "submitted": invitations.filter(used_at__isnull=False).count(),
        "pending": invitations.filter(used_at__isnull=True).count(),
        "reminded": invitations.filter(reminders_sent__gt=0).count(),
        "is_open": wave.is_open(timezone.localdate()),
        **context,
    }
    return render(request, "surveys/wave.html", context, status=status)


@login_required
def wave(request: AuthenticatedHttpRequest, wave_id: int) -> HttpResponse:
    return _wave_page(request, access_wave(request.user, wave_id))


@login_required
@require_POST
def change_schedule(request: AuthenticatedHttpRequest, wave_id: int) -> HttpResponse:
    wave = access_wave(request.user, wave_id)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        return _wave_page(request, wave, status=400, schedule_form=form)
    actions.do_change_schedule(wave, **form.cleaned_data)
    messages.success(request, "Saved the schedule; every pending reminder follows it.")
    return redirect("survey_wave", wave.pk)


@login_required
@require_POST
def send_invitations(request: AuthenticatedHttpRequest, wave_id: int) -> HttpResponse:
    wave = access_wave(request.user, wave_id)
    form = InviteForm(request.POST)
    role = form.cleaned_data["role"] if form.is_valid() else "mentee"
    sent = actions.do_send_invitations(wave, timezone.now(), role=role)
    done = (
        f"Invited {plural(sent, 'person', 'people')}: their emails go now, or as soon as the "
        "mail server answers."
        if sent
        else "Everyone is invited."
    )
    messages.success(request, done)
    return redirect("survey_wave", wave.pk)
