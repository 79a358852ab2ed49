"""The six ACGME core competencies and the thirteen AAMC Core EPAs, for goals to link to."""

from django.db import migrations

ACGME = [
    ("PC", "Patient care"),
    ("MK", "Medical knowledge"),
    ("PBLI", "Practice-based learning and improvement"),
    ("ICS", "Interpersonal and communication skills"),
    ("PROF", "Professionalism"),
    ("SBP", "Systems-based practice"),
]


def seed(apps, schema_editor):
    # The EPA list lives in the pure defaults; ACGME is copied here so the migration stays
    # correct even if the defaults change later.
    from mentora.mentorships.pure.defaults import AAMC_CORE_EPAS

    Competency = apps.get_model("mentorships", "Competency")
    for framework, items in (("acgme", ACGME), ("epa", AAMC_CORE_EPAS)):
        for position, (code, name) in enumerate(items):
            Competency.objects.update_or_create(
                code=code, defaults={"framework": framework, "name": name, "position": position}
            )


def unseed(apps, schema_editor):
    apps.get_model("mentorships", "Competency").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("mentorships", "0002_relationships")]
    operations = [migrations.RunPython(seed, unseed)]
