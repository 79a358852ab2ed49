"""What a cohort report is computed from: plain frames, no Django.

`mentora.evaluation.sources.load_cohort` fills this from the database; the benchmark and the
tests can fill it directly, so the computation is measured and tested on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import pandas as pd

ENROLMENT_COLUMNS = ["person", "role", "status", "enrolled_on", "withdrawn_on"]
# Invitations to events and training (seed 002): who, to which event of which kind, and
# whether they came; `kind_position` orders the kinds as the site lists them.
ATTENDANCE_COLUMNS = ["event", "kind", "kind_position", "person", "attended"]
DEMOGRAPHIC_COLUMNS = ["person", "gender", "urim"]
MENTORSHIP_COLUMNS = [
    "id", "mentee", "mentor", "status", "source", "started_on", "declined_on", "ended_on",
    "created_on",
]
MEETING_COLUMNS = ["mentorship", "on", "mentees", "topics"]
PLAN_COLUMNS = ["mentee", "status"]
ANSWER_COLUMNS = ["respondent", "person_id", "wave_id", "instrument", "item", "value"]
ITEM_COLUMNS = [
    "instrument", "variable", "type", "label", "choices", "form", "form_title", "section",
    "heading", "scale", "position",
]
WAVE_COLUMNS = [
    "wave_id", "label", "instrument", "position", "opens_on", "anonymous", "instrument_title",
]
SCHOLARSHIP_COLUMNS = ["person", "kind", "year"]
# Mentors' growth entries (seed 004), one row per entry and competency it touched.
GROWTH_COLUMNS = ["entry", "mentor", "framework_position", "framework", "position", "code",
                  "competency"]
# Sponsorship acts (issue 17, seed 003): whom each was for, its kind and day; no sponsor, no text.
SPONSORSHIP_COLUMNS = ["sponsored", "kind", "on"]
# Rotation blocks (issue 17): one row per person enrolled in a block, with the block's dates.
BLOCK_COLUMNS = ["person", "block", "starts_on", "ends_on"]
# Each person's own start (mentora.programs.timing): participation by weeks since it.
START_COLUMNS = ["person", "starts_on"]
# The answers' text columns the report filters and groups by: a cohort's answers repeat a few
# dozen item names and one record id per respondent hundreds of thousands of times.
ENCODED_ANSWER_COLUMNS = ("respondent", "item")


def empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({name: pd.Series(dtype="object") for name in columns})


def encoded_answers(answers: pd.DataFrame) -> pd.DataFrame:
    """The answers with `respondent` and `item` as categoricals (categories sorted; columns
    already categorical are kept).

    Every part of the report filters the long answers frame again (an item, the respondents
    with an id) and groups it by item or respondent: on text columns each filter compares
    every row's Python string and each selection copies them, which made the report twice as
    slow as the same tests written by hand. Encoded once, a filter compares small integer
    codes and a selection copies them. Group with `observed=True`: only the values present.
    """
    columns = {}
    for name in ENCODED_ANSWER_COLUMNS:
        column = answers[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            continue
        # Factorising the plain object array skips the string array's per-value checks.
        codes, names = pd.factorize(column.to_numpy(dtype=object), sort=True)
        columns[name] = pd.Series(pd.Categorical.from_codes(codes, categories=pd.Index(names)),
                                  index=answers.index)
    return answers.assign(**columns) if columns else answers


@dataclass
class CohortData:
    """One cohort's records, as the evaluation needs them: counts, dates and states only."""

    name: str
    starts_on: date
    ends_on: date
    enrolments: pd.DataFrame = field(default_factory=lambda: empty(ENROLMENT_COLUMNS))
    attendance: pd.DataFrame = field(default_factory=lambda: empty(ATTENDANCE_COLUMNS))
    demographics: pd.DataFrame = field(default_factory=lambda: empty(DEMOGRAPHIC_COLUMNS))
    mentorships: pd.DataFrame = field(default_factory=lambda: empty(MENTORSHIP_COLUMNS))
    meetings: pd.DataFrame = field(default_factory=lambda: empty(MEETING_COLUMNS))
    plans: pd.DataFrame = field(default_factory=lambda: empty(PLAN_COLUMNS))
    answers: pd.DataFrame = field(default_factory=lambda: empty(ANSWER_COLUMNS))
    items: pd.DataFrame = field(default_factory=lambda: empty(ITEM_COLUMNS))
    waves: pd.DataFrame = field(default_factory=lambda: empty(WAVE_COLUMNS))
    scholarship: pd.DataFrame = field(default_factory=lambda: empty(SCHOLARSHIP_COLUMNS))
    growth: pd.DataFrame = field(default_factory=lambda: empty(GROWTH_COLUMNS))
    sponsorship: pd.DataFrame = field(default_factory=lambda: empty(SPONSORSHIP_COLUMNS))
    blocks: pd.DataFrame = field(default_factory=lambda: empty(BLOCK_COLUMNS))
    starts: pd.DataFrame = field(default_factory=lambda: empty(START_COLUMNS))
    # The day the data were read: periods after it have not ended (None: every one has).
    today: date | None = None

    @property
    def mentees(self) -> list[int]:
        rows = self.enrolments[self.enrolments["role"].isin(["mentee", "both"])]
        return [int(p) for p in rows["person"].to_numpy()]

    @property
    def launch_year(self) -> int:
        return self.starts_on.year
