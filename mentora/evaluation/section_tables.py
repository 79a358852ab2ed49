"""The report's sections beyond seed 002's Tables 1 to 3 as manuscript tables, for the downloads:
event and training attendance, participation by block, what mentors gained, the equity
breakdowns and the perceptions of the program (the engagement section's tables are in
`engagement_tables`); and the page's ways of printing a share, a percent and a P value, which
its template filters use too.

Each table prints the figures the page shows, from the same report objects: a cell the page
suppresses is an asterisk here, and nothing the page leaves out is added.
"""

from __future__ import annotations

from datetime import date

from mentora.evaluation.reports.attendance import Attendance
from mentora.evaluation.reports.blocks import BlockParticipation, Blocks
from mentora.evaluation.reports.equity import Breakdown, GroupFigure
from mentora.evaluation.reports.growth import MentorGrowth
from mentora.evaluation.reports.perceptions import Agreement, OptionCounts
from mentora.evaluation.stats import ManuscriptTable, Share, TableRow

HIDDEN = "*"


def share_text(value: Share | None) -> str:
    """`16 of 23 (70%; 95% CI 49-84%)`, or a dash when there is nobody to count."""
    if value is None:
        return "-"
    return (
        f"{value.count} of {value.n} ({100 * value.share:.0f}%; 95% CI "
        f"{100 * value.ci_low:.0f}-{100 * value.ci_high:.0f}%)"
    )


def percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.0f}%"


def signed_percent(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:+.0f}%"


def p_equals(p_text: str) -> str:
    """`P = .03`, or `P < .001` where the value already carries its sign."""
    if not p_text:
        return "P not computable"
    return f"P {p_text[0]} {p_text[1:]}" if p_text[0] in "<>" else f"P = {p_text}"


def day_text(day: date) -> str:
    """`1 Jul 2026`, as the page prints a day."""
    return f"{day.day} {day:%b %Y}"


def figure_text(figure: GroupFigure, kind: str) -> tuple[str, str, str]:
    """(n, value, 95% CI) as printed; suppressed cells print an asterisk."""
    n = "*" if figure.n is None else str(figure.n)
    if figure.value is None:
        return n, "*", ""
    if kind == "share":
        value = f"{figure.count} ({100 * figure.value:.0f}%)"
        ci = _ci(figure, 100, 0, "%")
    else:
        value = f"{figure.value:.2f}"
        ci = _ci(figure, 1, 2, "")
    return n, value, ci


def _ci(figure: GroupFigure, scale: float, decimals: int, unit: str) -> str:
    if figure.ci_low is None or figure.ci_high is None:
        return ""
    low, high = scale * figure.ci_low, scale * figure.ci_high
    joiner = " to " if low < 0 or high < 0 else "-"
    return f"{low:.{decimals}f}{joiner}{high:.{decimals}f}{unit}"


def suppressed_note(threshold: int) -> str:
    """The note under a table of groups whose small cells, and their complements, are hidden."""
    return (
        f"*Suppressed: fewer than {threshold} people, or a cell that would let a suppressed "
        "one be worked out from the totals."
    )


def equity_table(breakdowns: tuple[Breakdown, ...], number: int, threshold: int) -> ManuscriptTable:
    rows: list[TableRow] = []
    current = ""
    for b in breakdowns:
        if b.measure != current:
            current = b.measure
            rows.append(TableRow((b.label,), section=True))
        for figure in (*b.groups, b.overall):
            rows.append(TableRow((f"{b.dimension}: {figure.group}", *figure_text(figure, b.kind))))
    return ManuscriptTable(
        title=f"Table {number} Mentoring Measures by Gender and Underrepresented Status",
        header=("Measure and Group", "n", "Mean or Count (%)", "95% CI"),
        rows=tuple(rows),
        footnotes=(
            suppressed_note(threshold),
            "CI: t interval for means; Wilson score interval for shares.",
        ),
    )


def _share_cells(value: Share) -> tuple[str, str]:
    """(count (%), 95% CI) as the equity table prints a share."""
    figure = GroupFigure(
        value.group, value.n, value.share, value.ci_low, value.ci_high, value.count
    )
    _, count, ci = figure_text(figure, "share")
    return count, ci


def attendance_table(found: Attendance, number: int) -> ManuscriptTable:
    """One row per kind of event and side (mentees, mentors), as the page's attendance table."""
    rows = []
    for row in found.rows:
        count, ci = _share_cells(row.attended) if row.attended else (HIDDEN, "")
        rows.append(TableRow((row.kind, row.side, str(row.events), str(row.enrolled), count, ci)))
    notes = [
        "n: the cohort's enrolled mentees, or mentors (every one of them, invited or not); "
        "Events: the events of that kind they were invited to.",
        "Attended at least one event of that kind; CI: Wilson score interval.",
    ]
    if found.hidden:
        notes.append(
            f"*Suppressed: fewer than {found.threshold} people attended, or fewer than "
            f"{found.threshold} did not (either count gives the other away)."
        )
    return ManuscriptTable(
        title=f"Table {number} Attendance at Events and Training by Kind of Event",
        header=("Kind of Event", "Of the", "Events", "n", "Attended, No. (%)", "95% CI"),
        rows=tuple(rows),
        footnotes=tuple(notes),
    )


