"""The learner's portfolio page (choose what goes in) and its downloads: theirs alone."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from mentora.audit.record import Action, record
from mentora.people.access import access_me
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.people.models import Person
from mentora.portfolio.actions import PortfolioError, do_choose_portfolio
from mentora.portfolio.export import FORMATS, file_name, render_portfolio
from mentora.portfolio.forms import PortfolioForm
from mentora.portfolio.gather import achieved_goal_ids, chosen, gather


def _owner(request: AuthenticatedHttpRequest, person_id: int) -> Person:
    """The signed-in learner, if the portfolio is theirs; anyone else gets 404."""
    me = access_me(request.user)
    if me.pk != person_id:
        raise Http404("No such portfolio")
    return me


@login_required
@require_http_methods(["GET", "POST"])
def portfolio(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    me = _owner(request, person_id)
    choice = chosen(me)
    data = request.POST if request.method == "POST" else None
    form = PortfolioForm(
        data,
        learner=me,
        initial={
            "goals": sorted(achieved_goal_ids(me) - choice.left_out_goals),
            "observations": sorted(choice.observations),
            "reflections": sorted(choice.reflections),
        },
    )
    if form.is_valid():
        try:
            do_choose_portfolio(me, me, timezone.now(), **form.cleaned_data)
        except PortfolioError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Saved. Your portfolio's downloads hold what you chose.")
            return redirect("portfolio", me.pk)
    return render(
        request,
        "portfolio/portfolio.html",
        {
            "learner": me,
            "form": form,
            "portfolio": gather(me, choice=choice),
            "formats": FORMATS,
        },
    )


@login_required
@require_GET
def portfolio_download(request: AuthenticatedHttpRequest, person_id: int, fmt: str) -> HttpResponse:
    me = _owner(request, person_id)
    if fmt not in FORMATS:
        raise Http404("No such format")
    body = render_portfolio(gather(me), fmt)
    record(Action.EXPORT, me, note=f"learning portfolio downloaded as {fmt}")
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{file_name(me, fmt)}"'
    return response
