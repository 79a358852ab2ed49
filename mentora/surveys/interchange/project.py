"""What a REDCap project carries beside its dictionary, records and events.

Four small tables, each as REDCap's API and project pages export it as CSV:

- arms: `arm_num,name`;
- the instrument-event mapping: `arm_num,unique_event_name,form`;
- data access groups: `data_access_group_name,unique_group_name` (newer REDCap versions add
  `data_access_group_id`, kept as it came);
- repeating instruments and events: `event_name,form_name,custom_form_label` (the event is
  blank in a project without events; the form is blank for a repeating event).

Each is read into rows of plain strings and written back with the columns it came with, and
checked against the project: every event, form and group it names exists.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from mentora.core.cells import neutralise_text
from mentora.core.text import whole_number

from .csvio import write_rows
from .errors import InterchangeError, Problem
from .events import Event, read_table
from .model import Instrument


@dataclass(frozen=True)
class Table:
    """One of the four files: what it is called, its columns (the required ones first)."""

    part: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()


ARMS = Table("arms", ("arm_num", "name"))
MAPPING = Table("mapping", ("arm_num", "unique_event_name", "form"))
GROUPS = Table(
    "groups", ("data_access_group_name", "unique_group_name"), ("data_access_group_id",)
)
REPEATING = Table("repeating", ("event_name", "form_name", "custom_form_label"))
TABLES = (ARMS, MAPPING, GROUPS, REPEATING)


@dataclass(frozen=True)
class Metadata:
    """The four tables, each a tuple of rows (column -> cell); empty when not given."""

    arms: tuple[dict[str, str], ...] = ()
    mapping: tuple[dict[str, str], ...] = ()
    groups: tuple[dict[str, str], ...] = ()
    repeating: tuple[dict[str, str], ...] = ()
    # The columns each table came with, in their order (a table written back keeps them).
    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def rows(self, table: Table) -> tuple[dict[str, str], ...]:
        rows: tuple[dict[str, str], ...] = getattr(self, table.part)
        return rows


def parse_table(text: str, table: Table, *, source: str) -> tuple[list[str], list[dict[str, str]]]:
    """The columns and rows of one file; InterchangeError names a missing column or a row
    whose cells do not match the header."""
    required = table.required
    if table is REPEATING:  # a project without events exports form_name and custom_form_label
        required = required[1:]
    return read_table(text, source, required)


def parse_metadata(texts: dict[str, str], *, sources: dict[str, str] | None = None) -> Metadata:
    """The tables given (by part: arms, mapping, groups, repeating), every problem together."""
    sources = sources or {}
    parts: dict[str, tuple[dict[str, str], ...]] = {}
    columns: dict[str, tuple[str, ...]] = {}
    problems: list[Problem] = []
    for table in TABLES:
        text = texts.get(table.part)
        if not text:
            continue
        try:
            header, rows = parse_table(text, table, source=sources.get(table.part, table.part))
        except InterchangeError as error:
            problems += error.problems
            continue
        parts[table.part], columns[table.part] = tuple(rows), tuple(header)
    if problems:
        raise InterchangeError(problems)
    return Metadata(**parts, columns=columns)


def check_metadata(
    metadata: Metadata,
    instrument: Instrument,
    events: Sequence[Event],
    groups_used: Iterable[str] = (),
    *,
    sources: dict[str, str] | None = None,
) -> list[Problem]:
    """Every row that names an arm, event, form or group the project does not have."""
    sources = sources or {}
    forms = set(instrument.form_names)
    event_names = {event.unique_name for event in events}
    arms = {event.arm for event in events} | {
        number for row in metadata.arms if (number := _whole(row["arm_num"])) is not None
    }
    problems: list[Problem] = []

    def fail(table: Table, row: int, column: str, message: str) -> None:
        problems.append(Problem(sources.get(table.part, table.part), message, row, column))

    for number, row in enumerate(metadata.arms, start=2):
        if _whole(row["arm_num"]) is None:
            fail(ARMS, number, "arm_num", f"{row['arm_num'][:20]!r} is not an arm number")
    for number, row in enumerate(metadata.mapping, start=2):
        if _whole(row["arm_num"]) not in arms:
            message = f"{row['arm_num'][:20]!r} is not an arm of the project"
            fail(MAPPING, number, "arm_num", message)
        if event_names and row["unique_event_name"] not in event_names:
            message = f"{row['unique_event_name'][:60]!r} is not an event of the project"
            fail(MAPPING, number, "unique_event_name", message)
        if row["form"] not in forms:
            fail(MAPPING, number, "form", f"{row['form'][:60]!r} is not a form of the dictionary")
    for number, row in enumerate(metadata.repeating, start=2):
        event, form = row.get("event_name", ""), row["form_name"]
        if event and event_names and event not in event_names:
            fail(REPEATING, number, "event_name", f"{event[:60]!r} is not an event of the project")
        if form and form not in forms:
            fail(REPEATING, number, "form_name", f"{form[:60]!r} is not a form of the dictionary")
    if metadata.groups:
        listed = {row["unique_group_name"] for row in metadata.groups}
        for group in sorted(set(groups_used) - listed):
            message = f"the records' data access group {group[:60]!r} is not in this list"
            fail(GROUPS, 1, "unique_group_name", message)
    return problems


def _whole(value: str) -> int | None:
    return whole_number(value.strip())


def table_to_csv(table: Table, rows: Sequence[dict[str, str]], columns: Sequence[str] = ()) -> str:
    """One table in REDCap's CSV, with the columns it came with (else the required ones)."""
    header = list(columns) or [
        *table.required,
        *(c for c in table.optional if any(c in row for row in rows)),
    ]
    body = ([neutralise_text(row.get(column, "")) for column in header] for row in rows)
    return write_rows([header, *body])
