"""A learner's portfolio gathered into plain values: what the DOCX, the PDF and the page show.

The learner's own records, in every program they were a mentee of (a portfolio outlives the
clerkship it records): goals achieved, confirmed procedures, every mini-CEX (for the chart)
but those of formative-only programs, and the observations and reflections they chose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import QuerySet
from django.utils import timezone

from mentora.feedback.firewall import summative, with_assessor_flag
from mentora.feedback.models import MiniCex, ProcedureEntry
from mentora.feedback.pure.minicex import DOMAINS
from mentora.mentorships.models import Goal, Mentorship, Reflection
from mentora.people.models import Person
from mentora.portfolio.models import PortfolioChoice
from mentora.portfolio.outline import (
    GoalLine,
    ObservationLine,
    Portfolio,
    ProcedureLine,
    ReflectionLine,
)
from mentora.portfolio.pure.tables import (
    domain_series,
    procedure_table,
)

LEVELS = tuple(ProcedureEntry.Level.values)
LEVEL_LABELS = tuple(str(label) for label in ProcedureEntry.Level.labels)


def achieved_goals(learner: Person) -> QuerySet[Goal]:
    return (
        Goal.objects.filter(mentorship__mentee=learner, status=Goal.Status.ACHIEVED)
        .select_related("mentorship__cohort__program")
        .prefetch_related("progress", "competencies")
        .order_by("achieved_on", "pk")
    )


def achieved_goal_ids(learner: Person) -> set[int]:
    return set(
        Goal.objects.filter(mentorship__mentee=learner, status=Goal.Status.ACHIEVED).values_list(
            "pk", flat=True
        )
    )


def observations_of(learner: Person) -> QuerySet[MiniCex]:
    """Every mini-CEX the portfolio may show. A portfolio goes to residency programs, who judge
    with it, so the observations of a program that keeps its feedback formative only stay out,
    as from every summative export: its observers gave them on that promise."""
    return (
        with_assessor_flag(summative(MiniCex.objects.filter(learner=learner)))
        .select_related("observer")
        .order_by("observed_on", "pk")
    )


def reflections_of(learner: Person) -> QuerySet[Reflection]:
    return (
        Reflection.objects.filter(mentee=learner)
        .select_related("meeting")
        .order_by("meeting__on", "pk")
    )


def confirmed_procedures(learner: Person) -> QuerySet[ProcedureEntry]:
    return (
        ProcedureEntry.objects.filter(learner=learner, confirmed_at__isnull=False)
        .select_related("supervisor")
        .order_by("performed_on", "pk")
    )


@dataclass(frozen=True)
class Chosen:
    """The learner's choice as ids; before any choice, every achieved goal and nothing else."""

    left_out_goals: frozenset[int] = frozenset()
    observations: frozenset[int] = frozenset()
    reflections: frozenset[int] = frozenset()
    made: bool = False


def chosen(learner: Person) -> Chosen:
    choice = PortfolioChoice.objects.filter(learner=learner).first()
    if choice is None:
        return Chosen()
    return Chosen(
        frozenset(choice.left_out_goals.values_list("pk", flat=True)),
        frozenset(choice.observations.values_list("pk", flat=True)),
        frozenset(choice.reflections.values_list("pk", flat=True)),
        made=True,
    )


def _goal_line(goal: Goal) -> GoalLine:
    return GoalLine(
        goal.specific,
        goal.measure_label() or "-",
        goal.achieved_on,
        goal.mentorship.cohort.program.name,
        tuple(f"{c.code}: {c.name}" for c in goal.competencies.all()),
    )


def _observation_line(observation: MiniCex) -> ObservationLine:
    return ObservationLine(
        observation.observed_on,
        observation.observer.full_name,
        observation.get_setting_display(),
        observation.patient_problem,
        observation.get_complexity_display(),
        tuple(observation.ratings()),
        observation.strengths,
        observation.next_step,
        observation.reflection,
        bool(getattr(observation, "by_assessor", False)),
    )


def gather(learner: Person, today: date | None = None, choice: Chosen | None = None) -> Portfolio:
    """The learner's portfolio as their choice has it (see `Chosen`; read here unless given)."""
    choice = chosen(learner) if choice is None else choice
    goals = [g for g in achieved_goals(learner) if g.pk not in choice.left_out_goals]
    procedures = list(confirmed_procedures(learner))
    observations = list(observations_of(learner))
    reflections = reflections_of(learner).filter(pk__in=choice.reflections)
    programs = (
        Mentorship.objects.filter(mentee=learner)
        .order_by("cohort__program__name")
        .values_list("cohort__program__name", flat=True)
        .distinct()
    )
    return Portfolio(
        learner=learner.full_name,
        stage=learner.stage_label,
        programs=tuple(programs),
        made_on=today or timezone.localdate(),
        goals=tuple(_goal_line(goal) for goal in goals),
        procedure_table=tuple(
            procedure_table(((p.procedure, p.level) for p in procedures), LEVELS)
        ),
        procedures=tuple(
            ProcedureLine(
                p.performed_on,
                p.procedure,
                p.get_level_display(),
                p.supervisor.full_name,
                timezone.localdate(p.confirmed_at),
            )
            for p in procedures
            if p.confirmed_at is not None
        ),
        series=domain_series(
            (
                (o.observed_on, {code: getattr(o, code) for code, _ in DOMAINS})
                for o in observations
            ),
            DOMAINS,
        ),
        observation_count=len(observations),
        observations=tuple(
            _observation_line(o) for o in observations if o.pk in choice.observations
        ),
        reflections=tuple(
            ReflectionLine(r.meeting.on, r.learned, r.next_actions) for r in reflections
        ),
        level_labels=LEVEL_LABELS,
    )
