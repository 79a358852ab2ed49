"""Runs stored before equity groups were codes: their group labels become codes
(mentora.matching.groups), in the snapshot and in the result, so no stored run holds a label."""

from typing import Any

from django.db import migrations

from mentora.matching.groups import group_code


def _code(cohort_id: int, label: Any) -> str:
    text = str(label or "")
    return text if text.startswith("g-") else group_code(cohort_id, text)


def _recode(run: Any) -> bool:
    changed = False
    problem = (run.snapshot or {}).get("problem") or {}
    for mentee in problem.get("mentees", []):
        code = _code(run.cohort_id, mentee.get("group"))
        changed |= mentee.get("group") != code
        mentee["group"] = code
    for holder in (problem, ((run.result or {}).get("diagnostics") or {})):
        equity = holder.get("equity")
        if equity and not str(equity.get("group", "")).startswith("g-"):
            equity["group"], changed = _code(run.cohort_id, equity.get("group")), True
    diagnostics = (run.result or {}).get("diagnostics") or {}
    groups = diagnostics.get("groups") or {}
    if any(not str(label).startswith("g-") for label in groups):
        diagnostics["groups"] = {
            _code(run.cohort_id, label): {**stats, "group": _code(run.cohort_id, label)}
            for label, stats in groups.items()
        }
        changed = True
    return changed


def forwards(apps: Any, schema_editor: Any) -> None:
    MatchRun = apps.get_model("matching", "MatchRun")
    for run in MatchRun.objects.only("pk", "cohort_id", "snapshot", "result").iterator():
        if _recode(run):
            run.save(update_fields=["snapshot", "result"])


class Migration(migrations.Migration):
    dependencies = [("matching", "0003_enrolment_spelling")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
