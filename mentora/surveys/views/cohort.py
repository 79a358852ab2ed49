"""A cohort's surveys page: its waves' response rates, a new wave, the import forms, the
instruments it can export."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentora.people.auth import AuthenticatedHttpRequest
from mentora.programs.access import access_cohort
from mentora.programs.models import Cohort
from mentora.surveys import actions, imports
from mentora.surveys.forms import QualtricsImportForm, RedcapImportForm, WaveForm
from mentora.surveys.models import Instrument
from mentora.surveys.projects import cohort_projects
from mentora.surveys.redcap import project_tables


def _instruments(cohort: Cohort) -> QuerySet[Instrument]:
    return Instrument.objects.filter(Q(in_library=True) | Q(waves__cohort=cohort)).distinct()


def cohort_page(
    request: HttpRequest, cohort: Cohort, status: int = 200, **context: Any
) -> HttpResponse:
    context = {
        "cohort": cohort,
        "rates": actions.response_rates(cohort),
        "wave_form": WaveForm(instruments=_instruments(cohort)),
        "redcap_form": RedcapImportForm(projects=cohort_projects(cohort, "redcap")),
        "qualtrics_form": QualtricsImportForm(
            initial={"anonymous": True}, projects=cohort_projects(cohort, "qualtrics")
        ),
        "exportable": _exportable(cohort),
        "library": Instrument.objects.filter(in_library=True).order_by("name", "-version"),
        "imports": cohort.survey_imports.all()[:5],
        "queue_above": imports.queue_above(),
        **context,
    }
    return render(request, "surveys/cohort.html", context, status=status)


def _exportable(cohort: Cohort) -> list[tuple[str, bool, list[str]]]:
    """Instrument names with whether their export has events (more than one wave, or REDCap's)
    and the other tables their project's import carried (arms, mapping, groups, repeating)."""
    waves: dict[str, list[str]] = {}
    for name, event in cohort.survey_waves.values_list("instrument__name", "event_name"):
        waves.setdefault(name, []).append(event)
    projects = cohort.survey_projects.all()
    tables = {project.name: list(project_tables(project)) for project in projects}
    return [
        (name, len(events) > 1 or any(events), tables.get(name, []))
        for name, events in waves.items()
    ]


@login_required
def cohort_surveys(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    return cohort_page(request, access_cohort(request.user, cohort_id))


@login_required
def cohort_rates(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    """The response-rate panel alone, which the page refreshes while it is open."""
    cohort = access_cohort(request.user, cohort_id)
    return render(request, "surveys/_rates.html", {"rates": actions.response_rates(cohort)})


@login_required
@require_POST
def create_wave(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access_cohort(request.user, cohort_id)
    form = WaveForm(request.POST, instruments=_instruments(cohort))
    if not form.is_valid():
        return cohort_page(request, cohort, status=400, wave_form=form)
    data = form.cleaned_data
    wave = actions.do_create_wave(
        cohort,
        data["instrument"],
        data["label"],
        data["opens_on"],
        data["closes_on"],
        timezone.now(),
        time_point=data["time_point"],
        anonymous=data["anonymous"],
        anchor=data["anchor"],
        offset_days=data["offset_days"] or 0,
        window_days=data["window_days"] or 14,
    )
    messages.success(request, f"Created the wave {wave.label}.")
    return redirect("survey_wave", wave.pk)
