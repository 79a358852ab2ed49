"""The shape of the national program as numpy arrays: who is where, who mentors whom, when pairs
meet and what they answer. No Django and no database here, so the shape can be read and checked
on its own; `generate.py` writes it.

People are numbered 0..N-1: the mentees first, then the mentors. Dates are proleptic ordinals
(`date.toordinal()`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

MENTEES, MENTORS = 100_000, 20_000
ITEMS = 40
MAX_MEETINGS = 12
CURRENT_SHARE = 0.6  # of a program's mentees in this year's cohort; the rest in last year's
RETURNING_MENTORS = 0.6  # of a program's mentors who also mentored last year


@dataclass(frozen=True)
class Region:
    name: str
    slug: str
    weight: float
    tiered: bool = False


REGIONS = (
    Region("Northeast", "northeast", 0.27),
    Region("South", "south", 0.25),
    Region("Midwest", "midwest", 0.20),
    Region("West", "west", 0.18),
    Region("Rural and Community Campuses", "rural", 0.10, tiered=True),
)
TIERS = (("Intern", 5, 5), ("Upper-level resident", 6, 7))  # name, min and max career stage
MEETINGS_PER_YEAR = 10  # about monthly through the year


def shares(total: int, weights: list[float]) -> list[int]:
    """`total` split by weight, the remainders to the largest fractions (the sum is exact)."""
    raw = np.asarray(weights, dtype=float) / sum(weights) * total
    out = np.floor(raw).astype(int)
    for i in np.argsort(out - raw)[: total - int(out.sum())]:
        out[i] += 1
    return [int(x) for x in out]


def timeline(today: date) -> tuple[date, date]:
    """This year's cohort: it started on the first of the month eleven months ago, so a year of
    meetings is nearly over and its post survey is open today. Returns (starts_on, ends_on)."""
    month = today.year * 12 + today.month - 1 - 11
    starts = date(month // 12, month % 12 + 1, 1)
    return starts, _year_after(starts) - timedelta(days=1)


def _year_after(day: date) -> date:
    return day.replace(year=day.year + 1)


def academic_year(starts: date) -> str:
    """'2026' for a cohort that follows the calendar year, else '2026-27'."""
    return str(starts.year) if starts.month == 1 else f"{starts.year}-{str(starts.year + 1)[-2:]}"


@dataclass
class CohortShape:
    region: int
    current: bool
    starts_on: date
    ends_on: date
    mentees: np.ndarray  # person numbers
    mentors: np.ndarray  # person numbers, each with a tier number (-1 outside tiered programs)
    mentor_tiers: np.ndarray


@dataclass
class People:
    stage: np.ndarray  # career stage per person
    region: np.ndarray
    mentees: int  # people 0..mentees-1 are mentees, the rest mentors

    @property
    def count(self) -> int:
        return int(self.stage.size)


@dataclass
class Shape:
    people: People
    cohorts: list[CohortShape]


def shape(scale: float, today: date, rng: np.random.Generator) -> Shape:
    """Everyone's region and stage, and the two cohorts (last year's and this year's) of each
    regional program."""
    n_mentees = max(len(REGIONS) * 10, round(MENTEES * scale))
    n_mentors = max(len(REGIONS) * 4, round(MENTORS * scale))
    weights = [r.weight for r in REGIONS]
    mentee_counts = shares(n_mentees, weights)
    # A tiered program needs a mentor from each tier for every mentee: twice the mentors.
    mentor_counts = shares(n_mentors, [r.weight * (2 if r.tiered else 1) for r in REGIONS])
    stage = np.concatenate([
        rng.choice([1, 2, 3, 4], n_mentees, p=[0.3, 0.3, 0.22, 0.18]),
        rng.choice([5, 6, 7], n_mentors, p=[0.4, 0.35, 0.25]),
    ]).astype(np.int16)
    region = np.concatenate([
        np.repeat(np.arange(len(REGIONS)), mentee_counts),
        np.repeat(np.arange(len(REGIONS)), mentor_counts),
    ]).astype(np.int16)
    starts, ends = timeline(today)
    last_starts = starts.replace(year=starts.year - 1)
    cohorts: list[CohortShape] = []
    mentee_at, mentor_at = 0, n_mentees
    for index, (r, mentees, mentors) in enumerate(
        zip(REGIONS, mentee_counts, mentor_counts, strict=True)
    ):
        ids = np.arange(mentee_at, mentee_at + mentees)
        mentor_ids = np.arange(mentor_at, mentor_at + mentors)
        mentee_at, mentor_at = mentee_at + mentees, mentor_at + mentors
        tiers = np.full(mentors, -1, dtype=np.int16)
        if r.tiered:  # half interns, half upper-level residents
            tiers[: mentors // 2], tiers[mentors // 2 :] = 0, 1
            stage[mentor_ids[: mentors // 2]] = 5
            stage[mentor_ids[mentors // 2 :]] = rng.choice([6, 7], mentors - mentors // 2)
        now = round(mentees * CURRENT_SHARE)
        back = max(2, round(mentors * RETURNING_MENTORS))
        cohorts.append(CohortShape(index, False, last_starts, starts - timedelta(days=1),
                                   ids[now:], mentor_ids[:back], tiers[:back]))
        cohorts.append(CohortShape(index, True, starts, ends, ids[:now], mentor_ids, tiers))
    return Shape(People(stage, region, n_mentees), cohorts)


# Mentorship states, as stored.
ACTIVE, DECLINED, ENDED = "active", "declined", "ended"


@dataclass
class Pairs:
    mentee: np.ndarray
    mentor: np.ndarray
    tier: np.ndarray  # -1 outside tiered programs
    status: np.ndarray  # ACTIVE, DECLINED or ENDED
    started: np.ndarray  # ordinal
    stopped: np.ndarray  # ordinal: declined or ended on (0 while active)

    @property
    def count(self) -> int:
        return int(self.mentee.size)


def pairs(cohort: CohortShape, today: date, rng: np.random.Generator) -> Pairs:
    """One mentor per mentee (one from each tier in a tiered program), drawn evenly, so some
    mentors carry more than others and a few none, as after a real match."""
    mentees, mentors, tiers = cohort.mentees, cohort.mentors, cohort.mentor_tiers
    chosen_mentee, chosen_mentor, chosen_tier = [], [], []
    for tier in sorted(set(tiers.tolist())):
        pool = mentors[tiers == tier]
        chosen_mentee.append(mentees)
        chosen_mentor.append(pool[rng.integers(0, pool.size, mentees.size)])
        chosen_tier.append(np.full(mentees.size, tier, dtype=np.int16))
    mentee = np.concatenate(chosen_mentee)
    n = mentee.size
    start = cohort.starts_on.toordinal()
    started = start + rng.integers(0, 21, n)
    roll = rng.random(n)
    if cohort.current:
        status = np.where(roll < 0.06, DECLINED, np.where(roll < 0.14, ENDED, ACTIVE))
    else:  # last year's pairs closed when the year ended
        status = np.where(roll < 0.06, DECLINED, ENDED)
    horizon = min(today, cohort.ends_on).toordinal()
    stopped = np.where(status == DECLINED, started + rng.integers(14, 60, n), 0)
    early_end = np.minimum(started + rng.integers(60, max(61, horizon - start - 30), n), horizon)
    stopped = np.where(status == ENDED, early_end, stopped)
    if not cohort.current:
        stopped = np.where((status == ENDED) & (roll >= 0.14), cohort.ends_on.toordinal(), stopped)
    return Pairs(mentee, np.concatenate(chosen_mentor), np.concatenate(chosen_tier),
                 status, started, stopped)


# Meeting states, as stored.
HELD, CANCELLED, SCHEDULED = "held", "cancelled", "scheduled"


@dataclass
class Meetings:
    pair: np.ndarray  # index into Pairs
    on: np.ndarray  # ordinal
    status: np.ndarray
    review: np.ndarray  # bool: a progress review
    held_per_pair: np.ndarray

    @property
    def count(self) -> int:
        return int(self.pair.size)


def meetings(cohort: CohortShape, p: Pairs, today: date, rng: np.random.Generator) -> Meetings:
    """0 to 12 meetings a pair, about monthly, fading through the year.

    A tenth of the pairs never meet; the others stop at a time drawn from an exponential law
    (mean 240 days), so fewer pairs meet each month: the declining participation the seeds
    describe. A pair that is still meeting today has its next meeting scheduled.
    """
    n = p.count
    until = min(today, cohort.ends_on).toordinal()
    first = p.started + rng.integers(3, 26, n)
    interval = np.clip(rng.normal(365 / MEETINGS_PER_YEAR, 6, n), 14, 60)
    silent = (rng.random(n) < 0.10) | (p.status == DECLINED)
    drop = p.started + rng.exponential(240, n).astype(np.int64)
    stop = np.minimum(drop, until)
    stop = np.where(p.stopped > 0, np.minimum(stop, p.stopped), stop)
    k = np.arange(MAX_MEETINGS)
    days = (first[:, None] + np.rint(k[None, :] * interval[:, None]).astype(np.int64)
            + rng.integers(-4, 5, (n, MAX_MEETINGS)))
    met = (days <= stop[:, None]) & ~silent[:, None]
    rows, cols = np.nonzero(met)
    on = days[rows, cols]
    status = np.where(rng.random(rows.size) < 0.06, CANCELLED, HELD)
    held_per_pair = np.bincount(rows[status == HELD], minlength=n)
    reviewer = (held_per_pair >= 3) & (rng.random(n) < 0.4)
    review = reviewer[rows] & (cols == met.sum(axis=1)[rows] // 2) & (status == HELD)
    still = (~silent) & (p.status == ACTIVE) & (drop > until)
    upcoming = np.nonzero(still)[0] if cohort.current else np.zeros(0, dtype=np.int64)
    next_on = today.toordinal() + rng.integers(2, 31, upcoming.size)
    keep = next_on <= cohort.ends_on.toordinal()
    upcoming, next_on = upcoming[keep], next_on[keep]
    return Meetings(
        pair=np.concatenate([rows, upcoming]),
        on=np.concatenate([on, next_on]),
        status=np.concatenate([status, np.full(upcoming.size, SCHEDULED)]),
        review=np.concatenate([review, np.zeros(upcoming.size, dtype=bool)]),
        held_per_pair=held_per_pair,
    )


@dataclass
class Survey:
    """Per mentee of the cohort: whether they answered each wave, and the 40 answers."""

    pre: np.ndarray  # bool per mentee
    post: np.ndarray
    pre_values: np.ndarray  # mentees x ITEMS, 1..5, 0 for a skipped item
    post_values: np.ndarray


def survey(cohort: CohortShape, held: np.ndarray, rng: np.random.Generator) -> Survey:
    """Four in five answer at baseline; at the end, the more a mentee met, the likelier they
    answer and the more their answers move up. This year's post wave is still open: about half
    of those who will answer have done so."""
    n = cohort.mentees.size
    pre = rng.random(n) < 0.8
    chance = 0.25 + 0.06 * np.minimum(held, 8)
    chance = np.where(pre, chance * 1.1, chance * 0.6)
    if cohort.current:
        chance = chance * 0.55
    post = rng.random(n) < chance
    trait = rng.normal(0, 1, n)
    item = rng.normal(0, 0.4, ITEMS)
    gain = 0.15 + 0.06 * np.minimum(held, 10) + rng.normal(0, 0.3, n)

    def answers(shift: np.ndarray) -> np.ndarray:
        latent = 3.1 + 0.7 * trait[:, None] + item[None, :] + shift[:, None]
        noisy = np.rint(latent + rng.normal(0, 0.8, (n, ITEMS)))
        values: np.ndarray = np.clip(noisy, 1, 5).astype(np.int8)
        values[rng.random((n, ITEMS)) < 0.02] = 0  # a few items left blank
        return values

    return Survey(pre, post, answers(np.zeros(n)), answers(gain))


def held_per_mentee(cohort: CohortShape, p: Pairs, m: Meetings) -> np.ndarray:
    """Meetings held per mentee of the cohort, over all their mentors."""
    position = np.searchsorted(cohort.mentees, p.mentee)
    return np.bincount(position, weights=m.held_per_pair, minlength=cohort.mentees.size)
