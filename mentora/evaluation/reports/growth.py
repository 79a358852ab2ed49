"""What mentoring taught the mentors (seed 004), per competency, after small-group suppression.

Each competency's figure is a group of people: the mentors with at least one entry mapped to
it. A mentor's entries touch several competencies, so the groups overlap and no margin adds
them up; each passes through the statistics core's suppression on its own (fewer mentors than
the threshold: the mentors and their entries are hidden). The mentors who wrote any entry and
those who wrote none split the cohort's mentors, so those two are suppressed together, with
their complement.
"""

from __future__ import annotations

from dataclasses import dataclass

from mentora.evaluation.reports.data import CohortData
from mentora.evaluation.stats import suppress_counts

MENTOR_ROLES = ("mentor", "both")


@dataclass(frozen=True)
class CompetencyGrowth:
    framework: str
    code: str
    name: str
    mentors: int | None  # None when suppressed
    entries: int | None  # hidden with its mentors

    @property
    def hidden(self) -> bool:
        return self.mentors is None


@dataclass(frozen=True)
class MentorGrowth:
    mentors: int  # enrolled in the cohort as mentors
    writing: int | None  # mentors with at least one entry; None when suppressed
    competencies: tuple[CompetencyGrowth, ...]  # those with an entry, in framework order
    threshold: int

    @property
    def hidden(self) -> list[str]:
        return [f"{c.code} ({c.framework})" for c in self.competencies if c.hidden]


def mentor_growth(data: CohortData, threshold: int) -> MentorGrowth | None:
    """Counts per competency; None when the cohort's mentors have recorded nothing yet."""
    rows = data.growth
    if rows.empty:
        return None
    enrolled = data.enrolments[data.enrolments["role"].isin(MENTOR_ROLES)]["person"]
    mentors = len(set(enrolled.astype("int64")) | set(rows["mentor"].astype("int64")))
    wrote = int(rows["mentor"].nunique())
    split = suppress_counts([wrote, mentors - wrote], threshold=threshold).cells[0][0]
    found = []
    keys = ["framework_position", "framework", "position", "code", "competency"]
    for key, group in rows.groupby(keys, sort=True):
        _, framework, _, code, name = key
        people = int(group["mentor"].nunique())
        cell = suppress_counts([people], threshold=threshold).cells[0][0]
        entries = int(group["entry"].nunique())
        found.append(
            CompetencyGrowth(
                str(framework),
                str(code),
                str(name),
                None if cell.hidden else people,
                None if cell.hidden else entries,
            )
        )
    return MentorGrowth(mentors, None if split.hidden else wrote, tuple(found), threshold)
