"""Survey answers and links in the audit trail: an anonymous answer is never tied to its
respondent by the log, and no link's secret is written into it."""

from __future__ import annotations

from typing import Any

import time_machine
from django.core import mail

from mentora.audit.models import AuditEvent
from mentora.audit.record import Action
from mentora.surveys.actions import do_send_invitations
from mentora.surveys.models import Response
from tests.surveys.test_waves import NOW, _links, _wave, library, submitted  # noqa: F401


@time_machine.travel(NOW, tick=False)
def test_an_anonymous_answer_is_logged_against_its_wave_not_its_response(
    world: Any, library: Any, client: Any  # noqa: F811
) -> None:
    wave = _wave(world, library, anonymous=True)
    do_send_invitations(wave, NOW)
    sent = AuditEvent.objects.filter(object_type="surveys.invitation", action=Action.CREATE)
    assert sent.count() == 2  # one event per invitation sent
    [link] = [token for m, token in zip(mail.outbox, _links(), strict=True)
              if m.to == [world.maya.email]]
    client.post(f"/s/{link}/", submitted(im_opinion_career="3"))
    [event] = AuditEvent.objects.filter(action=Action.UPDATE, object_type__startswith="surveys.")
    assert (event.object_type, event.object_id) == ("surveys.wave", str(wave.pk))
    assert event.fields == []
    assert event.note == "anonymous response submitted"
    assert event.path == "/s/<token>/"
    response = Response.objects.get(wave=wave)
    assert not AuditEvent.objects.filter(object_type="surveys.response",
                                         object_id=str(response.pk)).exists()
    assert not any(link in str(row) for row in AuditEvent.objects.values_list())


@time_machine.travel(NOW, tick=False)
def test_an_identified_answer_names_its_response_and_the_items_answered(
    world: Any, library: Any, client: Any  # noqa: F811
) -> None:
    wave = _wave(world, library)
    do_send_invitations(wave, NOW)
    [link] = [token for m, token in zip(mail.outbox, _links(), strict=True)
              if m.to == [world.maya.email]]
    client.post(f"/s/{link}/", submitted(im_opinion_career="3"))
    [event] = AuditEvent.objects.filter(action=Action.UPDATE, object_type="surveys.response")
    assert event.object_id == str(Response.objects.get(wave=wave).pk)
    assert "im_opinion_career" in event.fields
    assert event.program_id == world.clerkship.pk
