"""Logging, scheduling and reading meetings; reflections and private notes."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from mentora.audit.record import Action, record
from mentora.core.text import plural
from mentora.mentorships.access import access_meeting, access_pair
from mentora.mentorships.actions import (
    MeetingDetails,
    MeetingError,
    do_cancel_meeting,
    do_log_meeting,
    do_reflect,
    do_schedule_meeting,
    do_write_private_note,
    grow_notes,
    readable_pairs,
    visible_reflections,
)
from mentora.mentorships.calendar import meeting_ics
from mentora.mentorships.forms import (
    MeetingLogForm,
    MeetingScheduleForm,
    PrivateNoteForm,
    ReflectionForm,
)
from mentora.mentorships.models import Meeting, Mentorship, PrivateNote, Reflection
from mentora.mentorships.pure import RelationshipRuleError
from mentora.people.access import access_me
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.people.models import Person


def _group_choices(pair: Mentorship, me: Person) -> QuerySet[Mentorship]:
    """A mentor may add their other mentees of the same cohort (a group meeting)."""
    if me.pk != pair.mentor_id:
        return Mentorship.objects.filter(pk=pair.pk).select_related("mentee")
    return Mentorship.objects.filter(
        mentor=me, cohort=pair.cohort, status__in=[Mentorship.Status.ACTIVE]
    ).select_related("mentee") | Mentorship.objects.filter(pk=pair.pk)


def _details(data: dict[str, Any]) -> MeetingDetails:
    return MeetingDetails(
        on=data["on"],
        duration_minutes=data["duration_minutes"],
        mode=data["mode"],
        kind=Meeting.Kind.REVIEW if data.get("review") else Meeting.Kind.REGULAR,
        starts_at=data.get("starts_at"),
        place=data.get("place", ""),
        topics=list(data.get("topics", [])),
        goal=data.get("goal", ""),
        reality=data.get("reality", ""),
        options=data.get("options", ""),
        will=data.get("will", ""),
    )


def _log_form(
    request: HttpRequest, pair: Mentorship, me: Person, initial: dict[str, Any]
) -> MeetingLogForm:
    return MeetingLogForm(
        request.POST or None,
        initial=initial,
        pairs=_group_choices(pair, me).distinct(),
        topics=pair.cohort.program.topics.all(),
    )


def _save_log(form: MeetingLogForm, me: Person, meeting: Meeting | None) -> Meeting | None:
    data = form.cleaned_data
    try:
        return do_log_meeting(
            list(data["mentorships"]), _details(data), me, timezone.now(),
            private_note=data["private_note"], meeting=meeting,
        )
    except MeetingError as error:
        form.add_error(None, str(error))
        return None


def _log_page(
    request: HttpRequest,
    pair: Mentorship,
    initial: dict[str, Any],
    meeting: Meeting | None,
    title: str,
) -> HttpResponse:
    """The one-screen log, for a new meeting or for a scheduled one that took place."""
    me = access_me(request.user)
    form = _log_form(request, pair, me, initial)
    if request.method == "POST" and form.is_valid() and _save_log(form, me, meeting):
        messages.success(request, "Meeting logged.")
        return redirect(pair)
    return render(
        request, "mentorships/meeting_log.html", {"pair": pair, "form": form, "title": title}
    )


@login_required
@require_http_methods(["GET", "POST"])
def log_meeting(request: AuthenticatedHttpRequest, mentorship_id: int) -> HttpResponse:
    """One screen, phone first: who, date (today), length, where, topics; GROW notes folded."""
    pair = access_pair(request.user, mentorship_id)
    initial = {"mentorships": [pair.pk], "on": timezone.localdate(), "duration_minutes": 30,
               "mode": Meeting.Mode.IN_PERSON}
    return _log_page(request, pair, initial, None, "Log a meeting")


@login_required
@require_http_methods(["GET", "POST"])
def mark_held(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    """A scheduled meeting took place: the same one-screen log, filled in from the schedule."""
    meeting = access_meeting(request.user, meeting_id)
    pairs = meeting.mentorships.select_related("cohort__program", "mentee")
    # From a pair's page (?pair=), the notes typed are that pair's; the others keep theirs.
    chosen = request.GET.get("pair", "")
    pair = (pairs.filter(pk=int(chosen)).first() if chosen.isascii() and chosen.isdigit()
            and len(chosen) < 12 else None) or pairs.first()
    if pair is None:
        raise Http404("No such meeting")
    initial = {
        "mentorships": [pair.pk] if chosen else list(pairs.values_list("pk", flat=True)),
        "on": min(meeting.on, timezone.localdate()),
        "duration_minutes": meeting.duration_minutes,
        "mode": meeting.mode,
        "topics": list(meeting.topics.all()),
    }
    return _log_page(request, pair, initial, meeting, "Log this meeting")


@login_required
@require_http_methods(["GET", "POST"])
def schedule_meeting(request: AuthenticatedHttpRequest, mentorship_id: int) -> HttpResponse:
    pair = access_pair(request.user, mentorship_id)
    me = access_me(request.user)
    form = MeetingScheduleForm(
        request.POST or None,
        initial={"mentorships": [pair.pk], "on": timezone.localdate(), "duration_minutes": 30},
        pairs=_group_choices(pair, me).distinct(),
        topics=None,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meetings = do_schedule_meeting(
                list(data["mentorships"]), _details(data), me, timezone.now(),
                every_weeks=data["every_weeks"], until=data["until"],
            )
        except (MeetingError, RelationshipRuleError) as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Scheduled {plural(len(meetings), 'meeting', 'meetings')}.")
            return redirect(pair)
    return render(request, "mentorships/meeting_schedule.html", {"pair": pair, "form": form})


@login_required
def meeting(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id)
    me = access_me(request.user)
    mine = PrivateNote.objects.filter(meeting=meeting, author=me).first()
    if mine is not None:
        record(Action.READ, mine)
    pairs = list(meeting.mentorships.select_related("mentee", "mentor"))
    is_mentee = any(p.mentee_id == me.pk for p in pairs)
    my_reflection = Reflection.objects.filter(meeting=meeting, mentee=me).first()
    context = {
        "meeting": meeting,
        "pairs": pairs,
        "grow": grow_notes(meeting, readable_pairs(pairs, me)),
        "topics": meeting.topics.all(),
        # A reflection is its mentee's own, shared with their mentor only: never with the other
        # mentees of a group meeting, nor with coordinators.
        "reflections": visible_reflections(meeting, me),
        "note_form": PrivateNoteForm(initial={"text": mine.text if mine else ""}),
        "reflection_form": ReflectionForm(
            initial={"learned": my_reflection.learned, "next_actions": my_reflection.next_actions}
            if my_reflection else None
        ) if is_mentee and meeting.status == Meeting.Status.HELD else None,
    }
    return render(request, "mentorships/meeting.html", context)


@login_required
@require_POST
def reflect(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id)
    form = ReflectionForm(request.POST)
    if form.is_valid():
        try:
            do_reflect(meeting, access_me(request.user), form.cleaned_data["learned"],
                       form.cleaned_data["next_actions"], timezone.now())
        except MeetingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Reflection saved.")
    else:
        messages.error(request, "Write what you learned before saving.")
    return redirect(meeting)


@login_required
@require_POST
def private_note(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id)
    form = PrivateNoteForm(request.POST)
    if form.is_valid():
        do_write_private_note(
            meeting, access_me(request.user), form.cleaned_data["text"], timezone.now()
        )
        messages.success(request, "Private note saved. Only you can see it.")
    return redirect(meeting)


@login_required
@require_POST
def cancel(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id)
    if meeting.status == Meeting.Status.SCHEDULED:
        do_cancel_meeting(meeting)
        messages.success(request, "Meeting cancelled.")
    return redirect(meeting)


@login_required
def meeting_download(request: AuthenticatedHttpRequest, meeting_id: int) -> HttpResponse:
    meeting = access_meeting(request.user, meeting_id)
    prefetch_related_objects([meeting], "mentorships__mentee")  # the event names every mentee
    ics = meeting_ics([meeting], timezone.now())
    response = HttpResponse(ics, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{meeting.on}.ics"'
    return response
