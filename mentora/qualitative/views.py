"""The coding pages: projects, a project, its codebook, a source to code, agreement and
adjudication. Each page's POST names what it does in `op`; the doors are in `actions`."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from mentora.audit.record import Action, record
from mentora.core.cells import neutralise_row
from mentora.core.forms import read_upload
from mentora.core.pagination import page_of
from mentora.core.uploads import UploadError
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.people.roles import is_live_evaluator, person_of
from mentora.programs.access import programs_for
from mentora.programs.models import Cohort
from mentora.qualitative import actions, suggestion_pages
from mentora.qualitative.access import (
    ProjectAccess,
    access_project,
    access_source,
    projects_for,
)
from mentora.qualitative.actions import QdaError
from mentora.qualitative.actions.projects import open_text_items
from mentora.qualitative.agreement import agreement, code_paths, decisions, disagreements
from mentora.qualitative.forms import (
    AdjudicateForm,
    ApplyForm,
    CodeForm,
    CoderForm,
    CommentsForm,
    MemoForm,
    ProjectForm,
    RedactionForm,
    SampleForm,
    TranscriptForm,
)
from mentora.qualitative.models import (
    Code,
    CodebookChange,
    CodedUnit,
    Coding,
    Memo,
    Sample,
    Source,
)
from mentora.qualitative.pure.docx_text import docx_text
from mentora.qualitative.pure.reliability import COLUMNS
from mentora.qualitative.scores import scores_rows, theme_scores
from mentora.qualitative.suggestions import latest_job, suggestion_figures, suggestions_for
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

# A write that met another at the same moment (two coders adding one code): a message, not a 500.
RACE = "Someone changed this at the same moment; look again and retry."
REFUSED = (QdaError, UploadError, IntegrityError)


def _fail(request: AuthenticatedHttpRequest, error: Exception) -> None:
    messages.error(request, RACE if isinstance(error, IntegrityError) else str(error))


def _form_errors(request: AuthenticatedHttpRequest, form: Any) -> None:
    for field, errors in form.errors.items():
        where = "" if field == "__all__" else f"{field}: "
        for error in errors:
            messages.error(request, f"{where}{error}")


@login_required
@require_http_methods(["GET", "POST"])
def projects(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The projects the user manages or codes in; coordinators start new ones here."""
    user = request.user
    cohorts = Cohort.objects.filter(program__in=programs_for(user)).select_related("program")
    evaluator = is_live_evaluator(person_of(user), timezone.localdate())
    may_create = cohorts.exists()
    if not may_create and not evaluator:
        raise Http404("No coding projects here")
    form = ProjectForm(request.POST or None, cohorts=cohorts)
    if request.method == "POST":
        if not may_create:
            raise Http404("No coding projects here")
        if form.is_valid():
            try:
                project = actions.do_create_project(
                    form.cleaned_data["cohort"], form.cleaned_data["name"], user, timezone.now(),
                    description=form.cleaned_data["description"])
            except (QdaError, IntegrityError) as error:
                form.add_error(None, RACE if isinstance(error, IntegrityError) else str(error))
            else:
                messages.success(request, f"Project {project.name} started.")
                return redirect(project)
    rows = projects_for(user).annotate(n_sources=Count("sources", distinct=True)).order_by(
        "cohort__program__name", "name")
    return render(request, "qualitative/projects.html", {
        "pages": page_of(request, rows), "form": form if may_create else None,
    })


def _project_post(request: AuthenticatedHttpRequest, found: ProjectAccess) -> None:
    """The manager's forms: comments, a transcript, a coder, a sample."""
    project, op, now, user = found.project, request.POST.get("op", ""), timezone.now(), request.user
    if op == "comments":
        comments = CommentsForm(request.POST, items=open_text_items(project.cohort))
        if comments.is_valid():
            added = actions.do_import_comments(project, comments.cleaned_data["questions"], now,
                                               by=user)
            messages.success(request, f"{added} comments added as sources.")
        else:
            _form_errors(request, comments)
    elif op == "transcript":
        upload = TranscriptForm(request.POST, request.FILES)
        if upload.is_valid():
            data = upload.cleaned_data
            file = data["file"]
            name = str(file.name)
            if name.lower().endswith(".docx"):
                text = docx_text(file.read(), name)
            else:
                text = read_upload(file, save_as="TXT (UTF-8) or DOCX")
            source = actions.do_add_transcript(
                project, data["kind"], name, text, now, by=user, respondent=data["respondent"],
                role=data["role"], group=data["group"], wave=data["wave"])
            messages.success(request, f"{source.name} added ({len(source.speakers)} turns).")
        else:
            _form_errors(request, upload)
    elif op == "coder":
        coder = CoderForm(request.POST)
        if coder.is_valid():
            joined = actions.do_add_coder(project, coder.cleaned_data["person"], now,
                                          is_lead=coder.cleaned_data["is_lead"], by=user)
            messages.success(request, f"{joined.person.full_name} codes in {project.name}.")
        else:
            _form_errors(request, coder)
    elif op == "sample":
        sample = SampleForm(request.POST, project=project)
        if sample.is_valid():
            drawn = actions.do_draw_sample(project, sample.cleaned_data["percent"],
                                           list(sample.cleaned_data["coders"]), now, by=user)
            messages.success(request, f"{drawn.sources.count()} sources drawn for double "
                                      "coding, each coded blind by every chosen coder.")
        else:
            _form_errors(request, sample)
    elif op == "redact":
        redaction = RedactionForm(request.POST)
        if redaction.is_valid():
            actions.do_set_redactions(project, redaction.cleaned_data["redactions"],
                                      redaction.cleaned_data["redact_names"], by=user)
            messages.success(request, "Saved: every export blacks these out.")
        else:
            _form_errors(request, redaction)
    else:
        messages.error(request, "Nothing to do: choose a form on the page.")


