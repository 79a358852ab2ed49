"""The coordinator's form for a new event of a cohort."""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone

from mentora.core.forms import SafeForm
from mentora.engagement.events import EventDetails
from mentora.engagement.models import Event


class EventForm(SafeForm):
    kind = forms.ChoiceField(choices=Event.Kind.choices)
    title = forms.CharField(max_length=200)
    day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    time = forms.TimeField(widget=forms.TimeInput(attrs={"type": "time"}))
    minutes = forms.IntegerField(
        label="Length (minutes)", min_value=1, max_value=24 * 60, initial=90
    )
    place = forms.CharField(max_length=200, required=False)
    audience = forms.ChoiceField(choices=Event.Audience.choices, label="Who is invited")

    def details(self) -> EventDetails:
        data = self.cleaned_data
        starts = timezone.make_aware(datetime.combine(data["day"], data["time"]))
        return EventDetails(
            kind=data["kind"],
            title=data["title"],
            starts_at=starts,
            minutes=data["minutes"],
            place=data["place"],
            audience=data["audience"],
        )
