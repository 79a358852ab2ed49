"""The matrix world's events (issue 16 item 5): one of cohort A for its mentees (Maya and Nina
are invited; Mark and Uma, mentors, are not) and one of cohort B for its mentees (Omar)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from mentora.engagement.events import EventDetails, do_create_event
from mentora.engagement.models import Event
from mentora.programs.models import Cohort


def build_events(cohort_a: Cohort, cohort_b: Cohort, alice: Any, bob: Any) -> dict[str, Event]:
    now = timezone.now()
    found = {}
    for rel, cohort, coordinator in (("own", cohort_a, alice), ("other", cohort_b, bob)):
        details = EventDetails("boot_camp", f"Boot camp {rel}", now, 120, "Hall", "mentees")
        found[rel] = do_create_event(cohort, details, coordinator, now)
    return found
