"""Every address the demo makes is one a mail server takes (Django's EmailValidator)."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from mentora.core.demo.people import email_local
from mentora.people.models import Person


def _invalid(addresses: list[str]) -> list[str]:
    bad = []
    for address in addresses:
        try:
            validate_email(address)
        except ValidationError:
            bad.append(address)
    return bad


def test_every_demo_address_is_a_valid_email(demo: Any) -> None:
    people = list(Person.objects.values_list("email", flat=True))
    accounts = [e for e in get_user_model().objects.values_list("email", flat=True) if e]
    assert len(people) > 100
    assert _invalid(people + accounts) == []


@pytest.mark.parametrize(
    ("name", "local"),
    [
        ("Maya Mentee", "maya.mentee"),
        ("Dr. Jane Doe", "dr.jane.doe"),  # was "dr..jane.doe"
        ("John Smith Jr.", "john.smith.jr"),  # was "john.smith.jr..42@..."
        ("Anne-Marie O'Neil", "anne.marie.oneil"),
        ("José  Núñez", "jose.nunez"),
        ("Mrs. Kelly Brown DDS", "mrs.kelly.brown.dds"),
    ],
)
def test_a_name_becomes_a_valid_local_part(name: str, local: str) -> None:
    assert email_local(name) == local
    assert _invalid([f"{email_local(name)}.42@demo.mentora.test"]) == []
