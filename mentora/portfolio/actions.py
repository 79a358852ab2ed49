"""The one write of the portfolio: the learner's choice of what goes in."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from django.db import transaction

from mentora.audit.record import Action, record
from mentora.feedback.models import MiniCex
from mentora.mentorships.models import Goal, Reflection
from mentora.people.models import Person
from mentora.portfolio.gather import achieved_goal_ids, observations_of, reflections_of
from mentora.portfolio.models import PortfolioChoice


class PortfolioError(Exception):
    """A choice refused, with a message for the person who made it."""


def _ids(what: str, chosen: Iterable[Goal | MiniCex | Reflection], allowed: set[int]) -> set[int]:
    ids = {item.pk for item in chosen}
    foreign = ids - allowed
    if foreign:
        raise PortfolioError(f"{what}: {len(foreign)} of the chosen are not yours to include.")
    return ids


@transaction.atomic
def do_choose_portfolio(
    learner: Person,
    by: Person,
    now: datetime,
    *,
    goals: Iterable[Goal],
    observations: Iterable[MiniCex],
    reflections: Iterable[Reflection],
) -> PortfolioChoice:
    """The learner chooses what their portfolio holds: of their achieved goals those in
    `goals` (the others are left out), and the observations and reflections given."""
    if by.pk != learner.pk:
        raise PortfolioError("Only the learner chooses what goes in their portfolio.")
    achieved = achieved_goal_ids(learner)
    kept = _ids("goals", goals, achieved)
    observed = _ids(
        "observations", observations, set(observations_of(learner).values_list("pk", flat=True))
    )
    reflected = _ids(
        "reflections", reflections, set(reflections_of(learner).values_list("pk", flat=True))
    )
    choice, created = PortfolioChoice.objects.select_for_update().get_or_create(
        learner=learner, defaults={"chosen_at": now}
    )
    if not created:
        choice.chosen_at = now
        choice.save(update_fields=["chosen_at"])
    choice.left_out_goals.set(achieved - kept)
    choice.observations.set(observed)
    choice.reflections.set(reflected)
    record(
        Action.CREATE if created else Action.UPDATE,
        choice,
        by=by,
        fields=["left_out_goals", "observations", "reflections"],
    )
    return choice
