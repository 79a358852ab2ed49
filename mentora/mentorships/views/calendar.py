"""The private ICS feed: no login, the token in the URL is the key. The address is made on
the person's request (a POST), never by opening the page."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mentora.mentorships.calendar import do_new_feed, feed_of, meeting_ics, meetings_in_feed
from mentora.mentorships.models import CalendarFeed
from mentora.people.access import access_me
from mentora.people.auth import AuthenticatedHttpRequest


@login_required
def calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    feed = feed_of(access_me(request.user))
    # The address a calendar application is given, like the links in mails: SITE_URL's.
    site = settings.SITE_URL.rstrip("/")
    url = site + reverse("calendar_feed", args=[feed.token]) if feed else ""
    return render(request, "mentorships/calendar.html", {"feed_url": url})


@login_required
@require_POST
def reset_calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Make the person's calendar address, or a new one in place of the old."""
    me = access_me(request.user)
    had_one = feed_of(me) is not None
    do_new_feed(me, timezone.now())
    messages.success(
        request,
        "A new calendar address is ready; the old one no longer works."
        if had_one
        else "Your calendar address is ready.",
    )
    return redirect("calendar")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A deactivated account's feed answers 404, as its sessions end."""
    feed = CalendarFeed.objects.select_related("person").filter(
        token=token, person__user__is_active=True).first()
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
