"""Sponsorship received in the cohort report (issue 17, seed 003): per mentee, by gender and by
underrepresented status, beside active mentors per mentee; means with 95% CIs checked against
scipy on the same counts; small groups suppressed as everywhere."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import pandas as pd
import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from scipy import stats

from mentora.evaluation import stored
from mentora.evaluation.reports import CohortData
from mentora.evaluation.reports.equity import equity
from mentora.mentorships.actions.sponsorship import do_record_sponsorship
from mentora.programs.models import Cohort

# Ten women, eight men and five who did not say, with this many acts received each.
WOMEN = [0, 0, 1, 1, 1, 0, 2, 0, 1, 0]
MEN = [1, 2, 2, 1, 3, 1, 2, 2]
OTHER = [4, 0, 1, 0, 2]


def _cohort(acts_of: list[int], genders: list[str], urim: list[str]) -> CohortData:
    people = list(range(1, len(acts_of) + 1))
    acts = [
        (p, "award", date(2025, 9, 1))
        for p, n in zip(people, acts_of, strict=True)
        for _ in range(n)
    ]
    acts.append((999, "letter", date(2025, 9, 2)))  # a mentor sponsored: not a mentee
    return CohortData(
        name="GME",
        starts_on=date(2025, 7, 1),
        ends_on=date(2026, 6, 30),
        enrolments=pd.DataFrame(
            {
                "person": people,
                "role": "mentee",
                "status": "active",
                "enrolled_on": date(2025, 7, 1),
                "withdrawn_on": None,
            }
        ),
        demographics=pd.DataFrame({"person": people, "gender": genders, "urim": urim}),
        mentorships=pd.DataFrame(
            [
                (
                    p,
                    p,
                    500 + p,
                    "active",
                    "matched",
                    date(2025, 7, 20),
                    None,
                    None,
                    date(2025, 7, 10),
                )
                for p in people
            ],
            columns=[
                "id",
                "mentee",
                "mentor",
                "status",
                "source",
                "started_on",
                "declined_on",
                "ended_on",
                "created_on",
            ],
        ),
        sponsorship=pd.DataFrame(acts, columns=["sponsored", "kind", "on"]),
    )


def _gme() -> CohortData:
    acts = WOMEN + MEN + OTHER
    genders = ["Woman"] * len(WOMEN) + ["Man"] * len(MEN) + ["Not stated"] * len(OTHER)
    urim = [
        "Not underrepresented" if i % 2 else "Underrepresented in medicine"
        for i in range(len(acts))
    ]
    return _cohort(acts, genders, urim)


def _by(breakdowns, measure, dimension):
    return next(b for b in breakdowns if b.measure == measure and b.dimension == dimension)


def _t_interval(values: list[int]) -> tuple[float, float, float]:
    array = np.asarray(values, dtype=float)
    low, high = stats.t.interval(0.95, len(array) - 1, loc=array.mean(), scale=stats.sem(array))
    return float(array.mean()), float(low), float(high)


def test_means_and_intervals_by_gender_agree_with_scipy():
    breakdown = _by(equity(_gme(), threshold=5), "sponsorship", "Gender")
    groups = {g.group: g for g in breakdown.groups}
    for name, values in (("Woman", WOMEN), ("Man", MEN)):
        mean, low, high = _t_interval(values)
        assert groups[name].n == len(values)
        assert groups[name].value == pytest.approx(mean)
        assert (groups[name].ci_low, groups[name].ci_high) == (
            pytest.approx(low),
            pytest.approx(high),
        )
    mean, low, high = _t_interval(WOMEN + MEN + OTHER)
    assert breakdown.overall.value == pytest.approx(mean)
    assert (breakdown.overall.ci_low, breakdown.overall.ci_high) == (
        pytest.approx(low),
        pytest.approx(high),
    )


def test_by_underrepresented_status_and_any_sponsorship_agree_with_scipy():
    data = _gme()
    by_urim = _by(equity(data, threshold=5), "sponsorship", "Underrepresented in medicine")
    everyone = WOMEN + MEN + OTHER
    urim = [n for i, n in enumerate(everyone) if i % 2 == 0]
    shown = next(g for g in by_urim.groups if g.group == "Underrepresented in medicine")
    assert shown.value == pytest.approx(np.mean(urim))
    assert shown.ci_low == pytest.approx(_t_interval(urim)[1])
    # Received any: the share of all mentees, with scipy's Wilson interval.
    overall = _by(equity(data, threshold=5), "sponsored", "Gender").overall
    count = sum(1 for n in everyone if n)
    wilson = stats.binomtest(count, len(everyone)).proportion_ci(0.95, method="wilson")
    assert (overall.count, overall.n) == (count, len(everyone))
    assert (overall.ci_low, overall.ci_high) == (
        pytest.approx(wilson.low),
        pytest.approx(wilson.high),
    )


def test_it_sits_right_beside_active_mentors_per_mentee():
    measures = [b.measure for b in equity(_gme(), threshold=5) if b.dimension == "Gender"]
    assert measures[:3] == ["active_mentors", "sponsorship", "sponsored"]


def test_small_groups_are_hidden_with_their_complement():
    """Five mentees not stated, under a threshold of 6: hidden, and the smallest other group
    with them, so the total cannot give them away."""
    breakdown = _by(equity(_gme(), threshold=6), "sponsorship", "Gender")
    hidden = {g.group for g in breakdown.groups if g.hidden}
    assert hidden == {"Not stated", "Man"}
    assert all(g.n is None and g.ci_low is None for g in breakdown.groups if g.hidden)
    strict = _by(equity(_gme(), threshold=11), "sponsorship", "Gender")
    assert all(g.hidden for g in strict.groups)  # no group of 11


def test_a_cohort_with_no_act_recorded_shows_no_sponsorship_figure():
    data = _gme()
    data.sponsorship = data.sponsorship.iloc[0:0]
    assert not [b for b in equity(data, threshold=5) if b.measure.startswith("sponsor")]


def test_recording_an_act_changes_the_report_and_its_data_version(world, login):
    before = stored.data_version(world.cohort)
    do_record_sponsorship(
        world.mark.user,
        world.cohort,
        world.maya,
        "award",
        date(2026, 9, 1),
        "Teaching award",
        timezone.make_aware(datetime(2026, 9, 2, 12)),
    )
    assert stored.data_version(world.cohort) != before
    page = login(world.alice).get(reverse("evaluation_report", args=[world.cohort.pk]))
    assert "Sponsorship acts received per mentee by gender" in page.content.decode()


def test_the_demo_gme_report_shows_sponsorship_by_gender_beside_active_mentors(demo, client):
    client.force_login(get_user_model().objects.get(username="coordinator@demo.mentora.test"))
    cohort = Cohort.objects.get(program__slug="gme-mentorship-sponsorship")
    text = client.get(reverse("evaluation_report", args=[cohort.pk])).content.decode()
    active = text.index("Active mentors per mentee (recorded) by gender")
    sponsored = text.index("Sponsorship acts received per mentee by gender")
    assert (
        active
        < sponsored
        < text.index("Sponsorship acts received per mentee by underrepresented in medicine")
    )
    section = text[sponsored : text.index("</table>", sponsored)]
    assert "Woman" in section and "Man" in section
    assert cohort.sponsorship_acts.filter(sponsored__demographics__gender="woman").exists()
