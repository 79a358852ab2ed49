"""The career-stage ladder: an ordered scale, so gaps between mentor and mentee are arithmetic.

Pure Python on purpose: the matching engine and the CSV importer use it without Django.
"""

from __future__ import annotations

import re
from enum import IntEnum


class Stage(IntEnum):
    PRE_MATRICULANT = 0
    MS1 = 1
    MS2 = 2
    MS3 = 3
    MS4 = 4
    PGY1 = 5
    PGY2 = 6
    PGY3 = 7
    PGY4 = 8
    PGY5_PLUS = 9
    CHIEF_RESIDENT = 10
    FELLOW = 11
    INSTRUCTOR = 12
    ASSISTANT_PROFESSOR = 13
    ASSOCIATE_PROFESSOR = 14
    PROFESSOR = 15
    # Outside the ladder: never eligible by a stage gap, never advanced.
    STAFF = 90
    ADMINISTRATOR = 91


LABELS: dict[Stage, str] = {
    Stage.PRE_MATRICULANT: "Pre-matriculant",
    Stage.MS1: "MS1",
    Stage.MS2: "MS2",
    Stage.MS3: "MS3",
    Stage.MS4: "MS4",
    Stage.PGY1: "PGY1 (intern)",
    Stage.PGY2: "PGY2",
    Stage.PGY3: "PGY3",
    Stage.PGY4: "PGY4",
    Stage.PGY5_PLUS: "PGY5+",
    Stage.CHIEF_RESIDENT: "Chief resident",
    Stage.FELLOW: "Fellow",
    Stage.INSTRUCTOR: "Instructor",
    Stage.ASSISTANT_PROFESSOR: "Assistant professor",
    Stage.ASSOCIATE_PROFESSOR: "Associate professor",
    Stage.PROFESSOR: "Professor",
    Stage.STAFF: "Staff",
    Stage.ADMINISTRATOR: "Administrator",
}

# Trainees move up one rung a year; faculty promotion is a decision, not a date.
_NEXT_YEAR: dict[Stage, Stage] = {
    Stage.PRE_MATRICULANT: Stage.MS1,
    Stage.MS1: Stage.MS2,
    Stage.MS2: Stage.MS3,
    Stage.MS3: Stage.MS4,
    Stage.MS4: Stage.PGY1,
    Stage.PGY1: Stage.PGY2,
    Stage.PGY2: Stage.PGY3,
    Stage.PGY3: Stage.PGY4,
    Stage.PGY4: Stage.PGY5_PLUS,
}

_ALIASES: dict[str, Stage] = {
    "prematriculant": Stage.PRE_MATRICULANT,
    "prematric": Stage.PRE_MATRICULANT,
    "ms1": Stage.MS1,
    "ms2": Stage.MS2,
    "ms3": Stage.MS3,
    "ms4": Stage.MS4,
    "pgy1": Stage.PGY1,
    "intern": Stage.PGY1,
    "pgy1intern": Stage.PGY1,
    "pgy2": Stage.PGY2,
    "pgy3": Stage.PGY3,
    "pgy4": Stage.PGY4,
    "pgy5": Stage.PGY5_PLUS,
    "pgy5plus": Stage.PGY5_PLUS,
    "pgy6": Stage.PGY5_PLUS,
    "pgy7": Stage.PGY5_PLUS,
    "chief": Stage.CHIEF_RESIDENT,
    "chiefresident": Stage.CHIEF_RESIDENT,
    "fellow": Stage.FELLOW,
    "instructor": Stage.INSTRUCTOR,
    "assistantprofessor": Stage.ASSISTANT_PROFESSOR,
    "asstprof": Stage.ASSISTANT_PROFESSOR,
    "associateprofessor": Stage.ASSOCIATE_PROFESSOR,
    "assocprof": Stage.ASSOCIATE_PROFESSOR,
    "professor": Stage.PROFESSOR,
    "fullprofessor": Stage.PROFESSOR,
    "staff": Stage.STAFF,
    "administrator": Stage.ADMINISTRATOR,
    "admin": Stage.ADMINISTRATOR,
}


class UnknownStage(ValueError):
    """A career stage that is not on the ladder."""


def on_ladder(stage: int) -> bool:
    return stage < Stage.STAFF


def parse_stage(text: str) -> Stage:
    """Read a stage as people write it: 'MS3', 'PGY-1', 'Intern', 'Assistant Professor'."""
    key = re.sub(r"[^a-z0-9]", "", text.lower())
    key = key.replace("(intern)", "")
    if key in _ALIASES:
        return _ALIASES[key]
    raise UnknownStage(
        f"unknown career stage {text!r}; use one of: " + ", ".join(LABELS[s] for s in Stage)
    )


def next_year(stage: Stage) -> Stage:
    """The stage a person holds one academic year later."""
    return _NEXT_YEAR.get(stage, stage)


def gap(mentor: int, mentee: int) -> int | None:
    """Rungs from mentee up to mentor, or None when either is off the ladder."""
    if not (on_ladder(mentor) and on_ladder(mentee)):
        return None
    return mentor - mentee
