"""/audit/: the audit trail for auditors (everyone else gets 404), filtered, a page at a time,
and as a CSV of the filtered events (itself an audited export). "Through" keeps the events of
the JSON API (a script's token or the browser's session; mentora/api/logged.py), or the rest."""

from __future__ import annotations

import csv
import io
from datetime import datetime, time
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mentora.audit.models import AuditEvent
from mentora.audit.record import Action, record
from mentora.audit.rights import is_auditor
from mentora.core.cells import neutralise_row
from mentora.core.forms import SafeForm
from mentora.core.pagination import page_of
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.programs.models import Program

CSV_COLUMNS = ["at", "actor_email", "actor_id", "action", "object_type", "object_id",
               "object_label", "program_id", "fields", "request_id", "method", "path",
               "ip_address", "user_agent", "note"]
API_PATH = "/api/"  # the JSON API's events: their request's path (mentora/api/urls.py)


class AuditFilter(SafeForm):
    actor = forms.CharField(label="Actor (email contains)", required=False, max_length=254)
    object_type = forms.ChoiceField(label="Object type", required=False)
    program = forms.ModelChoiceField(
        Program.objects.order_by("name"), required=False, empty_label="Any program"
    )
    action = forms.ChoiceField(
        choices=[("", "Any action"), *AuditEvent.Action.choices], required=False
    )
    through = forms.ChoiceField(
        label="Through", required=False,
        choices=[("", "Any way"), ("api", "the JSON API"), ("other", "pages, commands, jobs")],
    )
    since = forms.DateField(label="From", required=False, widget=forms.DateInput({"type": "date"}))
    until = forms.DateField(label="To", required=False, widget=forms.DateInput({"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        types = AuditEvent.objects.order_by("object_type").values_list("object_type", flat=True)
        field = self.fields["object_type"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Any type"), *((t, t) for t in types.distinct() if t)]

    def events(self) -> QuerySet[AuditEvent]:
        events = AuditEvent.objects.select_related("program")
        if not self.is_valid():
            return events.none()
        data = self.cleaned_data
        if data["actor"]:
            events = events.filter(actor_email__icontains=data["actor"])
        if data["object_type"]:
            events = events.filter(object_type=data["object_type"])
        if data["program"] is not None:
            events = events.filter(program_id=data["program"].pk)
        if data["action"]:
            events = events.filter(action=data["action"])
        if data["through"]:
            api = Q(path__startswith=API_PATH)
            events = events.filter(api if data["through"] == "api" else ~api)
        zone = timezone.get_current_timezone()
        if data["since"]:
            events = events.filter(at__gte=datetime.combine(data["since"], time.min, zone))
        if data["until"]:
            events = events.filter(at__lte=datetime.combine(data["until"], time.max, zone))
        return events.order_by("-at", "-id")


def _filter_for(request: AuthenticatedHttpRequest) -> AuditFilter:
    if not is_auditor(request.user):
        raise Http404("No such page")
    return AuditFilter(request.GET)


@login_required
def audit_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = _filter_for(request)
    pages = page_of(request, form.events())
    return render(request, "audit/log.html", {"form": form, "pages": pages})


@login_required
def audit_csv(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = _filter_for(request)
    events = form.events()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for event in events.iterator(chunk_size=2000):
        row = [getattr(event, column) for column in CSV_COLUMNS]
        row[CSV_COLUMNS.index("fields")] = ";".join(event.fields)
        writer.writerow(neutralise_row(row))
        count += 1
    filters = {name: str(value) for name, value in form.cleaned_data.items() if value}
    record(Action.EXPORT, label="audit trail (CSV)",
           note=f"{count} events; filters: {filters or 'none'}")
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    return response
