"""Pulse checks: a month after a match, then every two months (each program's drift policy may
say otherwise), the mentee is asked how the relationship goes (1 to 5) and whether they would
like to talk to the program. Planned by the reminder step, the clock as an argument; a low
answer shows on the cohort's at-risk list (a flag, nothing more) and offers the mentee a
re-match through the decline path."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from mentora.engagement.models import DriftPolicy, Kind, Pulse
from mentora.engagement.notify import Draft, notify
from mentora.mentorships.models import Mentorship

PULSE_FIRST_DAYS = 30  # the defaults, as DriftPolicy's
PULSE_EVERY_DAYS = 60


def pulse_number(started: date, today: date, first: int, every: int) -> int:
    """How many pulses a pair that started on `started` is due by `today` (0 before the first)."""
    days = (today - started).days
    if days < first:
        return 0
    return 1 + (days - first) // max(1, every)


CHUNK = 500  # pairs a query, well under SQLite's limit of bound parameters


def plan_pulses(now: datetime) -> int:
    """Ask each active pair's mentee the pulse due at `now` (the latest only: a pair matched
    long ago starts at its current number, not with a backlog); returns the notifications
    written. A second run, or another process at once, writes nothing new."""
    today = timezone.localdate(now)
    every_policy = {p.program_id: p for p in DriftPolicy.objects.all()}  # one per program
    earliest = min([PULSE_FIRST_DAYS, *(p.pulse_first_days for p in every_policy.values())])
    cut = today - timedelta(days=earliest)
    pairs = list(
        Mentorship.objects.filter(
            Q(started_on__lte=cut) | Q(started_on__isnull=True, cohort__starts_on__lte=cut),
            status=Mentorship.Status.ACTIVE,
        )
        .annotate(asked=Max("pulses__number"))
        .values_list(
            "pk",
            "started_on",
            "cohort__starts_on",
            "cohort__program_id",
            "mentee_id",
            "mentor__full_name",
            "asked",
        )
    )
    new: list[Pulse] = []
    for pk, started, cohort_start, program_id, _, _, asked in pairs:
        policy = every_policy.get(program_id)
        first = policy.pulse_first_days if policy else PULSE_FIRST_DAYS
        every = policy.pulse_every_days if policy else PULSE_EVERY_DAYS
        start = started or cohort_start
        number = pulse_number(start, today, first, every)
        if number > (asked or 0):
            due = start + timedelta(days=first + (number - 1) * max(1, every))
            new.append(Pulse(mentorship_id=pk, number=number, due_on=due, asked_at=now))
    if not new:
        return 0
    Pulse.objects.bulk_create(new, ignore_conflicts=True)
    ids = _pulse_ids({(pulse.mentorship_id, pulse.number) for pulse in new})
    about = {pk: (mentee_id, mentor) for pk, _, _, _, mentee_id, mentor, _ in pairs}
    drafts = []
    for pulse in new:
        mentee_id, mentor = about[pulse.mentorship_id]
        pulse_id = ids[(pulse.mentorship_id, pulse.number)]
        drafts.append(
            Draft(
                mentee_id,
                Kind.PULSE,
                f"pulse:{pulse.mentorship_id}:{pulse.number}",
                f"How is your mentoring with {mentor} going?",
                f"Two questions, one tap each: how your mentoring relationship with {mentor} is "
                "going, and whether you would like to talk to the program about it. "
                f"{mentor} does not see your answer.",
                reverse("pulse", args=[pulse_id]),
                pulse_id,
            )
        )
    return notify(drafts, now)


def _pulse_ids(wanted: set[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """The ids of these (pair, number) pulses: by pair, a few hundred pairs a query (one OR
    per pulse made a plan that ran for many minutes on a national program's 100,000 pairs)."""
    pairs = sorted({pair for pair, _ in wanted})
    ids: dict[tuple[int, int], int] = {}
    for start in range(0, len(pairs), CHUNK):
        rows = Pulse.objects.filter(mentorship_id__in=pairs[start : start + CHUNK]).order_by()
        for pk, pair, number in rows.values_list("pk", "mentorship_id", "number"):
            if (pair, number) in wanted:
                ids[(pair, number)] = pk
    return ids


def low_pulses(pair_ids: Iterable[int]) -> dict[int, Pulse]:
    """Each pair's latest answered pulse, where it is low (one query): a later good answer
    clears the flag."""
    latest: dict[int, Pulse] = {}
    for pulse in Pulse.objects.filter(
        mentorship_id__in=list(pair_ids), answered_at__isnull=False
    ).order_by("mentorship_id", "-number"):
        latest.setdefault(pulse.mentorship_id, pulse)
    return {pk: pulse for pk, pulse in latest.items() if pulse.low}
