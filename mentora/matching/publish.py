"""Publishing a run: the proposals become active mentorships, and the people are told."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mass_mail
from django.db import transaction

from mentora.audit.record import Action, record
from mentora.matching.models import MatchRun
from mentora.matching.runs import StaleRun
from mentora.mentorships.actions.lifecycle import Start, active_pairs, do_start_many
from mentora.mentorships.actions.status import do_end_many
from mentora.mentorships.models import Mentorship
from mentora.people.models import Person
from mentora.people.roles import person_of
from mentora.programs.mentorship_roles import MentorshipRole
from mentora.programs.models import Cohort


class NotPublishable(Exception):
    """The run failed, is still running, or was already published."""


@dataclass
class Published:
    created: list[Mentorship] = field(default_factory=list)
    kept: int = 0
    ended: int = 0
    notified: int = 0


def role_and_tier(structure: str, slot: str) -> tuple[str, str]:
    """The mentorship role (and tier) a pair of a run becomes."""
    if structure == "tiers":
        return MentorshipRole.NEAR_PEER, slot
    if structure == "teams" and slot in MentorshipRole.values:
        return slot, ""
    return MentorshipRole.CAREER, ""


def do_publish(run: MatchRun, version: int, user: User | None, now: datetime, *,
               notify: bool = True) -> Published:
    """Ask mentorships to start the run's pairs (matched, active) and, when the run may break
    current pairs, to end the ones it broke; mail everyone with a new pair once the transaction
    commits (the demo's synthetic people are not mailed: notify=False)."""
    with transaction.atomic():
        # The cohort row first: two runs of one cohort published at once queue up here.
        Cohort.objects.select_for_update().get(pk=run.cohort_id)
        locked = MatchRun.objects.select_for_update().select_related("cohort").get(pk=run.pk)
        if locked.version != version:
            raise StaleRun(locked)
        if not locked.can_publish:
            raise NotPublishable(f"Run {locked.number} is {locked.get_status_display().lower()}"
                                 " and cannot be published.")
        outcome = _write_pairs(locked, None if user is None else person_of(user), now)
        locked.status = MatchRun.Status.PUBLISHED
        locked.published_at = now
        locked.version += 1
        locked.save(update_fields=["status", "published_at", "version"])
        record(Action.UPDATE, locked, by=user, fields=["status", "published_at"],
               note=f"published: {len(outcome.created)} pairs started, {outcome.ended} ended")
        created = list(outcome.created)
        if notify:
            transaction.on_commit(lambda: _notify(locked, created))
            outcome.notified = len({p for m in created for p in (m.mentee_id, m.mentor_id)})
    return outcome


@dataclass(frozen=True)
class PublishPlan:
    """What publishing a run will change, said before the coordinator confirms it."""

    new: int  # pairs that start
    kept: int  # pairs of the run already active: left as they are
    ended: int  # current pairs the run breaks
    people: int  # people with a new pair, who are told by mail


def _starts(run: MatchRun) -> list[Start]:
    return [Start(int(p.mentee_id), int(p.mentor_id), *role_and_tier(run.structure, p.slot))
            for p in run.pairs]


def _broken(run: MatchRun, starts: list[Start]) -> set[tuple[int, int]]:
    if not run.break_current or run.is_rematch:
        return set()
    current = set(active_pairs(run.cohort))
    if run.block_id is not None:  # a block's run breaks only its own mentees' pairs
        inside = set(run.person_ids("mentees"))
        current = {pair for pair in current if pair[0] in inside}
    return current - {s.key for s in starts}


def publish_plan(run: MatchRun) -> PublishPlan:
    starts = _starts(run)
    current = set(active_pairs(run.cohort))
    new = {s.key for s in starts} - current
    return PublishPlan(new=len(new), kept=len({s.key for s in starts} & current),
                       ended=len(_broken(run, starts)),
                       people=len({person for key in new for person in key}))


def _write_pairs(run: MatchRun, by: Person | None, now: datetime) -> Published:
    starts = _starts(run)
    label = f"match run {run.number}"
    ended = []
    broken = _broken(run, starts)
    if broken:
        ended = do_end_many(run.cohort, broken, by, f"Re-matched by {label}", now)
    reason = f"Re-matched by {label}" if run.is_rematch else f"Matched by {label}"
    started = do_start_many(run.cohort, starts, source=Mentorship.Source.MATCHED, by=by,
                            reason=reason, now=now)
    return Published(started.created, len(started.kept), len(ended))


def _notify(run: MatchRun, created: list[Mentorship]) -> None:
    """One message per person: their new mentors, or their new mentees."""
    people = Person.objects.in_bulk({p for m in created for p in (m.mentee_id, m.mentor_id)})
    mentors_of: dict[int, list[Mentorship]] = defaultdict(list)
    mentees_of: dict[int, list[Mentorship]] = defaultdict(list)
    for m in created:
        mentors_of[m.mentee_id].append(m)
        mentees_of[m.mentor_id].append(m)
    program = run.cohort.program.name
    link = settings.SITE_URL.rstrip("/") + "/"
    messages = []
    for person_id, person in people.items():
        lines = [f"- your mentor {people[m.mentor_id].full_name} ({m.get_role_display()})"
                 for m in mentors_of.get(person_id, [])]
        lines += [f"- your mentee {people[m.mentee_id].full_name} ({m.get_role_display()})"
                  for m in mentees_of.get(person_id, [])]
        body = (f"Hello {person.full_name},\n\nThe match for {program} is published:\n"
                + "\n".join(lines) + f"\n\nSign in to meet them: {link}\n")
        messages.append((f"Your match in {program}", body, None, [person.email]))
    send_mass_mail(messages, fail_silently=False)
