"""Where Mentora writes to a person: the address they chose for notifications on their profile,
or else the email they sign in with."""

from __future__ import annotations

from mentora.people.models import Person


def notification_address(person: Person) -> str:
    """The person's notification email when they gave one, else their sign-in email."""
    return person.notification_email.strip() or person.email
