"""From the database to the pure checklist and measures: a few queries per cohort, not per pair.

What counts as an observation (the Observe step, and "feedback entries"): what the counters
registered in mentora.mentorships.sources return (a mini-CEX, a confirmed procedure: see
mentora.feedback.counts); a meeting is not an observation. Reviews: held meetings of the
"Progress review" kind, and IDP reviews.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from mentora.mentorships.models import (
    ActionItem,
    Agreement,
    DevelopmentPlan,
    Goal,
    Meeting,
    Mentorship,
)
from mentora.mentorships.pure import (
    Checklist,
    CohortMeasures,
    RelationshipFacts,
    RelationshipMeasures,
    cohort_measures,
    relationship_measures,
)
from mentora.mentorships.pure.measures import ActivityCounts
from mentora.mentorships.sources import observations
from mentora.programs.models import Cohort

Held = Meeting.mentorships.through
DAYS_A_YEAR = 365


class MeetingRecord(NamedTuple):
    mentorship_id: int
    on: date
    topics: tuple[str, ...]
    mentee_ids: tuple[int, ...]


@dataclass
class _Activity:
    held: list[date] = field(default_factory=list)
    reviews: list[date] = field(default_factory=list)


def _per_pair(pair_ids: list[int], today: date) -> dict[int, _Activity]:
    data: dict[int, _Activity] = defaultdict(_Activity)
    links = Held.objects.filter(
        mentorship_id__in=pair_ids, meeting__status=Meeting.Status.HELD, meeting__on__lte=today
    ).values_list("mentorship_id", "meeting__on", "meeting__kind")
    for pair_id, on, kind in links:
        data[pair_id].held.append(on)
        if kind == Meeting.Kind.REVIEW:
            data[pair_id].reviews.append(on)
    return data


def _counts(pair_ids: list[int]) -> dict[int, dict[str, int]]:
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    goals = Goal.objects.filter(mentorship_id__in=pair_ids).values("mentorship_id").annotate(
        n=Count("id"), achieved=Count("id", filter=Q(status=Goal.Status.ACHIEVED))
    )
    for row in goals:
        counts[row["mentorship_id"]].update(goals=row["n"], goals_achieved=row["achieved"])
    items = ActionItem.objects.filter(mentorship_id__in=pair_ids).values("mentorship_id")
    for row in items.annotate(n=Count("id"), done=Count("id", filter=Q(done_on__isnull=False))):
        counts[row["mentorship_id"]].update(action_items=row["n"], action_items_done=row["done"])
    return counts


def _plans(pairs: list[Mentorship]) -> dict[tuple[int, int], DevelopmentPlan]:
    plans = DevelopmentPlan.objects.filter(
        cohort_id__in={p.cohort_id for p in pairs}, mentee_id__in={p.mentee_id for p in pairs}
    )
    return {(plan.mentee_id, plan.cohort_id): plan for plan in plans}


def _facts(
    pair: Mentorship,
    today: date,
    activity: _Activity,
    counts: dict[str, int],
    plan: DevelopmentPlan | None,
    observed: int,
) -> RelationshipFacts:
    program = pair.cohort.program
    # Meetings follow the relationship: an active pair counts what it holds after its cohort's
    # end date too (relationships go on past the program period). Any other pair of a finished
    # cohort is judged as it stood on the cohort's last day, not as drifting ever since.
    active = pair.status == Mentorship.Status.ACTIVE
    as_of = today if active else min(today, pair.cohort.ends_on)
    agreement: Agreement | None = getattr(pair, "agreement", None)
    reviews = list(activity.reviews)
    if plan is not None and plan.reviewed_at is not None:
        reviews.append(timezone.localdate(plan.reviewed_at))
    shared = plan is not None and plan.status != DevelopmentPlan.Status.DRAFT
    return RelationshipFacts(
        today=as_of,
        active=active,
        started_on=pair.started_on or pair.cohort.starts_on,
        ended_on=pair.ended_on or pair.declined_on,
        mentor_signed=bool(agreement and agreement.mentor_signed_at),
        mentee_signed=bool(agreement and agreement.mentee_signed_at),
        idp_shared=shared,
        goals=counts.get("goals", 0),
        meetings_held=[d for d in activity.held if d <= as_of],
        meetings_per_year_target=max(
            1, _yearly_target(agreement, program.meetings_per_year_target)
        ),
        observations=observed,
        reviews=[d for d in reviews if d <= as_of],
        review_period_days=max(1, program.review_period_days),
    )


def _yearly_target(agreement: Agreement | None, program_target: int) -> int:
    """Meetings a year the pair is held to: the cadence its agreement states (meetings per
    period), else the program's target."""
    if agreement is not None and agreement.cadence_meetings and agreement.cadence_period_days:
        return round(agreement.cadence_meetings * DAYS_A_YEAR / agreement.cadence_period_days)
    return program_target


