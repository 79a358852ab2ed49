"""The response-rate chart names each wave apart, even when long labels share their start."""

from __future__ import annotations

import re
from datetime import date

from django.urls import reverse
from django.utils import timezone

from mentora.surveys.actions import do_create_wave
from mentora.surveys.library import ensure_library

LABELS = [
    "End of the clerkship year survey for the students of the north campus",
    "End of the clerkship year survey for the students of the south campus",
]


def test_two_long_wave_labels_stay_distinct_in_the_chart(world, login):
    instrument = ensure_library(timezone.now())["clerkship_survey"]
    for label in LABELS:
        do_create_wave(world.cohort, instrument, label, date(2026, 7, 1), date(2026, 8, 1),
                       timezone.now())
    page = login(world.alice).get(reverse("survey_rates", args=[world.cohort.pk]))
    drawn = re.findall(r'<text x="0" y="12"[^>]*>([^:<]+):', page.content.decode())
    assert len(drawn) == 2 and drawn[0] != drawn[1], drawn
    assert all(len(text) <= 40 for text in drawn)
    assert drawn[0].endswith("north campus") and drawn[1].endswith("south campus")
