"""Survey waves for the seed programs, with synthetic answers shaped like the seeds' results.

Seed 002: baseline for all 30 mentees, the 1-year follow-up from 23 (77%), with paired item
means, SDs and CIs near its Tables 1 and 2. Seed 000: pre and end-of-clerkship surveys timed
per person by each student's block, built by walking the year through the reminder step's survey
part (so each block is invited, reminded and answers at its own times, and block 4's post is
still open with pending invitations). Seed 003: the equity survey. Answers of the closed waves
are written in bulk (the demo must build fast); seed 000's go through the respondent's own path.
"""

from __future__ import annotations

import math
import random
import statistics
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Min
from django.test.utils import override_settings
from django.utils import timezone

from mentora.core.demo.context import DemoContext
from mentora.engagement.delivery import deliver
from mentora.engagement.models import Kind
from mentora.people.models import Person
from mentora.programs.models import Cohort
from mentora.surveys.actions import do_create_wave, do_save_answers, send_due_reminders
from mentora.surveys.library import ensure_library
from mentora.surveys.links import new_invitation, survey_url, token_for
from mentora.surveys.models import Answer, Instrument, Invitation, Respondent, Response, Wave
from mentora.surveys.timed import INVITED_ROLES, invite_due, window_of

# Seed 002, Tables 1 and 2: item, n, baseline mean (SD), post mean (SD), 95% CI of the difference.
SEED_002 = [
    ("cmse_annual_goals", 22, 2.64, 0.73, 3.55, 0.96, 0.48, 1.34),
    ("cmse_promotion_expect", 22, 3.27, 1.03, 4.18, 0.85, 0.44, 1.38),
    ("cmse_career_picture", 22, 2.86, 0.83, 3.77, 0.75, 0.44, 1.38),
    ("cmse_scholarly_focus", 22, 2.86, 0.94, 3.73, 0.83, 0.42, 1.30),
    ("cmse_colleagues", 22, 3.50, 1.14, 4.09, 0.87, 0.12, 1.06),
    ("cmse_prof_orgs", 22, 3.45, 1.06, 3.95, 0.72, -0.06, 1.06),
    ("cmse_seek_resources", 22, 3.91, 0.68, 4.32, 0.65, 0.03, 0.79),
    ("cmse_prof_identity", 22, 3.45, 0.91, 3.77, 0.87, -0.12, 0.76),
    ("cmse_career_on_track", 22, 3.36, 0.66, 3.73, 0.88, 0.04, 0.69),
    ("cmse_scholarly_motiv", 22, 3.95, 0.84, 4.23, 0.61, -0.12, 0.66),
    ("cmse_advance_rank", 22, 3.73, 1.16, 3.82, 1.18, -0.45, 0.64),
    ("ms_overall", 22, 3.32, 1.21, 4.14, 0.77, 0.37, 1.26),
    ("ms_prof_challenges", 15, 2.60, 0.91, 3.53, 1.46, 0.22, 1.64),
    ("ms_work_life", 13, 2.92, 1.19, 3.69, 1.49, 0.11, 1.43),
    ("ms_career_planning", 16, 2.88, 1.02, 3.50, 1.51, -0.26, 1.51),
    ("ms_network", 15, 2.53, 0.99, 3.00, 1.41, -0.47, 1.40),
    ("ms_annual_goals", 17, 3.29, 1.05, 3.41, 1.50, -0.51, 0.74),
    ("ms_documenting", 15, 3.13, 1.19, 3.40, 1.45, -0.50, 1.03),
    ("ms_promotion", 13, 2.92, 1.32, 3.15, 1.57, -0.59, 1.05),
    ("ms_integration", 15, 3.20, 0.94, 3.20, 1.70, -0.86, 0.86),
    ("ma_mentee_role", 21, 3.10, 1.04, 3.76, 1.04, 0.10, 1.23),
    ("ma_career_dev", 22, 4.27, 0.94, 4.73, 0.55, 0.13, 0.78),
    ("ma_retention", 22, 4.32, 0.72, 4.86, 0.35, 0.25, 0.84),
    ("job_satisfied", 22, 4.27, 0.77, 4.32, 0.57, -0.24, 0.33),
    ("burnout", 22, 1.68, 0.72, 1.77, 0.69, -0.14, 0.32),
]
FOLLOW_UP = 23
T_975 = {13: 2.179, 15: 2.145, 16: 2.131, 17: 2.120, 21: 2.086, 22: 2.080}  # df = n - 1


