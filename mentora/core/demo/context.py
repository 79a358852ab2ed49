from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from faker import Faker

DEMO_PASSWORD = "mentora-demo"


@dataclass
class DemoContext:
    today: date
    now: datetime
    rng: random.Random
    fake: Faker
    say: Callable[[str], None]
    # Filled in by the steps: programs by seed key ("000".."004"), logins to print.
    programs: dict[str, Any] = field(default_factory=dict)
    cohorts: dict[str, Any] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)
