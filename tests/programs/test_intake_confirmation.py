"""Issue 11, finding 1: the public intake form writes nothing to a person Mentora already knows
until that person confirms through the single-use link mailed to them."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mentora.people.models import Demographics, Person
from mentora.programs.models import Enrolment

FORM = {
    "full_name": "Someone Else",
    "career_stage": "5",
    "department": "Forged department",
    "goals": "Forged goals",
    "career_interests": "Forged interest",
    "opinion_clerkship": "1",
    "opinion_career": "2",
    "specialty_confidence": "3",
    "gender": "woman",
    "underrepresented": "yes",
}


@pytest.fixture
def capture(django_capture_on_commit_callbacks: Any) -> Any:
    return django_capture_on_commit_callbacks


def _post(client: Any, cohort: Any, email: str, capture: Any) -> Any:
    cohort.intake_open = True
    cohort.save(update_fields=["intake_open"])
    with capture(execute=True):
        return client.post(reverse("intake", args=[cohort.pk]), {**FORM, "email": email})


def _link(message: Any) -> str:
    match = re.search(r"https?://\S+(/join/confirm/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def _profile(person: Person) -> tuple[Any, ...]:
    person.refresh_from_db()
    return (
        person.full_name,
        person.career_stage,
        person.department,
        person.goals,
        sorted(i.name for i in person.specialty_interests.all()),
        sorted(e.cohort_id for e in person.enrolments.all()),
        Demographics.objects.filter(person=person).exists(),
    )


def test_a_known_email_changes_nothing_of_theirs_and_mails_them_a_link(
    world, client, login, capture
):
    before = _profile(world.maya)
    response = _post(client, world.faculty_cohort, world.maya.email, capture)
    assert response.status_code == 200
    assert "Check your email" in response.content.decode()
    assert _profile(world.maya) == before
    assert not Enrolment.objects.filter(cohort=world.faculty_cohort, person=world.maya).exists()
    assert [m.to for m in mail.outbox] == [[world.maya.email]]
    assert "/join/confirm/" in mail.outbox[0].body
    # The other program's coordinator does not see her.
    page = login(world.bob).get(reverse("cohort", args=[world.faculty_cohort.pk]))
    assert page.status_code == 200
    assert "Maya Mentee" not in page.content.decode()


def test_the_page_answers_the_same_for_a_known_and_an_unknown_email(
    world, client, capture
):
    known = _post(client, world.faculty_cohort, world.maya.email, capture)
    unknown = _post(client, world.faculty_cohort, "new@example.edu", capture)
    already = _post(client, world.cohort, world.maya.email, capture)
    assert known.status_code == unknown.status_code == already.status_code == 200
    assert known.content == unknown.content
    assert "already enrolled" not in already.content.decode()
    assert "Check your email" in already.content.decode()


def test_confirming_applies_the_enrolment_and_answers_once(
    world, client, login, capture
):
    _post(client, world.faculty_cohort, world.maya.email, capture)
    link = _link(mail.outbox[-1])
    shown = client.get(link)
    assert shown.status_code == 200 and "Confirm my enrolment" in shown.content.decode()
    assert not Enrolment.objects.filter(cohort=world.faculty_cohort, person=world.maya).exists()
    with capture(execute=True):
        confirmed = client.post(link)
    assert confirmed.status_code == 200 and "You are enrolled" in confirmed.content.decode()
    enrolment = Enrolment.objects.get(cohort=world.faculty_cohort, person=world.maya)
    assert enrolment.intake == {
        "opinion_clerkship": 1, "opinion_career": 2, "specialty_confidence": 3,
    }
    assert "Forged interest" in _profile(world.maya)[4]
    page = login(world.bob).get(reverse("cohort", args=[world.faculty_cohort.pk]))
    assert "Maya Mentee" in page.content.decode()
    again = client.post(link)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert Enrolment.objects.filter(cohort=world.faculty_cohort, person=world.maya).count() == 1


def test_an_expired_or_unknown_link_ends_in_a_message(
    world, client, capture
):
    _post(client, world.faculty_cohort, world.maya.email, capture)
    link = _link(mail.outbox[-1])
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        expired = client.post(link)
        shown = client.get(link)
    assert expired.status_code == shown.status_code == 410
    assert "expired" in expired.content.decode()
    assert not Enrolment.objects.filter(cohort=world.faculty_cohort, person=world.maya).exists()
    bogus = client.get(reverse("intake_confirm", args=["not-a-token"]))
    assert bogus.status_code == 410 and "not valid" in bogus.content.decode()


def test_confirming_when_already_enrolled_says_so_and_changes_nothing(
    world, client, capture
):
    before = _profile(world.maya)
    _post(client, world.cohort, world.maya.email, capture)
    response = client.post(_link(mail.outbox[-1]))
    assert response.status_code == 410
    assert "already enrolled" in response.content.decode()
    assert _profile(world.maya) == before


def test_with_the_mail_server_down_the_form_answers_the_same_and_the_link_goes_later(
    world, client, capture, settings
):
    from mentora.engagement.delivery import remind

    settings.EMAIL_BACKEND = "tests.engagement.mailserver.DownBackend"
    known = _post(client, world.faculty_cohort, world.maya.email, capture)
    unknown = _post(client, world.faculty_cohort, "new@example.edu", capture)
    assert known.status_code == unknown.status_code == 200
    assert known.content == unknown.content
    assert not mail.outbox
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    remind(timezone.now() + timedelta(minutes=10))
    (confirm,) = [m for m in mail.outbox if m.subject.startswith("Confirm your enrolment")]
    assert confirm.to == [world.maya.email]
    assert "Choose which emails" not in confirm.body
    assert client.get(_link(confirm)).status_code == 200
    (invited,) = [m for m in mail.outbox if m.to == ["new@example.edu"]]
    assert invited.subject.startswith("You are invited") and "/invite/" in invited.body
