"""The one place the evaluation reads other parts' records: a cohort into `CohortData` frames.

Meetings come from the mentorships' `meeting_log` and survey answers from the surveys'
`responses_frame` (both read plain tuples, fast enough for a 10,000-person cohort); the rest is
read with the ORM. A change elsewhere is mended in this module alone. Only counts, dates,
states and coded answers leave it: no notes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import pandas as pd
from django.db.models import Count, Max, QuerySet
from django.utils import timezone

from mentora.engagement.models import Event, Invitee
from mentora.evaluation.models import ScholarlyEntry
from mentora.evaluation.reports.data import (
    ANSWER_COLUMNS,
    ATTENDANCE_COLUMNS,
    BLOCK_COLUMNS,
    GROWTH_COLUMNS,
    ITEM_COLUMNS,
    MEETING_COLUMNS,
    MENTORSHIP_COLUMNS,
    SPONSORSHIP_COLUMNS,
    START_COLUMNS,
    WAVE_COLUMNS,
    CohortData,
    empty,
)
from mentora.mentorships.models import (
    DevelopmentPlan,
    Meeting,
    MentorGrowth,
    Mentorship,
    SponsorshipAct,
)
from mentora.mentorships.progress import meeting_log
from mentora.people.models import Demographics
from mentora.programs.models import Cohort
from mentora.programs.timing import start_expression
from mentora.surveys.exports import responses_frame
from mentora.surveys.models import Item, Response, ScaleItem, Wave

GENDER_GROUPS = {"woman": "Woman", "man": "Man", "nonbinary": "Another gender",
                 "self_describe": "Another gender"}
URIM_GROUPS = {"yes": "Underrepresented in medicine", "no": "Not underrepresented"}
NOT_STATED = "Not stated"


def _frame(rows: Iterable[tuple[Any, ...]], columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(list(rows), columns=columns)
    return frame if len(frame) else empty(columns)


def enrolments(cohort: Cohort) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The enrolments, and each person's own start (mentora.programs.timing), in one query."""
    rows = list(cohort.enrolments.annotate(own_start=start_expression()).values_list(
        "person_id", "role", "status", "enrolled_on", "withdrawn_on", "own_start"
    ))
    return (
        _frame((row[:5] for row in rows), ["person", "role", "status", "enrolled_on",
                                           "withdrawn_on"]),
        _frame(((row[0], row[5]) for row in rows), START_COLUMNS),
    )


def demographics(cohort: Cohort) -> pd.DataFrame:
    """Group labels only (never the answers themselves), for aggregate breakdowns."""
    rows = Demographics.objects.filter(person__enrolments__cohort=cohort).values_list(
        "person_id", "gender", "underrepresented"
    )
    return _frame(
        ((p, GENDER_GROUPS.get(g, NOT_STATED), URIM_GROUPS.get(u, NOT_STATED)) for p, g, u in rows),
        ["person", "gender", "urim"],
    )


def mentorships(cohort: Cohort) -> pd.DataFrame:
    rows = Mentorship.objects.filter(cohort=cohort).values_list(
        "id", "mentee_id", "mentor_id", "status", "source", "started_on", "declined_on",
        "ended_on", "created_at",
    )
    return _frame(
        ((*row[:-1], timezone.localdate(row[-1])) for row in rows), MENTORSHIP_COLUMNS
    )


def meetings(cohort: Cohort) -> pd.DataFrame:
    """Held meetings, one row per mentorship in each, as `meeting_log` lists them."""
    rows = ((r.mentorship_id, r.on, r.mentee_ids, r.topics) for r in meeting_log(cohort))
    return _frame(rows, MEETING_COLUMNS)


def plans(cohort: Cohort) -> pd.DataFrame:
    rows = DevelopmentPlan.objects.filter(cohort=cohort).values_list("mentee_id", "status")
    return _frame(rows, ["mentee", "status"])


def waves(cohort: Cohort) -> pd.DataFrame:
    rows = Wave.objects.filter(cohort=cohort).values_list(
        "pk", "label", "instrument__name", "position", "opens_on", "anonymous", "instrument__title"
    )
    return _frame(rows, WAVE_COLUMNS)


def items(cohort: Cohort) -> pd.DataFrame:
    """Wording, type, anchors, section and multi-item scale of every item the cohort's waves ask."""
    chosen = Item.objects.filter(instrument__waves__cohort=cohort).distinct()
    scales: dict[int, str] = {}
    for item_id, label, size in _scale_members(chosen):
        if size > 1:
            scales.setdefault(item_id, label)
    rows = []
    for item in chosen.select_related("section", "instrument").order_by("instrument", "position"):
        section = item.section
        form_title = section.form_title or section.form.replace("_", " ").capitalize()
        rows.append((
            item.instrument.name, item.variable, item.type, item.label, list(item.choices),
            section.form, form_title, section.pk, section.header or form_title,
            scales.get(item.pk, ""), item.position,
        ))
    return _frame(rows, ITEM_COLUMNS)


