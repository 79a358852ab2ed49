"""SITE_URL: the address links in mails carry, the one `mentora serve` follows when it is not
set, and `check --deploy` warns about when a site others reach leaves it at its default."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from mentora.core.checks import DEFAULT_SITE_URL, site_url_check
from mentora.core.management.commands.demo import where_to_sign_in
from mentora.core.management.commands.serve import bind_address, site_url_for
from mentora.people.invitations import do_invite
from mentora.surveys.actions import do_create_wave, do_send_invitations
from mentora.surveys.library import ensure_library

SITE = "https://mentora.example.edu"


def _links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


@override_settings(SITE_URL=SITE + "/")
def test_links_in_mails_start_with_site_url(world: Any) -> None:
    now = timezone.now()
    do_invite(world.maya, now, "Clerkship")
    wave = do_create_wave(
        world.cohort,
        ensure_library(now)["clerkship_survey"],
        "Pre",
        date(2026, 1, 1),
        date(2099, 1, 1),
        now,
    )
    assert do_send_invitations(wave, now) > 0
    assert len(mail.outbox) > 1
    for message in mail.outbox:
        links = _links(message.body)
        assert links, message.body
        assert all(link.startswith(SITE + "/") and "//" not in link[8:] for link in links)


@pytest.mark.parametrize(
    ("bind", "given", "site_url", "warns"),
    [
        # `make demo`: the default address is where it serves
        ("127.0.0.1:8000", "", DEFAULT_SITE_URL, ""),
        # another port on this machine: the links follow it
        ("127.0.0.1:8001", "", "http://127.0.0.1:8001", ""),
        ("localhost:9000", "", "http://localhost:9000", ""),
        ("[::1]:8000", "", "http://[::1]:8000", ""),
        # every interface: this machine's address on that port, and a warning to set it
        ("0.0.0.0:8080", "", "http://127.0.0.1:8080", "SITE_URL is not set"),
        ("unix:/run/mentora.sock", "", DEFAULT_SITE_URL, "SITE_URL is not set"),
        # set: kept, behind a proxy too ...
        ("127.0.0.1:8000", SITE, SITE, ""),
        ("unix:/run/mentora.sock", SITE, SITE, ""),
        ("127.0.0.1:8001", "http://127.0.0.1:8001/", "http://127.0.0.1:8001/", ""),
        # ... but naming this machine on a port it does not serve is said
        ("127.0.0.1:8001", "http://127.0.0.1:8000", "http://127.0.0.1:8000", "port 8001"),
        ("0.0.0.0:9000", "http://localhost", "http://localhost", "port 9000"),
    ],
)
def test_serve_and_site_url_agree(bind: str, given: str, site_url: str, warns: str) -> None:
    chosen, warning = site_url_for(bind, given)
    assert chosen == site_url
    if warns:
        assert warns in warning
    else:
        assert warning == ""


def test_the_demo_names_where_serve_answers(settings: Any) -> None:
    settings.SITE_URL = DEFAULT_SITE_URL
    served, _ = site_url_for(bind_address("127.0.0.1:8000"), "")  # `make demo` runs `serve`
    assert where_to_sign_in().endswith(f"sign in at {served}/")
    settings.SITE_URL = SITE + "/"
    assert where_to_sign_in().endswith(f"sign in at {SITE}/")


@pytest.mark.parametrize(
    ("site_url", "local_only", "warning"),
    [
        (DEFAULT_SITE_URL, True, None),  # the demo: this machine is where it serves
        (DEFAULT_SITE_URL, False, "mentora.W001"),  # a real host left at the default
        (DEFAULT_SITE_URL + "/", False, "mentora.W001"),
        (SITE, False, None),
        ("mentora.example.edu", False, "mentora.W002"),  # no scheme: not an address
    ],
)
def test_check_deploy_warns_about_a_site_url_left_at_its_default(
    settings: Any, site_url: str, local_only: bool, warning: str | None
) -> None:
    settings.SITE_URL = site_url
    settings.LOCAL_ONLY = local_only
    assert [m.id for m in site_url_check()] == ([warning] if warning else [])


def test_the_check_is_one_of_the_deploy_checks(settings: Any, capsys: Any) -> None:
    settings.SITE_URL = DEFAULT_SITE_URL
    settings.LOCAL_ONLY = False
    call_command("check", "--deploy", "--tag", "security")
    output = capsys.readouterr()
    assert "mentora.W001" in output.err + output.out
