"""Survey links: unguessable, single use, no login; the database holds only their hash.

A token is the HMAC of its invitation's random nonce under the site's secret key: reminders can
mail the same link again, but someone holding only the database cannot make a working link.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.urls import reverse

from mentora.core.tokens import new_nonce as new_nonce  # survey links' vocabulary, here too
from mentora.core.tokens import signed_token
from mentora.core.tokens import token_hash as token_hash
from mentora.people.models import Person
from mentora.surveys.models import Invitation, Wave


class LinkProblem(Exception):
    """Why a survey link cannot be answered; the message is shown to the respondent."""

    def __init__(self, title: str, message: str) -> None:
        super().__init__(message)
        self.title, self.message = title, message


def token_for(nonce: str) -> str:
    return signed_token("survey", nonce)


def new_invitation(wave: Wave, person: Person, sent: datetime, **fields: Any) -> Invitation:
    """An unsaved invitation of this person to this wave, sent at `sent`, with a fresh link
    (its nonce and the hash of its token); `fields` set the rest (a window, when it was used)."""
    nonce = new_nonce()
    return Invitation(
        wave=wave,
        person=person,
        email=person.email,
        nonce=nonce,
        token_hash=token_hash(token_for(nonce)),
        sent_at=sent,
        last_sent_at=sent,
        **fields,
    )


def survey_url(token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("survey_respond", args=[token])


def find_invitation(token: str, today: date) -> Invitation:
    """The invitation a link belongs to, or LinkProblem saying plainly what is wrong."""
    try:
        invitation = Invitation.objects.select_related("wave__instrument", "wave__cohort").get(
            token_hash=token_hash(token)
        )
    except Invitation.DoesNotExist:
        raise LinkProblem(
            "This link is not recognised",
            "The survey link may have been cut short or changed when it was copied. Open it "
            "again from your invitation email, or ask your program coordinator for a new one.",
        ) from None
    if invitation.used_at is not None:
        raise LinkProblem(
            "You have already submitted this survey",
            "Thank you: your answers were received. A survey can be submitted only once.",
        )
    opens_on, closes_on = invitation.window  # the person's own, in a wave timed per person
    if today < opens_on:
        raise LinkProblem("This survey is not open yet", f"It opens on {opens_on:%B %-d, %Y}.")
    if today > closes_on:
        raise LinkProblem(
            "This survey has closed",
            f"It closed on {closes_on:%B %-d, %Y}. Ask your program coordinator if you "
            "still want to take part.",
        )
    return invitation
