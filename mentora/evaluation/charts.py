"""Charts drawn on the server as small SVG documents, each titled for screen readers.

Hand-written SVG rather than matplotlib: a chart of a few dozen marks is a few lines of markup,
renders crisply at any width, and costs microseconds. Every chart on a page sits next to a data
table with the same numbers; suppressed groups are left out of the drawing and named in the
caption instead.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

from django.utils.safestring import SafeString, mark_safe

from mentora.core.labels import short_labels
from mentora.evaluation.pure.figures import Interval  # the rows the DOCX's forest plot draws too

__all__ = ["Interval", "bar_chart", "interval_chart"]

WIDTH = 640
INK, BRAND, SOFT, LINE = "#1f2328", "#0b5cad", "#dbe7f5", "#8c959f"


def _svg(title: str, height: int, body: list[str], chart_id: str) -> SafeString:
    head = (
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-title" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="12">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
    )
    return mark_safe(head + "".join(body) + "</svg>")


def _ticks(low: float, high: float, count: int = 5) -> list[float]:
    span = high - low or 1.0
    step = 10 ** math.floor(math.log10(span / count))
    for factor in (1, 2, 2.5, 5, 10):
        if span / (step * factor) <= count:
            step *= factor
            break
    first = math.ceil(low / step) * step
    return [first + i * step for i in range(int((high - first) / step + 1e-9) + 1)]


def _number(value: float) -> str:
    return f"{value:g}" if abs(value) >= 1 or value == 0 else f"{value:.2g}"


def bar_chart(
    title: str, labels: Sequence[str], values: Sequence[float], chart_id: str
) -> SafeString:
    """Vertical bars, e.g. mentees meeting each month."""
    height, left, bottom, top = 240, 40, 40, 16
    plot_w, plot_h = WIDTH - left - 10, height - top - bottom
    peak = max([*values, 1])
    ticks = _ticks(0, peak, 4)
    peak = max(peak, ticks[-1])
    body = []
    for tick in ticks:
        y = top + plot_h - plot_h * tick / peak
        body.append(f'<line x1="{left}" x2="{WIDTH - 10}" y1="{y:.1f}" y2="{y:.1f}" '
                    f'stroke="{SOFT}"/><text x="{left - 6}" y="{y + 4:.1f}" '
                    f'text-anchor="end" fill="{INK}">{_number(tick)}</text>')
    slot = plot_w / max(len(values), 1)
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        h = plot_h * value / peak
        x = left + i * slot + slot * 0.15
        body.append(f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{slot * 0.7:.1f}" '
                    f'height="{h:.1f}" fill="{BRAND}"><title>{escape(label)}: '
                    f'{_number(value)}</title></rect>')
        body.append(f'<text x="{x + slot * 0.35:.1f}" y="{height - bottom + 16}" '
                    f'text-anchor="middle" fill="{INK}">{escape(label)}</text>')
    return _svg(title, height, body, chart_id)


def interval_chart(
    title: str, rows: Sequence[Interval], chart_id: str, *, zero_line: bool = True,
    label_width: int = 250,
) -> SafeString:
    """A forest plot: one row per item, its estimate as a dot and its CI as a line."""
    row_h, top, bottom = 26, 10, 36
    height = top + bottom + row_h * max(len(rows), 1)
    bounds = [v for r in rows for v in (r.value, r.low, r.high) if v is not None]
    low, high = min([*bounds, 0.0]), max([*bounds, 0.0])
    pad = (high - low) * 0.05 or 1.0
    low, high = low - pad, high + pad
    left, right = label_width, WIDTH - 16

    def x(value: float) -> float:
        return left + (right - left) * (value - low) / (high - low)

    body = []
    for tick in _ticks(low, high):
        body.append(f'<line x1="{x(tick):.1f}" x2="{x(tick):.1f}" y1="{top}" '
                    f'y2="{height - bottom}" stroke="{SOFT}"/><text x="{x(tick):.1f}" '
                    f'y="{height - bottom + 16}" text-anchor="middle" fill="{INK}">'
                    f'{_number(round(tick, 6))}</text>')
    if zero_line and low < 0 < high:
        body.append(f'<line x1="{x(0):.1f}" x2="{x(0):.1f}" y1="{top}" y2="{height - bottom}" '
                    f'stroke="{LINE}" stroke-dasharray="4 3"/>')
    shorts = short_labels([row.label for row in rows])
    for i, (row, short) in enumerate(zip(rows, shorts, strict=True)):
        y = top + row_h * i + row_h / 2
        body.append(f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" fill="{INK}">'
                    f'{escape(short)}</text>')
        if row.low is not None and row.high is not None:
            body.append(f'<line x1="{x(row.low):.1f}" x2="{x(row.high):.1f}" y1="{y:.1f}" '
                        f'y2="{y:.1f}" stroke="{BRAND}" stroke-width="2"/>')
        body.append(f'<circle cx="{x(row.value):.1f}" cy="{y:.1f}" r="4.5" fill="{BRAND}">'
                    f'<title>{escape(row.label)}: {row.value:.2f}</title></circle>')
    return _svg(title, height, body, chart_id)
