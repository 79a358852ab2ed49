"""The answers of many responses, read in chunks that every database takes.

SQLite refuses a statement whose expression tree is deeper than 1,000 ("Expression tree is
too large"), which a prefetch of a project's answers and their items reached at about 1,000
fields. The answers are read here by response, a chunk of responses at a time, with each
answer's variable joined in, so no statement grows with the fields or the rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mentora.surveys.models import Answer

# Responses per statement: far below SQLite's limits, few statements for a large project.
CHUNK = 500


def answers_by_response(response_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Each response's answers, variable -> stored value (a list for a checkbox)."""
    found: dict[int, dict[str, Any]] = {pk: {} for pk in response_ids}
    for start in range(0, len(response_ids), CHUNK):
        chunk = list(response_ids[start : start + CHUNK])
        rows = Answer.objects.filter(response_id__in=chunk).values_list(
            "response_id", "item__variable", "value"
        )
        for response, variable, value in rows:
            found[response][variable] = value
    return found