def _mean_sd(values: list[int]) -> tuple[float, float]:
    n = len(values)
    mean = sum(values) / n
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1))


def _fit(n: int, mean: float, sd: float, rng: random.Random) -> list[int]:
    """n answers on 1-5 whose mean and SD come as close as whole numbers allow.

    Moves one answer up or down (shifts the mean), or one up and another down (keeps the mean,
    changes the spread), keeping whatever brings both closer to the target.
    """
    values = [min(5, max(1, round(rng.gauss(mean, sd)))) for _ in range(n)]

    def miss(vs: list[int]) -> float:
        m, s = _mean_sd(vs)
        return 3 * abs(m - mean) + abs(s - sd)

    best = miss(values)
    for _ in range(1500):
        trial = values.copy()
        i, j = rng.randrange(n), rng.randrange(n)
        step = rng.choice((-1, 1))
        trial[i] = min(5, max(1, trial[i] + step))
        if rng.random() < 0.5 and i != j:
            trial[j] = min(5, max(1, trial[j] - step))
        score = miss(trial)
        if score < best:
            values, best = trial, score
    return values


def _pair(base: list[int], post: list[int], sd_diff: float, rng: random.Random) -> list[int]:
    """Reorder post (keeping both means and SDs) so the differences have about this SD."""
    post = post.copy()
    rng.shuffle(post)

    def miss(p: list[int]) -> float:
        return abs(_mean_sd([b - a for a, b in zip(base, p, strict=True)])[1] - sd_diff)

    best = miss(post)
    for _ in range(400):
        i, j = rng.randrange(len(post)), rng.randrange(len(post))
        trial = post.copy()
        trial[i], trial[j] = trial[j], trial[i]
        score = miss(trial)
        if score < best:
            post, best = trial, score
    return post


def _seed_002_answers(
    mentees: list[Person], rng: random.Random
) -> tuple[dict[int, dict[str, Any]], dict[int, dict[str, Any]]]:
    """Baseline answers for all mentees and follow-up answers for the first 23."""
    baseline: dict[int, dict[str, Any]] = {p.pk: {} for p in mentees}
    follow: dict[int, dict[str, Any]] = {p.pk: {} for p in mentees[:FOLLOW_UP]}
    for variable, n, b_mean, b_sd, p_mean, p_sd, low, high in SEED_002:
        sd_diff = (high - low) / 2 / T_975[n] * math.sqrt(n)
        base, post = _fit(n, b_mean, b_sd, rng), _fit(n, p_mean, p_sd, rng)
        post = _pair(base, post, sd_diff, rng)
        paired = rng.sample(mentees[:FOLLOW_UP], n)
        for person, before, after in zip(paired, base, post, strict=True):
            baseline[person.pk][variable] = str(before)
            follow[person.pk][variable] = str(after)
        others = [p for p in mentees if p not in paired]
        for person, value in zip(others, _fit(len(others), b_mean, b_sd, rng), strict=True):
            if not variable.startswith("ms_") or variable == "ms_overall":
                baseline[person.pk][variable] = str(value)
    for index, person in enumerate(mentees):
        # Seed 002: a formal mentor for 6 of 23 at baseline, all at follow-up; IDPs 10% -> 70%.
        baseline[person.pk]["has_formal_mentor"] = "1" if index % 4 == 0 else "0"
        baseline[person.pk]["idp_used"] = "1" if index % 10 == 3 else "0"
        if person.pk in follow:
            follow[person.pk]["has_formal_mentor"] = "1"
            follow[person.pk]["idp_used"] = "1" if index % 10 < 7 else "0"
    return baseline, follow


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _closed_wave(
    cohort: Cohort,
    instrument: Instrument,
    label: str,
    point: str,
    days: tuple[date, date],
    answers: dict[Person, dict[str, Any]],
    invited: list[Person],
) -> Wave:
    """A past wave: everyone invited, the given people's answers submitted."""
    opens, closes = days
    wave = do_create_wave(cohort, instrument, label, opens, closes, _at(opens), time_point=point)
    sent = _at(opens)
    Invitation.objects.bulk_create(
        new_invitation(wave, p, sent, used_at=sent + timedelta(days=3) if p in answers else None)
        for p in invited
    )
    _write_answers(wave, answers, sent + timedelta(days=3))
    return wave


