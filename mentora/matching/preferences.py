"""What participants ask of the match, and a program's scoring weights: one write each."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from mentora.audit.record import Action, record
from mentora.matching.adapter import weights_for
from mentora.matching.engine import Weights
from mentora.matching.models import MatchPreference, MatchSettings
from mentora.people.models import Person
from mentora.programs.mentorship_roles import MentorshipRole
from mentora.programs.models import Enrolment, Program

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


def preference_of(enrolment: Enrolment) -> MatchPreference:
    try:
        return enrolment.match_preference
    except MatchPreference.DoesNotExist:
        return MatchPreference(enrolment=enrolment)


@transaction.atomic
def do_set_preferences(enrolment: Enrolment, *, same_gender: bool = False,
                       same_background: bool = False, roles_needed: list[str] | None = None,
                       team_role: str = "") -> MatchPreference:
    """A mentee's asked-for affinity and team roles; a mentor's team role."""
    valid = set(MentorshipRole.values)
    preference, _ = MatchPreference.objects.select_for_update().get_or_create(
        enrolment=enrolment)
    preference.same_gender = same_gender and enrolment.is_mentee
    preference.same_background = same_background and enrolment.is_mentee
    preference.roles_needed = [r for r in roles_needed or [] if r in valid]
    preference.team_role = team_role if team_role in valid and enrolment.is_mentor else ""
    preference.save()
    record(Action.UPDATE, preference, program=enrolment.cohort, by=enrolment.person,
           fields=["same_gender", "same_background", "roles_needed", "team_role"])
    return preference


class WeightsConflict(ValueError):
    """Someone saved the program's weights since the editor's page showed them; the message
    says who, when and what, and nothing was saved. `version` is the current one."""

    def __init__(self, message: str, version: int) -> None:
        super().__init__(message)
        self.version = version


def current_weights(program: Program) -> dict[str, float]:
    return asdict(weights_for(program))


def weights_version(program: Program) -> int:
    """The version of the program's weights an edit page shows (1 before any was saved)."""
    try:
        return program.match_settings.version  # read (and kept) with the weights
    except MatchSettings.DoesNotExist:
        return 1


def _name(user: User | None) -> str:
    if user is None:
        return "Another coordinator"
    person = Person.objects.filter(user=user).values_list("full_name", flat=True).first()
    return person or user.get_full_name() or user.username


def _conflict(program: Program, sent: dict[str, float]) -> WeightsConflict:
    stored = MatchSettings.objects.select_related("updated_by").get(program=program)
    now = current_weights(program)
    who = _name(stored.updated_by)
    when = (f" at {timezone.localtime(stored.updated_at):%Y-%m-%d %H:%M}"
            if stored.updated_at else "")
    differ = [f"{WEIGHT_LABELS.get(name, name)}: now {now[name]:g}, you sent {float(value):g}"
              for name, value in sent.items() if name in now and now[name] != float(value)]
    what = f" ({'; '.join(differ)})" if differ else ""
    return WeightsConflict(
        f"{who} saved the weights of {program.name}{when} while you were editing them{what}. "
        f"Yours were not saved: they are still in the form. Save again to replace theirs.",
        stored.version,
    )


@transaction.atomic
def do_set_weights(program: Program, values: dict[str, float], version: int | None = None,
                   by: User | None = None, now: datetime | None = None) -> MatchSettings:
    """Store only what differs from the engine's defaults, so better defaults still reach the
    program later. `version` is the one the editor's page showed (weights_version); if someone
    saved the weights since, nothing is written and WeightsConflict says who and what."""
    defaults = asdict(Weights())
    changed = {k: float(v) for k, v in values.items() if k in defaults and v != defaults[k]}
    settings, _ = MatchSettings.objects.get_or_create(program=program)
    seen = settings.version if version is None else version
    written = MatchSettings.objects.filter(pk=settings.pk, version=seen).update(
        weights=changed, version=F("version") + 1, updated_by=by,
        updated_at=now or timezone.now(),
    )
    if not written:
        raise _conflict(program, values)
    settings.refresh_from_db()
    record(Action.UPDATE, settings, by=by, fields=[f"weights.{name}" for name in values])
    return settings
