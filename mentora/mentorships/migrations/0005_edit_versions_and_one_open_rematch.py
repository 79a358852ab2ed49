"""Goals get a version that every edit checks; a mentee has at most one open re-match request
per role and tier (requests made twice before this closes the later ones, kept as resolved)."""

import django.db.models.deletion
from django.db import migrations, models


def close_repeated_requests(apps, schema_editor):
    RematchRequest = apps.get_model("mentorships", "RematchRequest")
    seen = set()
    for request in RematchRequest.objects.filter(resolved_at__isnull=True).order_by(
        "created_at", "pk"
    ):
        key = (request.cohort_id, request.mentee_id, request.role, request.tier)
        if key in seen:
            request.resolved_at = request.created_at
            request.save(update_fields=["resolved_at"])
        seen.add(key)


class Migration(migrations.Migration):

    dependencies = [
        ('mentorships', '0004_set_up_programs'),
        ('people', '0003_sessions_and_evaluator_expiry'),
        ('programs', '0002_role_expiry'),
    ]

    operations = [
        migrations.AddField(
            model_name='goal',
            name='updated_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='goal',
            name='updated_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='people.person'),
        ),
        migrations.AddField(
            model_name='goal',
            name='version',
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.RunPython(close_repeated_requests, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='rematchrequest',
            constraint=models.UniqueConstraint(condition=models.Q(('resolved_at__isnull', True)), fields=('cohort', 'mentee', 'role', 'tier'), name='one_open_rematch_per_role'),
        ),
    ]
