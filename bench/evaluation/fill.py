"""Fills a database with one cohort of 10,000 mentees: demographics, a mentor each, a meeting
each, scholarly entries, and a 40-item Likert survey at baseline and follow-up (800,000 answers).

Reuses the cohort when the database already holds it, so the benchmark can be run again.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import numpy as np
from django.db import connection, transaction

from mentora.evaluation.models import ScholarlyEntry
from mentora.mentorships.models import Meeting, Mentorship
from mentora.people.models import Demographics, Person
from mentora.programs.models import Cohort, Enrolment, Program
from mentora.surveys.models import Answer, Instrument, Item, Respondent, Response, Section, Wave

PEOPLE, MENTORS, ITEMS = 10_000, 2_000, 40
SLUG = "bench-evaluation"
NOW = datetime(2026, 6, 30, 12, tzinfo=UTC)
AGREE = [[str(c), label] for c, label in enumerate(
    ["Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"], start=1)]
BATCH = 5_000


def _people(cohort: Cohort, rng: np.random.Generator) -> tuple[list[Person], list[Person]]:
    made = Person.objects.bulk_create(
        Person(full_name=f"Bench {i}", email=f"bench{i}@bench.test", career_stage=20)
        for i in range(PEOPLE + MENTORS)
    )
    mentees, mentors = made[:PEOPLE], made[PEOPLE:]
    Enrolment.objects.bulk_create(
        Enrolment(cohort=cohort, person=p, role="mentee" if i < PEOPLE else "mentor",
                   status="active", enrolled_on=cohort.starts_on)
        for i, p in enumerate(made)
    )
    genders = rng.choice(
        ["woman", "man", "nonbinary", "prefer_not"], PEOPLE, p=[.55, .41, .02, .02]
    )
    urim = rng.choice(["yes", "no", "prefer_not"], PEOPLE, p=[.22, .75, .03])
    Demographics.objects.bulk_create(
        Demographics(person=p, gender=g, underrepresented=u)
        for p, g, u in zip(mentees, genders, urim, strict=True)
    )
    return mentees, mentors


def _relationships(cohort: Cohort, mentees: list[Person], mentors: list[Person],
                   rng: np.random.Generator) -> None:
    status = rng.choice(["active", "declined", "ended"], PEOPLE, p=[.85, .1, .05])
    pairs = Mentorship.objects.bulk_create(
        Mentorship(cohort=cohort, mentee=m, mentor=mentors[i % MENTORS], status=str(s),
                   started_on=date(2025, 7, 15))
        for i, (m, s) in enumerate(zip(mentees, status, strict=True))
    )
    days = rng.integers(0, 360, PEOPLE)
    meetings = Meeting.objects.bulk_create(
        Meeting(mentor_id=p.mentor_id, status="held", on=date.fromordinal(
            date(2025, 7, 1).toordinal() + int(d)), created_at=NOW)
        for p, d in zip(pairs, days, strict=True)
    )
    Meeting.mentorships.through.objects.bulk_create(
        Meeting.mentorships.through(meeting_id=m.pk, mentorship_id=p.pk)
        for m, p in zip(meetings, pairs, strict=True)
    )
    ScholarlyEntry.objects.bulk_create(
        ScholarlyEntry(person=m, kind="publication", year=int(y), title=f"Paper {i}",
                       created_at=NOW)
        for i, (m, y) in enumerate(zip(mentees, rng.integers(2023, 2029, PEOPLE), strict=True))
    )


def _survey(cohort: Cohort, mentees: list[Person], rng: np.random.Generator) -> tuple[int, int]:
    instrument = Instrument.objects.create(name="bench_survey", title="Bench", created_at=NOW)
    section = Section.objects.create(instrument=instrument, form="bench", position=1)
    items = Item.objects.bulk_create(
        Item(instrument=instrument, section=section, position=i + 1, variable=f"q{i + 1:02d}",
             type="likert", label=f"Question {i + 1}", choices=AGREE)
        for i in range(ITEMS)
    )
    waves = [
        Wave.objects.create(cohort=cohort, instrument=instrument, label=label, position=n,
                            opens_on=date(2025, 7 if n == 0 else 6, 1),
                            closes_on=date(2025 if n == 0 else 2026, 7 if n == 0 else 6, 28),
                            created_at=NOW)
        for n, label in enumerate(["Baseline", "Follow-up"])
    ]
    respondents = Respondent.objects.bulk_create(
        Respondent(cohort=cohort, record_id=f"p{p.pk}", person=p) for p in mentees
    )
    base = rng.integers(1, 6, (PEOPLE, ITEMS))
    later = np.clip(base + rng.integers(-1, 3, (PEOPLE, ITEMS)), 1, 5)
    for wave, values in zip(waves, (base, later), strict=True):
        responses = Response.objects.bulk_create(
            (Response(wave=wave, respondent=r, record_id=r.record_id, status="submitted",
                      submitted_at=NOW) for r in respondents), batch_size=BATCH)
        _answers([r.pk for r in responses], [i.pk for i in items], values, rng)
    return waves[0].pk, waves[1].pk


def _answers(responses: list[int], items: list[int], values: np.ndarray,
             rng: np.random.Generator) -> None:
    """800,000 rows: written with one prepared INSERT per batch, not as model instances."""
    table = Answer._meta.db_table
    cast = "%s::jsonb" if connection.vendor == "postgresql" else "%s"
    sql = f"INSERT INTO {table} (response_id, item_id, value) VALUES (%s, %s, {cast})"
    answered = rng.random(values.shape) > 0.02  # a few items skipped
    rows = [
        (response, item, f'"{values[i, j]}"')
        for i, response in enumerate(responses)
        for j, item in enumerate(items)
        if answered[i, j]
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH * 10):
            cursor.executemany(sql, rows[start:start + BATCH * 10])


@transaction.atomic
def fill() -> tuple[Cohort, int, int]:
    existing = Cohort.objects.filter(program__slug=SLUG).first()
    if existing is not None:
        pre, post = existing.survey_waves.order_by("position").values_list("pk", flat=True)
        return existing, pre, post
    rng = np.random.default_rng(6)
    program = Program.objects.create(name="Bench", slug=SLUG)
    cohort = Cohort.objects.create(program=program, name="Bench 2025-26", academic_year="2025-26",
                                   starts_on=date(2025, 7, 1), ends_on=date(2026, 6, 30))
    mentees, mentors = _people(cohort, rng)
    _relationships(cohort, mentees, mentors, rng)
    pre, post = _survey(cohort, mentees, rng)
    return cohort, pre, post
