"""Fill `Invitation.next_reminder_at` for the invitations that existed before the column.

Written against the historical models, with the rule as it stood when the column came: a
reminder is due `reminder_every_days` after the last mail but not before the wave opens, and
none once the survey is submitted, the reminders are used up, or the wave closes first.
"""

from datetime import datetime, time, timedelta
from typing import Any

from django.db import migrations
from django.db.models import Case, DateTimeField, F, Q, Value, When
from django.utils import timezone


def _day_start(day: Any) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def fill(apps: Any, schema_editor: Any) -> None:
    Wave = apps.get_model("surveys", "Wave")
    Invitation = apps.get_model("surveys", "Invitation")
    for wave in Wave.objects.filter(invitations__isnull=False).distinct().iterator():
        every = timedelta(days=wave.reminder_every_days)
        opens = _day_start(wave.opens_on)
        closes = _day_start(wave.closes_on + timedelta(days=1))
        waiting = Q(
            used_at__isnull=True,
            reminders_sent__lt=wave.max_reminders,
            last_sent_at__lt=closes - every,
        )
        Invitation.objects.filter(wave=wave).update(
            next_reminder_at=Case(
                When(waiting & Q(last_sent_at__lt=opens - every), then=Value(opens)),
                When(waiting, then=F("last_sent_at") + every),
                default=None,
                output_field=DateTimeField(),
            )
        )


class Migration(migrations.Migration):
    dependencies = [("surveys", "0002_invitation_next_reminder_at")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
