from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import FloatField, Func, IntegerField, QuerySet
from django.db.models.fields.json import KT, KeyTransform
from django.db.models.functions import Cast, Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentora.core.pagination import page_of
from mentora.core.text import plural, whole_number
from mentora.matching.access import access_match_request, access_my_enrolment, access_run
from mentora.matching.forms import (
    AdjustForm,
    DeclineForm,
    FilterForm,
    PreferenceForm,
    StartRunForm,
    VersionForm,
    WeightsForm,
)
from mentora.matching.match_requests import (
    Filters,
    MatchRequestRefused,
    do_accept_match_request,
    do_ask_for,
    do_decline_match_request,
    do_move_match_request,
    do_withdraw_match_request,
    eligible_mentees,
    eligible_mentors,
    filtered,
)
from mentora.matching.models import MatchRequest, MatchRun
from mentora.matching.preferences import (
    WEIGHT_LABELS,
    WeightsConflict,
    current_weights,
    do_set_preferences,
    do_set_weights,
    preference_of,
    weights_version,
)
from mentora.matching.publish import NotPublishable, do_publish, publish_plan
from mentora.matching.rematch import rematch_ask
from mentora.matching.review import compare_runs, review
from mentora.matching.runs import StaleRun, do_adjust, do_run_again, do_start_rematch, do_start_run
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.people.models import Person
from mentora.people.roles import person_of
from mentora.programs.access import access_cohort
from mentora.programs.models import Cohort


class _JSONArrayLength(Func):
    """The length of a JSON array, counted by the database (SQLite's name; PostgreSQL's below)."""

    function = "JSON_ARRAY_LENGTH"
    output_field = IntegerField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection, function="JSONB_ARRAY_LENGTH", **extra)


def _listed_runs(cohort: Cohort) -> QuerySet[MatchRun]:
    """The cohort's runs with what the list shows, counted in SQL: a run's stored inputs and
    result (megabytes in a large cohort) stay in the database."""
    return (
        cohort.match_runs.defer("snapshot", "result", "progress", "pins", "forbids")
        .select_related("block")
        .annotate(
            pair_count=Coalesce(_JSONArrayLength(KeyTransform("pairs", "result")), 0),
            objective=Cast(KT("result__objective"), FloatField()),
        )
        .order_by("-number")
    )


