"""Open re-match requests of a cohort: mentees who declined a mentor and still wait.

The declining itself belongs to mentora.mentorships (`rematch_requests(cohort)`,
`do_resolve_rematch(request, now)`); without it, a declined pair whose mentee has no active
mentor in the same role and tier counts as an open request."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from mentora.matching.runs import RematchAsk
from mentora.mentorships.models import Mentorship
from mentora.programs.models import Cohort


def rematch_ask(cohort: Cohort) -> RematchAsk:
    """Who must be matched again, and which pairs they declined."""
    finder = _mentorships_action("rematch_requests")
    if finder is not None:
        requests = finder(cohort)
        declined = [r.declined for r in requests if getattr(r, "declined", None) is not None]
        return RematchAsk(frozenset(r.mentee_id for r in requests),
                          frozenset((m.mentee_id, m.mentor_id) for m in declined))
    waiting = _declined_and_waiting(cohort)
    return RematchAsk(frozenset(m.mentee_id for m in waiting),
                      frozenset((m.mentee_id, m.mentor_id) for m in waiting))


def resolve_answered(cohort: Cohort, created: list[Mentorship], now: datetime) -> int:
    """Close the re-match requests that a published run answered (same mentee, role, tier)."""
    finder = _mentorships_action("rematch_requests")
    resolve = _mentorships_action("do_resolve_rematch")
    if finder is None or resolve is None:
        return 0
    answered = {(m.mentee_id, m.role, m.tier) for m in created}
    done = 0
    for request in finder(cohort):
        if (request.mentee_id, request.role, request.tier) in answered:
            resolve(request, now)
            done += 1
    return done


def _declined_and_waiting(cohort: Cohort) -> list[Mentorship]:
    active = {(m.mentee_id, m.role, m.tier)
              for m in cohort.mentorships.filter(status=Mentorship.Status.ACTIVE)}
    declined = cohort.mentorships.filter(status=Mentorship.Status.DECLINED)
    return [m for m in declined if (m.mentee_id, m.role, m.tier) not in active]


def _mentorships_action(name: str) -> Callable[..., Any] | None:
    try:
        module = importlib.import_module("mentora.mentorships.actions")
    except ImportError:
        return None
    found = getattr(module, name, None)
    return found if callable(found) else None
