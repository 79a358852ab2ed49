"""Synthetic people for the demo: Faker names, plausible interests, marked as synthetic."""

from __future__ import annotations

import re
import unicodedata

from mentora.core.demo.context import DemoContext, demo_user
from mentora.people.ladder import Stage
from mentora.people.models import CommunicationStyle, Demographics, Interest, Person

SPECIALTIES = [
    "Internal medicine",
    "Cardiology",
    "Gastroenterology",
    "Pulmonary and critical care",
    "Emergency medicine",
    "General surgery",
    "Pediatrics",
    "Psychiatry",
    "Neurology",
    "Family medicine",
    "Obstetrics and gynecology",
    "Hospital medicine",
    "Oncology",
    "Infectious disease",
    "Nephrology",
]
SCHOLARLY = [
    "Medical education",
    "Quality improvement",
    "Health equity",
    "Clinical research",
    "Patient safety",
    "Health services research",
    "Global health",
    "Simulation",
    "Wellness and burnout",
    "Health policy",
]
GOALS = [
    "Decide between {a} and {b} and build a strong residency application.",
    "Master bedside procedures and get direct feedback on technique.",
    "Publish a first medical education paper and present at a national meeting.",
    "Build a teaching portfolio and prepare for promotion.",
    "Find balance between clinical work and family life.",
    "Start a quality improvement project on my unit.",
    "Learn how to write a grant proposal and find a research niche.",
    "Get through the transition to medical school and find my community.",
]


def _interest(kind: str, name: str) -> Interest:
    return Interest.objects.get_or_create(kind=kind, name=name)[0]


def make_login(ctx: DemoContext, person: Person, role: str, email: str) -> None:
    """Give a demo person an account at a memorable address, with the demo password."""
    person.email = email
    user = demo_user(email)
    person.user = user
    person.save(update_fields=["user", "email"])
    ctx.logins.append((role, person.email, person.full_name))


def email_local(name: str) -> str:
    """A name's letters and digits as an address's local part, words joined by one dot:
    "Dr. Anne-Marie O'Neil Jr." gives "dr.anne.marie.oneil.jr" (never two dots in a row, a
    dot at an end, an accent or a space, which no mail server takes)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return ".".join(re.findall(r"[a-z0-9]+", plain.replace("'", ""))) or "person"


def make_person(
    ctx: DemoContext,
    stage: Stage,
    *,
    specialties: list[str] | None = None,
    department: str = "",
    email: str | None = None,
    name: str | None = None,
    shape: dict[str, object] | None = None,
) -> Person:
    rng, fake = ctx.rng, ctx.fake
    name = name or fake.name()
    local = email_local(name)
    specialty_names = specialties or rng.sample(SPECIALTIES, k=rng.randint(1, 3))
    goal = rng.choice(GOALS).format(a=specialty_names[0], b=rng.choice(SPECIALTIES))
    person = Person.objects.create(
        full_name=name,
        email=email or f"{local}.{rng.randint(10, 999)}@demo.mentora.test",
        career_stage=int(stage),
        department=department or rng.choice(["Medicine", "Surgery", "Pediatrics", "Emergency"]),
        site=rng.choice(["University Hospital", "VA Medical Center", "Community Campus"]),
        goals=goal,
        communication_style=rng.choice(CommunicationStyle.values),
        is_synthetic=True,
    )
    person.specialty_interests.add(*(_interest("specialty", s) for s in specialty_names))
    person.scholarly_interests.add(
        *(_interest("scholarly", s) for s in rng.sample(SCHOLARLY, k=rng.randint(1, 3)))
    )
    _demographics(ctx, person, shape or {})
    return person


def _demographics(ctx: DemoContext, person: Person, shape: dict[str, object]) -> None:
    """Drawn as a medical school's people answer; `shape` sets answers a program's purpose
    fixes. Every answer is drawn either way, so a shaped program changes no later draw."""
    rng = ctx.rng
    gender = rng.choices(["woman", "man", "nonbinary", "prefer_not"], weights=[55, 41, 2, 2])[0]
    drawn: dict[str, object] = {
        "gender": gender,
        "underrepresented": rng.choices(["yes", "no", "prefer_not"], weights=[22, 75, 3])[0],
        "first_generation": rng.choices(["yes", "no", "prefer_not"], weights=[18, 80, 2])[0],
        "rural_background": rng.choices(["yes", "no", "prefer_not"], weights=[15, 83, 2])[0],
        "race_ethnicity": [rng.choice(["asian", "black", "hispanic", "white", "white", "ai_an"])],
    }
    Demographics.objects.create(person=person, **(drawn | shape))
