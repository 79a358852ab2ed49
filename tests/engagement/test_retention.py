"""Notifications are kept for a set time, then pruned, and no reminder ever comes back: a pair
walked through a quiet spell longer than the keep period is reminded of each step once; old
settled notifications of every kind go, recent, unread or unsent ones stay."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import time_machine
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from mentora.audit.models import AuditEvent
from mentora.engagement.delivery import remind
from mentora.engagement.models import DriftPolicy, Event, Kind, Notification
from mentora.engagement.pruning import do_prune_notifications, prune_notifications
from mentora.engagement.retention import RETENTION
from mentora.jobs import tasks
from mentora.jobs.schedules import SCHEDULES
from mentora.mentorships.actions import (
    MeetingDetails,
    do_draft_agreement,
    do_edit_agreement,
    do_log_meeting,
)
from mentora.mentorships.models import CadencePeriod
from tests import factories

GONE = 999_999  # an id nothing has


def _morning(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(8, 0)))


def test_a_quiet_spell_longer_than_the_keep_period_reminds_each_step_once(
    world, settings, mailoutbox
):
    settings.NOTIFICATIONS_KEEP_DAYS = 30
    pair, cohort = world.mark_maya, world.cohort
    DriftPolicy.objects.create(
        program=cohort.program, mentee_after_days=5, mentor_after_days=12, coordinator_after_days=20
    )
    coordinator = factories.make_person("Ada Coordinator")
    cohort.program.coordinators.add(coordinator.user)
    start = _morning(cohort.starts_on)
    agreement = do_draft_agreement(pair, start)
    monthly = {"cadence_meetings": 1, "cadence_period_days": CadencePeriod.MONTH}
    do_edit_agreement(agreement, monthly, pair.mentee, start)
    met_on = cohort.starts_on + timedelta(days=120)  # four months quiet, then they meet
    written: dict[tuple[int, str], int] = {}  # each (recipient, key) and its one row
    pruned = 0
    for n in range(200):
        day = cohort.starts_on + timedelta(days=n)
        with time_machine.travel(_morning(day), tick=False):
            if day == met_on:
                do_log_meeting([pair], MeetingDetails(on=day), pair.mentor, _morning(day))
            remind(_morning(day))
            # Read in the app the same day: everything is settled once mailed.
            Notification.objects.filter(read_at__isnull=True).update(read_at=_morning(day))
            rows = Notification.objects.values_list("pk", "recipient_id", "key")
            for pk, person, key in rows:
                first = written.setdefault((person, key), pk)
                assert first == pk, f"{key} was planned again on {day} after it was pruned"
            pruned += sum(prune_notifications(_morning(day)).values())

    assert pruned > 0
    first_spell = f"drift:{pair.pk}:{cohort.starts_on.isoformat()}"
    steps = [key for _, key in written if key.startswith(first_spell)]
    assert sorted(steps) == sorted(f"{first_spell}:{who}" for who in ("mentee", "mentor", "flag"))
    # The spell lasted 120 days, four times the keep period, and each step was mailed once.
    to_maya = [m.subject for m in mailoutbox if m.to == [world.maya.email]]
    assert to_maya.count(f"Time to meet {world.mark.full_name}") == 2  # this spell, and the next
    # Once they met, the first spell's reminders were old and could not come back: gone.
    assert not Notification.objects.filter(key__startswith=first_spell).exists()
    # The next spell's are recent (or the pair is still in it): kept.
    assert Notification.objects.filter(
        kind=Kind.DRIFT, about_id=pair.pk, key__startswith=f"drift:{pair.pk}:{met_on}"
    ).exists()


def _row(person, kind, key, *, days_old, about=None, read=True, email="sent", in_app=True):
    now = timezone.now()
    return Notification.objects.create(
        recipient=person, kind=kind, key=key, subject=f"{kind} {key}", body="...",
        about_id=about, created_at=now - timedelta(days=days_old),
        read_at=now if read else None, in_app=in_app, email=email,
        next_attempt_at=now if email == "pending" else None,
    )  # fmt: skip


# A key of each kind whose thing is gone: nothing can plan it again.
PAST = {
    Kind.MEETING_SOON: (f"meeting:{GONE}:2025-01-02:10:00:00", GONE),
    Kind.AGREEMENT_UNSIGNED: (f"agreement:{GONE}:1:0", GONE),
    Kind.PLAN_DUE: (f"plan-due:{GONE}", None),
    Kind.PLAN_REVIEW: (f"plan-review:{GONE}:20250101120000", GONE),
    Kind.GOAL_REVIEW: (f"goal-review:{GONE}:3", GONE),
    Kind.DRIFT: (f"drift:{GONE}:2025-01-01:mentee", GONE),
    Kind.AT_RISK: (f"drift:{GONE}:2025-01-01:flag", GONE),
    Kind.SURVEY_REMINDER: (f"survey:{GONE}:invited", GONE),
    Kind.EVENT: (f"event:{GONE}", GONE),
    Kind.PULSE: (f"pulse:{GONE}:1", GONE),
    Kind.DIGEST: ("digest:2025-W02", None),
    Kind.MENTOR_OFFER: (f"mentor_offer:{GONE}", GONE),
    Kind.ACCOUNT_INVITATION: (f"invitation:{GONE}", GONE),
    Kind.INTAKE_CONFIRMATION: (f"intake:{GONE}", GONE),
}


def test_old_settled_notifications_of_every_kind_go_and_the_rest_stay(world, login):
    assert set(PAST) == set(Kind) == set(RETENTION)
    maya = world.maya
    old = [_row(maya, kind, key, days_old=400, about=about) for kind, (key, about) in PAST.items()]
    email_only = _row(world.nina, Kind.DIGEST, "digest:2025-W03", days_old=400, in_app=False,
                      read=False)  # fmt: skip
    recent = _row(maya, Kind.GOAL_REVIEW, f"goal-review:{GONE}:9", days_old=20)
    unread = _row(maya, Kind.EVENT, f"event:{GONE + 1}", days_old=400, about=GONE + 1, read=False)
    pending = _row(maya, Kind.DIGEST, "digest:2025-W04", days_old=400, in_app=False,
                   read=False, email="pending")  # fmt: skip
    sending = _row(maya, Kind.PULSE, f"pulse:{GONE}:2", days_old=400, email="sending")
    not_wanted = _row(maya, Kind.PULSE, f"pulse:{GONE}:3", days_old=400, email="not_wanted")
    # Old and settled, but their keys could still be planned: a pair still quiet since the
    # spell's start, an event still ahead.
    spell = _row(maya, Kind.DRIFT, f"drift:{world.mark_maya.pk}:2025-01-01:mentee",
                 days_old=400, about=world.mark_maya.pk)  # fmt: skip
    event = Event.objects.create(
        cohort=world.cohort, kind=Event.Kind.WORKSHOP, title="Feedback skills", audience="both",
        starts_at=timezone.now() + timedelta(days=30), created_at=timezone.now(),
    )  # fmt: skip
    ahead = _row(maya, Kind.EVENT, f"event:{event.pk}", days_old=400, about=event.pk)

    assert sum(prune_notifications(timezone.now(), dry_run=True).values()) == len(old) + 2
    assert Notification.objects.count() == len(old) + 8  # the dry run deleted nothing
    note = do_prune_notifications(timezone.now())

    left = set(Notification.objects.values_list("pk", flat=True))
    assert not left & {n.pk for n in [*old, email_only, not_wanted]}
    assert left == {n.pk for n in (recent, unread, pending, sending, spell, ahead)}
    event_row = AuditEvent.objects.get(object_type="engagement.notification")
    assert event_row.action == "delete" and event_row.note == note
    assert f"deleted {len(old) + 2} notifications" in note
    page = login(maya).get(reverse("notifications")).content.decode()
    assert recent.subject in page and PAST[Kind.GOAL_REVIEW][0] not in page


def test_a_pending_email_is_never_deleted_however_old(world):
    pending = _row(world.maya, Kind.DIGEST, "digest:2020-W01", days_old=3000, read=False,
                   in_app=False, email="pending")  # fmt: skip
    prune_notifications(timezone.now())
    assert Notification.objects.filter(pk=pending.pk).exists()


def test_the_pruning_runs_daily_and_by_hand(world):
    assert any(
        s.func == "mentora.jobs.tasks.prune_notifications" and s.minutes == 1440 for s in SCHEDULES
    )
    old = _row(world.maya, Kind.DIGEST, "digest:2025-W05", days_old=400)
    call_command("prune_notifications", "--dry-run")
    assert Notification.objects.filter(pk=old.pk).exists()
    call_command("prune_notifications")
    assert not Notification.objects.filter(pk=old.pk).exists()
    older = _row(world.maya, Kind.DIGEST, "digest:2025-W06", days_old=400)
    assert tasks.prune_notifications().startswith("deleted 1 notification (digest 1)")
    assert not Notification.objects.filter(pk=older.pk).exists()
    assert AuditEvent.objects.filter(object_type="engagement.notification").count() == 2
