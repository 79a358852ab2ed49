"""Program roles with an end date: the coordinators' table becomes a model of its own (the same
table, so no row moves) with `expires_on`, and enrolments get `expires_on` too."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The table Django made for the many-to-many field is kept as it is.
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ProgramCoordinator",
                    fields=[
                        ("id", models.AutoField(primary_key=True, serialize=False)),
                        (
                            "program",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="coordinator_roles",
                                to="programs.program",
                            ),
                        ),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="coordinator_roles",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "coordinator",
                        "db_table": "programs_program_coordinators",
                        "unique_together": {("program", "user")},
                    },
                ),
                migrations.AlterField(
                    model_name="program",
                    name="coordinators",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="coordinated_programs",
                        through="programs.ProgramCoordinator",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="programcoordinator",
            name="expires_on",
            field=models.DateField(
                blank=True,
                help_text="From this day on the role grants nothing; empty: no end.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="enrollment",
            name="expires_on",
            field=models.DateField(
                blank=True,
                help_text="From this day on the enrolment grants nothing (a mentor leaving in "
                "July); empty: no end.",
                null=True,
            ),
        ),
    ]
