"""The response-rate chart's labels: each wave's label cut to fit, told apart from the others."""

from __future__ import annotations

from collections.abc import Sequence

from django import template

from mentora.core.labels import short_labels
from mentora.surveys.actions import WaveRate

register = template.Library()

LABEL_LIMIT = 40  # characters of a wave's label beside its bar


@register.filter
def with_short_labels(rates: Sequence[WaveRate]) -> list[tuple[WaveRate, str]]:
    """(rate, the wave's label as the chart prints it) for each wave, in order."""
    shorts = short_labels([rate.wave.label for rate in rates], LABEL_LIMIT)
    return list(zip(rates, shorts, strict=True))
