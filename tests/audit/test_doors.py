"""Every write door writes an audit event, or is listed with the reason it writes nothing
sensitive (mentora/audit/doors.py, the figure in docs/security.md)."""

from __future__ import annotations

from mentora.audit.doors import UNAUDITED, UNLOGGED_READS, api_reads, figures


def test_every_door_is_audited_or_listed_with_its_reason() -> None:
    found = figures()
    assert set(found.unaudited) == set(UNAUDITED), (
        "doors not audited and not listed: "
        f"{sorted(set(found.unaudited) - set(UNAUDITED))}; listed but audited or gone: "
        f"{sorted(set(UNAUDITED) - set(found.unaudited))}"
    )
    assert len(found.audited) + len(found.unaudited) == len(found.doors)


def test_the_walk_sees_doors_that_record_through_a_helper() -> None:
    """do_withdraw_match_request records through its module's _close; do_run_again through
    do_start_run."""
    audited = set(figures().audited)
    assert {"do_withdraw_match_request", "do_run_again", "do_publish"} <= audited


def test_every_api_read_is_logged_or_listed_with_its_reason() -> None:
    """The 18 read operations of mentora/api/endpoints: the programs, the cohorts and a
    cohort's instrument names are the ones left out."""
    reads = api_reads()
    assert len(reads) == 18
    assert {name for name, done in reads.items() if not done} == set(UNLOGGED_READS)
    assert reads["export_survey"] and reads["list_people"] and reads["get_meeting"]
