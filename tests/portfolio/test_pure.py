"""The portfolio's tables and chart on plain data."""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from mentora.portfolio.pure.chart import domain_chart, month_ticks
from mentora.portfolio.pure.tables import ProcedureRow, domain_series, procedure_table

LEVELS = ("observed", "assisted", "supervised", "independent")
DOMAINS = (("overall", "Overall"), ("counseling", "Counseling"), ("judgment", "Judgment"))


def test_procedures_are_counted_by_level_the_most_done_first():
    rows = procedure_table(
        [
            ("suturing", "observed"),
            ("shoulder reduction", "supervised"),
            ("shoulder reduction", "supervised"),
            ("suturing", "assisted"),
            ("shoulder reduction", "assisted"),
        ],
        LEVELS,
    )
    assert rows == [
        ProcedureRow("shoulder reduction", (0, 1, 2, 0)),
        ProcedureRow("suturing", (1, 1, 0, 0)),
    ]
    assert rows[0].total == 3


def test_an_unknown_level_is_an_error_not_a_zero():
    with pytest.raises(ValueError, match="'expert' is not one of observed"):
        procedure_table([("suturing", "expert")], LEVELS)


def test_ratings_of_a_day_are_averaged_and_a_domain_never_rated_is_left_out():
    series = domain_series(
        [
            (date(2026, 10, 1), {"overall": 6, "judgment": None}),
            (date(2026, 9, 1), {"overall": 4, "judgment": 3}),
            (date(2026, 10, 1), {"overall": 7, "judgment": 5}),
        ],
        DOMAINS,
    )
    assert series.days == (date(2026, 9, 1), date(2026, 10, 1))
    assert series.domains == (("Overall", (4.0, 6.5)), ("Judgment", (3.0, 5.0)))
    assert series.first_and_latest()[0] == (
        "Overall",
        (date(2026, 9, 1), 4.0),
        (date(2026, 10, 1), 6.5),
    )


def test_a_domain_first_rated_later_starts_there():
    series = domain_series(
        [(date(2026, 9, 1), {"overall": 4}), (date(2026, 11, 1), {"overall": 8, "counseling": 6})],
        DOMAINS,
    )
    assert dict(series.domains)["Counseling"] == (None, 6.0)
    assert series.first_and_latest()[1] == (
        "Counseling",
        (date(2026, 11, 1), 6.0),
        (date(2026, 11, 1), 6.0),
    )


def test_the_chart_is_a_png_and_nothing_to_draw_is_said():
    series = domain_series(
        [(date(2026, 9, 1), {"overall": 4}), (date(2026, 11, 1), {"overall": 8})], DOMAINS
    )
    png = domain_chart(series)
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 5000
    assert domain_chart(domain_series([(date(2026, 9, 1), {"overall": 5})], DOMAINS))
    with pytest.raises(ValueError, match="nothing to draw"):
        domain_chart(domain_series([(date(2026, 9, 1), {"overall": None})], DOMAINS))


def test_the_tables_and_the_chart_import_no_django():
    code = (
        "import sys, mentora.portfolio.pure.chart, mentora.portfolio.pure.tables\n"
        "assert 'django' not in sys.modules, 'django was imported'\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_date_axis_is_labelled_at_month_starts_at_most_twelve_times():
    assert month_ticks(date(2026, 7, 10), date(2026, 10, 1)) == [
        date(2026, 8, 1),
        date(2026, 9, 1),
        date(2026, 10, 1),
    ]
    assert month_ticks(date(2026, 9, 3), date(2026, 9, 20)) == [date(2026, 9, 3)]
    two_years = month_ticks(date(2025, 1, 1), date(2026, 12, 31))
    assert len(two_years) == 12 and two_years[:2] == [date(2025, 1, 1), date(2025, 3, 1)]
