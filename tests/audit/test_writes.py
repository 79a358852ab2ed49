"""Writes to sensitive records leave their events, in their transaction; reads and downloads of
the most sensitive ones too."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from mentora.audit.models import AuditEvent
from mentora.audit.record import Action
from mentora.mentorships.actions import (
    AgreementError,
    do_draft_agreement,
    do_edit_agreement,
    do_start_plan,
)
from mentora.mentorships.actions.status import do_end_many
from mentora.mentorships.models import Mentorship

PHONE = "Mozilla/5.0 (Linux; Android 14)"


def test_declining_a_mentor_on_the_page_is_recorded_with_who_and_where(world: Any,
                                                                      login: Any) -> None:
    response = login(world.maya).post(
        f"/mentorships/{world.mark_maya.pk}/decline/",
        {"reason": "no_contact", "note": "never answered", "rematch": "on"},
        HTTP_USER_AGENT=PHONE, REMOTE_ADDR="192.0.2.7",
    )
    assert response.status_code == 302
    [event] = AuditEvent.objects.filter(object_type="mentorships.mentorship")
    assert (event.action, event.object_id) == (Action.UPDATE, str(world.mark_maya.pk))
    assert event.actor_id == world.maya.user_id
    assert event.program_id == world.clerkship.pk
    assert event.fields == ["decline_note", "decline_reason", "declined_on", "status"]
    assert (event.method, event.ip_address, event.user_agent) == ("POST", "192.0.2.7", PHONE)
    assert "never answered" not in str(AuditEvent.objects.values_list())


def test_a_refused_write_leaves_no_event(world: Any, login: Any) -> None:
    """Nina cannot decline Maya's mentor; an edit from a stale page is refused: neither writes
    anything, so neither leaves an event."""
    assert login(world.nina).post(f"/mentorships/{world.mark_maya.pk}/decline/",
                                  {"reason": "no_contact"}).status_code == 404
    now = timezone.now()
    agreement = do_draft_agreement(world.mark_maya, now)
    before = AuditEvent.objects.count()
    with pytest.raises(AgreementError):
        do_edit_agreement(agreement, {"no_such_section": "x"}, world.maya, now)
    assert AuditEvent.objects.count() == before
    assert not AuditEvent.objects.filter(object_type="mentorships.mentorship").exists()


def test_ending_many_pairs_at_once_audits_every_pair(world: Any) -> None:
    ended = do_end_many(world.cohort, [(world.maya.pk, world.mark.pk),
                                       (world.nina.pk, world.mark.pk)],
                        world.mark, "re-matched", timezone.now())
    assert len(ended) == 2
    events = AuditEvent.objects.filter(object_type="mentorships.mentorship", action="update")
    assert sorted(e.object_id for e in events) == sorted(
        str(pair.pk) for pair in Mentorship.objects.filter(cohort=world.cohort))
    assert {e.actor_id for e in events} == {world.mark.user_id}


def test_downloading_a_plan_is_logged(world: Any, login: Any) -> None:
    plan = do_start_plan(world.maya, world.cohort, "full", timezone.now())
    response = login(world.maya).get(f"/plans/{plan.pk}/export.docx")
    assert response.status_code == 200
    [event] = AuditEvent.objects.filter(action=Action.EXPORT)
    assert (event.object_type, event.object_id) == ("mentorships.developmentplan", str(plan.pk))
    assert event.actor_id == world.maya.user_id
    assert event.note == "downloaded as docx"


def test_a_plan_someone_may_not_read_is_neither_sent_nor_logged(world: Any, login: Any) -> None:
    plan = do_start_plan(world.maya, world.cohort, "full", timezone.now())
    assert login(world.nina).get(f"/plans/{plan.pk}/export.pdf").status_code == 404
    assert not AuditEvent.objects.filter(action=Action.EXPORT).exists()


def test_the_admin_logs_opening_demographics_and_changing_a_person(world: Any,
                                                                   login: Any) -> None:
    from mentora.people.models import Demographics

    demographics = Demographics.objects.create(person=world.maya, gender="woman")
    admin = login(world.olga)
    assert admin.get(f"/admin/people/demographics/{demographics.pk}/change/").status_code == 200
    [read] = AuditEvent.objects.filter(action=Action.READ, object_type="people.demographics")
    assert (read.object_id, read.actor_id, read.note) == (str(demographics.pk), world.olga.pk,
                                                          "admin")
    assert admin.post(f"/admin/people/demographics/{demographics.pk}/delete/",
                      {"post": "yes"}).status_code == 302
    [deleted] = AuditEvent.objects.filter(action=Action.DELETE)
    assert (deleted.object_type, deleted.object_id) == ("people.demographics",
                                                        str(demographics.pk))
