"""The one exception the statistics core raises, so callers can show its message as it is."""

from __future__ import annotations


class StatsError(ValueError):
    """Input the statistics cannot use; the message names the column, row or value at fault."""
