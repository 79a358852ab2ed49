"""Drift's escalation: pairs behind their cadence are reminded (the mentee, then the mentor),
then flagged to their program's coordinators, each step once per quiet spell."""

from __future__ import annotations

from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone

from mentora.engagement.cadence import Step
from mentora.engagement.drift import active_pairs, drift_of
from mentora.engagement.models import DriftFlag, Kind
from mentora.engagement.notify import Draft, notify
from mentora.mentorships.models import Mentorship
from mentora.programs.models import ProgramCoordinator, live_on


def plan_drift(now: datetime) -> int:
    """Pairs behind their cadence: the mentee, then the mentor are reminded, then the pair is
    flagged to its program's coordinators, each once per quiet spell (since the last contact).
    A meeting held starts a new spell: the steps stop until the pair falls behind again."""
    today = timezone.localdate(now)
    behind = [d for d in drift_of(active_pairs(), today) if d.standing.step > Step.ON_CADENCE]
    drafts = []
    flags = []
    for drift in behind:
        pair, where = drift.pair, drift.standing
        spell = f"drift:{pair.pk}:{where.since.isoformat()}"
        link = reverse("mentorship", args=[pair.pk])
        agreed = "the cadence you agreed" if drift.cadence.agreed else "the program's cadence"
        quiet = (
            f"No meeting logged for {where.days_quiet} days, behind {agreed} "
            f"({drift.cadence.words()})."
        )
        drafts.append(
            Draft(
                pair.mentee_id,
                Kind.DRIFT,
                f"{spell}:mentee",
                f"Time to meet {pair.mentor.full_name}",
                f"{quiet} Suggest a time to {pair.mentor.full_name}.",
                link,
                pair.pk,
            )
        )
        if where.step >= Step.MENTOR:
            drafts.append(
                Draft(
                    pair.mentor_id,
                    Kind.DRIFT,
                    f"{spell}:mentor",
                    f"Time to meet {pair.mentee.full_name}",
                    f"{quiet} Schedule a meeting with {pair.mentee.full_name}.",
                    link,
                    pair.pk,
                )
            )
        if where.step >= Step.COORDINATOR:
            flags.append(DriftFlag(mentorship=pair, since=where.since, flagged_at=now))
    if flags:
        DriftFlag.objects.bulk_create(flags, ignore_conflicts=True)
        drafts += _coordinator_drafts([f.mentorship for f in flags], flags, today)
    return notify(drafts, now)


def _coordinator_drafts(
    pairs: list[Mentorship], flags: list[DriftFlag], today: date
) -> list[Draft]:
    """The flag, to each coordinator of the pair's program who has a profile (an address)."""
    people: dict[int, list[int]] = {}
    for program_id, person_id in ProgramCoordinator.objects.filter(
        live_on(today),
        program_id__in={p.cohort.program_id for p in pairs},
        user__person__isnull=False,
    ).values_list("program_id", "user__person__id"):
        people.setdefault(program_id, []).append(person_id)
    drafts = []
    for pair, flag in zip(pairs, flags, strict=True):
        link = reverse("at_risk", args=[pair.cohort_id])
        for person_id in people.get(pair.cohort.program_id, []):
            drafts.append(
                Draft(
                    person_id,
                    Kind.AT_RISK,
                    f"drift:{pair.pk}:{flag.since.isoformat()}:flag",
                    # Named, so that a coordinator's list of flags tells them apart.
                    f"{pair.mentee.full_name} and {pair.mentor.full_name} are behind their "
                    f"cadence ({pair.cohort.name})",
                    f"{pair.mentee.full_name} and {pair.mentor.full_name} have not logged a "
                    f"meeting since {flag.since:%B %-d, %Y}; both were reminded. See the "
                    "cohort's at-risk list.",
                    link,
                    pair.pk,
                )
            )
    return drafts
