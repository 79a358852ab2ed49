from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentora.audit.record import Action, record
from mentora.core.pagination import page_of
from mentora.core.text import plural
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.programs.access import access_cohort
from mentora.programs.models import Cohort, ProgramCoordinator, live_on
from mentora.surveys import actions, export_jobs, import_preview, imports, instrument_types
from mentora.surveys.access import access_instrument, access_survey_import, access_wave
from mentora.surveys.answering import read_answers
from mentora.surveys.forms import (
    InviteForm,
    ItemTypesForm,
    QualtricsImportForm,
    RedcapImportForm,
    ScheduleForm,
    WaveForm,
)
from mentora.surveys.interchange.tiers import ExportTier
from mentora.surveys.links import LinkProblem
from mentora.surveys.mapping import to_interchange
from mentora.surveys.models import Instrument, Response, SurveyImport, Wave
from mentora.surveys.page import questions
from mentora.surveys.projects import cohort_projects, free_name
from mentora.surveys.redcap import (
    ExportProblem,
    ImportProblem,
    cohort_instruments,
    export_redcap,
    instrument_dictionary,
    project_tables,
)


def _instruments(cohort: Cohort) -> QuerySet[Instrument]:
    return Instrument.objects.filter(Q(in_library=True) | Q(waves__cohort=cohort)).distinct()


