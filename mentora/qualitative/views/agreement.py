"""Agreement per code and overall (reliability, its CSV) and the lead coder's adjudication."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from mentora.audit.record import Action, record
from mentora.core.cells import neutralise_row
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.qualitative import actions
from mentora.qualitative.access import ProjectAccess, access_project
from mentora.qualitative.agreement import agreement, code_paths, decisions, disagreements
from mentora.qualitative.forms import AdjudicateForm
from mentora.qualitative.models import Code, Coding, Source
from mentora.qualitative.pure.reliability import COLUMNS
from mentora.qualitative.suggestions import suggestion_figures
from mentora.qualitative.views.common import REFUSED, fail, form_errors


@login_required
@require_http_methods(["GET", "POST"])
def agreement_page(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    """Agreement per code and overall; for lead coders, the disagreements to adjudicate."""
    found = access_project(request.user, project_id)
    if not found.reads_agreement:
        raise Http404("No such project")
    project = found.project
    if request.method == "POST":
        if not found.leads:
            raise Http404("No such project")
        _adjudicate(request, found)
        return redirect("qda_agreement", project.pk)
    paths, read = code_paths(project), decisions(project)
    rows = agreement(project, paths=paths, found=read)
    suggested = suggestion_figures(project, paths)
    if request.GET.get("download") == "csv":
        return _agreement_csv(project, rows, suggested)
    listed = disagreements(project, paths, read) if found.leads else []
    names = dict(project.coders.values_list("person_id", "person__full_name"))
    return render(
        request,
        "qualitative/agreement.html",
        {
            "project": project,
            "access": found,
            "rows": rows,
            "disagreements": [
                (
                    d,
                    [(names.get(c, "?"), c, codings) for c, codings in d.applied],
                    [names.get(c, "?") for c in d.not_applied],
                )
                for d in listed
            ],
            "valences": Coding._meta.get_field("valence").choices,
            "suggested": [
                suggested.by_code[code] for code in sorted(suggested.by_code, key=str.lower)
            ],
        },
    )


def _adjudicate(request: AuthenticatedHttpRequest, found: ProjectAccess) -> None:
    form = AdjudicateForm(request.POST)
    if not form.is_valid():
        form_errors(request, form)
        return
    data = form.cleaned_data
    item = Source.objects.filter(pk=data["source"], project=found.project).first()
    code = Code.objects.filter(pk=data["code"], project=found.project).first()
    adopt = found.project.coders.filter(person_id=data["adopt"]).first() if data["adopt"] else None
    if item is None or code is None:
        raise Http404("No such source or code")
    assert found.me is not None
    try:
        actions.do_adjudicate(
            item,
            code,
            data["decision"] == "apply",
            found.me,
            timezone.now(),
            adopt=adopt.person if adopt else None,
            valence=data["valence"] or "neutral",
        )
    except REFUSED as error:
        fail(request, error)
    else:
        messages.success(request, f"Settled: {code.name} in {item.name}.")


def _agreement_csv(project: Any, rows: list[Any], suggested: Any) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="agreement-{project.pk}.csv"'
    writer = csv.writer(response)
    extra = [
        "suggestions_accepted",
        "suggestions_rejected",
        "suggestions_judged",
        "suggestion_precision",
    ]
    writer.writerow([*COLUMNS, "codebook_version", *extra])
    for row in rows:
        fared = suggested.get(row.code)
        more = [fared.row()[name] for name in extra] if fared else ["", "", "", ""]
        writer.writerow(neutralise_row([*row.row().values(), project.codebook_version, *more]))
    record(Action.EXPORT, project, program=project.cohort, note="agreement CSV")
    return response
