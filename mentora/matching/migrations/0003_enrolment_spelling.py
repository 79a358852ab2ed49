"""One spelling: a match preference's enrolment field follows the renamed model."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("matching", "0002_weights_version"),
        ("programs", "0005_enrolment_spelling"),
    ]

    operations = [
        migrations.RenameField("matchpreference", "enrollment", "enrolment"),
        migrations.AlterField(
            model_name="matchpreference",
            name="enrolment",
            field=models.OneToOneField(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="match_preference",
                to="programs.enrolment",
            ),
        ),
    ]
