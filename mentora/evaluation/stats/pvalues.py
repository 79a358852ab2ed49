"""P values written the way journals print them.

AMA Manual of Style: no leading zero; two digits after the point, or three when P < .01; `<.001`
below that and `>.99` for what would round to 1.00. Where rounding to two digits would push a
value just under .05 up to .05, three digits are kept (.046, not .05) so a table never changes
what the test concluded.
"""

from __future__ import annotations

import math
from typing import Literal

PStyle = Literal["ama", "three"]


def _bare(value: float, digits: int) -> str:
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("0") else text


def format_p(p: float, style: PStyle = "ama") -> str:
    """Format a P value; NaN (no test possible) gives an empty string.

    `style="three"` rounds to three digits throughout, `<.001` only when that rounding gives
    .000 and no ceiling, as R's round(p, 3) in seed 002's tables does (.0006 prints .001, 1 prints
    1.000); use it only to reproduce such a table or for a journal that asks for it.
    """
    if math.isnan(p):
        return ""
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"a P value must lie between 0 and 1, not {p!r}")
    if style == "three":
        three = _bare(p, 3)
        return "<.001" if three == ".000" else three
    if p < 0.001:
        return "<.001"
    if p < 0.01:
        three = _bare(p, 3)
        return ".01" if three == ".010" else three
    if 0.045 <= p < 0.05:
        # Truncate rather than round: .0496 must not print as .050.
        return _bare(math.floor(p * 1000) / 1000, 3)
    two = _bare(p, 2)
    return ">.99" if two == "1.00" else two
