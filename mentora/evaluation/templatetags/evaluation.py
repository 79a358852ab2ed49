from __future__ import annotations

from django import template

from mentora.evaluation import section_tables
from mentora.evaluation.stats import Share

register = template.Library()


@register.filter
def share_text(value: Share | None) -> str:
    """`16 of 23 (70%; 95% CI 49-84%)`, or a dash when there is nobody to count; the downloads
    print a share the same way."""
    return section_tables.share_text(value)


@register.filter
def percent(value: float | None) -> str:
    return section_tables.percent(value)


@register.filter
def signed_percent(value: float | None) -> str:
    return section_tables.signed_percent(value)


@register.filter
def p_equals(p_text: str) -> str:
    """`P = .03`, or `P < .001` where the value already carries its sign."""
    return section_tables.p_equals(p_text)
