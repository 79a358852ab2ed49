"""A development plan as DOCX and PDF, laid out to double as the annual performance review
document (seed 002). Both formats are written from one plain outline of the plan."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import timezone
from docx import Document
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import PropertySet, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table

from mentora.core.text import clean_text
from mentora.mentorships.models import DevelopmentPlan

GOAL_HEADINGS = ("Goal", "Measure", "Progress", "Due", "Status")


@dataclass
class Outline:
    title: str
    facts: list[tuple[str, str]]
    sections: list[tuple[str, str]]
    goals: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    review: list[tuple[str, str]] = field(default_factory=list)


def _date(moment: datetime | None) -> str:
    return timezone.localdate(moment).isoformat() if moment else "-"


def outline(plan: DevelopmentPlan) -> Outline:
    mentee = plan.mentee
    goals = [
        (
            goal.specific,
            f"{goal.target_count} {goal.unit}" if goal.target_count else "-",
            goal.measure_label() or "-",
            goal.due_on.isoformat() if goal.due_on else "-",
            goal.get_status_display(),
        )
        for goal in plan.goals.prefetch_related("progress")
    ]
    return Outline(
        title=f"Individual development plan: {mentee.full_name}",
        facts=[
            ("Name", mentee.full_name),
            ("Career stage", mentee.stage_label),
            ("Department", mentee.department or "-"),
            ("Program", plan.cohort.program.name),
            ("Cycle", plan.cohort.academic_year),
            ("Template", plan.template.name),
            ("Status", plan.get_status_display()),
            ("Shared with mentors", _date(plan.shared_at)),
        ],
        sections=[(label, answer or "-") for _, label, answer in plan.filled_sections()],
        goals=goals,
        review=[
            ("Mentor comments", plan.mentor_comments or "-"),
            ("Reviewed and signed off by", plan.reviewed_by.full_name if plan.reviewed_by else "-"),
            ("Date of sign-off", _date(plan.reviewed_at)),
        ],
    )


def plan_docx(plan: DevelopmentPlan) -> bytes:
    """The plan as Word; every text goes through clean_text, since Word's XML refuses the
    control characters a paste may have left (answers are cleaned as they are typed, too)."""
    doc_outline = outline(plan)
    document = Document()
    document.add_heading(clean_text(doc_outline.title), level=0)
    facts = document.add_table(rows=0, cols=2)
    for label, value in doc_outline.facts:
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = clean_text(label), clean_text(value)
    for label, answer in doc_outline.sections:
        document.add_heading(clean_text(label), level=2)
        document.add_paragraph(clean_text(answer))
    document.add_heading("Goals", level=1)
    if doc_outline.goals:
        table = document.add_table(rows=1, cols=len(GOAL_HEADINGS))
        for cell, heading in zip(table.rows[0].cells, GOAL_HEADINGS, strict=True):
            cell.text = heading
        for row in doc_outline.goals:
            for cell, value in zip(table.add_row().cells, row, strict=True):
                cell.text = clean_text(value)
    else:
        document.add_paragraph("No goals linked to this plan yet.")
    document.add_heading("Mentor review", level=1)
    for label, value in doc_outline.review:
        paragraph = document.add_paragraph()
        paragraph.add_run(f"{clean_text(label)}: ").bold = True
        paragraph.add_run(clean_text(value))
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _p(text: str, style: PropertySet) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def plan_pdf(plan: DevelopmentPlan) -> bytes:
    doc_outline = outline(plan)
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    story: list[Flowable] = [_p(doc_outline.title, styles["Title"])]
    facts = [[label, _p(value, body)] for label, value in doc_outline.facts]
    story.append(Table(facts, colWidths=[1.8 * inch, 4.7 * inch]))
    for label, answer in doc_outline.sections:
        story += [_p(label, styles["Heading3"]), _p(answer, body)]
    story.append(_p("Goals", styles["Heading2"]))
    if doc_outline.goals:
        rows = [list(GOAL_HEADINGS)] + [[_p(v, body) for v in row] for row in doc_outline.goals]
        story.append(Table(rows, repeatRows=1))
    else:
        story.append(_p("No goals linked to this plan yet.", body))
    story.append(_p("Mentor review", styles["Heading2"]))
    for label, value in doc_outline.review:
        story += [_p(f"{label}: {value}", body), Spacer(1, 4)]
    buffer = BytesIO()
    SimpleDocTemplate(buffer, pagesize=LETTER, title=doc_outline.title).build(story)
    return buffer.getvalue()
