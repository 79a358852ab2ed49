"""Who is an auditor (`mentora auditor`), and signing in and out as events."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from mentora.audit.models import AuditEvent
from mentora.audit.record import Action
from mentora.audit.rights import is_auditor
from tests import factories


def test_the_command_gives_lists_and_takes_the_right(world: Any) -> None:
    out = StringIO()
    call_command("auditor", "add", "alice@example.edu", stdout=out)
    assert is_auditor(type(world.alice).objects.get(pk=world.alice.pk))
    call_command("auditor", "list", stdout=out)
    assert out.getvalue().splitlines()[-1] == "alice@example.edu"
    call_command("auditor", "remove", "alice@example.edu", stdout=out)
    assert not is_auditor(type(world.alice).objects.get(pk=world.alice.pk))
    with pytest.raises(CommandError, match="No account"):
        call_command("auditor", "add", "nobody@example.edu")


def test_signing_in_and_out_are_events(world: Any, client: Client) -> None:
    assert client.post("/login/", {"username": "alice@example.edu",
                                   "password": factories.PASSWORD}).status_code == 302
    client.post("/logout/")
    events = AuditEvent.objects.filter(actor=world.alice).order_by("at", "id")
    assert [e.action for e in events] == [Action.SIGN_IN, Action.SIGN_OUT]
    assert events[0].path == "/login/" and events[0].method == "POST"
