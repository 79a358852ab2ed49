"""The report's engagement section as manuscript tables, for the downloads: the engagement
summary, participation by calendar month, by weeks since each person's own start, and the
topics pairs discussed (seed 000's decline over the year is in the first three).

Each table prints the figures the page shows, from the same report objects and in its words: a
period that had not ended when the data were read says "so far: in progress" as on the page,
never a fall, and nothing the page leaves out is added.
"""

from __future__ import annotations

from mentora.core.text import plural
from mentora.evaluation.reports.engagement import Engagement, PairedShare
from mentora.evaluation.section_tables import (
    day_text,
    p_equals,
    percent,
    share_text,
    signed_percent,
)
from mentora.evaluation.stats import ManuscriptTable, TableRow

IN_PROGRESS = " so far: in progress"
TOPICS_SHOWN = 10  # the page lists the ten most discussed


def _paired(found: PairedShare) -> str:
    """Baseline and follow-up shares and McNemar's test, the page's three lines as one."""
    return (
        f"{found.pre.group}: {share_text(found.pre)}; {found.post.group}: "
        f"{share_text(found.post)}; McNemar exact {p_equals(found.test.p_ama)} "
        f"(n = {found.test.n} paired)"
    )


def _halves(e: Engagement) -> list[tuple[str, str]]:
    """The page's two rows of mentees meeting in each half of the year, with their windows."""
    h = e.halves
    first, second = "Mentees meeting, first half of the year", "Mentees meeting, second half"
    second += " of the year"
    first_text, second_text = str(e.first_half), f"{e.second_half} (change "
    second_text += f"{signed_percent(e.decline)})"
    if h is not None:
        first += f" ({day_text(h.starts_on)} to {day_text(h.first_last_day)})"
        after = f", and after it to {day_text(h.last)} for pairs still active"
        second += f" ({day_text(h.middle)} to {day_text(h.ends_on)}"
        second += f"{after if h.past_the_end else ''})"
        first_text += "" if h.first_ended else IN_PROGRESS
        if not h.second_started:
            second_text = "Not started yet"
        elif not h.second_ended:
            second_text = f"{e.second_half}{IN_PROGRESS}"
    return [(first, first_text), (second, second_text)]


def summary_table(e: Engagement, number: int) -> ManuscriptTable:
    """The page's engagement table, row by row (survey rows where the survey asked)."""
    times = "once" if e.min_meetings == 1 else f"{e.min_meetings} times"
    rows: list[tuple[str, str]] = [
        ("Mentees enrolled", str(e.mentees)),
        ("Matched with a mentor who accepted", share_text(e.matched)),
    ]
    if e.formal_mentor:
        rows.append(("At least one formal mentor (survey)", _paired(e.formal_mentor)))
    rows += [
        (f"Met at least {times} (of matched mentees)", share_text(e.meeting_enough)),
        ("Opted out: matched but never met", share_text(e.matched_no_meeting)),
        ("Opted out: declined an assigned mentor", share_text(e.declined)),
        ("Withdrew from the program", share_text(e.withdrawn)),
    ]
    if e.idp_survey:
        rows.append(("Used an individual development plan (survey)", _paired(e.idp_survey)))
    rows.append(("Development plan shared with mentors (records)", share_text(e.plans_shared)))
    rows += _halves(e)
    return ManuscriptTable(
        title=f"Table {number} Mentee Engagement",
        header=("Measure", "Figure"),
        rows=tuple(TableRow(row) for row in rows),
        footnotes=(
            "Shares of the cohort's enrolled mentees unless said; 95% CI: Wilson score "
            "interval. Change: the second half's mentees meeting against the first half's; a "
            "half that has not ended is in progress, not a fall.",
        ),
    )


def months_table(e: Engagement, number: int) -> ManuscriptTable:
    """The page's data table of participation by month, from the cohort's start."""
    rows = tuple(
        TableRow(
            (
                f"{m.month:%B %Y}",
                f"{m.participants}{IN_PROGRESS if m.in_progress else ''}",
                str(m.meetings),
            )
        )
        for m in e.months
    )
    notes = ["Mentees meeting: mentees with at least one meeting held that month."]
    last = e.months[-1]
    if last.in_progress:
        notes.append(f"{last.month:%B %Y} has not ended: its figures are in progress, not a fall.")
    return ManuscriptTable(
        title=f"Table {number} Mentees Meeting Their Mentors by Month",
        header=("Month", "Mentees Meeting", "Meetings Held"),
        rows=rows,
        footnotes=tuple(notes),
    )


def weeks_table(e: Engagement, number: int) -> ManuscriptTable:
    """The page's data table of participation by four-week periods since each one's start."""
    rows = tuple(
        TableRow(
            (
                w.label,
                str(w.mentees),
                str(w.participants),
                f"{percent(w.share)}{IN_PROGRESS if w.in_progress else ''}",
            )
        )
        for w in e.weeks
    )
    return ManuscriptTable(
        title=f"Table {number} Mentees Meeting Their Mentors by Weeks Since Their Own Start",
        header=("Weeks Since Start", "Mentees Who Had Reached It", "Meeting in It", "Share"),
        rows=rows,
        footnotes=(
            "Of the mentees who had reached each four-week period of their own time in the "
            "program (from their own start: their block or enrolment), the share with at least "
            "one meeting held in it. A fall here is a real one; a fall by month that does not "
            "show here is people reaching the end of their part.",
            "In progress: a period some mentee had not finished when the data were read.",
        ),
    )


def topics_table(e: Engagement, number: int) -> ManuscriptTable:
    """The ten topics most discussed, as the page lists them."""
    shown = e.topics[:TOPICS_SHOWN]
    meetings = plural(e.meetings_with_topics, "meeting", "meetings")
    return ManuscriptTable(
        title=f"Table {number} Topics Most Discussed in Mentoring Meetings",
        header=("Topic", "Meetings"),
        rows=tuple(TableRow((name, str(count))) for name, count in shown),
        footnotes=(f"Of {meetings} with topics recorded.",),
    )
