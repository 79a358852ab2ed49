"""How long each kind of notification is kept, and when its key can no longer come back.

A notification's key is what stops its reminder being planned twice (mentora.engagement.notify):
deleting a row whose key a planner could still write would send that reminder again. So a
notification is deleted (mentora.engagement.pruning) only once it is

- older than its kind's keep period (settings.NOTIFICATIONS_KEEP_DAYS, 365 by default; a kind
  may have a floor below which its key could still come back, and
  NOTIFICATIONS_KEEP_DAYS_BY_KIND may set one kind's own),
- settled: read in the app or never shown there, and its email sent or not wanted (never one
  pending or being sent in the outbox), and
- past coming back: its kind's guard below says its key can no longer be planned, from the
  planner's own rule (read in mentora/engagement/sources.py, escalation.py, pulse.py, digest.py,
  events.py, surveys/actions.py, programs/intake.py, programs/mentor_offers.py,
  people/invitations.py).

A guard takes a chunk of old settled rows of its kind, (pk, key, about_id), and returns the pks
that may go; a key it cannot read stays.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from mentora.engagement.models import Kind

Row = tuple[int, str, int | None]  # pk, key, about_id
Guard = Callable[[list[Row], datetime], set[int]]


@dataclass(frozen=True)
class Rule:
    why: str
    guard: Guard | None = None  # None: the key cannot come back once its floor has passed
    floor_days: int = 0  # never kept for less, whatever the settings say


def keep_days(kind: str) -> int:
    """The kind's keep period in days: the setting, its per-kind override, at least its floor."""
    days = int(getattr(settings, "NOTIFICATIONS_KEEP_DAYS", 365))
    days = int(getattr(settings, "NOTIFICATIONS_KEEP_DAYS_BY_KIND", {}).get(kind, days))
    return max(days, RETENTION[kind].floor_days, 1)


SETTLED = (Q(read_at__isnull=False) | Q(in_app=False)) & Q(email__in=["sent", "not_wanted"])


def _parts(key: str, prefix: str, count: int) -> list[str] | None:
    """The key's fields after `prefix`, if it has `count` of them at least."""
    parts = key.split(":")
    if parts[0] != prefix or len(parts) < count + 1:
        return None
    return parts[1 : count + 1]


def _ints(key: str, prefix: str, count: int) -> tuple[int, ...] | None:
    parts = _parts(key, prefix, count)
    try:
        return tuple(int(p) for p in parts) if parts is not None else None
    except ValueError:
        return None


def _today(now: datetime) -> date:
    return timezone.localdate(now)


def _start(started: date | None, cohort_start: date) -> date:
    return started or cohort_start


# Guards: each reads what its planner reads, in one or two queries a chunk.


def _drift(rows: list[Row], now: datetime) -> set[int]:
    """drift:{pair}:{since}:... - a spell's steps are planned again every day while the pair is
    quiet since `since` (escalation.plan_drift drafts every step reached, the key deduplicates).
    The spell is over once the pair has held a meeting after `since`, or the pair is gone."""
    from mentora.engagement.drift import last_meetings
    from mentora.mentorships.models import Mentorship

    spells: dict[int, tuple[int, date]] = {}
    for pk, key, _ in rows:
        parts = _parts(key, "drift", 2)
        if parts is None or not parts[0].isdigit():
            continue
        try:
            spells[pk] = (int(parts[0]), date.fromisoformat(parts[1]))
        except ValueError:
            continue
    pairs = {pair for pair, _ in spells.values()}
    last = last_meetings(list(pairs), _today(now))
    alive = set(Mentorship.objects.filter(pk__in=pairs).values_list("pk", flat=True))
    return {
        pk for pk, (pair, since) in spells.items()
        if pair not in alive or (pair in last and last[pair] > since)
    }  # fmt: skip


def _agreement(rows: list[Row], now: datetime) -> set[int]:
    """agreement:{pair}:{version}:{round} - the round counts fortnights from the pair's start
    and the version only grows: a round or version the pair is past is never planned again."""
    from mentora.engagement.sources import AGREEMENT_EVERY_DAYS, AGREEMENT_GRACE_DAYS
    from mentora.mentorships.models import Mentorship

    keys = {pk: k for pk, key, _ in rows if (k := _ints(key, "agreement", 3)) is not None}
    pairs = {
        pk: (_start(started, cohort_start), version or 0)
        for pk, started, cohort_start, version in Mentorship.objects.filter(
            pk__in={k[0] for k in keys.values()}
        ).values_list("pk", "started_on", "cohort__starts_on", "agreement__version")
    }
    gone = set()
    for pk, (pair, version, round_) in keys.items():
        if pair not in pairs:
            gone.add(pk)
            continue
        start, now_version = pairs[pair]
        now_round = ((_today(now) - start).days - AGREEMENT_GRACE_DAYS) // AGREEMENT_EVERY_DAYS
        if now_round > round_ or now_version > version:
            gone.add(pk)
    return gone


def _goal_review(rows: list[Row], now: datetime) -> set[int]:
    """goal-review:{pair}:{number} - the number counts review periods since the pair's start,
    so a number the pair is past is never planned again."""
    from mentora.engagement.drift import policies
    from mentora.engagement.sources import GOAL_REVIEW_DAYS
    from mentora.mentorships.models import Mentorship

    keys = {pk: k for pk, key, _ in rows if (k := _ints(key, "goal-review", 2)) is not None}
    pairs = {
        pk: (_start(started, cohort_start), program_id)
        for pk, started, cohort_start, program_id in Mentorship.objects.filter(
            pk__in={k[0] for k in keys.values()}
        ).values_list("pk", "started_on", "cohort__starts_on", "cohort__program_id")
    }
    every = {pid: p.goal_review_days for pid, p in policies(p for _, p in pairs.values()).items()}
    gone = set()
    for pk, (pair, number) in keys.items():
        if pair not in pairs:
            gone.add(pk)
            continue
        start, program_id = pairs[pair]
        period = max(1, every.get(program_id, GOAL_REVIEW_DAYS))
        if (_today(now) - start).days // period > number:
            gone.add(pk)
    return gone