def block_cells(block: BlockParticipation) -> tuple[str, ...]:
    """(Mentees, Matched, Met During, Met After, Withdrew, Meetings in the Block) as the page and
    the downloads print them: a suppressed figure is an asterisk, a share of nobody a dash."""

    def shown(name: str, text: str) -> str:
        return HIDDEN if name in block.hidden else text

    return (
        shown("mentees", str(block.mentees)),
        shown("matched", share_text(block.matched)),
        shown("met_in_block", share_text(block.met_in_block)),
        shown("met_after", share_text(block.met_after)),
        shown("withdrawn", share_text(block.withdrawn)),
        shown("meetings_in_block", str(block.meetings_in_block)),
    )


def blocks_table(blocks: Blocks, number: int) -> ManuscriptTable:
    """One row per rotation block with mentees, in the blocks' order, as the page's table."""
    rows = tuple(
        TableRow(
            (
                b.name,
                f"{day_text(b.starts_on)} to {day_text(b.ends_on)}",
                *block_cells(b),
            )
        )
        for b in blocks.rows
    )
    mentees = HIDDEN if blocks.mentees is None else str(blocks.mentees)
    notes = [
        f"n = {mentees} mentees, each counted in their own block. Matched and Withdrew are "
        "of the block's mentees; Met During and Met After the Block are of its matched "
        "mentees (a meeting after the block is a relationship that went on).",
        "CI: Wilson score interval. -: no matched mentee to count.",
    ]
    if blocks.hidden:
        notes.append(suppressed_note(blocks.threshold))
    return ManuscriptTable(
        title=f"Table {number} Mentee Participation by Rotation Block",
        header=(
            "Block",
            "Dates",
            "Mentees",
            "Matched",
            "Met During the Block",
            "Met After the Block",
            "Withdrew",
            "Meetings in the Block",
        ),
        rows=rows,
        footnotes=tuple(notes),
    )


def growth_table(growth: MentorGrowth, number: int) -> ManuscriptTable:
    """One row per competency with an entry, in framework order, as the page's table."""
    rows = tuple(
        TableRow(
            (
                f"{c.code}: {c.name}",
                c.framework,
                HIDDEN if c.mentors is None else str(c.mentors),
                HIDDEN if c.entries is None else str(c.entries),
            )
        )
        for c in growth.competencies
    )
    writing = HIDDEN if growth.writing is None else str(growth.writing)
    notes = [
        f"Mentors who recorded what mentoring taught them: {writing} of {growth.mentors} "
        "enrolled as mentors.",
        "Mentors: those with at least one entry mapped to the competency; Entries: those "
        "entries. An entry may touch several competencies, so the rows do not add up.",
    ]
    if growth.hidden or growth.writing is None:
        notes.append(
            f"*Suppressed: fewer than {growth.threshold} mentors (a competency's entries are "
            "hidden with its mentors; the mentors who wrote are hidden when they or those who "
            "did not are fewer)."
        )
    return ManuscriptTable(
        title=f"Table {number} Competencies Mentors Reported Gaining from Mentoring",
        header=("Competency", "Framework", "Mentors", "Entries"),
        rows=rows,
        footnotes=tuple(notes),
    )


def perceptions_table(
    agreements: tuple[Agreement, ...], chosen: tuple[OptionCounts, ...], number: int
) -> ManuscriptTable:
    """Each item of the perception surveys under its own heading row, as the page lists them:
    an agreement item's share by side (mentees, mentors), then a tick-all item's options."""
    rows: list[TableRow] = []
    for a in agreements:
        rows.append(TableRow((f"{a.label} ({a.wave}): {a.answer}",), section=True))
        rows.extend(TableRow((s.group, share_text(s))) for s in a.by_role)
    for o in chosen:
        rows.append(TableRow((f"{o.label} ({o.wave}): chosen by",), section=True))
        rows.extend(
            TableRow((s.group, f"{s.count} of {s.n} ({percent(s.share)})")) for s in o.options
        )
    return ManuscriptTable(
        title=f"Table {number} Perceptions of the Program",
        header=("Survey Item and Side or Option", "No. of Those Answering (%)"),
        rows=tuple(rows),
        footnotes=(
            "Each instrument's latest wave. Agreement items: those who agreed or strongly agreed "
            "(or answered yes), by side, with the Wilson score 95% CI; tick-all items: of those "
            "who ticked any option, those who chose each.",
        ),
    )
