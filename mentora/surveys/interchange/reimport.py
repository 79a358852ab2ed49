"""A project imported again: which rows are new, which changed and which are as they were.

Rows are matched on REDCap's key (record id, event, repeat instrument and instance). A row the
file holds and the project does not is added; a row both hold is updated when anything REDCap
exports for it differs (an answer, a form's status or timestamp, the data access group, the
survey identifier), else unchanged. Rows answered in Mentora are never overwritten, and rows the
project holds but the file does not are left as they are: nothing is deleted by an import.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .records import Answer, Record

Key = tuple[str, str | None, str | None, int | None]


@dataclass(frozen=True)
class Stored:
    """A row the project holds: its response's id, what it holds as a record, and whether it
    was answered in Mentora."""

    response_id: int
    record: Record
    answered_in_mentora: bool = False


@dataclass
class Plan:
    """What importing the records again does, counted before anything is written."""

    added: list[tuple[int, Record]] = field(default_factory=list)  # (row position, record)
    updated: list[tuple[int, int, Record]] = field(default_factory=list)  # (id, position, ...)
    unchanged: int = 0
    kept: int = 0  # rows answered in Mentora, which an import never overwrites
    absent: int = 0  # rows the project holds that the file does not
    moved: list[tuple[int, int]] = field(default_factory=list)  # unchanged rows' new positions

    def summary(self, *, dry_run: bool = False) -> str:
        verbs = ("would add", "would update", "would leave") if dry_run else (
            "added", "updated", "left")
        parts = [
            f"{verbs[0]} {len(self.added)}",
            f"{verbs[1]} {len(self.updated)}",
            f"{verbs[2]} {self.unchanged} unchanged",
        ]
        text = ", ".join(parts) + " rows"
        if self.kept:
            text += f"; {self.kept} answered in Mentora kept as they are"
        if self.absent:
            text += f"; {self.absent} not in the file kept"
        return text


def same_values(a: Mapping[str, Answer], b: Mapping[str, Answer]) -> bool:
    return dict(a) == dict(b)


def same_row(stored: Record, new: Record) -> bool:
    """Whether a row as the project holds it is the row the file holds."""
    return (
        same_values(stored.values, new.values)
        and dict(stored.completion) == dict(new.completion)
        and dict(stored.timestamps) == dict(new.timestamps)
        and dict(stored.extra) == dict(new.extra)
        and stored.data_access_group == new.data_access_group
        and stored.survey_identifier == new.survey_identifier
    )


def plan(
    stored: Mapping[Key, Stored],
    records: Sequence[Record],
    positions: Mapping[int, int | None] | None = None,
) -> Plan:
    """What to add, update and leave; `positions` are the stored rows' positions (by response
    id), so an unchanged row whose place in the file moved is noted in `moved`."""
    result = Plan()
    positions = positions or {}
    seen: set[Key] = set()
    for position, record in enumerate(records):
        key = record.key
        seen.add(key)
        held = stored.get(key)
        if held is None:
            result.added.append((position, record))
        elif held.answered_in_mentora:
            result.kept += 1
        elif not same_row(held.record, record):
            result.updated.append((held.response_id, position, record))
        else:
            result.unchanged += 1
            if positions.get(held.response_id) != position:
                result.moved.append((held.response_id, position))
    result.absent = sum(1 for key in stored if key not in seen)
    return result
