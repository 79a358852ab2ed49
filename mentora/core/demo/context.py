from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import get_hasher, make_password
from django.contrib.auth.models import User
from faker import Faker

from mentora.programs.models import Cohort, Program

DEMO_PASSWORD = "mentora-demo"


def _demo_password_hash() -> str:
    # One deliberate, slow hash for every demo account instead of one per account, kept per
    # hasher: a process whose settings change hashers (tests do) never reuses another's hash.
    return _hash_with(get_hasher().algorithm)


@cache
def _hash_with(algorithm: str) -> str:
    return make_password(DEMO_PASSWORD, hasher=algorithm)


def demo_user(email: str, *, superuser: bool = False, **fields: Any) -> User:
    """An account that signs in with the demo password."""
    return get_user_model().objects.create(
        username=email,
        email=email,
        password=_demo_password_hash(),
        is_superuser=superuser,
        is_staff=superuser,
        **fields,
    )


@dataclass
class DemoContext:
    today: date
    now: datetime
    rng: random.Random
    fake: Faker
    say: Callable[[str], None]
    # Filled in by the steps: programs by seed key ("000".."004"), logins to print.
    programs: dict[str, Program] = field(default_factory=dict)
    cohorts: dict[str, Cohort] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)
