"""Interests that differ only by case or spacing become one (the first spelling kept, every
person's links moved to it), then a constraint keeps it so."""

import django.db.models.functions.text
from django.db import migrations, models


def merge_duplicates(apps, schema_editor):
    Interest = apps.get_model("people", "Interest")
    Person = apps.get_model("people", "Person")
    groups = {}
    for interest in Interest.objects.order_by("pk"):
        key = (interest.kind, " ".join(interest.name.split()).lower())
        groups.setdefault(key, []).append(interest)
    for first, *others in groups.values():
        for other in others:
            for field in ("specialty_interests", "scholarly_interests"):
                through = getattr(Person, field).through
                have = through.objects.filter(interest_id=first.pk).values("person_id")
                links = through.objects.filter(interest_id=other.pk)
                links.filter(person_id__in=have).delete()
                links.update(interest_id=first.pk)
            other.delete()
        tidy = " ".join(first.name.split())
        if tidy != first.name:
            first.name = tidy
            first.save(update_fields=["name"])


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0003_sessions_and_evaluator_expiry"),
    ]

    operations = [
        migrations.RunPython(merge_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="interest",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("name"),
                models.F("kind"),
                name="unique_interest_per_kind_any_case",
            ),
        ),
    ]
