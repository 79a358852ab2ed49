"""Coding: the codebook and its changes, and a source to code (codes, memos, suggestions)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from mentora.audit.record import Action, record
from mentora.core.pagination import page_of
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.qualitative import actions, suggestion_pages
from mentora.qualitative.access import ProjectAccess, access_project, access_source
from mentora.qualitative.agreement import code_paths
from mentora.qualitative.forms import ApplyForm, CodeForm, MemoForm
from mentora.qualitative.models import Code, CodebookChange, CodedUnit, Coding, Memo, Source
from mentora.qualitative.suggestions import suggestions_for
from mentora.qualitative.views.common import REFUSED, fail, form_errors


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
                fail(request, error)
        else:
            form_errors(request, form)
        return redirect("qda_codebook", project.pk)
    paths = code_paths(project)
    codes = sorted(
        Code.objects.filter(project=project, retired=False).annotate(uses=Count("codings")),
        key=lambda c: paths[c.pk].lower(),
    )
    return render(
        request,
        "qualitative/codebook.html",
        {
            "project": project,
            "access": found,
            "codes": [(paths[c.pk], c) for c in codes],
            "changes": page_of(
                request,
                CodebookChange.objects.filter(project=project)
                .select_related("code", "other")
                .order_by("-version"),
                "changes",
            ),
            "form": CodeForm(project=project, initial={"op": "create"}),
        },
    )


def _change_codebook(request: AuthenticatedHttpRequest, data: dict[str, Any], project: Any) -> None:
    op, code, now, by = data["op"], data.get("code"), timezone.now(), request.user
    if op == "create":
        made = actions.do_create_code(
            project,
            data["name"],
            now,
            parent=data["parent"],
            definition=data["definition"],
            colour=data["colour"] or "#1f77b4",
            by=by,
        )
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
            form_errors(request, form)
            return
        data = form.cleaned_data
        coding = actions.do_apply_code(
            source,
            data["code"],
            me,
            now,
            start=data["start"],
            end=data["end"],
            valence=data["valence"],
        )
        messages.success(request, f"Coded {coding.code.name} ({coding.get_valence_display()}).")
    elif op == "remove":
        mine = Coding.objects.filter(
            pk=_key(request.POST.get("coding")), source=source, coder=me, layer=Coding.Layer.CODER
        ).first()
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
            form_errors(request, memo)
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
            fail(request, error)
        return redirect(item)
    record(Action.READ, item, program=found.project.cohort)
    mine = Coding.objects.filter(
        source=item, coder=found.me, layer=Coding.Layer.CODER
    ).select_related("code")
    paths = code_paths(found.project)
    siblings = Source.objects.filter(project=found.project)
    return render(
        request,
        "qualitative/source.html",
        {
            "project": found.project,
            "source": item,
            "access": found,
            "codings": [(paths.get(c.code_id, c.code.name), c) for c in mine],
            "form": ApplyForm(project=found.project),
            "memo_form": MemoForm(),
            "memos": Memo.objects.filter(source=item, author=found.me),
            "coded": CodedUnit.objects.filter(source=item, coder=found.me).exists(),
            "next": siblings.filter(pk__gt=item.pk)
            .order_by("pk")
            .values_list("pk", flat=True)
            .first(),
            "previous": siblings.filter(pk__lt=item.pk)
            .order_by("-pk")
            .values_list("pk", flat=True)
            .first(),
            "length": len(item.text),
            "suggestions": suggestions_for(item, found.me),
            "valences": Coding._meta.get_field("valence").choices,
        },
    )
