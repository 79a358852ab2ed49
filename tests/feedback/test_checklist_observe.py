"""The MENTOR checklist's Observe step counts mini-CEX and confirmed procedures."""

from datetime import date

from mentora.feedback.actions import do_confirm_procedure, do_log_procedure, do_record_mini_cex
from mentora.mentorships.progress import checklist_states, cohort_summary
from tests.feedback.conftest import NOW


def test_a_mini_cex_makes_observe_done(world, mini_cex_fields):
    assert checklist_states(world.mark_maya, NOW.date())["Observe"] == "missing"
    do_record_mini_cex(world.mark_maya, world.mark, NOW, **mini_cex_fields)
    assert checklist_states(world.mark_maya, NOW.date())["Observe"] == "done"
    assert checklist_states(world.mark_nina, NOW.date())["Observe"] == "missing"


def test_a_procedure_counts_once_confirmed(world):
    entry = do_log_procedure(world.mark_nina, world.nina, NOW, procedure="IV cannula",
                             performed_on=date(2026, 11, 10), level="independent")
    assert checklist_states(world.mark_nina, NOW.date())["Observe"] == "missing"
    do_confirm_procedure(entry, world.mark, NOW)
    summary, checklists = cohort_summary(world.cohort, NOW.date())
    assert checklists[world.mark_nina.pk].state_of("Observe") == "done"
    assert summary.feedback_entries == 1


def test_an_observation_after_the_day_asked_does_not_count(world, mini_cex_fields):
    do_record_mini_cex(world.mark_maya, world.mark, NOW, **mini_cex_fields)
    assert checklist_states(world.mark_maya, date(2026, 11, 19))["Observe"] == "missing"
