"""The demo's surveys carry the seeds' figures, so the evaluation has something true to show."""

from __future__ import annotations

from datetime import timedelta

import pytest

from mentora.evaluation.reports import ReportOptions, compute_report
from mentora.evaluation.sources import load_cohort
from mentora.surveys.actions import response_rates
from mentora.surveys.exports import responses_frame
from mentora.surveys.models import Invitation

pytestmark = pytest.mark.django_db


def _paired(ctx, key, instrument, pre, post):
    wide = responses_frame(ctx.cohorts[key], instrument, wide=True)
    before = wide[wide["wave"] == pre].set_index("person_id")
    after = wide[wide["wave"] == post].set_index("person_id")
    return before, after


@pytest.mark.parametrize(
    ("item", "n", "pre", "post"),
    [
        ("cmse_annual_goals", 22, 2.64, 3.55),
        ("cmse_colleagues", 22, 3.50, 4.09),
        ("ms_overall", 22, 3.32, 4.14),
        ("ms_work_life", 13, 2.92, 3.69),
        ("job_satisfied", 22, 4.27, 4.32),
        ("burnout", 22, 1.68, 1.77),
    ],
)
def test_seed_002_paired_means_match_its_tables(demo, item, n, pre, post):
    before, after = _paired(demo, "002", "faculty_career_survey", "Baseline", "1-year follow-up")
    both = before[[item]].add_suffix("_pre").join(after[[item]].add_suffix("_post")).dropna()
    assert len(both) == n
    assert round(both[f"{item}_pre"].mean(), 2) == pre
    assert round(both[f"{item}_post"].mean(), 2) == post


def test_seed_002_follow_up_is_23_of_30(demo):
    rates = {r.wave.label: r for r in response_rates(demo.cohorts["002"])}
    assert (rates["Baseline"].submitted, rates["Baseline"].invited) == (30, 30)
    assert (rates["1-year follow-up"].submitted, rates["1-year follow-up"].percent) == (23, 77)


def test_one_clerkship_wave_is_open_with_pending_invitations(demo):
    (_, post) = response_rates(demo.cohorts["000"])
    assert post.wave.is_open(demo.today)
    assert 0 < post.submitted < post.invited
    frame = responses_frame(demo.cohorts["000"], "clerkship_survey")
    confidence = frame[frame["item"] == "specialty_confidence"].groupby("wave")["value"].mean()
    assert confidence["End of clerkship"] > confidence["Start of clerkship"]
    helpful = frame[frame["item"] == "program_helpful"]["value"]
    assert (helpful >= 4).mean() > 0.5


def test_the_clerkship_surveys_each_student_at_their_own_blocks_times(demo):
    """Seed 000 in blocks: the pre-survey opens on the first day of each student's block, the
    post three weeks before its end; block 4's post is open on the demo's day, and the paired
    pre/post holds exactly the students who answered both of their own waves."""
    cohort = demo.cohorts["000"]
    pre, post = cohort.survey_waves.order_by("position")
    assert pre.per_person and post.per_person
    invited = Invitation.objects.filter(wave__cohort=cohort)
    for block in cohort.blocks.all():
        students = set(block.enrolments.values_list("person_id", flat=True))
        mine = invited.filter(person_id__in=students)
        assert {(i.opens_on, i.sent_at.date()) for i in mine.filter(wave=pre)} == {
            (block.starts_on, block.starts_on)
        }
        post_opens = block.ends_on - timedelta(days=21)
        assert {(i.opens_on, i.sent_at.date()) for i in mine.filter(wave=post)} == {
            (post_opens, post_opens)
        }
        assert mine.filter(wave=pre).count() == mine.filter(wave=post).count() == len(students)
    last = cohort.blocks.order_by("starts_on").last()
    assert post.is_open(demo.today) and last.ends_on - timedelta(days=21) <= demo.today
    open_now = invited.filter(wave=post, used_at=None, closes_on__gte=demo.today)
    assert 0 < open_now.count() < last.enrolments.count()

    answered = invited.filter(used_at__isnull=False)
    both = set(answered.filter(wave=pre).values_list("person_id", flat=True))
    both &= set(answered.filter(wave=post).values_list("person_id", flat=True))
    report = compute_report(load_cohort(cohort), ReportOptions((2024, 2026), (2026, 2027)))
    (paired,) = report.comparisons
    assert (paired.pre, paired.post) == ("Start of clerkship", "End of clerkship")
    assert paired.respondents == len(both) and 0 < len(both) < 25


def test_seed_003_equity_shares(demo):
    frame = responses_frame(demo.cohorts["003"], "mentoring_equity_survey")
    means = frame.groupby("item")["value"].mean()
    assert round(means["overall_rating"], 1) == 3.2
    assert round(1 - means["assigned_is_active"], 2) == pytest.approx(0.43, abs=0.02)
    assert round(1 - means["knows_sponsorship"], 2) == pytest.approx(0.56, abs=0.02)
    assert means["wants_more_mentors"] == pytest.approx(0.80, abs=0.02)
    from mentora.people.models import Demographics

    women = set(Demographics.objects.filter(gender="woman").values_list("person_id", flat=True))
    mentors = frame[frame["item"] == "active_mentors_n"]
    by_gender = mentors.groupby(mentors["person_id"].isin(women))["value"].mean()
    assert round(by_gender[True], 1) == 2.7 and round(by_gender[False], 1) == 2.9
