"""What feedback tells mentorships (registered in mentora.mentorships.sources): observations
per relationship and confirmed procedures per goal. Counts only, no content."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date

from django.db.models import Count, Expression, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from mentora.feedback.models import MiniCex, ProcedureEntry


def observations_per_pair(pair_ids: Sequence[int], today: date) -> dict[int, int]:
    """Mini-CEX observations and confirmed procedures of each pair, dated up to `today`."""
    total: Counter[int] = Counter()
    seen = MiniCex.objects.filter(mentorship_id__in=pair_ids, observed_on__lte=today)
    confirmed = ProcedureEntry.objects.filter(
        mentorship_id__in=pair_ids, performed_on__lte=today, confirmed_at__isnull=False
    )
    for rows in (seen, confirmed):
        for row in rows.values("mentorship_id").annotate(n=Count("id")).order_by():
            total[row["mentorship_id"]] += row["n"]
    return dict(total)


def confirmed_toward_goal() -> Expression:
    """Confirmed procedures toward the goal of the outer query (a subquery on its pk)."""
    confirmed = (
        ProcedureEntry.objects.filter(goal=OuterRef("pk"), confirmed_at__isnull=False)
        .values("goal").annotate(n=Count("pk")).values("n")
    )
    return Coalesce(Subquery(confirmed), Value(0))
