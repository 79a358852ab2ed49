"""What participants ask of the match, and a program's scoring weights: one write each."""

from __future__ import annotations

from dataclasses import asdict

from django.db import transaction

from mentora.matching.adapter import weights_for
from mentora.matching.engine import Weights
from mentora.matching.models import MatchPreference, MatchSettings
from mentora.programs.mentorship_roles import MentorshipRole
from mentora.programs.models import Enrollment, Program

WEIGHT_LABELS = {
    "specialty": "Same specialty interest",
    "interests": "Shared interests (times the overlap)",
    "goals": "Similar goals (times the similarity)",
    "communication": "Same communication style",
    "requested": "The mentee asked for this mentor (first choice)",
    "mentor_requested": "The mentor asked for this mentee",
    "existing": "They already work together",
    "affinity": "Same gender or background, where the mentee asked",
    "site": "Same site",
}


def preference_of(enrollment: Enrollment) -> MatchPreference:
    try:
        return enrollment.match_preference
    except MatchPreference.DoesNotExist:
        return MatchPreference(enrollment=enrollment)


@transaction.atomic
def do_set_preferences(enrollment: Enrollment, *, same_gender: bool = False,
                       same_background: bool = False, roles_needed: list[str] | None = None,
                       team_role: str = "") -> MatchPreference:
    """A mentee's asked-for affinity and team roles; a mentor's team role."""
    valid = set(MentorshipRole.values)
    preference, _ = MatchPreference.objects.select_for_update().get_or_create(
        enrollment=enrollment)
    preference.same_gender = same_gender and enrollment.is_mentee
    preference.same_background = same_background and enrollment.is_mentee
    preference.roles_needed = [r for r in roles_needed or [] if r in valid]
    preference.team_role = team_role if team_role in valid and enrollment.is_mentor else ""
    preference.save()
    return preference


def current_weights(program: Program) -> dict[str, float]:
    return asdict(weights_for(program))


@transaction.atomic
def do_set_weights(program: Program, values: dict[str, float]) -> MatchSettings:
    """Store only what differs from the engine's defaults, so better defaults still reach the
    program later."""
    defaults = asdict(Weights())
    changed = {k: float(v) for k, v in values.items() if k in defaults and v != defaults[k]}
    settings, _ = MatchSettings.objects.select_for_update().get_or_create(program=program)
    settings.weights = changed
    settings.save(update_fields=["weights"])
    return settings