def _pulse(rows: list[Row], now: datetime) -> set[int]:
    """pulse:{pair}:{n} - a pulse is asked when n is past the pair's highest Pulse row, and
    that row stays with the pair: gone once the Pulse is recorded, or the pair is gone."""
    from mentora.engagement.models import Pulse
    from mentora.mentorships.models import Mentorship

    keys = {pk: k for pk, key, _ in rows if (k := _ints(key, "pulse", 2)) is not None}
    pairs = {k[0] for k in keys.values()}
    asked = set(
        Pulse.objects.filter(mentorship_id__in=pairs).values_list("mentorship_id", "number")
    )
    alive = set(Mentorship.objects.filter(pk__in=pairs).values_list("pk", flat=True))
    return {pk for pk, (pair, n) in keys.items() if pair not in alive or (pair, n) in asked}


def _plan_due(rows: list[Row], now: datetime) -> set[int]:
    """plan-due:{cohort} - planned while the cohort runs: gone once it has ended (or is gone)."""
    from mentora.programs.models import Cohort

    keys = {pk: k[0] for pk, key, _ in rows if (k := _ints(key, "plan-due", 1)) is not None}
    running = set(
        Cohort.objects.filter(pk__in=set(keys.values()), ends_on__gte=_today(now)).values_list(
            "pk", flat=True
        )
    )
    return {pk for pk, cohort in keys.items() if cohort not in running}


def _about_gone_or(model: str, still: Callable[[datetime], Q]) -> Guard:
    """A guard for a kind written once per thing (`about_id`): the row goes once the thing is
    gone or no longer `still(now)` (kept while it can still be acted on)."""

    def guard(rows: list[Row], now: datetime) -> set[int]:
        from django.apps import apps

        ids = {about for _, _, about in rows if about is not None}
        live = set(
            apps.get_model(model)._default_manager.filter(still(now), pk__in=ids)
            .values_list("pk", flat=True)
        )  # fmt: skip
        return {pk for pk, _, about in rows if about not in live}

    return guard


def _window_open(now: datetime) -> Q:
    today = _today(now)
    return (
        Q(next_reminder_at__isnull=False)
        | Q(closes_on__gte=today)
        | Q(closes_on__isnull=True, wave__closes_on__gte=today)
    )


RETENTION: dict[str, Rule] = {
    # A day ahead of a meeting, at its date and time (in the key): once that moment has passed,
    # meetings_soon never plans it again (it asks for starts after now). Two days is past it.
    Kind.MEETING_SOON: Rule("its meeting's moment has passed", floor_days=2),
    Kind.AGREEMENT_UNSIGNED: Rule("a later round or version of the agreement", _agreement),
    Kind.PLAN_DUE: Rule("its cohort has ended", _plan_due),
    # plan-review:{plan}:{shared_at}: a share stamps a new shared_at (a new key); the old one
    # can come back only while that share is still waiting for its review.
    Kind.PLAN_REVIEW: Rule(
        "its plan is reviewed, or shared again",
        _about_gone_or(
            "mentorships.DevelopmentPlan", lambda now: Q(status="shared", reviewed_at__isnull=True)
        ),
    ),
    Kind.GOAL_REVIEW: Rule("a later review period of the pair", _goal_review),
    Kind.DRIFT: Rule("the pair met after that quiet spell", _drift),
    Kind.AT_RISK: Rule("the pair met after that quiet spell", _drift),
    Kind.PULSE: Rule("its pulse is recorded (a pair is never asked a number twice)", _pulse),
    # survey:{invitation}:invited is written once per new invitation, survey:{invitation}:{v}
    # once per claimed reminder (the claim bumps v); kept anyway while the window is open.
    Kind.SURVEY_REMINDER: Rule(
        "its survey window has closed", _about_gone_or("surveys.Invitation", _window_open)
    ),
    # event:{pk} is written once, when the event is made; kept until the event has happened.
    Kind.EVENT: Rule(
        "its event has happened",
        _about_gone_or("engagement.Event", lambda now: Q(starts_at__gte=now)),
    ),
    # Planned for the current week only (digest.week_of(today)): a past week never comes back.
    Kind.DIGEST: Rule("its week is over", floor_days=8),
    # Written once per offer when it is made; kept while the offer waits for an answer.
    Kind.MENTOR_OFFER: Rule(
        "its offer is answered",
        _about_gone_or("programs.MentorOffer", lambda now: Q(answer="")),
    ),
    # Written once per link when it is issued (a new invitation or intake is a new key); kept
    # while the link still works.
    Kind.ACCOUNT_INVITATION: Rule(
        "its link has expired",
        _about_gone_or("people.Invitation", lambda now: Q(expires_at__gt=now)),
    ),
    Kind.INTAKE_CONFIRMATION: Rule(
        "its link has expired",
        _about_gone_or("programs.PendingIntake", lambda now: Q(expires_at__gt=now)),
    ),
}


def prunable(kind: str, rows: Iterable[Row], now: datetime) -> set[int]:
    """The pks of these old settled rows of `kind` whose keys can no longer come back."""
    rows = list(rows)
    guard = RETENTION[kind].guard
    return guard(rows, now) if guard is not None else {pk for pk, _, _ in rows}


def cutoff(kind: str, now: datetime) -> datetime:
    return now - timedelta(days=keep_days(kind))
