"""Coordinators without a profile get one (career stage Administrator), so that notifications,
the weekly digest and the pairs flagged behind cadence reach them, as do_give_coordinator_role
now does for every new coordinator (mentora.people.accounts.do_give_profile). An account whose
email another profile holds is left alone."""

from __future__ import annotations

from typing import Any

from django.db import migrations

ADMINISTRATOR = 91  # mentora.people.ladder.Stage.ADMINISTRATOR
NAME_LENGTH = 200  # Person.full_name's max_length


def give_profiles(apps: Any, schema_editor: Any) -> None:
    coordinator = apps.get_model("programs", "ProgramCoordinator")
    person = apps.get_model("people", "Person")
    user_model = apps.get_model("auth", "User")
    held = {email.lower() for email in person.objects.values_list("email", flat=True)}
    users = user_model.objects.filter(
        pk__in=coordinator.objects.values("user_id"), person__isnull=True
    ).exclude(email="")
    for user in users:
        email = user.email.strip().lower()
        if not email or email in held:
            continue
        # An account's names hold 150 characters each, a profile's name 200 (PostgreSQL
        # refuses a longer one).
        name = (f"{user.first_name} {user.last_name}".strip() or email)[:NAME_LENGTH]
        person.objects.create(user=user, full_name=name, email=email, career_stage=ADMINISTRATOR)
        held.add(email)


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0009_intake_confirmation_link"),
        ("people", "0006_invitation_nonce"),
    ]

    operations = [migrations.RunPython(give_profiles, migrations.RunPython.noop)]