def measures_for(pairs: Iterable[Mentorship], today: date) -> dict[int, RelationshipMeasures]:
    """Measures (checklist included) of each pair, keyed by mentorship id."""
    pairs = list(pairs)
    ids = [p.pk for p in pairs]
    activity, counts, plans = _per_pair(ids, today), _counts(ids), _plans(pairs)
    observed_by_pair = observations(ids, today)
    result = {}
    for pair in pairs:
        pair_counts = counts[pair.pk]
        facts = _facts(
            pair, today, activity[pair.pk], pair_counts,
            plans.get((pair.mentee_id, pair.cohort_id)), observed_by_pair.get(pair.pk, 0),
        )
        observed = facts.observations
        result[pair.pk] = relationship_measures(
            facts,
            ActivityCounts(
                feedback_entries=observed,
                action_items_done=pair_counts.get("action_items_done", 0),
                action_items=pair_counts.get("action_items", 0),
                goals_achieved=pair_counts.get("goals_achieved", 0),
                goals=pair_counts.get("goals", 0),
            ),
        )
    return result


def _pairs(cohort: Cohort) -> QuerySet[Mentorship]:
    return cohort.mentorships.select_related("cohort__program", "mentor", "mentee", "agreement")


def checklist_for(pair: Mentorship, today: date) -> Checklist:
    """The MENTOR checklist of one relationship."""
    pair = Mentorship.objects.select_related("cohort__program", "agreement").get(pk=pair.pk)
    return measures_for([pair], today)[pair.pk].checklist


def cohort_summary(cohort: Cohort, today: date) -> tuple[CohortMeasures, dict[int, Checklist]]:
    """The cohort's process measures, and each pair's checklist (states only)."""
    pairs = measures_for(_pairs(cohort), today)
    return cohort_measures(list(pairs.values())), {k: m.checklist for k, m in pairs.items()}


def checklist_states(pair: Mentorship, today: date) -> dict[str, str]:
    return {item.step: item.state.value for item in checklist_for(pair, today).items}


def meeting_log(cohort: Cohort) -> list[MeetingRecord]:
    """Every held meeting of a cohort, one row per mentorship in it: the evaluation's input.

    A group meeting appears once for each of its mentorships, each row listing every mentee
    who attended. Topics are names; no notes leave this function. Read as plain tuples in
    three queries, whatever the cohort's size (a model instance per meeting took minutes).
    """
    links = list(
        Held.objects.filter(
            meeting__status=Meeting.Status.HELD, meeting__mentorships__cohort=cohort
        )
        .values_list("meeting_id", "meeting__on", "mentorship_id", "mentorship__mentee_id",
                     "mentorship__cohort_id")
        .distinct()
        # Within a meeting, its mentorships by cohort id, mentee's name and role. By the id, not
        # `mentorship__cohort`, which brings in the cohort's own ordering (its program's name)
        # and forced PostgreSQL to sort every link on disk; the order differs only between
        # cohorts, and only this cohort's rows are kept (each mentee list is sorted).
        .order_by("meeting__on", "meeting_id", "mentorship__cohort_id",
                  "mentorship__mentee__full_name", "mentorship__role")
    )
    mentees: dict[int, list[int]] = defaultdict(list)
    for meeting_id, _, _, mentee_id, _ in links:
        mentees[meeting_id].append(mentee_id)
    topics: dict[int, list[str]] = defaultdict(list)
    named = Meeting.topics.through.objects.filter(
        meeting__status=Meeting.Status.HELD, meeting__mentorships__cohort=cohort
    ).values_list("meeting_id", "topic__name").distinct()
    for meeting_id, name in named.order_by("topic__program", "topic__position", "topic__name"):
        topics[meeting_id].append(name)
    return [
        MeetingRecord(pair_id, on, tuple(topics[meeting_id]), tuple(sorted(mentees[meeting_id])))
        for meeting_id, on, pair_id, _, cohort_id in links
        if cohort_id == cohort.pk
    ]
