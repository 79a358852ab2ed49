# ruff: noqa: E501
"""Competency frameworks become data: the two fixed choices (ACGME, AAMC Core EPAs) become
site-wide Framework rows, each competency points at its framework, and goals keep their tags
(the competency rows, and so the goals' links to them, are the same rows). Mentors' growth
entries map to the same items."""

import django.db.models.deletion
from django.db import migrations, models

# Copied here so the migration stays correct even if the defaults change later.
NAMES = {"acgme": ("ACGME core competencies", 0), "epa": ("AAMC Core EPAs", 1)}


def to_rows(apps, schema_editor):
    Framework = apps.get_model("mentorships", "Framework")
    Competency = apps.get_model("mentorships", "Competency")
    for choice in Competency.objects.values_list("framework", flat=True).distinct():
        name, position = NAMES.get(choice, (choice, len(NAMES)))
        framework, _ = Framework.objects.get_or_create(
            program=None, name=name, defaults={"position": position}
        )
        Competency.objects.filter(framework=choice).update(framework_ref=framework)


def to_choices(apps, schema_editor):
    Competency = apps.get_model("mentorships", "Competency")
    keys = {name: key for key, (name, _) in NAMES.items()}
    for item in Competency.objects.select_related("framework_ref"):
        ref = item.framework_ref
        if ref.program_id is not None:  # a program's own framework has no fixed choice
            item.delete()
            continue
        item.framework = keys.get(ref.name, "acgme")
        item.save(update_fields=["framework"])


class Migration(migrations.Migration):
    dependencies = [
        ("mentorships", "0006_pair_notes"),
        ("people", "0003_sessions_and_evaluator_expiry"),
        ("programs", "0006_enrolment_stage_then"),
    ]

    operations = [
        migrations.CreateModel(
            name="Framework",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200)),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("program", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name="frameworks", to="programs.program")),
            ],
            options={"ordering": ["position", "name"]},
        ),
        migrations.AddConstraint(
            model_name="framework",
            constraint=models.UniqueConstraint(fields=("program", "name"), name="one_framework_name_each"),
        ),
        migrations.AddField(
            model_name="competency",
            name="framework_ref",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="items", to="mentorships.framework"),
        ),
        migrations.AlterField(
            model_name="competency", name="code", field=models.CharField(max_length=16),
        ),
        migrations.RunPython(to_rows, to_choices),
        migrations.RemoveField(model_name="competency", name="framework"),
        migrations.RenameField(model_name="competency", old_name="framework_ref", new_name="framework"),
        migrations.AlterField(
            model_name="competency",
            name="framework",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="items", to="mentorships.framework"),
        ),
        migrations.AlterModelOptions(
            name="competency",
            options={"ordering": ["framework__position", "framework_id", "position"], "verbose_name_plural": "competencies"},
        ),
        migrations.AddConstraint(
            model_name="competency",
            constraint=models.UniqueConstraint(fields=("framework", "code"), name="one_code_per_framework"),
        ),
        migrations.CreateModel(
            name="MentorGrowth",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("on", models.DateField(verbose_name="date")),
                ("text", models.TextField(verbose_name="what mentoring taught me")),
                ("created_at", models.DateTimeField()),
                ("cohort", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="growth_entries", to="programs.cohort")),
                ("competencies", models.ManyToManyField(related_name="growth_entries", to="mentorships.competency")),
                ("mentor", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="growth_entries", to="people.person")),
            ],
            options={"ordering": ["-on", "-pk"], "verbose_name_plural": "mentor growth entries"},
        ),
    ]
