"""Drawing the sample of units that two or more coders code blind."""

from __future__ import annotations

import math
import random
from collections.abc import Sequence

DEFAULT_SHARE = 20  # per cent
LOWEST_SHARE, HIGHEST_SHARE = 10, 25


class SampleError(ValueError):
    """A sample that cannot be drawn; the message says why."""


def sample_size(units: int, percent: int) -> int:
    """How many of `units` a `percent` sample holds: rounded up, at least one, at most all."""
    if not LOWEST_SHARE <= percent <= HIGHEST_SHARE:
        raise SampleError(
            f"share: {percent}% is outside {LOWEST_SHARE}-{HIGHEST_SHARE}%, the share of units "
            "double coded"
        )
    if units <= 0:
        raise SampleError("the project has no uncoded source to sample")
    return min(units, max(1, math.ceil(units * percent / 100)))


def draw(units: Sequence[int], percent: int, seed: int) -> list[int]:
    """A simple random sample of `units` (ids), the same for the same seed, in id order."""
    size = sample_size(len(units), percent)
    return sorted(random.Random(seed).sample(sorted(units), size))
