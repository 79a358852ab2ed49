"""The five programs of the seeds, with their cohorts and synthetic participants."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import User

from mentora.core.demo.context import DemoContext, demo_user
from mentora.core.demo.people import make_login, make_person
from mentora.people.accounts import do_give_profile
from mentora.people.ladder import Stage
from mentora.people.models import Person
from mentora.programs.models import Cohort, Enrolment, Program, Tier, Track


@dataclass
class Group:
    """A block of similar participants: how many, at which stages, in which role."""

    count: int
    stages: list[Stage]
    role: str
    capacity: int = 0
    tier: str = ""
    specialties: list[str] | None = None
    trained: bool = True
    # Demographics the program's purpose fixes, one a person in enrolment order (cycled).
    shapes: list[dict[str, object]] | None = None


def _shape(underrepresented: str, races: list[str], rural: str, first: str) -> dict[str, object]:
    return {"underrepresented": underrepresented, "race_ethnicity": races,
            "rural_background": rural, "first_generation": first}


# Seed 004: a prematriculation program for incoming students underrepresented in medicine,
# American Indian / Alaska Native and rural students among them, with near-peer mentors from
# the same backgrounds. Ten of its twelve mentees say they are underrepresented, one says not
# and one prefers not to say: the report can then show the group the program exists for and
# hides the two small ones.
PREMATRICULATION = [
    _shape("yes", ["ai_an"], "yes", "yes"),
    _shape("yes", ["hispanic"], "no", "yes"),
    _shape("yes", ["black"], "no", "no"),
    _shape("yes", ["ai_an"], "yes", "no"),
    _shape("yes", ["white"], "yes", "yes"),
    _shape("yes", ["hispanic"], "yes", "yes"),
    _shape("no", ["asian"], "no", "no"),
    _shape("yes", ["ai_an"], "yes", "yes"),
    _shape("yes", ["black"], "no", "yes"),
    _shape("yes", ["white"], "yes", "no"),
    _shape("prefer_not", ["white"], "no", "no"),
    _shape("yes", ["hispanic", "ai_an"], "no", "yes"),
]


@dataclass
class ProgramSpec:
    key: str
    name: str
    slug: str
    kind: str
    description: str
    tracks: list[str]
    meetings_per_year: int
    duration_weeks: int
    min_gap: int
    max_gap: int | None
    training_required: bool
    academic_year: str
    starts_on: date
    ends_on: date
    groups: list[Group]
    tiers: list[tuple[str, Stage, Stage]] = field(default_factory=list)
    intake_open: bool = False


SPECS = [
    ProgramSpec(
        "000",
        "Internal Medicine Clerkship Near-Peer Mentoring",
        "im-clerkship-near-peer",
        Program.Kind.TIERED,
        "Each clerkship student is matched with a categorical intern and an upper-level resident "
        "on future career interest, for the twelve-week core medicine clerkship.",
        ["Career advising", "Clinical skills"],
        6,
        12,
        1,
        3,
        False,
        "2026",
        date(2026, 1, 5),
        date(2026, 12, 18),
        [
            Group(25, [Stage.MS3], "mentee"),
            Group(13, [Stage.PGY1], "mentor", 2, "Intern", ["Internal medicine"]),
            Group(
                13,
                [Stage.PGY2, Stage.PGY3],
                "mentor",
                2,
                "Upper-level resident",
                ["Internal medicine"],
            ),
        ],
        tiers=[
            ("Intern", Stage.PGY1, Stage.PGY1),
            ("Upper-level resident", Stage.PGY2, Stage.PGY3),
        ],
        intake_open=True,
    ),
    ProgramSpec(
        "001",
        "Emergency Medicine Clinical Skills Mentoring",
        "em-clinical-skills",
        Program.Kind.PAIRS,
        "MENTOR checklist, GROW conversations and SMART goals for students strengthening "
        "procedural skills before residency applications.",
        ["Clinical skills", "Career advising"],
        12,
        40,
        2,
        None,
        True,
        "2026-27",
        date(2026, 7, 1),
        date(2027, 6, 30),
        [
            Group(20, [Stage.MS3, Stage.MS4], "mentee"),
            Group(
                8,
                [Stage.FELLOW, Stage.ASSISTANT_PROFESSOR, Stage.ASSOCIATE_PROFESSOR],
                "mentor",
                3,
                specialties=["Emergency medicine"],
            ),
        ],
    ),
    ProgramSpec(
        "002",
        "GIM Faculty Career Mentoring Program",
        "gim-faculty-career",
        Program.Kind.PAIRS,
        "Career-focused mentoring for early-career clinician educators: committee pairing, at "
        "least three meetings a year, individual development plans, boot camps.",
        ["Career advising", "Research and scholarship"],
        3,
        52,
        1,
        None,
        True,
        "2025-26",
        date(2025, 7, 1),
        date(2026, 6, 30),
        [
            Group(30, [Stage.ASSISTANT_PROFESSOR], "mentee", specialties=["Internal medicine"]),
            Group(
                8,
                [Stage.ASSOCIATE_PROFESSOR, Stage.PROFESSOR],
                "mentor",
                4,
                specialties=["Internal medicine"],
            ),
        ],
    ),
    ProgramSpec(
        "003",
        "GME Mentorship and Sponsorship Program",
        "gme-mentorship-sponsorship",
        Program.Kind.TEAM,
        "Residents and fellows with a team of mentors (career, research, sponsor); studied for "
        "equity with mixed methods.",
        ["Career advising", "Research", "Sponsorship"],
        6,
        52,
        1,
        None,
        False,
        "2025-26",
        date(2025, 7, 1),
        date(2026, 6, 30),
        [
            Group(40, [Stage.PGY1, Stage.PGY2, Stage.PGY3, Stage.FELLOW], "mentee"),
            Group(
                18,
                [Stage.ASSISTANT_PROFESSOR, Stage.ASSOCIATE_PROFESSOR, Stage.PROFESSOR],
                "mentor",
                4,
            ),
        ],
    ),
    ProgramSpec(
        "004",
        "Prematriculation Near-Peer Program",
        "prematriculation-near-peer",
        Program.Kind.PAIRS,
        "Near-peer mentors support incoming students underrepresented in medicine, including "
        "American Indian / Alaska Native and rural students, in their transition to "
        "medical school.",
        ["Transition to medical school"],
        8,
        10,
        1,
        3,
        False,
        "2026",
        date(2026, 6, 1),
        date(2026, 8, 28),
        [
            Group(12, [Stage.PRE_MATRICULANT], "mentee", shapes=PREMATRICULATION),
            Group(6, [Stage.MS2], "mentor", 2, shapes=PREMATRICULATION),
        ],
    ),
]


def _program(spec: ProgramSpec, coordinators: list[User]) -> Program:
    program = Program.objects.create(
        name=spec.name,
        slug=spec.slug,
        kind=spec.kind,
        description=spec.description,
        meetings_per_year_target=spec.meetings_per_year,
        duration_weeks=spec.duration_weeks,
        mentor_min_stage_gap=spec.min_gap,
        mentor_max_stage_gap=spec.max_gap,
        mentor_training_required=spec.training_required,
        is_synthetic=True,
    )
    program.coordinators.add(*coordinators)
    for name in spec.tracks:
        Track.objects.create(program=program, name=name)
    for name, low, high in spec.tiers:
        Tier.objects.create(program=program, name=name, min_stage=int(low), max_stage=int(high))
    return program


def _enrol(ctx: DemoContext, cohort: Cohort, group: Group) -> list[Person]:
    tier = cohort.program.tiers.filter(name=group.tier).first() if group.tier else None
    people = []
    for n in range(group.count):
        shape = group.shapes[n % len(group.shapes)] if group.shapes else None
        person = make_person(
            ctx, ctx.rng.choice(group.stages), specialties=group.specialties, shape=shape
        )
        Enrolment.objects.create(
            cohort=cohort,
            person=person,
            role=group.role,
            capacity=group.capacity,
            tier=tier,
            mentor_trained=group.trained or ctx.rng.random() < 0.8,
            status=Enrolment.Status.ACTIVE,
            enrolled_on=cohort.starts_on,
        )
        people.append(person)
    return people


def _coordinator(ctx: DemoContext, email: str, role: str, name: str) -> User:
    first, last = name.split(" ", 1)
    user = demo_user(email, first_name=first, last_name=last)
    do_give_profile(user, synthetic=True)  # as do_give_coordinator_role does
    ctx.logins.append((f"coordinator ({role})", email, name))
    return user


def build_programs(ctx: DemoContext) -> None:
    """Create the five seed programs, their cohorts and participants; list the demo logins."""
    admin = demo_user("admin@demo.mentora.test", superuser=True)
    ctx.logins.append(("site admin", admin.email, "Site administrator"))
    lead = _coordinator(ctx, "coordinator@demo.mentora.test", "program director, all programs",
                        "Grace Whitaker")
    clerkship = _coordinator(ctx, "clerkship@demo.mentora.test", "the clerkship, seed 000",
                             "Marcus Bell")
    for spec in SPECS:
        coordinators = [lead, clerkship] if spec.key == "000" else [lead]
        program = _program(spec, coordinators)
        cohort = Cohort.objects.create(
            program=program,
            name=f"{spec.name} {spec.academic_year}",
            academic_year=spec.academic_year,
            starts_on=spec.starts_on,
            ends_on=spec.ends_on,
            intake_open=spec.intake_open,
        )
        for group in spec.groups:
            _enrol(ctx, cohort, group)
        ctx.programs[spec.key], ctx.cohorts[spec.key] = program, cohort
        ctx.say(f"  {program.name}: {cohort.enrolments.count()} participants")
    _named_logins(ctx)


def _named_logins(ctx: DemoContext) -> None:
    """Give a few demo people accounts, one per role, including an intern who is both."""
    clerkship, gme, faculty = ctx.cohorts["000"], ctx.cohorts["003"], ctx.cohorts["002"]
    student = clerkship.enrolments.filter(role="mentee")[0].person
    make_login(ctx, student, "mentee (clerkship student)", "student@demo.mentora.test")
    intern = clerkship.enrolments.filter(tier__name="Intern")[0].person
    Enrolment.objects.create(
        cohort=gme, person=intern, role="mentee", status="active", enrolled_on=gme.starts_on
    )
    make_login(ctx, intern, "mentor and mentee (intern)", "intern@demo.mentora.test")
    make_login(
        ctx,
        faculty.enrolments.filter(role="mentor")[0].person,
        "mentor (faculty)",
        "mentor@demo.mentora.test",
    )
    make_login(
        ctx,
        faculty.enrolments.filter(role="mentee")[0].person,
        "mentee (assistant professor)",
        "faculty.mentee@demo.mentora.test",
    )
    evaluator = make_person(
        ctx, Stage.STAFF, email="evaluator@demo.mentora.test", name="Evelyn Evaluator"
    )
    evaluator.is_evaluator = True
    evaluator.save(update_fields=["is_evaluator"])
    make_login(ctx, evaluator, "evaluator", "evaluator@demo.mentora.test")
