"""Recurring meetings: a rule such as "every 2 weeks until 30 June" becomes a list of dates."""

from __future__ import annotations

from datetime import date, datetime, time
from itertools import islice

from dateutil.rrule import WEEKLY, rrule

from mentora.mentorships.pure.errors import RelationshipRuleError

MAX_OCCURRENCES = 60


def expand_recurrence(first: date, every_weeks: int, until: date) -> list[date]:
    """Dates of a series, the first one included, none after `until`.

    Capped at MAX_OCCURRENCES so that a slip of the finger (every 1 week for ten years)
    cannot fill a calendar with hundreds of meetings.
    """
    if every_weeks < 1:
        raise RelationshipRuleError(f"every_weeks: must be 1 or more, got {every_weeks}")
    if until < first:
        raise RelationshipRuleError(f"until: {until} is before the first meeting on {first}")
    rule = rrule(
        WEEKLY,
        interval=every_weeks,
        dtstart=datetime.combine(first, time()),
        until=datetime.combine(until, time()),
        count=None,
    )
    dates = [moment.date() for moment in islice(rule, MAX_OCCURRENCES)]
    if len(dates) == MAX_OCCURRENCES and dates[-1] < until:
        raise RelationshipRuleError(
            f"until: every {every_weeks} weeks from {first} to {until} makes more than "
            f"{MAX_OCCURRENCES} meetings"
        )
    return dates
