"""The mini-CEX domains over time, drawn with matplotlib as a PNG for the DOCX and the PDF.

A figure of its own (no pyplot state), so that two requests drawing at once do not share one.
"""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

from mentora.portfolio.pure.tables import DomainSeries

# The mini-CEX bands, shaded behind the lines: 1-3 unsatisfactory, 4-6 satisfactory, 7-9 superior.
BANDS = (
    (0.5, 3.5, "#f8e1e1", "unsatisfactory"),
    (3.5, 6.5, "#f4f1de", "satisfactory"),
    (6.5, 9.5, "#e1f0e3", "superior"),
)
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
WIDTH_INCHES, HEIGHT_INCHES, DPI = 8.0, 3.8, 150


def domain_chart(series: DomainSeries, title: str = "Mini-CEX domains over time") -> bytes:
    """The series as a PNG: one line per domain, ratings 1-9 against the day observed."""
    if not series:
        raise ValueError("no mini-CEX domain was rated: there is nothing to draw")
    # Imported here, when a portfolio is drawn: not by every web process that loads the site.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI)
    FigureCanvasAgg(figure)  # attaches itself: the figure draws without pyplot
    axes = figure.add_subplot()
    for low, high, colour, name in BANDS:
        axes.axhspan(low, high, color=colour, zorder=0)
        axes.text(
            1.005,
            (low + high) / 2,
            name,
            transform=axes.get_yaxis_transform(),
            fontsize=7,
            va="center",
            color="#57606a",
        )
    origin = series.days[0]
    for n, (label, values) in enumerate(series.domains):
        points = [
            ((day - origin).days, value)
            for day, value in zip(series.days, values, strict=True)
            if value is not None
        ]
        axes.plot(
            [x for x, _ in points],
            [value for _, value in points],
            marker=MARKERS[n % len(MARKERS)],
            linewidth=1.5,
            markersize=4,
            label=label,
            zorder=2,
        )
    last = (series.days[-1] - origin).days
    axes.set_xlim(-max(3, last * 0.03), last + max(3, last * 0.03))
    ticks = month_ticks(origin, series.days[-1])
    axes.set_xticks(
        [(day - origin).days for day in ticks], [day.strftime("%b %Y") for day in ticks], fontsize=8
    )
    axes.set_ylim(0.5, 9.5)
    axes.set_yticks(range(1, 10))
    axes.set_ylabel("Rating (1-9)")
    axes.set_title(title, fontsize=11)
    axes.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.12, 1.0), frameon=False)
    buffer = BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def month_ticks(first: date, last: date) -> list[date]:
    """Where the date axis is labelled: the first day of each month from `first` to `last`
    (at most twelve: every other month past a year...), or `first` when no month starts in
    between."""
    ticks, day = [], date(first.year, first.month, 1)
    while day <= last:
        if day >= first:
            ticks.append(day)
        day = (day + timedelta(days=32)).replace(day=1)
    step = -(-len(ticks) // 12)  # at most twelve labels
    return ticks[::step] if ticks else [first]
