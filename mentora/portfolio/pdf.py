"""The portfolio as PDF (ReportLab), from its outline; the chart as an image."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle, PropertySet, getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.lib.utils import ImageReader
from reportlab.platypus import (
    Flowable,
    Image,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from mentora.core.text import clean_text
from mentora.portfolio import outline
from mentora.portfolio.outline import Portfolio
from mentora.portfolio.pure.chart import domain_chart

WIDTH = 6.5 * inch
GOAL_WIDTHS = (1.9, 1.5, 0.9, 1.1, 1.1)  # inches: the goal's words need the room


def _grid() -> TableStyle:
    style = TableStyle()
    style.add("GRID", (0, 0), (-1, -1), 0.4, colors.grey)
    style.add("VALIGN", (0, 0), (-1, -1), "TOP")
    style.add("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f6"))
    return style


def _p(text: str, style: PropertySet) -> Paragraph:
    return Paragraph(escape(clean_text(text)).replace("\n", "<br/>"), style)


def _table(table: outline.Table, style: PropertySet, widths: Sequence[float] = ()) -> Table:
    headings, rows = table
    cells = [[_p(h, style) for h in headings]] + [[_p(v, style) for v in r] for r in rows]
    return Table(cells, colWidths=[w * inch for w in widths] or None, repeatRows=1, style=_grid())


def _chart(portfolio: Portfolio) -> Image:
    png = domain_chart(portfolio.series)
    width, height = ImageReader(BytesIO(png)).getSize()
    return Image(BytesIO(png), width=WIDTH, height=WIDTH * height / width)


def portfolio_pdf(portfolio: Portfolio) -> bytes:
    styles = getSampleStyleSheet()
    body = styles["BodyText"]
    small = ParagraphStyle("small", parent=body, fontSize=8, leading=10)
    h1, h2 = styles["Heading2"], styles["Heading3"]
    story: list[Flowable] = [_p(portfolio.title, styles["Title"])]
    story.append(
        Table(
            [[label, _p(value, body)] for label, value in portfolio.facts()],
            colWidths=[1.6 * inch, 4.9 * inch],
        )
    )

    story.append(_p("Goals achieved", h1))
    if portfolio.goals:
        story.append(_table(portfolio.goal_table(), small, GOAL_WIDTHS))
    else:
        story.append(_p("No goals achieved yet.", body))

    story.append(_p("Procedures", h1))
    if portfolio.procedures:
        story += [
            _p(portfolio.procedures_intro(), body),
            _table(portfolio.count_table(), small),
            _p("Procedure log", h2),
            _table(portfolio.log_table(), small),
        ]
    else:
        story.append(_p("No confirmed procedures yet.", body))

    story.append(_p("Mini-CEX domains over time", h1))
    if portfolio.series:
        story += [_p(portfolio.chart_intro(), body), _chart(portfolio)]
        story += [_p(f"• {line}", body) for line in portfolio.chart_summary()]
    else:
        story.append(_p("No mini-CEX observations yet.", body))

    if portfolio.observations:
        story.append(_p("Selected observations", h1))
        for o in portfolio.observations:
            story += [_p(o.heading, h2), _p(o.byline, body), _table(o.rating_table(), small)]
            if o.strengths:
                story.append(_p(f"Strengths: {o.strengths}", body))
            story.append(_p(f"Next step: {o.next_step}", body))
            if o.reflection:
                story.append(_p(f"My reflection: {o.reflection}", body))

    if portfolio.reflections:
        story.append(_p("Selected reflections", h1))
        for r in portfolio.reflections:
            story.append(_p(f"After the meeting of {r.on.isoformat()}", h2))
            story.append(_p(f"What I learned: {r.learned}", body))
            if r.next_actions:
                story.append(_p(f"My next actions: {r.next_actions}", body))
            story.append(Spacer(1, 4))

    buffer = BytesIO()
    SimpleDocTemplate(
        buffer, pagesize=LETTER, title=portfolio.title, author=portfolio.learner
    ).build(story)
    return buffer.getvalue()
