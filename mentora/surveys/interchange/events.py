"""Longitudinal REDCap projects: events (Mentora's waves) and arms."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mentora.core.cells import neutralise_text
from mentora.core.text import whole_number

from .csvio import read_rows, read_text, write_rows
from .errors import InterchangeError, Problem

EVENT_COLUMNS = ("event_name", "arm_num", "unique_event_name", "custom_event_label", "event_id")
ARM_COLUMNS = ("arm_num", "name")


@dataclass(frozen=True)
class Event:
    """One event; `unique_name` is what records carry in `redcap_event_name`."""

    unique_name: str
    name: str
    arm: int
    custom_label: str = ""
    event_id: str = ""
    extra: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Arm:
    number: int
    name: str


def _table(text: str, source: str, required: Sequence[str]) -> list[dict[str, str]]:
    return read_table(text, source, required)[1]


def read_table(
    text: str, source: str, required: Sequence[str]
) -> tuple[list[str], list[dict[str, str]]]:
    """The header and rows (column -> cell) of a small CSV table of REDCap's; InterchangeError
    names a missing column or a row whose cells do not match the header."""
    rows = read_rows(text, source)
    header = rows[0] if rows else []
    missing = [column for column in required if column not in header]
    if missing:
        raise InterchangeError.single(source, f"missing columns {missing}", row=1)
    short = [
        Problem(source, f"has {len(row)} cells, the header has {len(header)}", number)
        for number, row in enumerate(rows[1:], start=2)
        if any(row) and len(row) != len(header)
    ]
    if short:
        raise InterchangeError(short)
    return header, [dict(zip(header, row, strict=True)) for row in rows[1:] if any(row)]


def _arm_number(value: str, source: str, row: int) -> int:
    number = whole_number(value.strip())
    if number is None:
        shown = repr(value[:20]) + ("..." if len(value) > 20 else "")
        raise InterchangeError.single(source, f"{shown} is not an arm number", row, "arm_num")
    return number


def parse_events(text: str, *, source: str = "<events>") -> tuple[Event, ...]:
    events = []
    seen: set[str] = set()
    for number, cells in enumerate(_table(text, source, EVENT_COLUMNS[:3]), start=2):
        unique = cells["unique_event_name"].strip()
        if not unique or unique in seen:
            message = f"unique event name {unique!r} is blank or repeated"
            raise InterchangeError.single(source, message, number, "unique_event_name")
        seen.add(unique)
        extra = {k: v for k, v in cells.items() if k not in EVENT_COLUMNS}
        events.append(
            Event(
                unique_name=unique,
                name=cells["event_name"],
                arm=_arm_number(cells["arm_num"], source, number),
                custom_label=cells.get("custom_event_label", ""),
                event_id=cells.get("event_id", ""),
                extra=extra,
            )
        )
    return tuple(events)


def parse_arms(text: str, *, source: str = "<arms>") -> tuple[Arm, ...]:
    return tuple(
        Arm(_arm_number(cells["arm_num"], source, number), cells["name"])
        for number, cells in enumerate(_table(text, source, ARM_COLUMNS), start=2)
    )


def read_events(path: Path) -> tuple[Event, ...]:
    return parse_events(read_text(path), source=str(path))


def read_arms(path: Path) -> tuple[Arm, ...]:
    return parse_arms(read_text(path), source=str(path))


def check_arms(events: Sequence[Event], arms: Sequence[Arm], *, source: str = "<events>") -> None:
    """Every event belongs to a listed arm."""
    known = {arm.number for arm in arms}
    problems = [
        Problem(source, f"event {event.unique_name!r} is in arm {event.arm}, not listed", row)
        for row, event in enumerate(events, start=2)
        if event.arm not in known
    ]
    if problems:
        raise InterchangeError(problems)


def events_to_csv(events: Sequence[Event]) -> str:
    extras = list(dict.fromkeys(key for event in events for key in event.extra))
    rows = [[*EVENT_COLUMNS, *extras]]
    for event in events:
        cells = [neutralise_text(event.name), str(event.arm), event.unique_name,
                 neutralise_text(event.custom_label), event.event_id]
        rows.append([*cells, *(event.extra.get(key, "") for key in extras)])
    return write_rows(rows)


def arms_to_csv(arms: Sequence[Arm]) -> str:
    rows = ([str(arm.number), neutralise_text(arm.name)] for arm in arms)
    return write_rows([list(ARM_COLUMNS), *rows])