def _cohort_page(
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
    return _cohort_page(request, access_cohort(request.user, cohort_id))


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
        return _cohort_page(request, cohort, status=400, wave_form=form)
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


def _wave_page(request: HttpRequest, wave: Wave, status: int = 200, **context: Any) -> HttpResponse:
    rate = next(r for r in actions.response_rates(wave.cohort) if r.wave.pk == wave.pk)
    invitations = wave.invitations.all()
    schedule = {
        name: getattr(wave, name)
        for name in ("opens_on", "closes_on", "reminder_every_days", "max_reminders")
    }
    context = {
        "wave": wave,
        "rate": rate,
        "invite_form": InviteForm(),
        "schedule_form": ScheduleForm(initial=schedule),
        # An anonymous wave shows counts only: a list of who has answered, read before and
        # after a submission, would tell whose answer it was.
        "invitations": None
        if wave.anonymous
        else page_of(
            request, invitations.select_related("person").order_by("person__full_name", "pk")
        ),
        "invited": invitations.count(),
        "submitted": invitations.filter(used_at__isnull=False).count(),
        "pending": invitations.filter(used_at__isnull=True).count(),
        "reminded": invitations.filter(reminders_sent__gt=0).count(),
        "is_open": wave.is_open(timezone.localdate()),
        **context,
    }
    return render(request, "surveys/wave.html", context, status=status)


@login_required
def wave(request: AuthenticatedHttpRequest, wave_id: int) -> HttpResponse:
    return _wave_page(request, access_wave(request.user, wave_id))


@login_required
@require_POST
def change_schedule(request: AuthenticatedHttpRequest, wave_id: int) -> HttpResponse:
    wave = access_wave(request.user, wave_id)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        return _wave_page(request, wave, status=400, schedule_form=form)
    actions.do_change_schedule(wave, **form.cleaned_data)
    messages.success(request, "Saved the schedule; every pending reminder follows it.")
    return redirect("survey_wave", wave.pk)


@login_required
@require_POST
def send_invitations(request: AuthenticatedHttpRequest, wave_id: int) -> HttpResponse:
    wave = access_wave(request.user, wave_id)
    form = InviteForm(request.POST)
    role = form.cleaned_data["role"] if form.is_valid() else "mentee"
    sent = actions.do_send_invitations(wave, timezone.now(), role=role)
    done = f"Sent {plural(sent, 'invitation', 'invitations')}." if sent else "Everyone is invited."
    messages.success(request, done)
    return redirect("survey_wave", wave.pk)


# The uploaded files of each import form, and the other fields the import reads.
_PARTS = {
    SurveyImport.Kind.REDCAP: ("dictionary", "records", "events", *imports.TABLE_PARTS),
    SurveyImport.Kind.QUALTRICS: ("export",),
}
_OPTIONS = {
    SurveyImport.Kind.REDCAP: ("name", "into", "dry_run"),
    SurveyImport.Kind.QUALTRICS: ("identifiers", "label", "name", "into", "anonymous"),
}
# The file a new project is named after when no name is given.
_NAMED_AFTER = {SurveyImport.Kind.REDCAP: "dictionary", SurveyImport.Kind.QUALTRICS: "export"}


def _import(
    request: AuthenticatedHttpRequest,
    cohort: Cohort,
    form_key: str,
    form: Form,
    kind: SurveyImport.Kind,
) -> HttpResponse:
    """Runs one import from a valid form, or queues it when the file is large; the cohort page
    with what went wrong otherwise."""
    if not form.is_valid():
        return _cohort_page(request, cohort, status=400, **{form_key: form})
    data = form.cleaned_data
    options = {name: data[name] for name in _OPTIONS[kind]}
    now = timezone.now()
    guessed: list[str] = []  # files read in a guessed encoding, said on the page
    try:
        uploads = {
            upload.part: upload
            for part in _PARTS[kind]
            if (upload := imports.read_upload(part, data[part], guessed)) is not None
        }
        for warning in guessed:
            messages.warning(request, warning)
        named_after = PurePath(uploads[_NAMED_AFTER[kind]].name).stem
        options["name"] = data["into"] or data["name"] or free_name(named_after, kind)
        options["into"] = bool(data["into"])
        if kind == SurveyImport.Kind.REDCAP and options.get("dry_run"):
            previewed = import_preview.do_store_preview(cohort, uploads, options, request.user, now)
            found = import_preview.preview(previewed)
            if found.problems:
                raise ImportProblem(found.problems)
            messages.info(request, found.summary)
            return redirect(previewed)
        if imports.is_large(kind, uploads):
            queued = imports.do_queue_import(cohort, kind, uploads, options, request.user, now)
            return redirect(queued)
        summary = imports.do_import_now(cohort, kind, uploads, options, now)
    except ImportProblem as problem:
        return _cohort_page(
            request, cohort, status=400, import_errors=problem.problems, **{form_key: form}
        )
    messages.success(request, summary)
    return redirect("cohort_surveys", cohort.pk)


@login_required
@require_POST
def import_redcap(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access_cohort(request.user, cohort_id)
    form = RedcapImportForm(request.POST, request.FILES, projects=cohort_projects(cohort, "redcap"))
    return _import(request, cohort, "redcap_form", form, SurveyImport.Kind.REDCAP)


@login_required
@require_POST
def import_qualtrics(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access_cohort(request.user, cohort_id)
    form = QualtricsImportForm(
        request.POST, request.FILES, projects=cohort_projects(cohort, "qualtrics")
    )
    return _import(request, cohort, "qualtrics_form", form, SurveyImport.Kind.QUALTRICS)


@login_required
def survey_import(request: AuthenticatedHttpRequest, import_id: int) -> HttpResponse:
    """A queued import: its job's progress while it runs, then what it imported or every
    problem it found."""
    queued = access_survey_import(request.user, import_id)
    if import_preview.is_preview(queued):
        return _preview_page(request, queued)
    context = {"survey_import": queued, "cohort": queued.cohort, "job": queued.job}
    return render(request, "surveys/import.html", context)


def _preview_page(
    request: HttpRequest,
    survey_import: SurveyImport,
    form: import_preview.PreviewForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """What a previewed import would write, with the types and the linking field to choose."""
    options = {}
    if form is not None and form.is_valid():
        options = {"types": form.types(), "match_on": form.cleaned_data["match_on"]}
    found = import_preview.preview(survey_import, options)
    context = {
        "survey_import": survey_import,
        "cohort": survey_import.cohort,
        "found": found,
        "form": form or import_preview.PreviewForm(found=found),
    }
    return render(request, "surveys/import_preview.html", context, status=status)


@login_required
@require_POST
def confirm_import(request: AuthenticatedHttpRequest, import_id: int) -> HttpResponse:
    """Write a previewed import as its preview showed it, or show it again with the choices
    made ("Preview again")."""
    previewed = access_survey_import(request.user, import_id)
    if not import_preview.is_preview(previewed):
        return redirect(previewed)
    found = import_preview.preview(previewed)
    form = import_preview.PreviewForm(request.POST, found=found)
    if not form.is_valid() or "again" in request.POST:
        return _preview_page(request, previewed, form, status=200 if form.is_valid() else 400)
    try:
        summary = import_preview.do_confirm_preview(
            previewed, form.types(), form.cleaned_data["match_on"], request.user, timezone.now()
        )
    except ImportProblem as problem:
        messages.error(request, " ".join(problem.problems[:3]))
        return redirect(previewed)
    if summary == "queued":
        return redirect(previewed)
    messages.success(request, summary)
    return redirect("cohort_surveys", previewed.cohort_id)


def export_tier(user: User, cohort: Cohort) -> ExportTier:
    """The export right of the user's live coordinator role in the cohort's program: full for a
    site admin, none without a role."""
    if user.is_superuser:
        return ExportTier.FULL
    role = (
        ProgramCoordinator.objects.filter(program=cohort.program, user=user)
        .filter(live_on(timezone.localdate()))
        .values_list("export_right", flat=True)
        .first()
    )
    return ExportTier(role) if role else ExportTier.NONE


def _csv(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def export_cohort(
    request: AuthenticatedHttpRequest, cohort_id: int, instrument: str, part: str
) -> HttpResponse:
    cohort = access_cohort(request.user, cohort_id)
    if instrument not in cohort_instruments(cohort):
        raise Http404("No such instrument in this cohort")
    tier = export_tier(request.user, cohort)
    if tier is ExportTier.NONE:
        raise PermissionDenied("Your role in this program has no right to export answers.")
    if export_jobs.is_large(cohort):  # written by a job: its page offers the file when ready
        shift = request.GET.get("shift") == "1"
        job = export_jobs.do_queue_survey_export(
            cohort, instrument, part, tier, shift, request.user
        )
        return redirect("export_job", job.pk)
    try:
        shift = request.GET.get("shift") == "1"
        export = export_redcap(cohort, instrument, tier, shift_dates=shift)
    except ExportProblem as problem:
        messages.error(request, str(problem))
        return redirect("cohort_surveys", cohort.pk)
    text = {
        "dictionary": export.dictionary,
        "records": export.records,
        "events": export.events,
        **export.tables,
    }
    if text.get(part) is None:
        raise Http404("No such part")
    record(
        Action.EXPORT,
        cohort,
        note=f"survey {instrument} {part}, tier {tier.value}"
        + (", dates shifted" if shift else ""),
    )
    return _csv(text[part] or "", f"{instrument}_{part}.csv")


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


@login_required
def instrument_export(request: AuthenticatedHttpRequest, instrument_id: int) -> HttpResponse:
    instrument = access_instrument(request.user, instrument_id)
    return _csv(instrument_dictionary(instrument), f"{instrument.name}_v{instrument.version}.csv")


def _problem_page(request: HttpRequest, problem: LinkProblem) -> HttpResponse:
    return render(request, "surveys/link_problem.html", {"problem": problem}, status=410)


def respond(request: HttpRequest, token: str) -> HttpResponse:
    """The respondent's survey: no login, the link is the key."""
    now = timezone.now()
    try:
        invitation = actions.do_open_link(token, now)
    except LinkProblem as problem:
        return _problem_page(request, problem)
    wave = invitation.wave
    definition = to_interchange(wave.instrument)
    response = Response.objects.filter(invitation=invitation).first()
    saved = actions.saved_answers(response)
    errors: dict[str, str] = {}
    if request.method == "POST":
        submitting = "submit" in request.POST
        reading = read_answers(definition, dict(request.POST.lists()), submitting=submitting)
        saved, errors = reading.answers, reading.errors
        if not errors:
            try:
                actions.do_save_answers(token, reading.answers, now, submit=submitting)
            except LinkProblem as problem:
                return _problem_page(request, problem)
            if submitting:
                return render(request, "surveys/thanks.html", {"wave": wave})
            messages.success(request, "Your answers are saved. Come back with the same link.")
            return redirect("survey_respond", token)
    context = {
        "wave": wave,
        "closes_on": invitation.window[1],
        "questions": questions(definition, saved, errors),
        "errors": errors,
        "token": token,
    }
    return render(request, "surveys/respond.html", context, status=400 if errors else 200)
