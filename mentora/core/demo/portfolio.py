"""Seed 001's scenario: an emergency medicine student sets the SMART goal "five supervised
shoulder reductions", logs them, and the mentor confirms each, which meets the goal; mini-CEX
observations across the year show the student improving; the student chooses what goes in the
learning portfolio they take to residency interviews, and signs in to open it.

Every write goes through the product's own doors (goal, procedures, observations, the
portfolio's choice), dated on the days they happened. No randomness: the rest of the demo draws
the same numbers with or without this step.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from mentora.core.demo.context import DemoContext
from mentora.core.demo.people import make_login
from mentora.core.demo.relationships import NAMED
from mentora.feedback.actions import (
    do_acknowledge_observation,
    do_confirm_procedure,
    do_log_procedure,
    do_record_mini_cex,
)
from mentora.mentorships.actions import do_set_goal
from mentora.mentorships.models import Competency, Goal, Meeting, Mentorship, Reflection
from mentora.portfolio.actions import do_choose_portfolio

LOGIN = "portfolio.student@demo.mentora.test"
ROLE = "mentee with a learning portfolio (EM student, seed 001)"
UNIT = "supervised shoulder reductions"

# (share of the year, procedure, level, toward the goal): the student watches and assists
# first, then performs the five the goal asks for under supervision.
PROCEDURES = [
    (0.08, "Shoulder reduction", "observed", False),
    (0.15, "Shoulder reduction", "assisted", False),
    (0.22, "Peripheral IV cannulation", "supervised", False),
    (0.30, "Shoulder reduction", "supervised", True),
    (0.42, "Shoulder reduction", "supervised", True),
    (0.55, "Peripheral IV cannulation", "independent", False),
    (0.62, "Shoulder reduction", "supervised", True),
    (0.75, "Shoulder reduction", "supervised", True),
    (0.88, "Shoulder reduction", "supervised", True),
]

# Mini-CEX across the year, improving: (share of the year, problem, setting, complexity,
# ratings in the form's domain order: interviewing, examination, professionalism, judgment,
# counseling, organization, overall; None = not observed), strengths, next step, reflection.
OBSERVATIONS: list[tuple[float, str, str, str, tuple[int | None, ...], str, str, str]] = [
    (
        0.05,
        "Anterior shoulder dislocation",
        "emergency",
        "moderate",
        (4, 4, 6, 3, None, 3, 4),
        "Warm, clear introduction; kept the patient informed.",
        "Check and document neurovascular status before and after the reduction.",
        "I rushed the examination; next time pulses and sensation first.",
    ),
    (
        0.20,
        "Chest pain",
        "emergency",
        "high",
        (5, 4, 6, 4, 4, 4, 4),
        "Focused history of the pain's character and risk factors.",
        "Commit to a working diagnosis before ordering tests.",
        "Saying my differential aloud helped.",
    ),
    (
        0.38,
        "Wrist fracture after a fall",
        "emergency",
        "moderate",
        (6, 6, 7, 5, 5, 5, 5),
        "Systematic examination; good analgesia plan.",
        "Explain the splint and follow-up in plain words.",
        "",
    ),
    (
        0.55,
        "Shortness of breath",
        "emergency",
        "high",
        (6, 6, 7, 6, 6, 6, 6),
        "Prioritised the airway and oxygen; called for help early.",
        "Summarise the plan to the team in one sentence.",
        "Closed-loop summaries made the handover calmer.",
    ),
    (
        0.72,
        "Posterior shoulder dislocation",
        "emergency",
        "high",
        (7, 7, 8, 7, 6, 7, 7),
        "Recognised a posterior dislocation; consent and sedation plan well explained.",
        "Lead the reduction with the team briefed beforehand.",
        "",
    ),
    (
        0.90,
        "Abdominal pain",
        "emergency",
        "moderate",
        (8, 7, 8, 7, 7, 8, 8),
        "Efficient, thorough and kind; a clear disposition plan.",
        "Teach the next student how you structure the assessment.",
        "Ready to lead simple cases from start to finish.",
    ),
]
DOMAIN_FIELDS = (
    "interviewing",
    "examination",
    "professionalism",
    "judgment",
    "counseling",
    "organization",
    "overall",
)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(16, 0)))


def _the_pair(ctx: DemoContext) -> Mentorship | None:
    """The most engaged active pair of seed 001's cohort, none of the named logins."""
    cohort = ctx.cohorts["001"]
    held = Count("meetings", filter=Q(meetings__status=Meeting.Status.HELD))
    return (
        cohort.mentorships.filter(status=Mentorship.Status.ACTIVE)
        .exclude(mentee__email__in=NAMED)
        .exclude(mentor__email__in=NAMED)
        .annotate(held=held)
        .order_by("-held", "mentee__full_name")
        .select_related("mentor", "mentee", "cohort")
        .first()
    )


def build_portfolio_scenario(ctx: DemoContext) -> None:
    cohort = ctx.cohorts["001"]
    pair = _the_pair(ctx)
    start = max(pair.started_on or cohort.starts_on, cohort.starts_on) if pair else None
    end = min(ctx.today, cohort.ends_on)
    if pair is None or start is None or (end - start).days < 30:
        ctx.say("  (no seed 001 pair a month into its year: the portfolio scenario is skipped)")
        return
    first, span = start, (end - start).days

    def day(share: float) -> date:
        return first + timedelta(days=round(span * share))

    mentor, student = pair.mentor, pair.mentee
    Goal.objects.filter(mentorship=pair, unit=UNIT).delete()  # the year's random goals
    tags = list(Competency.objects.filter(framework__program=None, code__in=["PC", "EPA12"]))
    goal = do_set_goal(
        pair,
        student,
        _at(day(0.02)),
        competencies=tags,
        specific="Five supervised shoulder reductions",
        target_count=5,
        unit=UNIT,
        achievable="Ask for every dislocation on my shifts; the attending supervises",
        relevant="Procedural skills for my emergency medicine residency applications",
        due_on=cohort.ends_on,
    )
    for share, name, level, toward in PROCEDURES:
        on = day(share)
        entry = do_log_procedure(
            pair,
            student,
            _at(on),
            procedure=name,
            performed_on=on,
            level=level,
            goal=goal if toward else None,
        )
        do_confirm_procedure(entry, mentor, _at(min(on + timedelta(days=1), end)))
    observations = []
    for (
        share,
        problem,
        setting,
        complexity,
        ratings,
        strengths,
        next_step,
        reflection,
    ) in OBSERVATIONS:
        on = day(share)
        fields: dict[str, Any] = dict(zip(DOMAIN_FIELDS, ratings, strict=True))
        observation = do_record_mini_cex(
            pair,
            mentor,
            _at(on),
            observed_on=on,
            setting=setting,
            patient_problem=problem,
            complexity=complexity,
            minutes_observing=15,
            minutes_feedback=5,
            strengths=strengths,
            next_step=next_step,
            **fields,
        )
        observations.append(
            do_acknowledge_observation(
                observation, student, _at(min(on + timedelta(days=1), end)), reflection
            )
        )
    make_login(ctx, student, ROLE, LOGIN)
    do_choose_portfolio(
        student,
        student,
        ctx.now,
        goals=[goal],
        observations=[observations[0], observations[-1]],
        reflections=list(Reflection.objects.filter(mentee=student).order_by("pk")[:1]),
    )
    goal.refresh_from_db()
    ctx.say(
        f"  {student.full_name}: goal {goal.get_status_display().lower()}, "
        f"{len(PROCEDURES)} procedures confirmed, {len(OBSERVATIONS)} mini-CEX"
    )
