"""The instrument library from the seeds, in REDCap-ready form.

Wording follows the seeds where they quote it (seed 002's Tables 1 and 2 and their anchors, its
perception options) and is our own where a seed gives only the gist. Each instrument is a REDCap
project: a record id, then one form per measure; variable names are lower_snake and at most 26
characters so that checkbox columns (`name___code`) stay within REDCap's limits. The core items
(those the seeds' tables and scales are computed from, and the questions that decide which
others are asked) are required; free text, areas that may not apply and "tick all that apply"
are not.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

# The meeting topics of the Relationships part (seeds 000 and 002) are the survey's choices.
from mentora.mentorships.pure.defaults import TOPICS
from mentora.surveys import interchange as ix
from mentora.surveys.mapping import latest_version, save_instrument
from mentora.surveys.models import Instrument, Scale, ScaleItem

AGREE = ("Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree")
SATISFIED = (
    "Not at all satisfied",
    "Slightly satisfied",
    "Somewhat satisfied",
    "Moderately satisfied",
    "Very satisfied",
)
BURNOUT = (
    "I enjoy my work; no symptoms of burnout",
    "Occasional stress, but not burned out",
    "Burning out, with one or more symptoms",
    "Symptoms of burnout that will not go away",
    "Completely burned out; I need help",
)
OPINION = ("Very negative", "Negative", "Neutral", "Positive", "Very positive")
CONFIDENCE = (
    "Not at all confident",
    "Slightly confident",
    "Somewhat confident",
    "Very confident",
    "Completely confident",
)
RATING = ("Poor", "Fair", "Good", "Very good", "Excellent")


def _anchored(labels: tuple[str, ...]) -> tuple[ix.Choice, ...]:
    return tuple(ix.Choice(str(code), label) for code, label in enumerate(labels, start=1))


class _Builder:
    """Collects items form by form; the first item is always the record id."""

    def __init__(self, name: str, title: str, first_form: str) -> None:
        self.name, self.title = name, title
        self.items = [ix.Item("record_id", first_form, ix.ItemType.TEXT, label="Record ID")]
        self.form = first_form
        self.header = ""

    def section(self, form: str, header: str) -> None:
        self.form, self.header = form, header

    def add(self, variable: str, item_type: ix.ItemType, label: str, **extra: object) -> None:
        assert len(variable) <= 26, variable
        header, self.header = self.header, ""
        item = ix.Item(variable, self.form, item_type, label=label, section_header=header)
        self.items.append(_replace(item, **extra))

    def likert(self, variable: str, label: str, anchors: tuple[str, ...], **extra: object) -> None:
        self.add(variable, ix.ItemType.LIKERT, label, choices=_anchored(anchors), **extra)

    def build(self) -> ix.Instrument:
        return ix.Instrument(name=self.name, title=self.title, items=tuple(self.items))


def _replace(item: ix.Item, **extra: object) -> ix.Item:
    return replace(item, **extra) if extra else item  # type: ignore[arg-type]


CMSE_ITEMS = (
    ("cmse_annual_goals", "I have well-defined annual goals and clear plans for achieving them"),
    (
        "cmse_promotion_expect",
        "I understand the research, teaching, and service expectations necessary for my promotion",
    ),
    (
        "cmse_career_picture",
        "I have a clear picture of where I want to be in my academic career in 5 to 7 years",
    ),
    (
        "cmse_scholarly_focus",
        "I have a clearly identified, well-focused content area for my research/scholarship "
        "activities",
    ),
    (
        "cmse_colleagues",
        "I have colleagues with whom I discuss my professional goals, progress and ideas",
    ),
    (
        "cmse_prof_orgs",
        "I am involved in professional organizations relevant to my area of interest",
    ),
    ("cmse_seek_resources", "I seek out the resources that I need to be successful in my work"),
    ("cmse_prof_identity", "I am pleased with how my professional identity is emerging"),
    ("cmse_career_on_track", "I feel my career is on track"),
    ("cmse_scholarly_motiv", "I am motivated to make scholarly contributions to my field"),
    ("cmse_advance_rank", "I am motivated to advance in rank"),
)
MENTORING_AREAS = (
    ("ms_prof_challenges", "Overcoming professional challenges"),
    ("ms_work_life", "Balancing work and personal life"),
    ("ms_career_planning", "Long-term career planning"),
    ("ms_network", "Developing a professional network, within and outside the university"),
    ("ms_annual_goals", "Setting annual goals"),
    ("ms_documenting", "Documenting professional activities and achievements"),
    ("ms_promotion", "Preparing for promotion"),
    ("ms_integration", "Becoming integrated into the division and the broader university"),
)
ATTITUDES = (
    ("ma_mentee_role", "I understand my roles and responsibilities as a mentee"),
    ("ma_career_dev", "Mentoring is important to my career development as a faculty member"),
    ("ma_retention", "Mentoring is important for faculty retention at the University"),
)


def faculty_career_survey() -> ix.Instrument:
    """Seed 002's baseline and 1-year survey of assistant professors."""
    b = _Builder("faculty_career_survey", "Faculty career mentoring survey", "engagement")
    b.add(
        "has_formal_mentor",
        ix.ItemType.YESNO,
        "In the past 12 months, have you had at least one formal mentor?",
        required=True,
    )
    b.add(
        "idp_used",
        ix.ItemType.YESNO,
        "Have you used an individual development plan (IDP) in the past 12 months?",
        required=True,
    )
    b.section("career_self_efficacy", "Career management: how much do you agree?")
    for variable, label in CMSE_ITEMS:
        b.likert(variable, label, AGREE, matrix_group="cmse", required=True)
    b.section("mentoring_satisfaction", "Mentoring received in the past 12 months")
    b.likert(
        "ms_overall",
        "Overall, how satisfied are you with the mentoring you received?",
        SATISFIED,
        required=True,
    )
    b.header = (
        "How satisfied are you with the mentoring you received in these areas? "
        "Leave blank if it did not apply to you."
    )
    for variable, label in MENTORING_AREAS:
        b.likert(variable, label, SATISFIED, matrix_group="ms_areas")
    b.header = "Your views on mentoring"
    for variable, label in ATTITUDES:
        b.likert(variable, label, AGREE, matrix_group="ma", required=True)
    b.section("job_satisfaction", "Your job")
    b.likert("job_satisfied", "Overall, I am satisfied with my current job", AGREE, required=True)
    b.section("burnout", "Burnout")
    b.likert(
        "burnout",
        "Using your own definition of burnout, which statement best describes "
        "your situation at work?",
        BURNOUT,
        field_note="Single-item burnout measure",
        required=True,
    )
    return b.build()


