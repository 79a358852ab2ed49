"""On the demo: drifting pairs are flagged on their cohort's at-risk list, people have unread
notifications, and `mentora remind --once` sends the due messages; a second run sends none."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from mentora.engagement.models import DriftFlag, Pulse


def test_the_demo_flags_drifting_pairs_and_remind_sends_once(demo, client, capsys, mailoutbox):
    flagged = DriftFlag.objects.select_related("mentorship__cohort").first()
    assert flagged is not None
    client.force_login(get_user_model().objects.get(username="coordinator@demo.mentora.test"))
    page = client.get(reverse("at_risk", args=[flagged.mentorship.cohort_id])).content.decode()
    assert "Flagged to coordinators" in page
    assert flagged.mentorship.mentee.full_name in page

    call_command("remind", "--once")
    first = capsys.readouterr().out
    sent = int(re.search(r"Sent ([\d,]+) messages?\.", first).group(1).replace(",", ""))
    assert sent > 0 and len(mailoutbox) == sent
    assert "drift to " in first
    # The program director has a profile, so the flags and the weekly digest reach her too.
    assert "at_risk to coordinator@demo.mentora.test" in first
    assert "digest to coordinator@demo.mentora.test" in first
    call_command("remind", "--once")
    assert "Sent 0 messages." in capsys.readouterr().out
    assert len(mailoutbox) == sent


def test_the_demo_has_a_low_pulse_on_an_at_risk_list(demo, client):
    low = [p for p in Pulse.objects.filter(answered_at__isnull=False) if p.low]
    assert len(low) == 1
    pair = low[0].mentorship
    client.force_login(get_user_model().objects.get(username="coordinator@demo.mentora.test"))
    page = client.get(reverse("at_risk", args=[pair.cohort_id]) + "?sort=pulse").content.decode()
    assert "Low pulse" in page and "asks to talk" in page
    assert pair.mentee.full_name in page
    client.force_login(pair.mentee.user)
    page = client.get(reverse("pulse", args=[low[0].pk])).content.decode()
    assert "Ask for a re-match" in page
