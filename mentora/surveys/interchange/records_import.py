"""Importing a REDCap raw records export: every cell checked before anything is returned."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mentora.core.text import whole_number

from .choices import checkbox_column
from .csvio import read_rows, read_text
from .errors import InterchangeError, Problem
from .events import Event
from .labels import refuse_label_export
from .model import Instrument, ItemType
from .records import (
    DATA_ACCESS_GROUP,
    EVENT,
    NOT_COMPLETED,
    REPEAT_INSTANCE,
    REPEAT_INSTRUMENT,
    SURVEY_IDENTIFIER,
    Answer,
    FormStatus,
    RawLayout,
    Record,
    RecordSet,
)
from .values import trimmed, value_warning

_TIMESTAMP = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}(:[0-9]{2})?\Z")
_INSTANCE = re.compile(r"^[1-9][0-9]*\Z")


@dataclass(frozen=True)
class _Column:
    """What one header cell of a raw export means."""

    kind: str  # "id", "special", "timestamp", "complete", "field" or "checkbox"
    name: str  # the special column, the form, or the variable
    code: str = ""


def _column_map(instrument: Instrument) -> dict[str, _Column]:
    specials = (EVENT, REPEAT_INSTRUMENT, REPEAT_INSTANCE, DATA_ACCESS_GROUP, SURVEY_IDENTIFIER)
    known = {instrument.record_id: _Column("id", instrument.record_id)}
    known.update({name: _Column("special", name) for name in specials})
    for form in instrument.form_names:
        known[f"{form}_timestamp"] = _Column("timestamp", form)
        known[f"{form}_complete"] = _Column("complete", form)
    for item in instrument.items[1:]:
        if item.type is ItemType.MULTIPLE:
            for choice in item.choices:
                column = checkbox_column(item.variable, choice.code)
                known[column] = _Column("checkbox", item.variable, choice.code)
        elif item.stores_data:
            known[item.variable] = _Column("field", item.variable)
    return known


def read_records(path: Path, instrument: Instrument, *, events: Sequence[Event] = ()) -> RecordSet:
    return parse_records(read_text(path), instrument, events=events, source=str(path))


def parse_records(
    text: str,
    instrument: Instrument,
    *,
    events: Sequence[Event] = (),
    source: str = "<records>",
) -> RecordSet:
    """Check a raw export against its dictionary (and events) and return its records.

    Raises LabelExportError for label exports and InterchangeError naming row and column of
    every unknown column, value outside its choices, bad date or number, or bound exceeded.
    """
    rows = read_rows(text, source)
    if not rows or not rows[0]:
        raise InterchangeError.single(source, "the file is empty", row=1)
    header, body = rows[0], [row for row in rows[1:] if any(row)]
    refuse_label_export(header, body, instrument, source=source)
    columns = _read_header(header, instrument, source)
    reader = _RowReader(instrument, columns, header, source, {e.unique_name for e in events})
    numbered = [(number, row) for number, row in enumerate(rows[1:], start=2) if any(row)]
    read = (reader.record(row, number) for number, row in numbered)
    records = [record for record in read if record is not None]
    if reader.problems:
        raise InterchangeError(reader.problems)
    present = set(header)
    layout = RawLayout(
        event=EVENT in present,
        repeat=REPEAT_INSTANCE in present or REPEAT_INSTRUMENT in present,
        data_access_group=DATA_ACCESS_GROUP in present,
        survey_identifier=SURVEY_IDENTIFIER in present,
        survey_forms=frozenset(c.name for c in columns if c.kind == "timestamp"),
    )
    return RecordSet(tuple(records), layout, tuple(events), tuple(reader.warnings))


def _read_header(header: Sequence[str], instrument: Instrument, source: str) -> list[_Column]:
    known = _column_map(instrument)
    problems = []
    if header[0] != instrument.record_id:
        message = f"the first column must be the record id {instrument.record_id!r}"
        problems.append(Problem(source, message, 1, header[0]))
    for index, name in enumerate(header):
        if name not in known:
            problems.append(Problem(source, "is not a field of the data dictionary", 1, name))
        elif name in header[:index]:
            problems.append(Problem(source, "appears twice in the header", 1, name))
    if problems:
        raise InterchangeError(problems)
    return [known[name] for name in header]


class _RowReader:
    """Turns data rows into Records, noting every bad cell instead of stopping at the first."""

    def __init__(
        self,
        instrument: Instrument,
        columns: list[_Column],
        header: Sequence[str],
        source: str,
        event_names: set[str],
    ) -> None:
        self.instrument, self.columns, self.header = instrument, columns, header
        self.source, self.event_names = source, event_names
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.rows: dict[tuple[str, str | None, str | None, int | None], int] = {}
        # Looked up once, not per row: a large export has 100,000 rows of 40 or more cells.
        self.specials = [c.name for c in columns if c.kind == "special"]
        self.forms_complete = [c.name for c in columns if c.kind == "complete"]
        self.forms_stamped = [c.name for c in columns if c.kind == "timestamp"]
        self.fields = [
            (name, column)
            for column, name in zip(columns, header, strict=False)
            if column.kind in ("field", "checkbox")
        ]
        # Answers already found good, per variable (a Likert item has five possible answers).
        self.good: dict[str, set[str]] = {}

    def fail(self, row: int, column: str | None, message: str) -> None:
        self.problems.append(Problem(self.source, message, row, column))

    def record(self, row: Sequence[str], number: int) -> Record | None:
        """The row's record, or None for a row whose cells do not match the header (a short
        row's missing cells would otherwise read as blanks)."""
        if len(row) != len(self.header):
            self.fail(number, None, f"has {len(row)} cells, the header has {len(self.header)}")
            return None
        cells = dict(zip(self.header, row, strict=False))
        specials = {name: cells[name] for name in self.specials}
        record = Record(
            record_id=self._record_id(cells, number),
            values=self._values(cells, number),
            event=self._event(specials.get(EVENT), number),
            repeat_instrument=self._repeat_instrument(specials.get(REPEAT_INSTRUMENT), number),
            repeat_instance=self._repeat_instance(specials.get(REPEAT_INSTANCE), number),
            data_access_group=specials.get(DATA_ACCESS_GROUP) or None,
            survey_identifier=specials.get(SURVEY_IDENTIFIER) or None,
            completion=self._completion(cells, number),
            timestamps=self._timestamps(cells, number),
        )
        if record.repeat_instrument is not None and record.repeat_instance is None:
            self.fail(number, REPEAT_INSTANCE, "a repeating instrument row needs its instance")
        if record.key in self.rows:
            where = f"row {self.rows[record.key]}"
            self.fail(number, None, f"repeats the record id, event and instance of {where}")
        self.rows.setdefault(record.key, number)
        return record

    def _record_id(self, cells: dict[str, str], number: int) -> str:
        record_id = cells.get(self.instrument.record_id, "").strip()
        if not record_id:
            self.fail(number, self.instrument.record_id, "the record id is blank")
        return record_id

    def _event(self, value: str | None, number: int) -> str | None:
        if value is None:
            return None
        if not value:
            self.fail(number, EVENT, "the event is blank")
        elif self.event_names and value not in self.event_names:
            self.fail(number, EVENT, f"{value!r} is not an event of the project")
        return value or None

    def _repeat_instrument(self, value: str | None, number: int) -> str | None:
        if value and value not in self.instrument.form_names:
            self.fail(number, REPEAT_INSTRUMENT, f"{value!r} is not a form of the dictionary")
        return value or None

    def _repeat_instance(self, value: str | None, number: int) -> int | None:
        if not value:
            return None
        instance = whole_number(value) if _INSTANCE.match(value) else None
        if instance is None:
            shown = repr(value[:20]) + ("..." if len(value) > 20 else "")
            self.fail(number, REPEAT_INSTANCE, f"{shown} is not a positive whole number")
        return instance

    def _completion(self, cells: dict[str, str], number: int) -> dict[str, FormStatus]:
        completion = {}
        for form in self.forms_complete:
            value = cells.get(f"{form}_complete", "")
            if not value:
                continue
            if value not in ("0", "1", "2"):
                message = f"{value!r} should be 0 (incomplete), 1 (unverified) or 2 (complete)"
                self.fail(number, f"{form}_complete", message)
                continue
            completion[form] = FormStatus(int(value))
        return completion

    def _timestamps(self, cells: dict[str, str], number: int) -> dict[str, str]:
        stamps = {}
        for form in self.forms_stamped:
            value = cells.get(f"{form}_timestamp", "")
            if not value:
                continue
            if value != NOT_COMPLETED and not _TIMESTAMP.match(value):
                message = f"{value!r} is not a survey timestamp (YYYY-MM-DD HH:MM:SS)"
                self.fail(number, f"{form}_timestamp", message)
            stamps[form] = value
        return stamps

    def _values(self, cells: dict[str, str], number: int) -> dict[str, Answer]:
        values: dict[str, Answer] = {}
        ticked: dict[str, list[str]] = {}
        for name, column in self.fields:
            value = cells.get(name, "")
            if column.kind == "field" and value:
                good = self.good.setdefault(name, set())
                if value not in good:
                    item = self.instrument.item(column.name)
                    value = trimmed(item, value)
                    problem, warning = value_warning(item, value)
                    if problem:
                        self.fail(number, name, problem)
                    elif warning:
                        self.warnings.append(Problem(self.source, warning, number, name))
                    elif len(good) < 100:
                        good.add(value)
                if value:
                    values[column.name] = value
            elif column.kind == "checkbox" and value:
                if value not in ("0", "1"):
                    self.fail(number, name, f"{value!r} should be 1 (ticked) or 0")
                ticked.setdefault(column.name, [])
                if value == "1":
                    ticked[column.name].append(column.code)
        for variable, codes in ticked.items():
            values[variable] = self._checkbox(variable, codes, cells, number)
        return values

    def _checkbox(
        self, variable: str, codes: list[str], cells: dict[str, str], number: int
    ) -> tuple[str, ...]:
        # A checkbox's columns are all filled or all blank; a mix would lose the blanks.
        item = self.instrument.item(variable)
        for choice in item.choices:
            name = checkbox_column(variable, choice.code)
            if cells.get(name) == "":
                self.fail(number, name, "is blank while other choices of the checkbox are not")
        return tuple(choice.code for choice in item.choices if choice.code in codes)