@login_required
@require_http_methods(["GET", "POST"])
def project(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    found = access_project(request.user, project_id)
    project = found.project
    if request.method == "POST":
        if request.POST.get("op") == "suggest":
            suggestion_pages.queue(request, found)
            return redirect(project)
        if not found.manages:
            raise Http404("No such project")
        try:
            _project_post(request, found)
        except REFUSED as error:
            _fail(request, error)
        return redirect(project)
    sources = Source.objects.filter(project=project).order_by("pk")
    if found.me is not None:
        sources = sources.annotate(
            mine=Exists(CodedUnit.objects.filter(source=OuterRef("pk"), coder=found.me)),
            sampled=Exists(Sample.sources.through.objects.filter(source=OuterRef("pk"))),
        )
    counts = Source.objects.filter(project=project).aggregate(
        comments=Count("pk", filter=Q(kind=Source.Kind.COMMENT)),
        transcripts=Count("pk", filter=~Q(kind=Source.Kind.COMMENT)),
    )
    samples = project.samples.annotate(units=Count("sources", distinct=True)).prefetch_related(
        "coders")
    return render(request, "qualitative/project.html", {
        "project": project, "access": found, "counts": counts,
        "sources": page_of(request, sources, "sources"),
        "coders": project.coders.select_related("person"),
        "samples": samples,
        "comments_form": CommentsForm(items=open_text_items(project.cohort)),
        "transcript_form": TranscriptForm(), "coder_form": CoderForm(),
        "sample_form": SampleForm(project=project),
        "suggest_job": latest_job(project) if found.manages or found.leads else None,
        "redaction_form": RedactionForm(initial={"redactions": project.redactions,
                                                 "redact_names": project.redact_names}),
    })


@login_required
@require_http_methods(["GET", "POST"])
def codebook(request: AuthenticatedHttpRequest, project_id: int) -> HttpResponse:
    found = access_project(request.user, project_id)
    project = found.project
    if request.method == "POST":
        if not found.keeps_codebook:
            raise Http404("No such project")
        form = CodeForm(request.POST, project=project)
        if form.is_valid():
            try:
                _change_codebook(request, form.cleaned_data, project)
            except REFUSED as error:
                _fail(request, error)
        else:
            _form_errors(request, form)
        return redirect("qda_codebook", project.pk)
    paths = code_paths(project)
    codes = sorted(Code.objects.filter(project=project, retired=False).annotate(
        uses=Count("codings")), key=lambda c: paths[c.pk].lower())
    return render(request, "qualitative/codebook.html", {
        "project": project, "access": found, "codes": [(paths[c.pk], c) for c in codes],
        "changes": page_of(request, CodebookChange.objects.filter(project=project).select_related(
            "code", "other").order_by("-version"), "changes"),
        "form": CodeForm(project=project, initial={"op": "create"}),
    })


def _change_codebook(request: AuthenticatedHttpRequest, data: dict[str, Any], project: Any
                     ) -> None:
    op, code, now, by = data["op"], data.get("code"), timezone.now(), request.user
    if op == "create":
        made = actions.do_create_code(project, data["name"], now, parent=data["parent"],
                                      definition=data["definition"],
                                      colour=data["colour"] or "#1f77b4", by=by)
        messages.success(request, f"Code {made.name} added (codebook v{project.codebook_version}).")
        return
    assert isinstance(code, Code)
    if op == "rename":
        actions.do_rename_code(code, data["name"], now, by=by)
    elif op == "define":
        actions.do_define_code(code, data["definition"], data["colour"] or code.colour, now, by=by)
    elif op == "move":
        actions.do_move_code(code, data["parent"], now, by=by)
    elif op == "merge":
        actions.do_merge_codes(code, data["into"], now, by=by)
    elif op == "split":
        actions.do_split_code(code, data["name"], now, definition=data["definition"], by=by)
    messages.success(request, f"Codebook changed: v{code.project.codebook_version}.")


def _source_post(request: AuthenticatedHttpRequest, found: ProjectAccess, source: Source) -> None:
    op, now, me = request.POST.get("op", ""), timezone.now(), found.me
    assert me is not None
    if op == "apply":
        form = ApplyForm(request.POST, project=found.project)
        if not form.is_valid():
            _form_errors(request, form)
            return
        data = form.cleaned_data
        coding = actions.do_apply_code(source, data["code"], me, now, start=data["start"],
                                       end=data["end"], valence=data["valence"])
        messages.success(request, f"Coded {coding.code.name} ({coding.get_valence_display()}).")
    elif op == "remove":
        mine = Coding.objects.filter(pk=_key(request.POST.get("coding")), source=source,
                                     coder=me, layer=Coding.Layer.CODER).first()
        if mine is None:
            raise Http404("No such coding")
        actions.do_remove_coding(mine, me)
        messages.success(request, "Coding removed.")
    elif op == "done":
        actions.do_mark_coded(source, me, now)
        messages.success(request, "Marked coded: a code you did not apply here counts as 'no'.")
    elif op == "suggestion":
        suggestion_pages.decide(request, found, source)
    elif op == "memo":
        memo = MemoForm(request.POST)
        if memo.is_valid():
            actions.do_write_memo(found.project, me, memo.cleaned_data["text"], now, source=source)
            messages.success(request, "Memo saved.")
        else:
            _form_errors(request, memo)
    else:
        messages.error(request, "Nothing to do: choose a code, or mark the source coded.")


def _key(value: str | None) -> int:
    text = (value or "").strip()
    return int(text) if text.isdigit() and len(text) < 18 else 0


@login_required
@require_http_methods(["GET", "POST"])
def source(request: AuthenticatedHttpRequest, project_id: int, source_id: int) -> HttpResponse:
    """The coding page: the source's words, the coder's own codings (never another's)."""
    found, item = access_source(request.user, project_id, source_id)
    if request.method == "POST":
        try:
            _source_post(request, found, item)
        except REFUSED as error:
            _fail(request, error)
        return redirect(item)
    record(Action.READ, item, program=found.project.cohort)
    mine = Coding.objects.filter(source=item, coder=found.me, layer=Coding.Layer.CODER
                                 ).select_related("code")
    paths = code_paths(found.project)
    siblings = Source.objects.filter(project=found.project)
    return render(request, "qualitative/source.html", {
        "project": found.project, "source": item, "access": found,
        "codings": [(paths.get(c.code_id, c.code.name), c) for c in mine],
        "form": ApplyForm(project=found.project), "memo_form": MemoForm(),
        "memos": Memo.objects.filter(source=item, author=found.me),
        "coded": CodedUnit.objects.filter(source=item, coder=found.me).exists(),
        "next": siblings.filter(pk__gt=item.pk).order_by("pk").values_list("pk", flat=True)
        .first(),
        "previous": siblings.filter(pk__lt=item.pk).order_by("-pk").values_list("pk", flat=True)
        .first(),
        "length": len(item.text),
        "suggestions": suggestions_for(item, found.me), "valences": Coding._meta.get_field(
            "valence").choices,
    })


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
    return render(request, "qualitative/agreement.html", {
        "project": project, "access": found, "rows": rows,
        "disagreements": [(d, [(names.get(c, "?"), c, codings) for c, codings in d.applied],
                           [names.get(c, "?") for c in d.not_applied]) for d in listed],
        "valences": Coding._meta.get_field("valence").choices,
        "suggested": [suggested.by_code[code] for code in sorted(suggested.by_code,
                                                                 key=str.lower)],
    })


def _adjudicate(request: AuthenticatedHttpRequest, found: ProjectAccess) -> None:
    form = AdjudicateForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return
    data = form.cleaned_data
    item = Source.objects.filter(pk=data["source"], project=found.project).first()
    code = Code.objects.filter(pk=data["code"], project=found.project).first()
    adopt = found.project.coders.filter(person_id=data["adopt"]).first() if data["adopt"] else None
    if item is None or code is None:
        raise Http404("No such source or code")
    assert found.me is not None
    try:
        actions.do_adjudicate(item, code, data["decision"] == "apply", found.me, timezone.now(),
                              adopt=adopt.person if adopt else None,
                              valence=data["valence"] or "neutral")
    except REFUSED as error:
        _fail(request, error)
    else:
        messages.success(request, f"Settled: {code.name} in {item.name}.")


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
    return render(request, "qualitative/table.html", {
        "project": project, "table": table,
        "frequencies": [frequencies(project, by, found=final) for by in ("wave", "group")],
        "scores": theme_scores(project, found=final),
    })


def _agreement_csv(project: Any, rows: list[Any], suggested: Any) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="agreement-{project.pk}.csv"'
    writer = csv.writer(response)
    extra = ["suggestions_accepted", "suggestions_rejected", "suggestions_judged",
             "suggestion_precision"]
    writer.writerow([*COLUMNS, "codebook_version", *extra])
    for row in rows:
        fared = suggested.get(row.code)
        more = [fared.row()[name] for name in extra] if fared else ["", "", "", ""]
        writer.writerow(neutralise_row([*row.row().values(), project.codebook_version, *more]))
    record(Action.EXPORT, project, program=project.cohort, note="agreement CSV")
    return response

