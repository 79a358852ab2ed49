"""The cadence a pair agrees: numbers on the agreement, versioned and signed with its text, and
what drift measures the pair against (else the program's yearly target)."""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.urls import reverse

from mentora.engagement.cadence import Cadence, Step, Steps, cadence_of, standing
from mentora.engagement.drift import active_pairs, drift_of
from mentora.mentorships.actions import agreement_of
from mentora.mentorships.models import Agreement, AgreementVersion, CadencePeriod

TEXTS = ("goals_summary", "meeting_frequency", "scope", "confidentiality", "boundaries", "channels")


def _post(client, pair, **changes):
    agreement = agreement_of(pair)
    data = {**{name: getattr(agreement, name) for name in TEXTS}, "version": agreement.version}
    return client.post(reverse("agreement", args=[pair.pk]), {**data, **changes})


def test_a_pair_agrees_a_cadence_as_a_new_version_that_both_sign_again(world, login):
    pair = world.mark_maya
    client = login(world.maya)
    client.post(reverse("sign", args=[pair.pk]), {"version": 1})
    response = _post(
        client, pair, cadence_meetings="2", cadence_period_days=str(CadencePeriod.MONTH.value)
    )
    assert response.status_code == 302
    agreement = Agreement.objects.get(mentorship=pair)
    assert (agreement.cadence_meetings, agreement.cadence_period_days) == (2, 30)
    assert agreement.version == 2 and agreement.mentee_signed_at is None
    assert AgreementVersion.objects.get(agreement=agreement, number=1).cadence_meetings is None
    page = client.get(reverse("agreement", args=[pair.pk])).content.decode()
    assert "2 times a month" in page
    (drift,) = [d for d in drift_of(active_pairs(), date(2026, 9, 1)) if d.pair.pk == pair.pk]
    assert drift.cadence == Cadence(2, 30, agreed=True)


def test_half_a_cadence_is_refused_by_name(world, login):
    response = _post(login(world.maya), world.mark_maya, cadence_meetings="2")
    assert response.status_code == 200
    assert "Give both how many meetings and per what period" in response.content.decode()
    assert not Agreement.objects.filter(cadence_meetings__isnull=False).exists()


def test_without_an_agreed_cadence_the_programs_target_applies(world):
    (drift, *_) = drift_of(active_pairs(), date(2026, 9, 1))
    target = world.cohort.program.meetings_per_year_target
    assert drift.cadence == Cadence(target, 365, agreed=False)


def test_the_agreement_and_the_drift_say_each_cadence_a_pair_may_agree_in_the_same_words():
    # The agreement's text and the at-risk list's cadence ("2 times a term (three months)"):
    # one set of words for every period offered, the program's year too.
    for period in CadencePeriod:
        agreed = Agreement(cadence_meetings=2, cadence_period_days=period.value)
        assert agreed.cadence_text() == Cadence(2, period.value, agreed=True).words()
        assert agreed.cadence_text() == f"2 times {period.label}"
    assert Cadence(2, CadencePeriod.TERM, agreed=True).words() == "2 times a term (three months)"
    assert Agreement(cadence_meetings=1, cadence_period_days=7).cadence_text() == "once a week"
    assert cadence_of(None, None, 4).describe() == "4 times a year (program target)"


def test_the_steps_follow_days_behind_and_a_meeting_resets_them():
    monthly = cadence_of(1, 30, 4)
    steps = Steps(mentee=3, mentor=10, coordinator=20)
    start = date(2026, 7, 1)
    reached = [
        standing(start + timedelta(days=d), start, None, monthly, steps).step
        for d in (30, 33, 40, 50)
    ]
    assert reached == [Step.ON_CADENCE, Step.MENTEE, Step.MENTOR, Step.COORDINATOR]
    met = start + timedelta(days=45)
    after = standing(start + timedelta(days=50), start, met, monthly, steps)
    assert after.step == Step.ON_CADENCE and after.since == met and after.days_behind == 0


def test_the_pair_page_and_its_checklist_follow_the_agreed_cadence(world, login):
    pair = world.mark_maya
    client = login(world.maya)
    before = client.get(reverse("mentorship", args=[pair.pk])).content.decode()
    _post(client, pair, cadence_meetings="1", cadence_period_days=str(CadencePeriod.WEEK.value))
    after = client.get(reverse("mentorship", args=[pair.pk])).content.decode()
    assert "We agreed to meet once a week." in after
    expected = re.compile(r"(\d+) expected by now")
    # Held to a meeting a week instead of the program's four a year: more are expected.
    assert int(expected.search(after).group(1)) > int(expected.search(before).group(1))