OPINIONS = (
    ("im_opinion_clerkship", "My opinion of internal medicine as a clerkship"),
    ("im_opinion_career", "My opinion of internal medicine as a career"),
)


def clerkship_survey() -> ix.Instrument:
    """Seed 000's pre and post clerkship questionnaire (our wording of its gist)."""
    b = _Builder("clerkship_survey", "Clerkship mentoring survey", "clerkship_survey")
    b.section("clerkship_survey", "Internal medicine")
    for variable, label in OPINIONS:
        b.likert(variable, label, OPINION, required=True)
    b.add(
        "career_interest",
        ix.ItemType.TEXT,
        "Which specialty are you most likely to choose for residency?",
    )
    b.likert(
        "specialty_confidence",
        "How confident are you in your choice of specialty?",
        CONFIDENCE,
        required=True,
    )
    b.section("clerkship_survey", "The mentoring program")
    b.add(
        "met_mentors",
        ix.ItemType.YESNO,
        "Have you met with your program mentors yet?",
        required=True,
    )
    shown = "[met_mentors] = '1'"
    b.likert(
        "program_helpful",
        "I found the mentoring program helpful",
        AGREE,
        branching_logic=shown,
        required=True,
    )
    b.add(
        "want_other_clerkships",
        ix.ItemType.YESNO,
        "Would you like similar mentoring in other clerkships?",
        branching_logic=shown,
    )
    b.add(
        "topics_discussed",
        ix.ItemType.MULTIPLE,
        "Which topics did you discuss with your mentors? Tick all that apply.",
        choices=_anchored(TOPICS),
        branching_logic=shown,
    )
    b.add("comments", ix.ItemType.NOTES, "Anything else you would like to tell us?")
    return b.build()


def equity_survey() -> ix.Instrument:
    """Seed 003's mentoring experience and equity questionnaire."""
    b = _Builder(
        "mentoring_equity_survey", "Mentoring experience and equity survey", "mentoring_experience"
    )
    b.section("mentoring_experience", "Your mentoring experience")
    b.likert(
        "overall_rating",
        "How would you rate your overall mentoring experience?",
        RATING,
        required=True,
    )
    b.add(
        "active_mentors_n",
        ix.ItemType.INTEGER,
        "How many active mentors do you have?",
        validation_min="0",
        validation_max="20",
        field_note="People you meet and who advise you regularly",
        required=True,
    )
    b.add(
        "assigned_is_active",
        ix.ItemType.YESNO,
        "Is your assigned program mentor one of your active mentors?",
        required=True,
    )
    b.add(
        "knows_sponsorship",
        ix.ItemType.YESNO,
        "Could you explain the difference between sponsorship and mentorship?",
    )
    b.add(
        "sponsor_support",
        ix.ItemType.SLIDER,
        "How much has a sponsor advanced your career?",
        slider_labels=("Not at all", "Somewhat", "A great deal"),
        validation="number",
    )
    b.add("wants_more_mentors", ix.ItemType.YESNO, "Would you like additional mentors?")
    b.add(
        "seek_mentee_training",
        ix.ItemType.YESNO,
        "Would you actively seek out training to improve your skills as a mentee?",
    )
    return b.build()


