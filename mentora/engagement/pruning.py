"""Old notifications deleted, daily (a schedule; `mentora prune_notifications` by hand): those
older than their kind's keep period, settled, and whose key can no longer be planned again
(mentora.engagement.retention says when, per kind). One audit event a run, with the count.

National scale: rows are read a chunk at a time by primary key and deleted by pk, never in one
DELETE over the whole table, so no transaction holds many rows' locks for long.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from django.db import transaction

from mentora.audit.record import Action, record
from mentora.core.text import plural
from mentora.engagement.models import Notification
from mentora.engagement.retention import RETENTION, SETTLED, cutoff, keep_days, prunable

CHUNK = 2000  # rows read, then deleted, at a time


def prune_notifications(
    now: datetime, *, dry_run: bool = False, chunk: int = CHUNK
) -> Counter[str]:
    """Delete (or with `dry_run` only count) the notifications past keeping; by kind."""
    deleted: Counter[str] = Counter()
    for kind in RETENTION:
        old = Notification.objects.filter(SETTLED, kind=kind, created_at__lt=cutoff(kind, now))
        after = 0
        while rows := list(
            old.filter(pk__gt=after).order_by("pk").values_list("pk", "key", "about_id")[:chunk]
        ):
            after = rows[-1][0]
            gone = prunable(kind, rows, now)
            if dry_run:
                deleted[kind] += len(gone)
            elif gone:
                with transaction.atomic():  # settled again at the delete: nothing in flight goes
                    count, _ = old.filter(pk__in=gone).delete()
                deleted[kind] += count
    return deleted


def summary(deleted: Counter[str]) -> str:
    total = plural(sum(deleted.values()), "notification", "notifications")
    kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(deleted.items()) if count)
    return total + (f" ({kinds})" if kinds else "")


def do_prune_notifications(now: datetime) -> str:
    """The schedule's run: prune, then one audit event with the count by kind."""
    deleted = prune_notifications(now)
    days = sorted({keep_days(kind) for kind in RETENTION})
    kept = f"{days[0]} days" if len(days) == 1 else f"{days[0]}-{days[-1]} days"
    note = f"deleted {summary(deleted)} settled and older than their keep period ({kept})"
    record(Action.DELETE, kind="engagement.notification", note=note)
    return note
