"""Reading a REDCap project's files and checking them, writing nothing: the dictionary, records
and events through the interchange core, then every name and cell against its column."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import Model
from django.utils.text import slugify

from mentora.core.columns import max_length, misfit
from mentora.surveys import interchange as ix
from mentora.surveys.interchange.project import Metadata, check_metadata, parse_metadata
from mentora.surveys.linking import check_match_on
from mentora.surveys.models import Instrument, Item, Response, Section, Wave
from mentora.surveys.preview import chosen_types
from mentora.surveys.problems import ImportProblem

_ARM_SUFFIX = re.compile(r"_arm_([0-9]{1,9})\Z")


def _problems(error: ix.InterchangeError) -> ImportProblem:
    return ImportProblem([str(problem) for problem in error.problems])


def parse_project(
    dictionary: str,
    records: str,
    events: str | None = None,
    *,
    name: str = "redcap",
    sources: tuple[str, str, str] = ("dictionary", "records", "events"),
) -> tuple[ix.Instrument, ix.RecordSet]:
    """Read and check the three files; ImportProblem lists everything wrong."""
    try:
        instrument = ix.parse_dictionary(dictionary, source=sources[0], name=name)
        event_list = ix.parse_events(events, source=sources[2]) if events else ()
        record_set = ix.parse_records(records, instrument, events=event_list, source=sources[1])
    except ix.LabelExportError as error:
        raise ImportProblem(
            [
                *(str(p) for p in error.problems),
                "Export the records from REDCap as 'CSV / Microsoft Excel (raw data)', not labels.",
            ]
        ) from None
    except ix.InterchangeError as error:
        raise _problems(error) from None
    return instrument, record_set


@dataclass(frozen=True)
class CheckedProject:
    """A REDCap project whose every cell was checked: what `do_write_redcap` writes."""

    name: str
    definition: ix.Instrument
    record_set: ix.RecordSet
    # Arms, the instrument-event mapping, data access groups and repeating settings, if given.
    metadata: Metadata = field(default_factory=Metadata)
    # The field records are linked to people on (blank: every field validated as email).
    match_on: str = ""

    @property
    def rows(self) -> int:
        return len(self.record_set.records)


def check_project(
    dictionary: str,
    records: str,
    events: str | None = None,
    *,
    name: str = "redcap",
    title: str = "",
    sources: tuple[str, str, str] = ("dictionary", "records", "events"),
    metadata: dict[str, str] | None = None,
    metadata_sources: dict[str, str] | None = None,
    types: Mapping[str, str] | None = None,
    match_on: str = "",
) -> CheckedProject:
    """Read and check the files, writing nothing; ImportProblem names every bad cell.

    `metadata` holds the optional tables by part (arms, mapping, groups, repeating); `types`
    the coordinator's choice of type by variable (mentora.surveys.preview); `match_on` the
    field that says who a record is."""
    definition, record_set = parse_project(dictionary, records, events, name=name, sources=sources)
    if title:
        definition = ix.Instrument(name=name, title=title, items=definition.items)
    definition = chosen_types(definition, slugify(name)[:80] or "redcap", types)
    check_match_on(definition, match_on, sources[0])
    try:
        tables = parse_metadata(metadata or {}, sources=metadata_sources)
    except ix.InterchangeError as error:
        raise _problems(error) from None
    groups = {r.data_access_group for r in record_set.records if r.data_access_group}
    problems = [
        *instrument_misfits(definition, sources[0]),
        *record_misfits(record_set.records, sources[1]),
        *_event_misfits(project_events(record_set), sources[2]),
        *map(
            str,
            check_metadata(
                tables, definition, project_events(record_set), groups, sources=metadata_sources
            ),
        ),
    ]
    if problems:
        raise ImportProblem(problems)
    return CheckedProject(name, definition, record_set, tables, match_on)


def _misfit(where: str, what: str, model: type[Model], name: str, value: object) -> list[str]:
    why = misfit(model, name, value)
    return [f"{where}: {what} {why}"] if why else []


def instrument_misfits(definition: ix.Instrument, source: str) -> list[str]:
    """Every name, title or setting of the instrument that does not fit its column."""
    problems = _misfit(source, "the title", Instrument, "title", definition.title)
    for form in definition.forms:
        where = f"{source}, form {form.name[:60]!r}"
        problems += _misfit(where, "the form name", Section, "form", form.name)
        problems += _misfit(where, "the form title", Section, "form_title", form.title)
    for item in definition.items:
        where = f"{source}, variable {item.variable[:60]!r}"
        for name, what in _ITEM_SETTINGS:
            problems += _misfit(where, what, Item, name, getattr(item, name))
    return problems


_ITEM_SETTINGS = (
    ("variable", "the variable name"),
    ("validation", "the validation type"),
    ("validation_min", "the validation minimum"),
    ("validation_max", "the validation maximum"),
    ("custom_alignment", "the custom alignment"),
    ("question_number", "the question number"),
    ("matrix_group", "the matrix group name"),
)
_RECORD_FIELDS = (
    ("record_id", "the record id"),
    ("repeat_instrument", "the repeat instrument"),
    ("repeat_instance", "the repeat instance"),
    ("data_access_group", "the data access group"),
    ("survey_identifier", "the survey identifier"),
)


def record_misfits(records: Sequence[ix.Record], source: str) -> list[str]:
    """Every record id and special column of the records that does not fit its column; the
    columns' limits are read once, since an import has up to 100,000 rows."""
    limits = {name: max_length(Response, name) or 0 for name, _ in _RECORD_FIELDS}
    problems: list[str] = []
    for record in records:
        for name, what in _RECORD_FIELDS:
            value = getattr(record, name)
            if value is None or (isinstance(value, str) and len(value) <= limits[name]):
                continue
            where = f"{source}, record {record.record_id[:60]!r}"
            problems += _misfit(where, what, Response, name, value)
    return problems


def _event_misfits(events: Sequence[ix.Event], source: str) -> list[str]:
    problems: list[str] = []
    names = [event.name for event in events]
    for event in events:
        where = f"{source}, event {event.unique_name[:60]!r}"
        for name, what, value in (
            ("event_name", "the unique event name", event.unique_name),
            ("event_label", "the event name", event.name),
            ("event_custom_label", "the custom event label", event.custom_label),
            ("event_id", "the event id", event.event_id),
            ("arm", "the arm number", event.arm),
            ("label", "the wave label", event_wave_label(event, names.count(event.name) > 1)),
        ):
            problems += _misfit(where, what, Wave, name, value)
    return problems


def project_events(record_set: ix.RecordSet) -> list[ix.Event]:
    """The project's events: its events file's, or else those its records name."""
    return list(record_set.events) or [
        _event_from_name(name)
        for name in dict.fromkeys(r.event for r in record_set.records if r.event)
    ]


def event_wave_label(event: ix.Event, ambiguous: bool) -> str:
    """An event's wave label; with its arm when another arm has an event of the same name."""
    return f"{event.name} (arm {event.arm})" if ambiguous else event.name


def _event_from_name(unique_name: str) -> ix.Event:
    match = _ARM_SUFFIX.search(unique_name)
    arm = int(match.group(1)) if match else 1
    readable = _ARM_SUFFIX.sub("", unique_name).replace("_", " ").capitalize()
    return ix.Event(unique_name=unique_name, name=readable, arm=arm)
