from datetime import date, datetime

import pytest
from django.utils import timezone

NOW = datetime(2026, 11, 21, 12, tzinfo=timezone.get_fixed_timezone(-360))

MINI_CEX = {
    "observed_on": date(2026, 11, 20), "setting": "emergency",
    "patient_problem": "Anterior shoulder dislocation", "complexity": "moderate",
    "minutes_observing": 15, "minutes_feedback": 5, "interviewing": 6, "examination": 7,
    "professionalism": 8, "judgment": 5, "counseling": None, "organization": 6, "overall": 6,
    "strengths": "Explained the reduction calmly", "next_step": "Check neurovascular status first",
}


@pytest.fixture
def mini_cex_fields():
    return dict(MINI_CEX)
