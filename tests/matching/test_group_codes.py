"""Issue 11, finding 4: a stored run keeps group membership out of plain view. The snapshot and
the result hold codes that mean nothing without the site's key; the run page still names the
groups for the coordinator, as before."""

from __future__ import annotations

import importlib
import json
from datetime import UTC, datetime

import pytest
from django.urls import reverse

from mentora.matching.groups import URIM, group_code
from mentora.matching.models import MatchRun
from mentora.matching.runs import do_start_run
from tests.matching.builders import demographics, tiered_clerkship

NOW = datetime(2026, 8, 1, 12, tzinfo=UTC)
pytestmark = pytest.mark.django_db
LABEL_TEXTS = ("Underrepresented", "underrepresented", "(none)", "Everyone else")


@pytest.fixture
def clerkship(world):
    clerkship = tiered_clerkship(world.alice, students=10)
    for student in clerkship.students[:5]:
        demographics(student, underrepresented="yes")
    return clerkship


def _stored(run: MatchRun) -> str:
    run.refresh_from_db()
    return json.dumps(run.snapshot) + json.dumps(run.result)


def _diagnostics(login, clerkship, run) -> str:
    page = login(clerkship.coordinator).get(reverse("match_run", args=[run.pk]))
    return page.content.decode().split("Groups of mentees")[1]


def test_the_stored_json_of_a_run_holds_no_group_label(clerkship):
    run = do_start_run(clerkship.cohort, clerkship.coordinator, NOW)
    assert run.status == MatchRun.Status.DONE
    stored = _stored(run)
    for text in LABEL_TEXTS:
        assert text not in stored
    members = {m["group"] for m in run.snapshot["problem"]["mentees"]}
    assert len(members) == 2 and "" not in members  # members and the rest alike carry a code
    assert group_code(clerkship.cohort.pk, URIM) in members


def test_the_code_depends_on_the_key_and_the_cohort(settings, clerkship):
    code = group_code(clerkship.cohort.pk, URIM)
    assert group_code(clerkship.cohort.pk + 1, URIM) != code
    settings.SECRET_KEY = "another key of at least fifty characters, for this test alone"
    assert group_code(clerkship.cohort.pk, URIM) != code


def test_the_diagnostics_still_name_the_groups_for_the_coordinator(clerkship, login):
    run = do_start_run(clerkship.cohort, clerkship.coordinator, NOW)
    shown = _diagnostics(login, clerkship, run)
    assert "<td>Underrepresented in medicine</td><td class=\"num\">5</td>" in shown
    assert "<td>Everyone else</td><td class=\"num\">5</td>" in shown
    assert "Equity gap for underrepresented in medicine mentees" in shown
    assert shown.index("Everyone else") < shown.index("Underrepresented in medicine")


def test_a_rotated_key_still_reads_older_runs(settings, clerkship, login):
    run = do_start_run(clerkship.cohort, clerkship.coordinator, NOW)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "the new key of at least fifty characters, for this test alone"
    assert "Underrepresented in medicine" in _diagnostics(login, clerkship, run)


def test_runs_stored_with_labels_are_recoded_and_read_the_same(clerkship, login):
    run = do_start_run(clerkship.cohort, clerkship.coordinator, NOW)
    before = _diagnostics(login, clerkship, run)
    # As a run was stored before codes: labels in the snapshot and the result.
    labels = {group_code(clerkship.cohort.pk, URIM): URIM, group_code(clerkship.cohort.pk, ""): ""}
    snapshot, result = run.snapshot, run.result
    for mentee in snapshot["problem"]["mentees"]:
        mentee["group"] = labels[mentee["group"]]
    snapshot["problem"]["equity"]["group"] = URIM
    diagnostics = result["diagnostics"]
    diagnostics["groups"] = {labels[c] or "(none)": {**g, "group": labels[c] or "(none)"}
                             for c, g in diagnostics["groups"].items()}
    diagnostics["equity"]["group"] = URIM
    MatchRun.objects.filter(pk=run.pk).update(snapshot=snapshot, result=result)
    assert URIM in _stored(run)
    assert _diagnostics(login, clerkship, run) == before  # read as they were stored

    migration = importlib.import_module("mentora.matching.migrations.0004_group_codes")
    migration.forwards(_Apps(), None)
    for text in LABEL_TEXTS:
        assert text not in _stored(run)
    assert _diagnostics(login, clerkship, run) == before


class _Apps:
    def get_model(self, app: str, name: str) -> type[MatchRun]:
        return MatchRun
