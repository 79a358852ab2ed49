"""A mentor's dossier for a promotion file (issue 14, item 7): mentees by program and year,
meetings held and their hours, observations given, training completed, and what the mentees
achieved, as aggregates only (hidden below the internal threshold, so that no mentee can be
recognised). One outline, shown on the mentor's own page and written as DOCX.

Training comes from whichever part keeps it (events and attendance, issue 16): it registers a
reader with `read_training_with`; with none registered the dossier says no training is
recorded.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

from django.db.models import Count, Q
from docx import Document

from mentora.core.text import clean_text
from mentora.evaluation.stats.suppression import INTERNAL_THRESHOLD, suppress_counts
from mentora.feedback.firewall import with_assessor_flag
from mentora.feedback.models import MiniCex, ProcedureEntry
from mentora.mentorships.models import Goal, Meeting, Mentorship
from mentora.people.models import Person

# Word's paragraph style for a bulleted line (a python-docx style name, not inline CSS).
BULLET = "List Bullet"

NO_TRAINING = "No training recorded."
COUNTED = (Mentorship.Status.ACTIVE, Mentorship.Status.ENDED)

# person -> [(date completed, what)]
TrainingReader = Callable[[Person], list[tuple[date, str]]]
_training: list[TrainingReader] = []


def read_training_with(reader: TrainingReader) -> None:
    if reader not in _training:
        _training.append(reader)


@dataclass(frozen=True)
class YearRow:
    program: str
    year: str
    mentees: int
    meetings: int
    hours: float


@dataclass
class Dossier:
    mentor: Person
    years: list[YearRow]
    observations: int  # mini-CEX the mentor recorded
    by_assessor: int  # of which as the learner's summative assessor (flagged)
    procedures: int  # procedures the mentor confirmed as supervisor
    training: list[tuple[date, str]]
    mentees: int  # distinct mentees, every program and year
    achieved: list[tuple[str, str]] = field(default_factory=list)  # (measure, shown value)
    hidden_reason: str = ""

    @property
    def title(self) -> str:
        return f"Mentoring dossier: {self.mentor.full_name}"


def _years(mentor: Person) -> list[YearRow]:
    pairs = (
        Mentorship.objects.filter(mentor=mentor, status__in=COUNTED)
        .values("cohort__program__name", "cohort__academic_year")
        .annotate(n=Count("mentee", distinct=True))
        .order_by()
    )
    mentees = {(r["cohort__program__name"], r["cohort__academic_year"]): r["n"] for r in pairs}
    meetings: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
    held = Meeting.objects.filter(mentor=mentor, status=Meeting.Status.HELD).values_list(
        "pk",
        "duration_minutes",
        "mentorships__cohort__program__name",
        "mentorships__cohort__academic_year",
    )
    for pk, minutes, program, year in held:
        if program is not None:  # a group meeting's pairs share a cohort: counted once
            meetings[(program, year)][pk] = minutes
    keys = sorted(set(mentees) | set(meetings), key=lambda k: (k[1], k[0]))
    return [
        YearRow(
            program,
            year,
            mentees.get((program, year), 0),
            len(meetings[(program, year)]),
            round(sum(meetings[(program, year)].values()) / 60, 1),
        )
        for program, year in keys
    ]


def _achieved(mentor: Person, mentee_ids: list[int]) -> list[tuple[str, str]]:
    """Counts of mentees, each shown as "k of n" unless it (or what it leaves) is small."""
    n = len(mentee_ids)
    pairs = Mentorship.objects.filter(mentor=mentor, status__in=COUNTED)
    goals = Goal.objects.filter(mentorship__in=pairs, status=Goal.Status.ACHIEVED)
    with_goal = goals.values("mentorship__mentee").distinct().count()
    confirmed = ProcedureEntry.objects.filter(mentorship__in=pairs, confirmed_at__isnull=False)
    with_procedure = confirmed.values("learner").distinct().count()
    observed = MiniCex.objects.filter(mentorship__in=pairs, acknowledged_at__isnull=False)
    with_observation = observed.values("learner").distinct().count()
    rows = []
    for label, k in (
        ("Mentees who achieved at least one goal", with_goal),
        ("Mentees with a procedure confirmed", with_procedure),
        ("Mentees who acknowledged a mini-CEX", with_observation),
    ):
        cell = suppress_counts([k, n - k], threshold=INTERNAL_THRESHOLD).cells[0][0]
        rows.append(
            (label, f"fewer than {INTERNAL_THRESHOLD} or hidden" if cell.hidden else f"{k} of {n}")
        )
    totals = goals.count()
    rows.append(("Goals achieved, all mentees", str(totals)))
    return rows


def dossier_of(mentor: Person) -> Dossier:
    mentee_ids = list(
        Mentorship.objects.filter(mentor=mentor, status__in=COUNTED)
        .values_list("mentee", flat=True)
        .distinct()
        .order_by()
    )
    given = with_assessor_flag(MiniCex.objects.filter(observer=mentor)).aggregate(
        n=Count("pk"), flagged=Count("pk", filter=Q(by_assessor=True))
    )
    training = sorted(t for reader in _training for t in reader(mentor))
    result = Dossier(
        mentor=mentor,
        years=_years(mentor),
        observations=given["n"],
        by_assessor=given["flagged"],
        procedures=ProcedureEntry.objects.filter(
            supervisor=mentor, confirmed_at__isnull=False
        ).count(),
        training=training,
        mentees=len(mentee_ids),
    )
    achieved = _achieved(mentor, mentee_ids)  # counted at any size: the page costs the same
    if len(mentee_ids) < INTERNAL_THRESHOLD:
        result.hidden_reason = (
            f"Fewer than {INTERNAL_THRESHOLD} mentees: what they achieved is not shown, so "
            "that none of them can be recognised."
        )
    else:
        result.achieved = achieved
    return result


def dossier_docx(dossier: Dossier, today: date) -> bytes:
    """The dossier as Word; every text through clean_text (Word refuses control characters)."""
    document = Document()
    document.add_heading(clean_text(dossier.title), level=0)
    mentor = dossier.mentor
    facts = document.add_table(rows=0, cols=2)
    for label, value in (
        ("Name", mentor.full_name),
        ("Career stage", mentor.stage_label),
        ("Department", mentor.department or "-"),
        ("Prepared on", today.isoformat()),
    ):
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = label, clean_text(value)
    document.add_heading("Mentees, meetings and hours", level=1)
    if dossier.years:
        table = document.add_table(rows=1, cols=5)
        for cell, heading in zip(
            table.rows[0].cells,
            ("Program", "Year", "Mentees", "Meetings held", "Hours"),
            strict=True,
        ):
            cell.text = heading
        for row in dossier.years:
            values = (row.program, row.year, str(row.mentees), str(row.meetings), f"{row.hours:g}")
            for cell, value in zip(table.add_row().cells, values, strict=True):
                cell.text = clean_text(value)
    else:
        document.add_paragraph("No mentees yet.")
    document.add_heading("Observations given", level=1)
    document.add_paragraph(observations_sentence(dossier))
    document.add_heading("Training completed", level=1)
    if dossier.training:
        for on, what in dossier.training:
            document.add_paragraph(f"{on.isoformat()}: {clean_text(what)}", style=BULLET)
    else:
        document.add_paragraph(NO_TRAINING)
    document.add_heading("What the mentees achieved", level=1)
    if dossier.hidden_reason:
        document.add_paragraph(dossier.hidden_reason)
    for label, value in dossier.achieved:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def observations_sentence(dossier: Dossier) -> str:
    text = (
        f"{dossier.observations} mini-CEX observations recorded; "
        f"{dossier.procedures} procedures confirmed as supervisor."
    )
    if dossier.by_assessor:
        text += (
            f" {dossier.by_assessor} of the observations were entered as the learner's "
            "summative assessor (flagged)."
        )
    return text
