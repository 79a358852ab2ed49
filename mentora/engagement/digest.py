"""The weekly digest: one email a week gathering a person's unread notifications, and for
coordinators the pairs behind their cadence in their programs' cohorts (names and counts, never
what a note says). Off by default for mentors and mentees, on for coordinators with a profile;
each person chooses on their preferences page. Planned by the reminder step from the Monday of
each week, keyed by the week: a second run in the same week writes nothing."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from django.urls import reverse
from django.utils import timezone

from mentora.core.text import plural
from mentora.engagement.drift import active_pairs, drift_of
from mentora.engagement.models import Kind, Notification, Preference
from mentora.engagement.notify import Draft, notify
from mentora.people.models import Person
from mentora.programs.models import ProgramCoordinator, live_on

LISTED = 10  # at most this many notifications or pairs named, then a count of the rest


def coordinator_people(today: date) -> dict[int, set[int]]:
    """Person id -> the programs they coordinate on `today` (coordinators with a profile)."""
    programs: dict[int, set[int]] = defaultdict(set)
    for person_id, program_id in ProgramCoordinator.objects.filter(
        live_on(today), user__person__isnull=False
    ).values_list("user__person__id", "program_id"):
        programs[person_id].add(program_id)
    return programs


def wants_digest(person: Person, current: dict[str, Preference]) -> bool:
    """The person's choice, else the default: on for a coordinator, off for anyone else."""
    choice = current.get(Kind.DIGEST.value)
    if choice is not None:
        return choice.email
    return (
        person.user_id is not None
        and ProgramCoordinator.objects.filter(
            live_on(timezone.localdate()), user_id=person.user_id
        ).exists()
    )


def week_of(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def plan_digests(now: datetime) -> int:
    """This week's digest to each person who wants one and has something in it."""
    today = timezone.localdate(now)
    coordinating = coordinator_people(today)
    chosen = dict(Preference.objects.filter(kind=Kind.DIGEST).values_list("person_id", "email"))
    people = {pid for pid, on in chosen.items() if on} | {
        pid for pid in coordinating if pid not in chosen
    }
    if not people:
        return 0
    week = week_of(today)
    done = set(
        Notification.objects.filter(recipient_id__in=people, key=f"digest:{week}").values_list(
            "recipient_id", flat=True
        )
    )
    people -= done
    if not people:
        return 0
    unread: dict[int, list[str]] = defaultdict(list)
    for recipient_id, subject in (
        Notification.objects.filter(recipient_id__in=people, read_at__isnull=True, in_app=True)
        .exclude(kind=Kind.DIGEST)
        .order_by("-created_at", "-pk")
        .values_list("recipient_id", "subject")
    ):
        unread[recipient_id].append(subject)
    behind = _pairs_behind({p: coordinating[p] for p in people if p in coordinating}, today)
    drafts = []
    for person_id in sorted(people):
        body = _body(unread.get(person_id, []), behind.get(person_id, {}))
        if body:
            drafts.append(
                Draft(
                    person_id,
                    Kind.DIGEST,
                    f"digest:{week}",
                    f"Your Mentora week ({week})",
                    body,
                    reverse("notifications"),
                    in_app=False,
                )
            )
    return notify(drafts, now)


def _pairs_behind(
    coordinating: dict[int, set[int]], today: date
) -> dict[int, dict[str, list[str]]]:
    """Person -> cohort name -> "Mentee and Mentor (n days behind)" of each pair behind."""
    programs = set().union(*coordinating.values()) if coordinating else set()
    if not programs:
        return {}
    by_program: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    pairs = active_pairs().filter(cohort__program_id__in=programs).order_by("cohort_id", "pk")
    for drift in drift_of(pairs, today):
        days = drift.standing.days_behind
        if days > 0:
            pair = drift.pair
            by_program[pair.cohort.program_id][pair.cohort.name].append(
                f"{pair.mentee.full_name} and {pair.mentor.full_name} ({days} days behind)"
            )
    result: dict[int, dict[str, list[str]]] = {}
    for person_id, program_ids in coordinating.items():
        cohorts: dict[str, list[str]] = {}
        for program_id in sorted(program_ids):
            cohorts.update(by_program.get(program_id, {}))
        if cohorts:
            result[person_id] = cohorts
    return result


def _listed(lines: list[str]) -> list[str]:
    shown = [f"- {line}" for line in lines[:LISTED]]
    if len(lines) > LISTED:
        shown.append(f"- and {len(lines) - LISTED} more")
    return shown


def _body(unread: list[str], behind: dict[str, list[str]]) -> str:
    parts = []
    if unread:
        parts.append(f"{plural(len(unread), 'unread notification', 'unread notifications')}:")
        parts += _listed(unread)
    for cohort, pairs in behind.items():
        if parts:
            parts.append("")
        parts.append(f"{cohort}: {plural(len(pairs), 'pair', 'pairs')} behind cadence")
        parts += _listed(pairs)
    return "\n".join(parts)
