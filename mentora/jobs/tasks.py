"""Recurring work the schedules run. Each calls its part's function by dotted path, so the
part can rework its module freely as long as the path and the signature stay."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import cast

from django.utils import timezone
from django.utils.module_loading import import_string

from mentora.core.text import plural

# send_due_reminders(now) -> int: mails every survey reminder due at `now` (safe to run in
# several workers at once: each reminder is claimed before it is mailed).
SURVEY_REMINDERS = "mentora.surveys.actions.send_due_reminders"
# remind(now) -> list: plans and mails every reminder and notification due at `now`, survey
# reminders included (safe to run in several workers at once: each message is claimed).
REMINDERS = "mentora.engagement.delivery.remind"


def send_reminders() -> str:
    remind = cast(Callable[[datetime], list[object]], import_string(REMINDERS))
    sent = plural(
        len(remind(timezone.now())), "reminder or notification", "reminders and notifications"
    )
    return f"sent {sent}"


def send_survey_reminders() -> str:
    """The survey reminders alone (the schedule runs `send_reminders`, which includes them)."""
    send_due = cast(Callable[[datetime], int], import_string(SURVEY_REMINDERS))
    return f"sent {send_due(timezone.now())} survey reminders"


def sweep_stalled_jobs() -> str:
    from mentora.jobs.queue import sweep_stalled_jobs as sweep

    return sweep()


def prune_jobs() -> str:
    from mentora.jobs.pruning import prune_jobs as prune

    return prune()


# expire_previews(now) -> int: deletes the files of survey import previews nobody imported.
EXPIRE_PREVIEWS = "mentora.surveys.import_preview.expire_previews"


def expire_previews() -> str:
    expire = cast(Callable[[datetime], int], import_string(EXPIRE_PREVIEWS))
    count = plural(expire(timezone.now()), "preview", "previews")
    return f"deleted the files of {count} nobody imported"


# do_prune_notifications(now) -> str: deletes old settled notifications whose reminders cannot
# come back (mentora.engagement.retention), audited once a run.
PRUNE_NOTIFICATIONS = "mentora.engagement.pruning.do_prune_notifications"


def prune_notifications() -> str:
    prune = cast(Callable[[datetime], str], import_string(PRUNE_NOTIFICATIONS))
    return prune(timezone.now())


def end_sessions_of_ended_roles() -> str:
    """Nightly: sessions of those whose program role reached its end date end; the records of
    sessions past their cap are dropped."""
    from mentora.people.sessions import forget_dead_sessions
    from mentora.programs.roles import do_end_sessions_of_lapsed_roles

    now = timezone.now()
    ended = do_end_sessions_of_lapsed_roles(timezone.localdate(now))
    return f"ended {ended} sessions of ended roles, forgot {forget_dead_sessions(now)} dead ones"
