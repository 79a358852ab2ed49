"""What each operation answers: one explicit schema per kind of record, holding only what the
pages show the same reader (no demographics, no intake answers, no match snapshot)."""

from __future__ import annotations

from datetime import date, datetime, time

from ninja import Schema

from mentora.mentorships.models import Goal, Meeting
from mentora.people.models import Person
from mentora.programs.models import Enrolment


class Problem(Schema):
    detail: str


class PersonOut(Schema):
    id: int
    full_name: str
    career_stage: int
    stage_label: str
    department: str
    site: str
    specialty_interests: list[str]
    scholarly_interests: list[str]
    goals: str
    communication_style: str

    @staticmethod
    def resolve_specialty_interests(obj: Person) -> list[str]:
        return [interest.name for interest in obj.specialty_interests.all()]

    @staticmethod
    def resolve_scholarly_interests(obj: Person) -> list[str]:
        return [interest.name for interest in obj.scholarly_interests.all()]


class ProgramOut(Schema):
    id: int
    name: str
    slug: str
    kind: str
    description: str
    meetings_per_year_target: int
    duration_weeks: int
    allows_self_selection: bool


class CohortOut(Schema):
    id: int
    program_id: int
    name: str
    academic_year: str
    starts_on: date
    ends_on: date
    intake_open: bool


class EnrolmentOut(Schema):
    id: int
    cohort_id: int
    person_id: int
    person_name: str
    role: str
    status: str
    capacity: int
    tier: str | None
    mentor_trained: bool
    enrolled_on: date
    withdrawn_on: date | None
    expires_on: date | None

    @staticmethod
    def resolve_person_name(obj: Enrolment) -> str:
        return obj.person.full_name

    @staticmethod
    def resolve_tier(obj: Enrolment) -> str | None:
        return None if obj.tier is None else obj.tier.name


class MentorshipOut(Schema):
    id: int
    cohort_id: int
    mentor_id: int
    mentee_id: int
    role: str
    tier: str
    source: str
    status: str
    started_on: date | None
    ended_on: date | None
    declined_on: date | None


class MeetingOut(Schema):
    id: int
    mentor_id: int
    mentorship_ids: list[int]
    status: str
    kind: str
    on: date
    starts_at: time | None
    duration_minutes: int
    mode: str
    place: str
    topics: list[str]

    @staticmethod
    def resolve_mentorship_ids(obj: Meeting) -> list[int]:
        return [pair.pk for pair in obj.mentorships.all()]

    @staticmethod
    def resolve_topics(obj: Meeting) -> list[str]:
        return [topic.name for topic in obj.topics.all()]


class GrowNotes(Schema):
    mentorship_id: int
    goal: str
    reality: str
    options: str
    will: str


class ReflectionOut(Schema):
    mentee_id: int
    learned: str
    next_actions: str
    updated_at: datetime


class MeetingDetail(Schema):
    """A meeting as its page shows it to the reader: each pair's GROW notes the reader may read,
    the reflections shared with them, and their own private note (nobody else's)."""

    meeting: MeetingOut
    grow: list[GrowNotes]
    reflections: list[ReflectionOut]
    my_private_note: str | None


class GoalOut(Schema):
    id: int
    mentorship_id: int
    specific: str
    target_count: int | None
    unit: str
    done: int
    achievable: str
    relevant: str
    due_on: date | None
    reality: str
    options: str
    will: str
    status: str
    achieved_on: date | None
    version: int

    @staticmethod
    def resolve_done(obj: Goal) -> int:
        return obj.progress_done()


class MatchRunOut(Schema):
    id: int
    cohort_id: int
    number: int
    mode: str
    structure: str
    status: str
    is_rematch: bool
    created_at: datetime
    finished_at: datetime | None
    published_at: datetime | None


class ProposedPair(Schema):
    mentee_id: int
    mentor_id: int
    score: float
    slot: str
    fixed: bool


class MatchRunDetail(MatchRunOut):
    pairs: list[ProposedPair]


class SurveyExports(Schema):
    cohort_id: int
    tier: str
    instruments: list[str]


class SurveyExport(Schema):
    """One instrument's answers in the reader's export tier, in the REDCap raw layout that the
    CSV download has (REDCap's own API answers records as such flat rows of text)."""

    cohort_id: int
    instrument: str
    tier: str
    shifted_dates: bool
    dictionary: list[dict[str, str]]
    records: list[dict[str, str]]
    events: list[dict[str, str]] | None
