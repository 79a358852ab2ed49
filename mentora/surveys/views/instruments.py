"""An instrument's page: its items and their types, which an imported one may change."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render

from mentora.people.auth import AuthenticatedHttpRequest
from mentora.surveys import instrument_types
from mentora.surveys.access import access_instrument
from mentora.surveys.forms import ItemTypesForm


@login_required
def instrument_page(request: AuthenticatedHttpRequest, instrument_id: int) -> HttpResponse:
    """An instrument's items and their types; an imported one's Likert or single choice items
    may change type here."""
    instrument = access_instrument(request.user, instrument_id)
    rows = instrument_types.changeable_rows(instrument)
    form = ItemTypesForm(request.POST or None, rows=rows)
    status = 200
    if request.method == "POST" and not instrument.in_library and form.is_valid():
        try:
            changed = instrument_types.do_change_item_types(instrument, form.types())
        except instrument_types.TypeChangeRefused as refused:
            messages.error(request, str(refused))
            status = 400
        else:
            done = f"Changed the type of {', '.join(changed)}." if changed else "Nothing changed."
            messages.success(request, done)
            return redirect("survey_instrument", instrument.pk)
    elif request.method == "POST":
        status = 400
    context = {"instrument": instrument, "rows": rows, "form": form}
    return render(request, "surveys/instrument.html", context, status=status)
