"""A progress bar per step: tqdm when it is installed, else one line on stderr redrawn at most
twice a second (the bench adds no dependency for it)."""

from __future__ import annotations

import importlib
import sys
import time
from types import TracebackType
from typing import Any, Protocol


class Bar(Protocol):
    def update(self, n: int) -> Any: ...

    def close(self) -> Any: ...


# Two processes writing side by side would redraw over each other's line: then each bar
# writes a line of its own every few seconds instead.
SIDE_BY_SIDE = False


class LineBar:
    """`label  45%  123,456/270,000 rows  12.3 s`, on stderr, redrawn in place."""

    def __init__(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, max(total, 1), 0
        self.started = self.drawn = time.perf_counter()
        self._draw()

    def update(self, n: int) -> None:
        self.done += n
        now = time.perf_counter()
        if now - self.drawn >= (10 if SIDE_BY_SIDE else 0.5):
            self.drawn = now
            self._draw("\n" if SIDE_BY_SIDE else "")

    def _draw(self, end: str = "") -> None:
        share = min(1.0, self.done / self.total)
        elapsed = time.perf_counter() - self.started
        start = "" if SIDE_BY_SIDE else "\r"
        sys.stderr.write(f"{start}{self.label:<42} {share:5.0%}  {self.done:>10,}/{self.total:,}"
                         f" rows  {elapsed:6.1f} s{end}")
        sys.stderr.flush()

    def close(self) -> None:
        if not SIDE_BY_SIDE or self.done:
            self._draw("\n")


def bar(label: str, total: int) -> Bar:
    try:
        tqdm: Any = importlib.import_module("tqdm").tqdm
    except ImportError:
        return LineBar(label, total)
    return tqdm(total=total, desc=label, unit="rows", unit_scale=True)  # type: ignore[no-any-return]


class Step:
    """`with Step("Meetings", rows) as progress: progress.update(n)`: a bar closed on exit."""

    def __init__(self, label: str, total: int) -> None:
        self.progress = bar(label, total)

    def __enter__(self) -> Bar:
        return self.progress

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.progress.close()
