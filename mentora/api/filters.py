"""The filters each list takes, as query parameters; every one narrows what the reader already
reaches, never widens it."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from ninja import FilterSchema
from ninja.filter_schema import FilterLookup

from mentora.api.paging import Id
from mentora.matching.models import MatchRun
from mentora.mentorships.models import Goal, Meeting, Mentorship
from mentora.programs.models import Enrolment


class PeopleFilter(FilterSchema):
    program: Annotated[Id | None, FilterLookup("enrolments__cohort__program_id")] = None
    cohort: Annotated[Id | None, FilterLookup("enrolments__cohort_id")] = None


class CohortFilter(FilterSchema):
    program: Annotated[Id | None, FilterLookup("program_id")] = None
    starts_after: Annotated[date | None, FilterLookup("starts_on__gte")] = None
    starts_before: Annotated[date | None, FilterLookup("starts_on__lte")] = None


class EnrolmentFilter(FilterSchema):
    program: Annotated[Id | None, FilterLookup("cohort__program_id")] = None
    cohort: Annotated[Id | None, FilterLookup("cohort_id")] = None
    person: Annotated[Id | None, FilterLookup("person_id")] = None
    role: Annotated[Enrolment.Role | None, FilterLookup("role")] = None
    status: Annotated[Enrolment.Status | None, FilterLookup("status")] = None
    enrolled_after: Annotated[date | None, FilterLookup("enrolled_on__gte")] = None
    enrolled_before: Annotated[date | None, FilterLookup("enrolled_on__lte")] = None


class MentorshipFilter(FilterSchema):
    program: Annotated[Id | None, FilterLookup("cohort__program_id")] = None
    cohort: Annotated[Id | None, FilterLookup("cohort_id")] = None
    status: Annotated[Mentorship.Status | None, FilterLookup("status")] = None
    started_after: Annotated[date | None, FilterLookup("started_on__gte")] = None
    started_before: Annotated[date | None, FilterLookup("started_on__lte")] = None


class MeetingFilter(FilterSchema):
    mentorship: Annotated[Id | None, FilterLookup("mentorships__id")] = None
    status: Annotated[Meeting.Status | None, FilterLookup("status")] = None
    on_after: Annotated[date | None, FilterLookup("on__gte")] = None
    on_before: Annotated[date | None, FilterLookup("on__lte")] = None


class GoalFilter(FilterSchema):
    mentorship: Annotated[Id | None, FilterLookup("mentorship_id")] = None
    status: Annotated[Goal.Status | None, FilterLookup("status")] = None
    due_after: Annotated[date | None, FilterLookup("due_on__gte")] = None
    due_before: Annotated[date | None, FilterLookup("due_on__lte")] = None


class MatchRunFilter(FilterSchema):
    program: Annotated[Id | None, FilterLookup("cohort__program_id")] = None
    cohort: Annotated[Id | None, FilterLookup("cohort_id")] = None
    status: Annotated[MatchRun.Status | None, FilterLookup("status")] = None
