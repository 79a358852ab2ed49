"""The rules of a relationship on plain data: no Django, time and facts passed in.

- `checklist`: the MENTOR checklist (Match, Expectations, Needs, Timing, Observe, Review).
- `measures`: process measures per relationship and per cohort.
- `recurrence`: a meeting rule ("every N weeks until a date") expanded into dates.
- `sponsorship`: when two records of sponsorship (one from each side) are one act.
- `defaults`: the seeds' topic taxonomy, agreement template, IDP templates, competencies.
"""

from mentora.mentorships.pure.checklist import (
    STEPS,
    Checklist,
    ChecklistItem,
    ItemState,
    RelationshipFacts,
    mentor_checklist,
)
from mentora.mentorships.pure.errors import RelationshipRuleError
from mentora.mentorships.pure.measures import (
    ActivityCounts,
    CohortMeasures,
    RelationshipMeasures,
    cohort_measures,
    relationship_measures,
)
from mentora.mentorships.pure.recurrence import expand_recurrence

__all__ = [
    "STEPS",
    "ActivityCounts",
    "Checklist",
    "ChecklistItem",
    "CohortMeasures",
    "ItemState",
    "RelationshipFacts",
    "RelationshipMeasures",
    "RelationshipRuleError",
    "cohort_measures",
    "expand_recurrence",
    "mentor_checklist",
    "relationship_measures",
]