HELPED = (
    "My professional goals are more well-defined",
    "I have greater interest in continuing my career in academic medicine",
    "I gained new knowledge and skills",
    "I identified areas that I need to increase knowledge and skills",
    "I understand the requirements for promotion better",
    "I expanded my professional network",
    "I started or advanced a scholarly project",
    "I feel more connected to the division",
)
MENTOR_GAINS = (
    "I enjoyed contributing to the professional growth and success of my mentees",
    "I developed or strengthened project collaborations with my mentees",
    "I improved my own mentoring skills",
    "I learned from my mentees' perspectives",
)


def perception_survey() -> ix.Instrument:
    """Seed 002's end-of-year perceptions of the program, from mentees and mentors."""
    b = _Builder("program_perception_survey", "Program perception survey", "program_perception")
    b.add(
        "participant_role",
        ix.ItemType.SINGLE,
        "In the program you were a",
        choices=(ix.Choice("1", "Mentee"), ix.Choice("2", "Mentor")),
        required=True,
    )
    b.add(
        "helped_ways",
        ix.ItemType.MULTIPLE,
        "In which ways did the program help you? Tick all that apply.",
        choices=_anchored(HELPED),
        branching_logic="[participant_role] = '1'",
    )
    b.add(
        "mentor_gains",
        ix.ItemType.MULTIPLE,
        "What did you gain as a mentor? Tick all that apply.",
        choices=_anchored(MENTOR_GAINS),
        branching_logic="[participant_role] = '2'",
    )
    b.likert(
        "positive_addition",
        "The program was a positive addition to the division",
        AGREE,
        required=True,
    )
    b.add("worked_well", ix.ItemType.NOTES, "What worked well?")
    b.add("should_change", ix.ItemType.NOTES, "What should change?")
    return b.build()


@dataclass(frozen=True)
class ScaleSpec:
    name: str
    label: str
    variables: tuple[str, ...]
    method: str = Scale.Method.MEAN
    reverse: tuple[str, ...] = ()
    threshold: float | None = None
    threshold_label: str = ""


LIBRARY = {
    "faculty_career_survey": (
        faculty_career_survey,
        "Seed 002: Tables 1 and 2",
        (
            ScaleSpec("cmse", "Career management self-efficacy", tuple(v for v, _ in CMSE_ITEMS)),
            ScaleSpec(
                "mentoring_areas",
                "Satisfaction with mentoring by area",
                tuple(v for v, _ in MENTORING_AREAS),
            ),
            ScaleSpec("mentoring_attitudes", "Mentoring attitudes", tuple(v for v, _ in ATTITUDES)),
            ScaleSpec(
                "burnout",
                "Burnout (single item)",
                ("burnout",),
                threshold=3,
                threshold_label="Burning out (3 or above)",
            ),
        ),
    ),
    "clerkship_survey": (clerkship_survey, "Seed 000", ()),
    "mentoring_equity_survey": (equity_survey, "Seed 003", ()),
    "program_perception_survey": (perception_survey, "Seed 002: perceptions of the program", ()),
}


@transaction.atomic
def ensure_library(now: datetime) -> dict[str, Instrument]:
    """Load (or update to a new version) every library instrument; returns them by name."""
    loaded = {}
    for name, (build, source, scales) in LIBRARY.items():
        before = latest_version(name)
        instrument = save_instrument(build(), now, in_library=True, source=source)
        if instrument != before:
            _add_scales(instrument, scales)
        loaded[name] = instrument
    return loaded


def load_after_migrate(using: str = DEFAULT_DB_ALIAS, plan: Any = None, **kwargs: Any) -> None:
    """After `migrate` (and a test's flush): the library exists, in the seeds' latest wording.

    Connected to post_migrate, so pages only read the library. Skipped while the surveys app is
    migrated only part of the way (or back), when its tables may not match these models.
    """
    if using != DEFAULT_DB_ALIAS:
        return
    if plan is not None:  # a migrate run; a flush (no plan) leaves the schema as it was
        executor = MigrationExecutor(connections[using])
        leaves = [node for node in executor.loader.graph.leaf_nodes() if node[0] == "surveys"]
        if executor.migration_plan(leaves):
            return
    ensure_library(timezone.now())


def _add_scales(instrument: Instrument, specs: tuple[ScaleSpec, ...]) -> None:
    items = {item.variable: item for item in instrument.items.all()}
    for spec in specs:
        scale = Scale.objects.create(
            instrument=instrument,
            name=spec.name,
            label=spec.label,
            method=spec.method,
            threshold=spec.threshold,
            threshold_label=spec.threshold_label,
        )
        for variable in spec.variables:
            ScaleItem.objects.create(
                scale=scale, item=items[variable], reverse=variable in spec.reverse
            )
