"""Waves imported before projects existed become projects, so they can be imported into again.

Each cohort's imported waves of one instrument name are one project: REDCap's when they carry a
raw layout, Qualtrics's when their responses came from Qualtrics; waves started in Mentora stay
without a project. A project takes its instrument's name; where two cohorts shared one (the
merge this replaces), the later cohort's project is named "<name>-<cohort id>", and its next
import moves its waves to an instrument of that name.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations
from django.utils import timezone


def make_projects(apps: Any, schema_editor: Any) -> None:
    wave_model = apps.get_model("surveys", "Wave")
    project_model = apps.get_model("surveys", "SurveyProject")
    response_model = apps.get_model("surveys", "Response")
    qualtrics = set(
        response_model.objects.filter(source="qualtrics").values_list("wave_id", flat=True)
    )
    groups: dict[tuple[int, str], list[Any]] = {}
    for wave in wave_model.objects.filter(project__isnull=True).select_related("instrument"):
        if wave.raw_layout is not None or wave.pk in qualtrics:
            groups.setdefault((wave.cohort_id, wave.instrument.name), []).append(wave)
    taken = set(project_model.objects.values_list("name", flat=True))
    now = timezone.now()
    for (cohort_id, name), waves in sorted(groups.items()):
        unique = name if name not in taken else f"{name[:60]}-{cohort_id}"
        taken.add(unique)
        kind = "redcap" if any(wave.raw_layout is not None for wave in waves) else "qualtrics"
        project = project_model.objects.create(
            cohort_id=cohort_id, name=unique, kind=kind, created_at=now, updated_at=now
        )
        wave_model.objects.filter(pk__in=[wave.pk for wave in waves]).update(project=project)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0009_wave_project_set_null"),
    ]

    operations = [migrations.RunPython(make_projects, migrations.RunPython.noop)]
