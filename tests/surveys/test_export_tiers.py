"""Export rights per coordinator role: a canary in free text and in an identifier field."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from mentora.programs.models import ProgramCoordinator
from mentora.surveys.interchange.csvio import write_rows
from mentora.surveys.redcap import do_import_redcap
from tests.surveys.pure.test_tiers import FREE_CANARY, ID_CANARY, _instrument

NOW = datetime(2026, 11, 21, 15, 0, tzinfo=UTC)


@pytest.fixture
def imported(world):
    from mentora.surveys import interchange as ix

    dictionary = ix.dictionary_to_csv(_instrument())
    data = write_rows([
        ["record_id", "email", "seen_on", "score", "comment", "survey_complete"],
        ["r1", ID_CANARY, "2026-03-10", "4", FREE_CANARY, "2"],
        ["r2", "nina@example.org", "2026-03-12", "2", "", "2"],
    ])
    do_import_redcap(world.cohort, dictionary, data, NOW, name="canary")
    return world


def _records(login, world) -> tuple[int, str]:
    url = f"/cohorts/{world.cohort.pk}/surveys/export/canary/records.csv"
    response = login(world.alice).get(url)
    return response.status_code, response.content.decode()


def _right(world, right: str) -> None:
    ProgramCoordinator.objects.filter(user=world.alice).update(export_right=right)


def test_coordinators_get_de_identified_exports_by_default(imported, login) -> None:
    status, text = _records(login, imported)
    assert status == 200
    for canary in (FREE_CANARY, ID_CANARY, "r1", "r2"):
        assert canary not in text
    assert "2026-03-10" in text and "score" in text


def test_identifiers_removed_keeps_free_text(imported, login) -> None:
    _right(imported, "identifiers_removed")
    status, text = _records(login, imported)
    assert status == 200
    assert FREE_CANARY in text and ID_CANARY not in text and "r1" in text


def test_full_only_when_granted(imported, login) -> None:
    _right(imported, "full")
    status, text = _records(login, imported)
    assert status == 200
    assert FREE_CANARY in text and ID_CANARY in text


def test_no_right_no_export(imported, login) -> None:
    _right(imported, "none")
    status, text = _records(login, imported)
    assert status == 403
    assert FREE_CANARY not in text
