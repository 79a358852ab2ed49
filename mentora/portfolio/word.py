"""The portfolio as Word (python-docx), from its outline; the chart as a picture."""

from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.document import Document as DocumentType
from docx.shared import Inches

from mentora.core.text import clean_text
from mentora.portfolio.outline import Portfolio, Table
from mentora.portfolio.pure.chart import domain_chart

# Word's paragraph style for a bulleted line (a python-docx style name, not inline CSS).
BULLET = "List Bullet"


def _table(document: DocumentType, table: Table) -> None:
    headings, rows = table
    grid = document.add_table(rows=1, cols=len(headings))
    grid.style = "Table Grid"
    for cell, heading in zip(grid.rows[0].cells, headings, strict=True):
        cell.text = clean_text(heading)
    for row in rows:
        for cell, value in zip(grid.add_row().cells, row, strict=True):
            cell.text = clean_text(value)


def _labelled(document: DocumentType, label: str, value: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{clean_text(label)}: ").bold = True
    paragraph.add_run(clean_text(value))


def portfolio_docx(portfolio: Portfolio) -> bytes:
    """Every text goes through clean_text: Word's XML refuses control characters."""
    document = Document()
    document.add_heading(clean_text(portfolio.title), level=0)
    for label, value in portfolio.facts():
        _labelled(document, label, value)

    document.add_heading("Goals achieved", level=1)
    if portfolio.goals:
        _table(document, portfolio.goal_table())
    else:
        document.add_paragraph("No goals achieved yet.")

    document.add_heading("Procedures", level=1)
    if portfolio.procedures:
        document.add_paragraph(portfolio.procedures_intro())
        _table(document, portfolio.count_table())
        document.add_heading("Procedure log", level=2)
        _table(document, portfolio.log_table())
    else:
        document.add_paragraph("No confirmed procedures yet.")

    document.add_heading("Mini-CEX domains over time", level=1)
    if portfolio.series:
        document.add_paragraph(portfolio.chart_intro())
        document.add_picture(BytesIO(domain_chart(portfolio.series)), width=Inches(6.5))
        for line in portfolio.chart_summary():
            document.add_paragraph(clean_text(line), style=BULLET)
    else:
        document.add_paragraph("No mini-CEX observations yet.")

    if portfolio.observations:
        document.add_heading("Selected observations", level=1)
        for o in portfolio.observations:
            document.add_heading(clean_text(o.heading), level=2)
            document.add_paragraph(clean_text(o.byline))
            _table(document, o.rating_table())
            if o.strengths:
                _labelled(document, "Strengths", o.strengths)
            _labelled(document, "Next step", o.next_step)
            if o.reflection:
                _labelled(document, "My reflection", o.reflection)

    if portfolio.reflections:
        document.add_heading("Selected reflections", level=1)
        for r in portfolio.reflections:
            document.add_heading(f"After the meeting of {r.on.isoformat()}", level=2)
            _labelled(document, "What I learned", r.learned)
            if r.next_actions:
                _labelled(document, "My next actions", r.next_actions)

    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()
