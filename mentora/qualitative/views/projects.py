"""Projects: the list (a coordinator starts one), a project's page and its manager's forms
(comments and transcripts imported as sources, coders, a sample, redactions)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from mentora.core.forms import read_upload
from mentora.core.pagination import page_of
from mentora.core.text import plural
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.people.roles import is_live_evaluator, person_of
from mentora.programs.access import programs_for
from mentora.programs.models import Cohort
from mentora.qualitative import actions, suggestion_pages
from mentora.qualitative.access import ProjectAccess, access_project, projects_for
from mentora.qualitative.actions import QdaError
from mentora.qualitative.actions.projects import open_text_items
from mentora.qualitative.forms import (
    CoderForm,
    CommentsForm,
    ProjectForm,
    RedactionForm,
    SampleForm,
    TranscriptForm,
)
from mentora.qualitative.models import CodedUnit, Sample, Source
from mentora.qualitative.pure.docx_text import docx_text
from mentora.qualitative.suggestions import latest_job
from mentora.qualitative.views.common import RACE, REFUSED, fail, form_errors


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
                    form.cleaned_data["cohort"],
                    form.cleaned_data["name"],
                    user,
                    timezone.now(),
                    description=form.cleaned_data["description"],
                )
            except (QdaError, IntegrityError) as error:
                form.add_error(None, RACE if isinstance(error, IntegrityError) else str(error))
            else:
                messages.success(request, f"Project {project.name} started.")
                return redirect(project)
    rows = (
        projects_for(user)
        .annotate(n_sources=Count("sources", distinct=True))
        .order_by("cohort__program__name", "name")
    )
    return render(
        request,
        "qualitative/projects.html",
        {
            "pages": page_of(request, rows),
            "form": form if may_create else None,
        },
    )


def _project_post(request: AuthenticatedHttpRequest, found: ProjectAccess) -> None:
    """The manager's forms: comments, a transcript, a coder, a sample."""
    project, op, now, user = found.project, request.POST.get("op", ""), timezone.now(), request.user
    if op == "comments":
        comments = CommentsForm(request.POST, items=open_text_items(project.cohort))
        if comments.is_valid():
            added = actions.do_import_comments(
                project, comments.cleaned_data["questions"], now, by=user
            )
            messages.success(request, f"{added} comments added as sources.")
        else:
            form_errors(request, comments)
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
                project,
                data["kind"],
                name,
                text,
                now,
                by=user,
                respondent=data["respondent"],
                role=data["role"],
                group=data["group"],
                wave=data["wave"],
            )
            turns = plural(len(source.speakers), "turn", "turns")
            messages.success(request, f"{source.name} added ({turns}).")
        else:
            form_errors(request, upload)
    elif op == "coder":
        coder = CoderForm(request.POST)
        if coder.is_valid():
            joined = actions.do_add_coder(
                project,
                coder.cleaned_data["person"],
                now,
                is_lead=coder.cleaned_data["is_lead"],
                by=user,
            )
            messages.success(request, f"{joined.person.full_name} codes in {project.name}.")
        else:
            form_errors(request, coder)
    elif op == "sample":
        sample = SampleForm(request.POST, project=project)
        if sample.is_valid():
            drawn = actions.do_draw_sample(
                project,
                sample.cleaned_data["percent"],
                list(sample.cleaned_data["coders"]),
                now,
                by=user,
            )
            messages.success(
                request,
                f"{drawn.sources.count()} sources drawn for double "
                "coding, each coded blind by every chosen coder.",
            )
        else:
            form_errors(request, sample)
    elif op == "redact":
        redaction = RedactionForm(request.POST)
        if redaction.is_valid():
            actions.do_set_redactions(
                project,
                redaction.cleaned_data["redactions"],
                redaction.cleaned_data["redact_names"],
                by=user,
            )
            messages.success(request, "Saved: every export blacks these out.")
        else:
            form_errors(request, redaction)
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
            fail(request, error)
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
        "coders"
    )
    return render(
        request,
        "qualitative/project.html",
        {
            "project": project,
            "access": found,
            "counts": counts,
            "sources": page_of(request, sources, "sources"),
            "coders": project.coders.select_related("person"),
            "samples": samples,
            "comments_form": CommentsForm(items=open_text_items(project.cohort)),
            "transcript_form": TranscriptForm(),
            "coder_form": CoderForm(),
            "sample_form": SampleForm(project=project),
            "suggest_job": latest_job(project) if found.manages or found.leads else None,
            "redaction_form": RedactionForm(
                initial={"redactions": project.redactions, "redact_names": project.redact_names}
            ),
        },
    )
