"""A run's snapshot (each person's group and demographics as solved) stays out of plain view:
the admin page of a run does not show it."""

from __future__ import annotations

from datetime import UTC, datetime

from mentora.matching.models import MatchRun

CANARY = "CANARY-equity-group-5b1e"


def test_the_run_admin_page_does_not_show_group_membership(world, login) -> None:
    run = MatchRun.objects.create(
        cohort=world.cohort, number=1, created_at=datetime(2026, 11, 21, tzinfo=UTC),
        snapshot={"problem": {"mentees": [{"id": "1", "group": CANARY, "gender": CANARY}]}},
    )
    page = login(world.olga).get(f"/admin/matching/matchrun/{run.pk}/change/")
    assert page.status_code == 200
    assert CANARY not in page.content.decode()
