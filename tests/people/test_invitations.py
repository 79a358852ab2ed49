from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentora.people.invitations import InvitationInvalid, do_accept_invitation, do_invite
from mentora.people.ladder import Stage
from mentora.programs.models import Enrolment
from tests.factories import make_cohort, make_person, make_program


@pytest.fixture
def newcomer(db):
    person = make_person("New Comer", Stage.MS1, with_login=False)
    cohort = make_cohort(make_program("Prematriculation"))
    Enrolment.objects.create(
        cohort=cohort, person=person, role="mentee", enrolled_on=cohort.starts_on
    )
    return person


def test_an_invitation_link_activates_the_account_once(newcomer, client):
    token = do_invite(newcomer, timezone.now())
    url = reverse("accept_invitation", args=[token])
    page = client.get(url)
    assert page.status_code == 200 and "New Comer" in page.content.decode()
    response = client.post(
        url, {"password1": "a-long-pass-phrase", "password2": "a-long-pass-phrase"}
    )
    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.user.check_password("a-long-pass-phrase")
    assert newcomer.enrolments.get().status == "active"
    again = client.get(url)
    assert again.status_code == 410
    assert "already been used" in again.content.decode()


def test_an_expired_or_altered_link_gets_a_clear_page(newcomer, client):
    token = do_invite(newcomer, timezone.now() - timedelta(days=31))
    assert "expired" in client.get(reverse("accept_invitation", args=[token])).content.decode()
    altered = client.get(reverse("accept_invitation", args=[token[:-2] + "xx"]))
    assert altered.status_code == 410 and "not valid" in altered.content.decode()


def test_only_a_hash_of_the_token_is_stored(newcomer):
    token = do_invite(newcomer, timezone.now())
    assert newcomer.invitations.get().token_hash != token
    with pytest.raises(InvitationInvalid):
        do_accept_invitation("made-up", "whatever-pass", timezone.now())


def test_an_invitation_waits_while_the_mail_server_is_down_and_its_link_works_later(
    newcomer, client, settings
):
    from django.core import mail

    from mentora.engagement.delivery import remind

    settings.EMAIL_BACKEND = "tests.engagement.mailserver.DownBackend"
    token = do_invite(newcomer, timezone.now(), "Prematriculation")  # no error: it waits
    assert newcomer.invitations.count() == 1 and not mail.outbox
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    remind(timezone.now() + timedelta(minutes=10))
    (message,) = [m for m in mail.outbox if m.to == [newcomer.email]]
    assert message.subject == "You are invited to Prematriculation on Mentora"
    assert "expires in 30 days" in message.body
    assert "Choose which emails" not in message.body  # no account yet, no choices
    link = reverse("accept_invitation", args=[token])
    assert link in message.body
    assert client.get(link).status_code == 200
    # It was mailed once: the next step sends nothing more.
    mail.outbox.clear()
    remind(timezone.now() + timedelta(minutes=20))
    assert not [m for m in mail.outbox if m.to == [newcomer.email]]
