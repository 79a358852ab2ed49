"""Table 4: themes by valence and role, its frequencies and scores, and the downloads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from mentora.audit.record import Action, record
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.qualitative.access import access_project
from mentora.qualitative.scores import scores_rows, theme_scores
from mentora.qualitative.themes import (
    FORMATS,
    final_codings,
    frequencies,
    long_rows,
    rows_csv,
    table_4,
    table_file,
    wide_rows,
)


@login_required
def theme_table(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    """Table 4: themes by valence and role, n (%) of respondents, exemplar quotes; downloads."""
    found = access_project(request.user, project_id)
    if not found.reads_agreement:
        raise Http404("No such project")
    project = found.project
    fmt = request.GET.get("download", "")
    if fmt in ("long", "wide"):
        rows = long_rows(project) if fmt == "long" else wide_rows(project)
        response = HttpResponse(rows_csv(rows), content_type=FORMATS["csv"])
        response["Content-Disposition"] = f'attachment; filename="codings-{fmt}-{project.pk}.csv"'
        record(Action.EXPORT, project, program=project.cohort, note=f"codings, {fmt} CSV")
        return response
    final = final_codings(project)
    if fmt == "scores":
        rows = scores_rows(theme_scores(project, found=final), project.codebook_version)
        response = HttpResponse(rows_csv(rows), content_type=FORMATS["csv"])
        response["Content-Disposition"] = f'attachment; filename="scores-by-theme-{project.pk}.csv"'
        record(Action.EXPORT, project, program=project.cohort, note="scores by theme, CSV")
        return response
    table = table_4(project, found=final)
    if fmt in FORMATS:
        response = HttpResponse(table_file(table, fmt), content_type=FORMATS[fmt])
        response["Content-Disposition"] = f'attachment; filename="table-4-{project.pk}.{fmt}"'
        record(Action.EXPORT, project, program=project.cohort, note=f"Table 4 ({fmt})")
        return response
    return render(
        request,
        "qualitative/table.html",
        {
            "project": project,
            "table": table,
            "frequencies": [frequencies(project, by, found=final) for by in ("wave", "group")],
            "scores": theme_scores(project, found=final),
        },
    )
