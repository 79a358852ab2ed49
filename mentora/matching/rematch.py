"""Who waits for a re-match: the mentees whose open re-match requests mentorships keeps.

Declining a mentor, and closing the request once a new relationship answers it, belong to
mentora.mentorships; the matching workflow only reads the open requests."""

from __future__ import annotations

from mentora.matching.runs import RematchAsk
from mentora.mentorships.actions.status import declined_pairs, rematch_requests
from mentora.programs.models import Cohort


def rematch_ask(cohort: Cohort) -> RematchAsk:
    """Who must be matched again, and which pairs they declined."""
    waiting = rematch_requests(cohort)
    declined = [r.declined for r in waiting if r.declined is not None]
    mentees = frozenset(r.mentee_id for r in waiting)
    return RematchAsk(mentees, frozenset((m.mentee_id, m.mentor_id) for m in declined)
                      | declined_pairs(cohort, mentees))
