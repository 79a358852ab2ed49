"""The figures of the report's engagement section for the Word download: mentees meeting by
month, and the share meeting by four-week period since each one's own start (seed 000's decline
over the year, and whether it is a real one).

Each figure is built from the rows its table prints (`engagement_tables`), from the same report
objects, so it never shows a number the table hides; a period not ended is drawn apart.
"""

from __future__ import annotations

from mentora.evaluation.pure.figures import Bar, CaptionedFigure, alt_text, bar_figure, png
from mentora.evaluation.reports.engagement import Engagement

MONTHS_CAPTION = "Mentees Meeting Their Mentors by Month"
WEEKS_CAPTION = "Share of Mentees Meeting Their Mentors by Weeks Since Their Own Start"


def month_bars(e: Engagement) -> list[Bar]:
    """Table "by Month"'s Mentees Meeting column, a bar per row."""
    return [Bar(f"{m.month:%B %Y}", f"{m.month:%b %Y}", m.participants, m.in_progress)
            for m in e.months]


def week_bars(e: Engagement) -> list[Bar]:
    """Table "by Weeks Since Their Own Start"'s Share column in percent, a bar per row."""
    return [
        Bar(w.label, f"{w.first_week}-{w.last_week}",
            None if w.share is None else 100 * w.share, w.in_progress)
        for w in e.weeks
    ]


def _in_progress(bars: list[Bar]) -> str:
    names = [bar.name for bar in bars if bar.in_progress]
    if not names:
        return ""
    return (f" Drawn lighter and hatched, labelled \"in progress\": {', '.join(names)}, not ended "
            "when the data were read; not a fall.")


def months_figure(e: Engagement, table: int, number: int) -> CaptionedFigure:
    bars = month_bars(e)
    drawn = bar_figure(bars, ylabel="Mentees meeting", xlabel="Month")
    return CaptionedFigure(
        caption=f"Figure {number} {MONTHS_CAPTION}",
        alt=alt_text("mentees meeting their mentors by month (mentees with at least one meeting "
                     "held that month)", bars),
        note=f"Mentees with at least one meeting held, by month: Table {table}'s figures."
             + _in_progress(bars),
        png=png(drawn),
    )


def weeks_figure(e: Engagement, table: int, number: int) -> CaptionedFigure:
    bars = week_bars(e)
    drawn = bar_figure(bars, ylabel="Mentees meeting (%)", xlabel="Weeks since their own start",
                       percent=True)
    return CaptionedFigure(
        caption=f"Figure {number} {WEEKS_CAPTION}",
        alt=alt_text("the share of mentees meeting their mentors in each four-week period since "
                     "their own start, of those who had reached it", bars, "%"),
        note=f"Of the mentees who had reached each four-week period, the share with at least one "
             f"meeting held in it: Table {table}'s figures." + _in_progress(bars),
        png=png(drawn),
    )
