"""REDCap raw records exports, checked against their dictionary and turned into plain records.

A raw export has the record id first; then `redcap_event_name`, `redcap_repeat_instrument`,
`redcap_repeat_instance`, `redcap_data_access_group` and `redcap_survey_identifier` when the
project uses them; then per form its `<form>_timestamp` (surveys), its fields (a checkbox as one
`<field>___<code>` column per choice) and `<form>_complete`. Imports are all or nothing: every
problem is collected and raised together before anything is returned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum

from mentora.core.cells import neutralise_text

from .choices import checkbox_column
from .csvio import write_rows
from .errors import InterchangeError, Problem
from .events import Event
from .model import Instrument, Item, ItemType

EVENT = "redcap_event_name"
REPEAT_INSTRUMENT = "redcap_repeat_instrument"
REPEAT_INSTANCE = "redcap_repeat_instance"
DATA_ACCESS_GROUP = "redcap_data_access_group"
SURVEY_IDENTIFIER = "redcap_survey_identifier"
NOT_COMPLETED = "[not completed]"

Answer = str | tuple[str, ...]
"""A raw answer; for a checkbox, the codes ticked in dictionary order (possibly none)."""


class FormStatus(IntEnum):
    """REDCap's `<form>_complete`."""

    INCOMPLETE = 0
    UNVERIFIED = 1
    COMPLETE = 2


@dataclass(frozen=True)
class Record:
    """One row of a raw export: one record at one event (wave) and repeat instance.

    `values` holds only answered fields (a checkbox is present, possibly with no codes ticked,
    when its columns were filled). `timestamps` holds survey timestamps per form, including
    REDCap's "[not completed]". `extra` carries source metadata (Qualtrics: StartDate...).
    """

    record_id: str
    values: Mapping[str, Answer] = field(default_factory=dict)
    event: str | None = None
    repeat_instrument: str | None = None
    repeat_instance: int | None = None
    data_access_group: str | None = None
    survey_identifier: str | None = None
    completion: Mapping[str, FormStatus] = field(default_factory=dict)
    timestamps: Mapping[str, str] = field(default_factory=dict)
    extra: Mapping[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str | None, str | None, int | None]:
        return (self.record_id, self.event, self.repeat_instrument, self.repeat_instance)


@dataclass(frozen=True)
class RawLayout:
    """Which optional columns a raw export carries; the rest follows from the dictionary."""

    event: bool = False
    repeat: bool = False
    data_access_group: bool = False
    survey_identifier: bool = False
    survey_forms: frozenset[str] = frozenset()

    @classmethod
    def for_records(
        cls, records: Iterable[Record], *, survey_forms: Iterable[str] = ()
    ) -> RawLayout:
        """The columns these records need (for exports of data that never came from REDCap)."""
        records = list(records)
        timestamped = {form for record in records for form in record.timestamps}
        return cls(
            event=any(r.event is not None for r in records),
            repeat=any(r.repeat_instance is not None for r in records),
            data_access_group=any(r.data_access_group is not None for r in records),
            survey_identifier=any(r.survey_identifier is not None for r in records),
            survey_forms=frozenset(survey_forms) | timestamped,
        )

    def columns(self, instrument: Instrument) -> tuple[str, ...]:
        """The header of the raw export, in REDCap's order."""
        columns = [instrument.record_id]
        columns += [EVENT] if self.event else []
        columns += [REPEAT_INSTRUMENT, REPEAT_INSTANCE] if self.repeat else []
        columns += [DATA_ACCESS_GROUP] if self.data_access_group else []
        columns += [SURVEY_IDENTIFIER] if self.survey_identifier else []
        for form in instrument.form_names:
            columns += [f"{form}_timestamp"] if form in self.survey_forms else []
            for item in instrument.form_items(form):
                if item.variable != instrument.record_id:
                    columns += data_columns(item)
            columns.append(f"{form}_complete")
        return tuple(columns)


@dataclass(frozen=True)
class RecordSet:
    """A checked raw export. `warnings` name the cells kept as REDCap keeps them (a value
    outside its range, or failing a validation added later): imported, but worth a look."""

    records: tuple[Record, ...]
    layout: RawLayout
    events: tuple[Event, ...] = ()
    warnings: tuple[Problem, ...] = ()


def data_columns(item: Item) -> list[str]:
    """The raw-export columns of one item: none for descriptive text, one per checkbox code."""
    if not item.stores_data:
        return []
    if item.type is ItemType.MULTIPLE:
        return [checkbox_column(item.variable, choice.code) for choice in item.choices]
    return [item.variable]


def records_to_csv(
    instrument: Instrument, records: Sequence[Record], layout: RawLayout | None = None
) -> str:
    """Records in REDCap's raw export format; the layout defaults to what the records need."""
    layout = layout or RawLayout.for_records(records)
    header = layout.columns(instrument)
    return write_rows([header, *(_record_row(instrument, record, header) for record in records)])


def record_set_to_csv(instrument: Instrument, record_set: RecordSet) -> str:
    return records_to_csv(instrument, record_set.records, record_set.layout)


def _record_row(instrument: Instrument, record: Record, header: Sequence[str]) -> list[str]:
    cells = {
        instrument.record_id: record.record_id,
        EVENT: record.event or "",
        REPEAT_INSTRUMENT: record.repeat_instrument or "",
        REPEAT_INSTANCE: "" if record.repeat_instance is None else str(record.repeat_instance),
        DATA_ACCESS_GROUP: record.data_access_group or "",
        SURVEY_IDENTIFIER: record.survey_identifier or "",
    }
    cells.update({f"{form}_timestamp": stamp for form, stamp in record.timestamps.items()})
    cells.update({f"{form}_complete": str(int(s)) for form, s in record.completion.items()})
    for variable, answer in record.values.items():
        if not instrument.has_item(variable):
            message = f"answers {variable!r}, which is not a field of the instrument"
            raise InterchangeError.single(f"record {record.record_id!r}", message)
        cells.update(_answer_cells(instrument.item(variable), answer))
    return [cells.get(column, "") for column in header]


def _answer_cells(item: Item, answer: Answer) -> dict[str, str]:
    if item.type is not ItemType.MULTIPLE:
        if not isinstance(answer, str):
            message = f"holds several codes {list(answer)} but {item.type} takes one answer"
            raise InterchangeError.single(f"item {item.variable!r}", message)
        # What a respondent typed may not run in a spreadsheet (mentora.core.cells).
        return {item.variable: neutralise_text(answer)}
    ticked = {answer} if isinstance(answer, str) else set(answer)
    return {
        checkbox_column(item.variable, choice.code): "1" if choice.code in ticked else "0"
        for choice in item.choices
    }
