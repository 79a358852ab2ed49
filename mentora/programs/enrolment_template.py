"""The participants spreadsheet to fill in: every column the enrolment reads, one example row.

Offered as CSV and as an Excel workbook (with a second sheet saying what each column takes);
uploading either as it comes enrols the example person, so a coordinator overwrites that row.
"""

from __future__ import annotations

import csv
import io

from mentora.core.cells import neutralise_text
from mentora.core.workbooks import write_xlsx
from mentora.people.ladder import LABELS, Stage
from mentora.people.models import Answer, CommunicationStyle, Demographics
from mentora.programs.enrolment_csv import (
    DEMOGRAPHIC_COLUMNS,
    OPTIONAL_COLUMNS,
    REQUIRED_COLUMNS,
)

COLUMNS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS, *DEMOGRAPHIC_COLUMNS)


def _labels(choices: list[tuple[str, str]]) -> str:
    return ", ".join(label for _, label in choices)


def column_help(tiers: list[str], blocks: list[str] | None = None) -> list[tuple[str, str]]:
    """(column, what it takes) for every column, in the template's order."""
    stages = ", ".join(LABELS[stage] for stage in Stage)
    answers = f"one of: {_labels(Answer.choices)}"
    restricted = " Restricted: recorded only for people new to Mentora, seen by nobody else."
    return [
        ("name", "Required. The full name (or two columns, first_name and last_name)."),
        ("email", "Required. One person per email; the same email twice is one person."),
        ("career_stage", f"Required. One of: {stages} (PGY-1, Assistant Professor... too)."),
        ("role", "Required. mentee, mentor or both."),
        ("capacity", "Mentees a mentor takes, 0 to 50 (1 when empty)."),
        ("department", "Optional."),
        ("site", "Optional."),
        ("specialty_interests", "Separated by semicolons."),
        ("scholarly_interests", "Separated by semicolons."),
        ("tier", "One of the program's tiers: " + (", ".join(tiers) or "(this program has none)")),
        ("block", "The cohort's rotation block the person is in: "
                  + (", ".join(blocks or []) or "(this cohort has none)")),
        ("mentor_trained", "yes or no."),
        ("goals", "Optional, free text."),
        ("communication_style", f"One of: {', '.join(CommunicationStyle.values)}."),
        ("gender", f"One of: {_labels(Demographics.Gender.choices)}.{restricted}"),
        ("gender_self_description", f"Free text.{restricted}"),
        ("underrepresented", f"Underrepresented in medicine, {answers}.{restricted}"),
        ("first_generation", f"First-generation college student, {answers}.{restricted}"),
        ("rural_background", f"{answers.capitalize()}.{restricted}"),
        ("race_ethnicity", f"Separated by semicolons: {_labels(Demographics.Race.choices)}."
                           f"{restricted}"),
        ("race_self_description", f"Free text.{restricted}"),
    ]


def example_row(tiers: list[str]) -> list[str]:
    example = {
        "name": "Ana Example",
        "email": "ana.example@example.edu",
        "career_stage": "MS2",
        "role": "mentee",
        "department": "Internal Medicine",
        "site": "Main campus",
        "specialty_interests": "Cardiology; Emergency medicine",
        "scholarly_interests": "Medical education",
        "tier": tiers[0] if tiers else "",
        "mentor_trained": "no",
        "goals": "Choose a specialty by the end of the year",
        "communication_style": CommunicationStyle.values[0],
    }
    return [example.get(column, "") for column in COLUMNS]


def template_csv(tiers: list[str]) -> bytes:
    """The template as CSV UTF-8 with a byte-order mark (so that Excel opens its accents)."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerow([neutralise_text(cell) for cell in example_row(tiers)])
    return text.getvalue().encode("utf-8-sig")


def template_xlsx(tiers: list[str], blocks: list[str] | None = None) -> bytes:
    """The template as an Excel workbook: the participants sheet, then what each column takes."""
    return write_xlsx([
        ("Participants", [list(COLUMNS), example_row(tiers)]),
        ("Columns", [["column", "what it takes"], *map(list, column_help(tiers, blocks))]),
    ])