@login_required
def cohort_runs(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access_cohort(request.user, cohort_id)
    form = StartRunForm(request.POST or None, cohort=cohort)
    if request.method == "POST" and form.is_valid():
        run = do_start_run(cohort, request.user, timezone.now(), mode=form.cleaned_data["mode"],
                           break_current=form.cleaned_data["break_current"],
                           block=form.cleaned_data.get("block"))
        return redirect("match_run", run.pk)
    context = {"cohort": cohort, "form": form, "runs": page_of(request, _listed_runs(cohort)),
               "waiting": len(rematch_ask(cohort).resolve)}
    return render(request, "matching/cohort_runs.html", context)


@login_required
@require_POST
def cohort_rematch(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access_cohort(request.user, cohort_id)
    ask = rematch_ask(cohort)
    if not ask.resolve:
        messages.error(request, "Nobody is waiting for a re-match.")
        return redirect("match_runs", cohort.pk)
    run = do_start_rematch(cohort, request.user, timezone.now(), ask)
    return redirect("match_run", run.pk)


@login_required
def run_detail(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    run = access_run(request.user, run_id)
    others = run.cohort.match_runs.exclude(pk=run.pk).filter(
        status__in=[MatchRun.Status.DONE, MatchRun.Status.PUBLISHED]).only("pk", "number", "cohort")
    mentees, mentors = _sides(run)
    figures = review(run)
    context = {"run": run, "review": figures, "others": others,
               "mentees": mentees, "mentors": mentors,
               "proposals": page_of(request, figures.pairs if figures else []),
               "unmatched": page_of(request, figures.unmatched if figures else [], "unmatched")}
    return render(request, "matching/run.html", context)


def _sides(run: MatchRun) -> tuple[list[Person], list[Person]]:
    """The run's mentees and mentors by name, read in one query."""
    mentees, mentors = set(run.person_ids("mentees")), set(run.person_ids("mentors"))
    people = list(Person.objects.filter(pk__in=mentees | mentors).order_by("full_name"))
    return [p for p in people if p.pk in mentees], [p for p in people if p.pk in mentors]


def _posted_version(request: HttpRequest) -> int | None:
    """The run version the page was showing, or None when the form is broken."""
    form = VersionForm(request.POST)
    return form.cleaned_data["version"] if form.is_valid() else None


@login_required
@require_POST
def run_adjust(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    run = access_run(request.user, run_id)
    form = AdjustForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a mentee and a mentor.")
        return redirect("match_run", run.pk)
    data = form.cleaned_data
    known = {*run.person_ids("mentees"), *run.person_ids("mentors")}
    if not {data["mentee"], data["mentor"]} <= known:
        raise Http404("No such person in this run")
    try:
        do_adjust(run, data["version"], data["action"], data["mentee"], data["mentor"])
    except StaleRun as stale:
        messages.error(request, str(stale))
    else:
        names = Person.objects.in_bulk([data["mentee"], data["mentor"]])
        pair = f"{names[data['mentee']].full_name} with {names[data['mentor']].full_name}"
        done = {"pin": "Pinned", "forbid": "Forbade", "clear": "Cleared"}[data["action"]]
        messages.success(request, f"{done} {pair} for the next run.")
    return redirect("match_run", run.pk)


@login_required
@require_POST
def run_again(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    run = access_run(request.user, run_id)
    version = _posted_version(request)
    if version is None:
        return redirect("match_run", run.pk)
    try:
        new = do_run_again(run, version, request.user, timezone.now())
    except StaleRun as stale:
        messages.error(request, str(stale))
        return redirect("match_run", run.pk)
    return redirect("match_run", new.pk)


@login_required
@require_POST
def run_publish(request: AuthenticatedHttpRequest, run_id: int) -> HttpResponse:
    run = access_run(request.user, run_id)
    version = _posted_version(request)
    if version is None:
        return redirect("match_run", run.pk)
    if request.POST.get("confirm") != "yes":
        # Nothing is written until the coordinator has read what will change.
        context = {"run": run, "plan": publish_plan(run), "version": version}
        return render(request, "matching/publish_confirm.html", context)
    try:
        outcome = do_publish(run, version, request.user, timezone.now())
    except (StaleRun, NotPublishable) as problem:
        messages.error(request, str(problem))
        return redirect("match_run", run.pk)
    messages.success(
        request, f"Published run {run.number}: "
        f"{plural(len(outcome.created), 'new mentorship', 'new mentorships')}, "
        f"{outcome.kept} kept, {outcome.ended} ended; "
        f"{plural(outcome.notified, 'person', 'people')} notified.")
    return redirect("cohort", run.cohort_id)


@login_required
def run_compare(request: AuthenticatedHttpRequest, run_id: int, other_id: int) -> HttpResponse:
    first = access_run(request.user, run_id)
    second = access_run(request.user, other_id)
    if second.cohort_id != first.cohort_id:
        raise Http404("Runs of different cohorts")
    comparison = compare_runs(first, second)
    context = {"comparison": comparison, "changes": page_of(request, comparison.changes)}
    return render(request, "matching/compare.html", context)


@login_required
def my_matching(request: AuthenticatedHttpRequest) -> HttpResponse:
    me = person_of(request.user)
    enrolments = me.enrolments.filter(status__in=["active", "invited"]).select_related(
        "cohort__program") if me else []
    return render(request, "matching/mine.html", {"enrolments": enrolments})


@login_required
def browse(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    """A mentee browses eligible mentors (a mentor, mentees) and asks for them in order."""
    enrolment = access_my_enrolment(request.user, cohort_id)
    if request.method == "POST":
        chosen = whole_number(request.POST.get("person", ""), most_digits=18)
        find = eligible_mentors if enrolment.is_mentee else eligible_mentees
        if chosen is None or chosen not in {c.person_id for c in find(enrolment)}:
            raise Http404("Not among the people you can ask for")
        other = get_object_or_404(Person, pk=chosen)
        try:
            do_ask_for(enrolment, other, timezone.now())
        except MatchRequestRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"You asked for {other.full_name}.")
        return redirect(request.get_full_path())
    find = eligible_mentors if enrolment.is_mentee else eligible_mentees
    everyone = find(enrolment)
    specialties = sorted({s for c in everyone for s in c.specialties})
    form = FilterForm(request.GET or None, specialties=specialties,
                      roles=sorted({c.role for c in everyone if c.role}))
    cards = filtered(everyone, Filters(**form.cleaned_data)) if form.is_valid() else everyone
    # The interests of the people listed, offered as the person types.
    known = sorted({i for c in everyone for i in (*c.specialties, *c.interests)}, key=str.lower)
    context = {"enrolment": enrolment, "cards": page_of(request, cards), "form": form,
               "known_interests": known,
               "looking_for": "mentors" if enrolment.is_mentee else "mentees"}
    return render(request, "matching/browse.html", context)


@login_required
def my_match_requests(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    enrolment = access_my_enrolment(request.user, cohort_id)
    me = enrolment.person
    mine = MatchRequest.objects.filter(cohort_id=cohort_id).select_related("mentee", "mentor")
    asked = mine.filter(mentee=me, side="mentee") | mine.filter(mentor=me, side="mentor")
    to_me = mine.filter(mentor=me, side="mentee", status="open")
    context = {"enrolment": enrolment, "asked": asked.order_by("status", "rank"),
               "to_me": to_me if enrolment.cohort.program.allows_self_selection else [],
               "decline_form": DeclineForm()}
    return render(request, "matching/match_requests.html", context)


@login_required
@require_POST
def match_request_action(request: AuthenticatedHttpRequest, match_request_id: int) -> HttpResponse:
    match_request = access_match_request(request.user, match_request_id)
    me = person_of(request.user)
    action = request.POST.get("action", "")
    by_mentee = match_request.side == MatchRequest.Side.MENTEE
    asker = match_request.mentee_id if by_mentee else match_request.mentor_id
    is_asker, is_asked = me.pk == asker, me.pk != asker  # type: ignore[union-attr]
    now = timezone.now()
    try:
        if action in ("up", "down", "withdraw") and is_asker:
            if action == "withdraw":
                do_withdraw_match_request(match_request, now)
            else:
                do_move_match_request(match_request, up=action == "up")
        elif action == "accept" and is_asked:
            do_accept_match_request(match_request, now)
            messages.success(request, f"You now mentor {match_request.mentee.full_name}.")
        elif action == "decline" and is_asked:
            form = DeclineForm(request.POST)  # the reason, cleaned and within its column
            if not form.is_valid():
                raise MatchRequestRefused("Say why you decline, in 300 characters at most.")
            do_decline_match_request(match_request, form.cleaned_data["reason"], now)
            messages.success(request, "Declined; the mentee will see your reason.")
        else:
            raise Http404("No such action")
    except MatchRequestRefused as refused:
        messages.error(request, str(refused))
    return redirect("match_requests", match_request.cohort_id)


@login_required
def my_preferences(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    enrolment = access_my_enrolment(request.user, cohort_id)
    current = preference_of(enrolment)
    initial = {"same_gender": current.same_gender, "same_background": current.same_background,
               "roles_needed": current.roles_needed, "team_role": current.team_role}
    form = PreferenceForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        do_set_preferences(enrolment, **form.cleaned_data)
        messages.success(request, "Saved. The next match run will use them.")
        return redirect("match_preferences", cohort_id)
    is_team = enrolment.cohort.program.kind == "team"
    context = {"enrolment": enrolment, "form": form, "is_team": is_team}
    return render(request, "matching/preferences.html", context)


@login_required
def cohort_weights(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    cohort = access_cohort(request.user, cohort_id)
    program = cohort.program
    initial = {**current_weights(program), "version": weights_version(program)}
    form = WeightsForm(request.POST or None, labels=WEIGHT_LABELS, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
        try:
            do_set_weights(program, values, form.cleaned_data["version"], request.user,
                           timezone.now())
        except WeightsConflict as conflict:
            # The coordinator's numbers stay in the form, now against the current version.
            messages.error(request, str(conflict))
            again = request.POST.copy()
            again["version"] = str(conflict.version)
            form = WeightsForm(again, labels=WEIGHT_LABELS, initial=initial)
            status = 409
        else:
            messages.success(request, f"Saved the scoring weights of {program.name}.")
            return redirect("match_runs", cohort.pk)
    return render(request, "matching/weights.html", {"cohort": cohort, "form": form},
                  status=status)