def _write_answers(wave: Wave, answers: dict[Person, dict[str, Any]], when: datetime) -> None:
    items = {item.variable: item for item in wave.instrument.items.all()}
    forms = list(dict.fromkeys(s.form for s in wave.instrument.sections.all()))
    stamp = timezone.localtime(when).strftime("%Y-%m-%d %H:%M:%S")
    rows = []
    for person, values in answers.items():
        respondent, _ = Respondent.objects.get_or_create(
            cohort=wave.cohort, person=person, defaults={"record_id": f"p{person.pk}"}
        )
        response = Response.objects.create(
            wave=wave,
            respondent=respondent,
            record_id=respondent.record_id,
            status=Response.Status.SUBMITTED,
            submitted_at=when,
            completion={form: 2 for form in forms},
            timestamps={form: stamp for form in forms},
        )
        rows += [
            Answer(response=response, item=items[variable], value=value)
            for variable, value in values.items()
        ]
    Answer.objects.bulk_create(rows)


def _mentees(cohort: Cohort) -> list[Person]:
    return [e.person for e in cohort.enrolments.filter(role="mentee").select_related("person")]


def _faculty(ctx: DemoContext, library: dict[str, Instrument]) -> None:
    cohort = ctx.cohorts["002"]
    mentees = _mentees(cohort)
    baseline, follow = _seed_002_answers(mentees, ctx.rng)
    survey = library["faculty_career_survey"]
    by_pk = {p.pk: p for p in mentees}
    _closed_wave(
        cohort,
        survey,
        "Baseline",
        Wave.TimePoint.BASELINE,
        (date(2025, 7, 1), date(2025, 7, 31)),
        {by_pk[pk]: v for pk, v in baseline.items()},
        mentees,
    )
    _closed_wave(
        cohort,
        survey,
        "1-year follow-up",
        Wave.TimePoint.FOLLOW_UP_1Y,
        (date(2026, 6, 1), date(2026, 6, 30)),
        {by_pk[pk]: v for pk, v in follow.items()},
        mentees,
    )
    _perceptions(ctx, cohort, library["program_perception_survey"], mentees[:FOLLOW_UP])


def _perceptions(
    ctx: DemoContext, cohort: Cohort, survey: Instrument, mentees: list[Person]
) -> None:
    """Seed 002: 74% of mentees and all mentors agree the program was a positive addition."""
    rng = ctx.rng
    mentors = [e.person for e in cohort.enrolments.filter(role="mentor").select_related("person")]
    answers: dict[Person, dict[str, Any]] = {}
    for index, person in enumerate(mentees):
        helped = [str(c) for c in (1, 2, 3, 4) if rng.random() < 0.7]
        helped += [str(c) for c in (5, 6, 7, 8) if rng.random() < 0.25]
        answers[person] = {
            "participant_role": "1",
            "helped_ways": sorted(helped, key=int),
            "positive_addition": str(rng.choice((4, 5)) if index < 17 else rng.choice((2, 3))),
        }
    for index, person in enumerate(mentors):
        gains = ["1"] if index < 7 else []
        gains += ["2"] if index < 5 else []
        gains += [str(c) for c in (3, 4) if rng.random() < 0.4]
        answers[person] = {
            "participant_role": "2",
            "mentor_gains": sorted(gains, key=int),
            "positive_addition": str(rng.choice((4, 5))),
        }
    _closed_wave(
        cohort,
        survey,
        "End of year perceptions",
        Wave.TimePoint.FOLLOW_UP_1Y,
        (date(2026, 6, 1), date(2026, 6, 30)),
        answers,
        mentees + mentors,
    )


def _clerkship_pre(rng: random.Random) -> dict[str, Any]:
    return {
        "im_opinion_clerkship": str(rng.choice((3, 4, 4, 5))),
        "im_opinion_career": str(rng.choice((3, 3, 4, 4, 5))),
        "specialty_confidence": str(rng.choice((1, 2, 2, 3, 3, 4))),
        "met_mentors": "0",
    }


