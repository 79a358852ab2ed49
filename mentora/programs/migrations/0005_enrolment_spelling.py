"""One spelling: the enrolment model and its reverse names follow the product's text."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0001_initial"),  # created its preference before the rename
        ("people", "0003_sessions_and_evaluator_expiry"),
        ("programs", "0004_coordinator_export_right"),
    ]

    operations = [
        migrations.RenameModel("Enrollment", "Enrolment"),
        migrations.AlterField(
            model_name="enrolment",
            name="cohort",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="enrolments",
                to="programs.cohort",
            ),
        ),
        migrations.AlterField(
            model_name="enrolment",
            name="person",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="enrolments",
                to="people.person",
            ),
        ),
    ]
