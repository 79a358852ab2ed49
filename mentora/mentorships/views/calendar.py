"""The private ICS feed: no login, the token in the URL is the key."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentora.mentorships.calendar import (
    do_reset_feed,
    feed_for,
    meeting_ics,
    meetings_in_feed,
)
from mentora.mentorships.models import CalendarFeed
from mentora.people.roles import person_of


@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    me = person_of(request.user)
    if me is None:
        raise Http404("No calendar")
    feed = feed_for(me, timezone.now())
    url = request.build_absolute_uri(f"/calendar/{feed.token}.ics")
    return render(request, "mentorships/calendar.html", {"feed_url": url})


@login_required
@require_POST
def reset_calendar(request: HttpRequest) -> HttpResponse:
    me = person_of(request.user)
    if me is None:
        raise Http404("No calendar")
    do_reset_feed(me, timezone.now())
    messages.success(request, "A new calendar address is ready; the old one no longer works.")
    return redirect("calendar")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    feed = CalendarFeed.objects.select_related("person").filter(token=token).first()
    if feed is None:
        raise Http404("No such calendar")
    return HttpResponse(
        meeting_ics(
            meetings_in_feed(feed.person, timezone.localdate()),
            timezone.now(),
            f"Mentoring: {feed.person.full_name}",
        ),
        content_type="text/calendar; charset=utf-8",
    )
