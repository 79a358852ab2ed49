"""Labels cut to fit a chart, each still telling its row from the others.

Pure (no Django). A chart names its rows in little room: a long label is cut, and two items
whose wording differs only near its end ("... for my research career", "... for my clinical
career") must not both read "I feel confident setting goals fo…".
"""

from __future__ import annotations

from collections.abc import Sequence


def _cut(label: str, limit: int, words: int = 0) -> str:
    """The label in at most `limit` characters: its start, then "…" and its last `words`
    words; the label itself when it fits."""
    if len(label) <= limit:
        return label
    tail = " ".join(label.split()[-words:]) if words else ""
    return label[: max(limit - 1 - len(tail), 0)].rstrip() + "…" + tail


def _clashes(short: list[str], labels: Sequence[str]) -> list[list[int]]:
    """Groups of positions whose short texts agree although their labels differ."""
    groups: dict[str, list[int]] = {}
    for i, text in enumerate(short):
        groups.setdefault(text, []).append(i)
    return [group for group in groups.values() if len({labels[i] for i in group}) > 1]


def short_labels(labels: Sequence[str], limit: int = 38) -> list[str]:
    """Each label in at most `limit` characters, distinct labels kept distinct.

    A long label keeps its start; where two would be cut to the same text (items that differ
    only at their end, "I can set goals for my research" and "... for my clinical work"), those
    keep as many of their last words as make them differ, while at least a third of the space
    is left for the start; labels that still agree (a difference deep in the middle) are
    numbered in their order. The same label twice stays the same.
    """
    short = [_cut(label, limit) for label in labels]
    for group in _clashes(short, labels):
        distinct = len({labels[i] for i in group})
        for words in range(1, limit):
            cut = {i: _cut(labels[i], limit, words) for i in group}
            if any(len(text.split("…")[0]) < limit // 3 for text in cut.values()):
                break
            if len(set(cut.values())) == distinct:
                short = [cut.get(i, text) for i, text in enumerate(short)]
                break
    for group in _clashes(short, labels):
        order = list(dict.fromkeys(labels[i] for i in group))
        for i in group:
            mark = f" ({order.index(labels[i]) + 1})"
            short[i] = _cut(labels[i], limit - len(mark)) + mark
    return short
