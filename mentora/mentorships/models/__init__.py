"""The relationship's records, split by what a reader looks for."""

from mentora.mentorships.models.agreements import (
    CADENCE_FIELDS,
    SECTION_FIELDS,
    Agreement,
    AgreementTemplate,
    AgreementVersion,
    CadencePeriod,
)
from mentora.mentorships.models.goals import (
    ActionItem,
    Competency,
    Framework,
    Goal,
    GoalProgress,
    competencies_for,
)
from mentora.mentorships.models.growth import MentorGrowth
from mentora.mentorships.models.idp import DevelopmentPlan, PlanTemplate
from mentora.mentorships.models.meetings import (
    CalendarFeed,
    Meeting,
    MeetingSeries,
    PairNotes,
    PrivateNote,
    Reflection,
    Topic,
)
from mentora.mentorships.models.mentorship import (
    DeclineReason,
    Mentorship,
    MentorshipRole,
    RematchRequest,
    StatusChange,
)
from mentora.mentorships.models.sponsorship import SponsorshipAct, SponsorshipKind

__all__ = [
    "CADENCE_FIELDS",
    "SECTION_FIELDS",
    "ActionItem",
    "Agreement",
    "AgreementTemplate",
    "AgreementVersion",
    "CadencePeriod",
    "CalendarFeed",
    "Competency",
    "DeclineReason",
    "DevelopmentPlan",
    "Framework",
    "Goal",
    "GoalProgress",
    "Meeting",
    "MeetingSeries",
    "MentorGrowth",
    "Mentorship",
    "MentorshipRole",
    "PairNotes",
    "PlanTemplate",
    "PrivateNote",
    "Reflection",
    "RematchRequest",
    "SponsorshipAct",
    "SponsorshipKind",
    "StatusChange",
    "Topic",
    "competencies_for",
]