def _scale_members(chosen: QuerySet[Item]) -> list[tuple[int, str, int]]:
    """Each chosen item's scales, with the scale's size counted in the same query."""
    members = ScaleItem.objects.filter(item__in=chosen).annotate(size=Count("scale__members"))
    return list(members.values_list("item_id", "scale__label", "size"))


def answers(cohort: Cohort) -> pd.DataFrame:
    """Submitted answers, long, as the surveys' `responses_frame` gives them (checkboxes as 0/1)."""
    frame = responses_frame(cohort)
    return empty(ANSWER_COLUMNS) if frame.empty else frame[ANSWER_COLUMNS]


def scholarship(cohort: Cohort) -> pd.DataFrame:
    rows = ScholarlyEntry.objects.filter(person__enrolments__cohort=cohort).values_list(
        "person_id", "kind", "year"
    )
    return _frame(rows, ["person", "kind", "year"])


def growth(cohort: Cohort) -> pd.DataFrame:
    """Mentors' growth entries as counts need them: entry, mentor and competency, no text."""
    rows = MentorGrowth.competencies.through.objects.filter(mentorgrowth__cohort=cohort)
    return _frame(rows.values_list(
        "mentorgrowth_id", "mentorgrowth__mentor_id", "competency__framework__position",
        "competency__framework__name", "competency__position", "competency__code",
        "competency__name",
    ), GROWTH_COLUMNS)


def sponsorship(cohort: Cohort) -> pd.DataFrame:
    """The cohort's sponsorship acts as counts need them: whom for, kind and day."""
    rows = SponsorshipAct.objects.filter(cohort=cohort).values_list("sponsored_id", "kind", "on")
    return _frame(rows, SPONSORSHIP_COLUMNS)


def attendance(cohort: Cohort) -> pd.DataFrame:
    """Every invitation to the cohort's events: event, kind, person, whether they came."""
    position = {kind: i for i, kind in enumerate(Event.Kind.values)}
    labels = dict(Event.Kind.choices)
    rows = Invitee.objects.filter(event__cohort=cohort).values_list(
        "event_id", "event__kind", "person_id", "attended"
    )
    return _frame(
        ((event, labels.get(kind, kind), position.get(kind, 99), person, came)
         for event, kind, person, came in rows),
        ATTENDANCE_COLUMNS,
    )


def blocks(cohort: Cohort) -> pd.DataFrame:
    """Who is in which rotation block, with the block's dates."""
    rows = cohort.enrolments.filter(block__isnull=False).values_list(
        "person_id", "block__name", "block__starts_on", "block__ends_on"
    )
    return _frame(rows, BLOCK_COLUMNS)


def load_cohort(cohort: Cohort) -> CohortData:
    enrolled, own_starts = enrolments(cohort)
    return CohortData(
        name=str(cohort),
        starts_on=cohort.starts_on,
        ends_on=cohort.ends_on,
        enrolments=enrolled,
        attendance=attendance(cohort),
        demographics=demographics(cohort),
        mentorships=mentorships(cohort),
        meetings=meetings(cohort),
        plans=plans(cohort),
        answers=answers(cohort),
        items=items(cohort),
        waves=waves(cohort),
        scholarship=scholarship(cohort),
        growth=growth(cohort),
        sponsorship=sponsorship(cohort),
        blocks=blocks(cohort),
        starts=own_starts,
        today=timezone.localdate(),
    )


def last_updates(cohorts: Iterable[Cohort]) -> dict[int, date]:
    """Each cohort's latest recorded activity: the day of its last held meeting or submitted
    survey response (cohorts with neither are left out). Two grouped queries for any number."""
    ids = [cohort.pk for cohort in cohorts]
    latest: dict[int, date] = {}

    def keep(cohort_id: int, day: date | None) -> None:
        if day is not None and (cohort_id not in latest or day > latest[cohort_id]):
            latest[cohort_id] = day

    held = (
        Meeting.objects.filter(status=Meeting.Status.HELD, mentorships__cohort__in=ids)
        .values_list("mentorships__cohort")
        .annotate(last=Max("on"))
    )
    for cohort_id, day in held:
        keep(cohort_id, day)
    submitted = (
        Response.objects.filter(status=Response.Status.SUBMITTED, wave__cohort__in=ids)
        .values_list("wave__cohort")
        .annotate(last=Max("submitted_at"))
    )
    for cohort_id, moment in submitted:
        keep(cohort_id, timezone.localdate(moment) if moment else None)
    return latest
