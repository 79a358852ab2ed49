from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone

from mentora.feedback.actions import (
    do_acknowledge_observation,
    do_confirm_procedure,
    do_log_procedure,
    do_record_mini_cex,
)
from mentora.mentorships.actions import do_set_goal

NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.get_fixed_timezone(-360))
GOAL = "Five supervised shoulder reductions"


def observe(pair, on, overall, next_step="Check pulses first", reflection=""):
    observation = do_record_mini_cex(
        pair,
        pair.mentor,
        NOW,
        observed_on=on,
        setting="emergency",
        patient_problem=f"Shoulder dislocation {on}",
        complexity="moderate",
        minutes_observing=15,
        minutes_feedback=5,
        interviewing=overall - 1,
        examination=overall,
        professionalism=overall,
        judgment=overall,
        counseling=None,
        organization=overall,
        overall=overall,
        strengths="Calm",
        next_step=next_step,
    )
    return do_acknowledge_observation(observation, pair.mentee, NOW, reflection)


@pytest.fixture
def learner(world):
    """Maya: her goal met by five confirmed supervised shoulder reductions (and one assisted
    one confirmed, one still unconfirmed), three mini-CEX from September to November."""
    pair = world.mark_maya
    goal = do_set_goal(
        pair, world.maya, NOW, specific=GOAL, target_count=5, unit="supervised shoulder reductions"
    )
    for day in range(1, 6):
        entry = do_log_procedure(
            pair,
            world.maya,
            NOW,
            procedure="Shoulder reduction",
            performed_on=date(2026, 10, day),
            level="supervised",
            goal=goal,
        )
        do_confirm_procedure(entry, world.mark, NOW)
    assisted = do_log_procedure(
        pair,
        world.maya,
        NOW,
        procedure="shoulder reduction",
        performed_on=date(2026, 9, 20),
        level="assisted",
    )
    do_confirm_procedure(assisted, world.mark, NOW)
    do_log_procedure(
        pair,
        world.maya,
        NOW,
        procedure="Chest drain",
        performed_on=date(2026, 11, 2),
        level="observed",
    )
    start = date(2026, 9, 1)
    observations = [
        observe(pair, start + timedelta(days=30 * n), overall)
        for n, overall in enumerate((4, 6, 8))
    ]
    goal.refresh_from_db()
    return {"goal": goal, "observations": observations}
