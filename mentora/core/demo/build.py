"""Builds the whole demo in order; each part of the product contributes a step."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone
from faker import Faker

from mentora.core.demo.blocks import divide_clerkship
from mentora.core.demo.context import DEMO_PASSWORD, DemoContext
from mentora.core.demo.engagement import plan_reminders
from mentora.core.demo.evaluation import add_scholarship
from mentora.core.demo.events import add_events
from mentora.core.demo.growth import add_mentor_growth
from mentora.core.demo.matching import match_programs
from mentora.core.demo.portfolio import build_portfolio_scenario
from mentora.core.demo.programs import build_programs
from mentora.core.demo.qualitative import code_comments
from mentora.core.demo.relationships import build_relationships
from mentora.core.demo.sponsorship import add_sponsorship
from mentora.core.demo.surveys import build_surveys

STEPS: list[tuple[str, Callable[[DemoContext], None]]] = [
    ("Programs, cohorts and people", build_programs),
    ("Blocks: seed 000's clerkship in four twelve-week rotations", divide_clerkship),
    ("Matching", match_programs),
    ("Relationships: agreements, plans, goals, meetings", build_relationships),
    ("Surveys: seed instruments at baseline and follow-up", build_surveys),
    ("Evaluation: scholarly entries for the seed 002 cohort", add_scholarship),
    ("Mentor growth: what seed 004's near-peer mentors learned", add_mentor_growth),
    ("Sponsorship: acts for seed 003's residents, fewer for women", add_sponsorship),
    ("Events: seed 002's mentor training, orientation, boot camps and their attendance",
     add_events),
    ("Portfolio: seed 001's student, five shoulder reductions and a year of mini-CEX",
     build_portfolio_scenario),
    ("Engagement: reminders due, drifting pairs flagged", plan_reminders),
    ("Qualitative: seed 002's comments double coded, seed 004's focus group coded",
     code_comments),
]


def build_demo(today: date, seed: int, say: Callable[[str], None]) -> DemoContext:
    fake = Faker("en_US")
    fake.seed_instance(seed)
    now = timezone.make_aware(datetime.combine(today, time(12, 0)))
    ctx = DemoContext(today=today, now=now, rng=random.Random(seed), fake=fake, say=say)
    with transaction.atomic():
        for number, (title, step) in enumerate(STEPS, start=1):
            say(f"[{number}/{len(STEPS)}] {title}")
            step(ctx)
    return ctx


def logins_text(ctx: DemoContext) -> str:
    """The demo's accounts, one a line, for the person who just built it."""
    width = max(len(role) for role, _, _ in ctx.logins)
    lines = [f"Every login's password: {DEMO_PASSWORD}"]
    lines += [f"  {role.ljust(width)}  {email}  ({name})" for role, email, name in ctx.logins]
    return "\n".join(lines)
