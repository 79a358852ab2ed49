"""The audit trail itself: what an event holds, that it cannot change, and who reads it."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, transaction

from mentora.audit.models import AppendOnly, AuditEvent
from mentora.audit.record import Action, record, record_many
from mentora.people.models import Demographics
from mentora.programs.actions import do_withdraw

BROWSER = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0) " + "x" * 400


def events(action: str, object_type: str) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action, object_type=object_type))


def test_a_write_through_a_page_is_recorded_with_its_actor_and_request(world: Any,
                                                                      login: Any) -> None:
    """Maya opens her profile: the read of her demographics names her, the page, her address
    and her browser (cut to 200 characters), and the response carries the request id."""
    Demographics.objects.create(person=world.maya, gender="woman")
    response = login(world.maya).get(f"/people/{world.maya.pk}/", HTTP_USER_AGENT=BROWSER,
                                     REMOTE_ADDR="10.1.2.3")
    assert response.status_code == 200
    [event] = events(Action.READ, "people.demographics")
    assert event.actor_id == world.maya.user_id
    assert event.actor_email == world.maya.user.email
    assert (event.method, event.path) == ("GET", f"/people/{world.maya.pk}/")
    assert event.ip_address == "10.1.2.3"
    assert event.user_agent == BROWSER[:200]
    assert event.request_id == response["X-Request-ID"]


def test_a_write_outside_a_request_names_who_it_was_given(world: Any) -> None:
    enrolment = world.maya.enrolments.get()
    with transaction.atomic():
        do_withdraw(enrolment, world.cohort.starts_on, "moved away")
    [event] = events(Action.UPDATE, "programs.enrolment")
    assert event.object_id == str(enrolment.pk)
    assert event.program_id == world.clerkship.pk
    assert event.fields == ["status", "withdrawal_reason", "withdrawn_on"]
    assert "moved away" not in str(event.__dict__)  # names of fields, never their values
    assert (event.path, event.ip_address) == ("", None)


def test_a_rolled_back_write_leaves_no_event(world: Any) -> None:
    enrolment = world.maya.enrolments.get()
    with pytest.raises(RuntimeError), transaction.atomic():
        do_withdraw(enrolment, world.cohort.starts_on, "moved away")
        raise RuntimeError("the request failed after the write")
    assert not AuditEvent.objects.filter(object_type="programs.enrolment").exists()
    enrolment.refresh_from_db()
    assert enrolment.status == "active"


def test_the_orm_refuses_to_change_or_delete_an_event(world: Any) -> None:
    event = record(Action.READ, world.maya, note="a look")
    event.note = "nothing happened"
    with pytest.raises(AppendOnly):
        event.save()
    with pytest.raises(AppendOnly):
        event.delete()
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).update(note="nothing happened")
    with pytest.raises(AppendOnly):
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).note == "a look"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize("sql", [
    "UPDATE audit_auditevent SET note = 'rewritten' WHERE id = %s",
    "DELETE FROM audit_auditevent WHERE id = %s",
])
def test_postgresql_refuses_raw_update_and_delete(world: Any, sql: str) -> None:
    from django.db import DatabaseError

    event = record(Action.READ, world.maya)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute(sql, [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).note == ""


def test_record_many_writes_one_event_per_object(world: Any) -> None:
    people = [world.mark, world.maya, world.nina]
    assert record_many(Action.UPDATE, people, program=world.cohort, fields=["x"]) == 3
    found = events(Action.UPDATE, "people.person")
    assert sorted(e.object_id for e in found) == sorted(str(p.pk) for p in people)
    assert {e.program_id for e in found} == {world.clerkship.pk}
