"""The report's figures for its Word download, drawn with matplotlib as PNG pictures.

A forest plot of the pre/post comparison (the page's `interval_chart`: one row per item, its mean
difference as a dot, its 95% CI as a line, a dashed line at no change), built from the rows the
page's chart reads (`mentora.evaluation.prepost_figures`); and bar charts of one column of a
manuscript table, built from the same rows the table prints
(`mentora.evaluation.engagement_figures`). So a figure never shows a number its table leaves out.
A period that had not ended when the data were read is drawn apart, lighter and hatched and
labelled "in progress", as the page tells it apart: never read as a fall.

A figure of its own (no pyplot state), so that two requests drawing at once do not share one;
`bar_figure` returns the matplotlib figure so what it plots can be read before it is rendered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import TYPE_CHECKING

from mentora.core.labels import short_labels

if TYPE_CHECKING:
    from matplotlib.figure import Figure
# matplotlib itself is imported when a figure is drawn (a Word download), not when the report
# page's code loads: every web process would pay half a second and its memory at start.

BRAND, PALE, INK = "#0b5cad", "#c9dcf2", "#1f2328"  # the page's bar colour (charts.py), lighter
IN_PROGRESS = "in progress"
WIDTH_INCHES, HEIGHT_INCHES, DPI = 6.5, 3.2, 150


@dataclass(frozen=True)
class Interval:
    """One row of a forest plot: an estimate and its CI (None where none could be computed)."""

    label: str
    value: float
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Bar:
    name: str  # the table row's own label: "January 2026", "Weeks 1-4"
    label: str  # under the bar: "Jan 2026", "1-4"
    value: float | None  # None: no one to count (no bar, the table prints "-")
    in_progress: bool = False


@dataclass(frozen=True)
class CaptionedFigure:
    """A drawn figure as the Word download places it: its numbered caption above, the picture
    with its alternative text, and a note below."""

    caption: str  # "Figure 1 Mentees Meeting Their Mentors by Month"
    alt: str  # what a screen reader says: the chart and every bar's figure
    note: str
    png: bytes


def bar_figure(bars: Sequence[Bar], *, ylabel: str, xlabel: str, percent: bool = False) -> Figure:
    """One bar per period, its height the figure the table prints; bars in progress drawn lighter,
    hatched and labelled "in progress"; a share in percent on a 0-100 axis if `percent`."""
    if not bars:
        raise ValueError("no period to draw: the table has no rows")
    figure = _figure(HEIGHT_INCHES)
    axes = figure.add_subplot()
    drawn = [(x, bar) for x, bar in enumerate(bars) if bar.value is not None]
    values = [float(bar.value or 0) for _, bar in drawn]
    patches = axes.bar(
        [x for x, _ in drawn], values, width=0.7,
        color=[PALE if bar.in_progress else BRAND for _, bar in drawn],
        edgecolor=BRAND, linewidth=0.8,
        hatch=[("//" if bar.in_progress else "") for _, bar in drawn],
    )
    for patch, (_, bar) in zip(patches, drawn, strict=True):
        patch.set_gid(bar.name)
        if bar.in_progress:
            axes.annotate(IN_PROGRESS, (patch.get_x() + patch.get_width() / 2, patch.get_height()),
                          xytext=(0, 3), textcoords="offset points", ha="center", va="bottom",
                          fontsize=7, color=INK)
    top = 100.0 if percent else max([*values, 1.0]) * 1.15
    axes.set_ylim(0, top * (1.08 if percent and any(b.in_progress for b in bars) else 1.0))
    axes.set_xticks(range(len(bars)), [bar.label for bar in bars], fontsize=7,
                    rotation=45 if len(bars) > 8 else 0, ha="right" if len(bars) > 8 else "center")
    axes.set_ylabel(ylabel, fontsize=8)
    axes.set_xlabel(xlabel, fontsize=8)
    axes.tick_params(axis="y", labelsize=7)
    axes.spines[["top", "right"]].set_visible(False)
    if any(bar.in_progress for bar in bars):
        from matplotlib.patches import Patch

        axes.legend(handles=[Patch(facecolor=PALE, edgecolor=BRAND, hatch="//",
                                   label="In progress: not ended when the data were read")],
                    fontsize=7, frameon=False, loc="lower center", bbox_to_anchor=(0.5, 1.0))
    figure.tight_layout()
    return figure


def _figure(height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=DPI)
    FigureCanvasAgg(figure)  # attaches itself: the figure draws without pyplot
    return figure


def forest_figure(rows: Sequence[Interval], *, xlabel: str) -> Figure:
    """The page's forest plot: the items top to bottom in its order, named by its short labels
    (each line's gid is the item's whole label), the estimate a dot, its CI a line (none when
    there is no CI), a dashed line at zero: no change."""
    if not rows:
        raise ValueError("no item to draw: the table has no rows")
    figure = _figure(0.9 + 0.3 * len(rows))
    axes = figure.add_subplot()
    for y, row in enumerate(rows):
        if row.low is not None and row.high is not None:
            axes.plot([row.low, row.high], [y, y], color=BRAND, linewidth=1.6,
                      solid_capstyle="butt", gid=f"CI: {row.label}")
        axes.plot([row.value], [y], "o", color=BRAND, markersize=5, gid=row.label)
    axes.axvline(0.0, color=INK, linestyle="--", linewidth=0.8, gid="no change")
    bounds = [v for r in rows for v in (r.value, r.low, r.high) if v is not None]
    low, high = min([*bounds, 0.0]), max([*bounds, 0.0])
    pad = (high - low) * 0.05 or 1.0
    axes.set_xlim(low - pad, high + pad)
    axes.set_ylim(len(rows) - 0.5, -0.5)  # the first item on top, as on the page
    axes.set_yticks(range(len(rows)), short_labels([row.label for row in rows]), fontsize=7)
    axes.set_xlabel(xlabel, fontsize=8)
    axes.tick_params(axis="x", labelsize=7)
    axes.grid(axis="x", color=PALE, linewidth=0.6)
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
    figure.tight_layout()
    return figure


def png(figure: Figure) -> bytes:
    buffer = BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def alt_text(what: str, bars: Sequence[Bar], unit: str = "") -> str:
    """The chart said in words, every bar's figure as its table prints it."""
    said = "; ".join(
        f"{bar.name}: {'no one' if bar.value is None else f'{bar.value:.0f}{unit}'}"
        + (f" ({IN_PROGRESS})" if bar.in_progress else "")
        for bar in bars
    )
    return f"Bar chart of {what}. {said}."