def _clerkship_post(rng: random.Random) -> dict[str, Any]:
    topics = [
        c
        for c, weight in zip(range(1, 11), (80, 70, 55, 25, 35, 30, 20, 5, 25, 45), strict=True)
        if rng.random() * 100 < weight
    ]
    return {
        "im_opinion_clerkship": str(rng.choice((4, 4, 5, 5, 3))),
        "im_opinion_career": str(rng.choice((3, 4, 4, 5))),
        "specialty_confidence": str(rng.choice((3, 4, 4, 4, 5, 5))),
        "met_mentors": "1",
        "program_helpful": str(rng.choice((3, 4, 4, 5, 5))),
        "want_other_clerkships": "1" if rng.random() < 0.8 else "0",
        "topics_discussed": tuple(str(c) for c in topics) or ("1",),
    }


# Seed 000's waves, timed per person: the pre-survey when each student's block starts, the
# post-survey in the last three weeks of their twelve and the week after (so block 4's is open on
# the demo's day). Who leaves the post unanswered, by block: the second half of the year answers
# less, as the seed's participation fell.
PRE_WINDOW = 14
POST_OFFSET, POST_WINDOW = -21, 28
POST_SILENT = {1: 1, 2: 1, 3: 2, 4: 3}
# Days from an invitation to the answer: most answer at once, some after a reminder.
ANSWER_DELAYS = (1, 1, 1, 2, 2, 3, 4, 6, 9, 12)


def _clerkship(ctx: DemoContext, library: dict[str, Instrument]) -> None:
    """Walk the clerkship's year day by day through the survey part of the reminder step: each
    student is invited at their own block's times, reminded while silent, and answers a few days
    after their invitation (or not at all)."""
    cohort = ctx.cohorts["000"]
    survey = library["clerkship_survey"]
    rng = random.Random(ctx.rng.random())  # its own stream: the walk's order draws from it
    created = _at(cohort.starts_on - timedelta(days=7))
    pre = do_create_wave(
        cohort, survey, "Start of clerkship", None, None, created,
        time_point=Wave.TimePoint.BASELINE, anchor=Wave.Anchor.START, window_days=PRE_WINDOW,
    )  # fmt: skip
    post = do_create_wave(
        cohort, survey, "End of clerkship", None, None, created,
        time_point=Wave.TimePoint.END_OF_CLERKSHIP, anchor=Wave.Anchor.END,
        offset_days=POST_OFFSET, window_days=POST_WINDOW,
    )  # fmt: skip
    silent = _silent_after(cohort, rng)
    answers_on: dict[int, date] = {}
    opening = _opening_days(cohort, (pre, post))
    day: date | None = min(opening, default=None)
    while day is not None and day <= ctx.today:
        now = _at(day)
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            invite_due(now)
            send_due_reminders(now)
            deliver(now, kinds=[Kind.SURVEY_REMINDER])
        for invitation in Invitation.objects.filter(wave__in=(pre, post), sent_at=now):
            if not (invitation.wave_id == post.pk and invitation.person_id in silent):
                answers_on[invitation.pk] = day + timedelta(days=rng.choice(ANSWER_DELAYS))
        for invitation in Invitation.objects.filter(pk__in=_due(answers_on, day)):
            pick = _clerkship_pre if invitation.wave_id == pre.pk else _clerkship_post
            do_save_answers(
                token_for(invitation.nonce), pick(rng), now + timedelta(hours=8), submit=True
            )
        day = _next_day(day, (pre, post), opening, answers_on)
    _say_pending(ctx, post)


def _opening_days(cohort: Cohort, waves: tuple[Wave, ...]) -> set[date]:
    """The days some student's window of these timed waves opens."""
    students = cohort.enrolments.filter(role__in=INVITED_ROLES).select_related("block", "cohort")
    return {window_of(wave, student)[0] for wave in waves for student in students}


def _next_day(
    day: date, waves: tuple[Wave, ...], opening: set[date], answers_on: dict[int, date]
) -> date | None:
    """The next day the walk has something to do: a window opens, a reminder falls due or a
    student answers (the step on the days between would find nothing)."""
    reminder = Invitation.objects.filter(wave__in=waves).aggregate(next=Min("next_reminder_at"))
    days = [*opening, *answers_on.values()]
    if reminder["next"] is not None:
        days.append(timezone.localdate(reminder["next"]))
    return min((d for d in days if d > day), default=None)


def _silent_after(cohort: Cohort, rng: random.Random) -> set[int]:
    """The students (person ids) who will not answer the post-survey, so many per block."""
    silent: set[int] = set()
    for number, block in enumerate(cohort.blocks.order_by("starts_on"), start=1):
        people = sorted(block.enrolments.values_list("person_id", flat=True))
        silent |= set(rng.sample(people, min(len(people), POST_SILENT.get(number, 0))))
    return silent


def _due(answers_on: dict[int, date], day: date) -> list[int]:
    return [pk for pk, on in answers_on.items() if on == day]


def _say_pending(ctx: DemoContext, post: Wave) -> None:
    """Name a survey link still waiting, for whoever wants to answer as a student."""
    waiting = post.invitations.filter(used_at__isnull=True, closes_on__gte=ctx.today)
    invitation = waiting.order_by("pk").first()
    if invitation is not None:
        ctx.say(
            f"  {waiting.count()} end-of-clerkship links open; one, for {invitation.email}: "
            f"{survey_url(token_for(invitation.nonce))}"
        )


def _equity(ctx: DemoContext, library: dict[str, Instrument]) -> None:
    """Seed 003: 3.2/5 overall, 43% assigned mentor not active, 56% cannot tell sponsorship from
    mentorship, ~80% want more mentors, 43% would seek training; women 2.7 active mentors vs 2.9."""
    rng = ctx.rng
    cohort = ctx.cohorts["003"]
    mentees = _mentees(cohort)
    ratings = _fit(len(mentees), 3.2, 1.0, rng)
    women = [p for p in mentees if _gender(p) == "woman"]
    others = [p for p in mentees if p not in women]
    mentors = dict(zip(women, _counts(len(women), 2.7, rng), strict=True))
    mentors.update(zip(others, _counts(len(others), 2.9, rng), strict=True))
    not_active = _share(mentees, 0.43, rng)
    cannot_tell = _share(mentees, 0.56, rng)
    more = _share(mentees, 0.80, rng)
    training = _share(mentees, 0.43, rng)
    answers: dict[Person, dict[str, Any]] = {
        person: {
            "overall_rating": str(ratings[index]),
            "active_mentors_n": str(mentors[person]),
            "assigned_is_active": "0" if person in not_active else "1",
            "knows_sponsorship": "0" if person in cannot_tell else "1",
            "sponsor_support": str(rng.randint(0, 100)),
            "wants_more_mentors": "1" if person in more else "0",
            "seek_mentee_training": "1" if person in training else "0",
        }
        for index, person in enumerate(mentees)
    }
    _closed_wave(
        cohort,
        library["mentoring_equity_survey"],
        "Spring survey",
        Wave.TimePoint.OTHER,
        (date(2026, 4, 1), date(2026, 4, 30)),
        answers,
        mentees,
    )


def _gender(person: Person) -> str:
    demographics = getattr(person, "demographics", None)
    return demographics.gender if demographics is not None else ""


def _share(people: list[Person], share: float, rng: random.Random) -> set[Person]:
    """A random set of exactly this share of the people (rounded)."""
    return set(rng.sample(people, round(share * len(people))))


def _counts(size: int, mean: float, rng: random.Random) -> list[int]:
    """Whole numbers of active mentors (1 to 5) with about this mean."""
    if size == 0:
        return []
    values = [min(5, max(1, round(rng.gauss(mean, 1.0)))) for _ in range(size)]
    while abs(statistics.fmean(values) - mean) > 0.5 / size:
        index = rng.randrange(size)
        step = 1 if statistics.fmean(values) < mean else -1
        values[index] = min(5, max(1, values[index] + step))
    return values


def build_surveys(ctx: DemoContext) -> None:
    """The seed instruments at baseline and follow-up for the seed programs."""
    library = ensure_library(ctx.now)
    _faculty(ctx, library)
    _clerkship(ctx, library)
    _equity(ctx, library)
    waves = Wave.objects.filter(cohort__program__is_synthetic=True).count()
    responses = Response.objects.filter(wave__cohort__program__is_synthetic=True).count()
    ctx.say(f"  {waves} survey waves, {responses} responses")
