"""REDCap projects into a cohort's waves and back out, through the interchange core.

Import is all or nothing: the dictionary, events and every cell of the records are checked by
the interchange core before anything is written, and the writes share one transaction. Each
REDCap event becomes a wave; a project without events becomes one wave.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify

from mentora.audit import record as audit
from mentora.core.columns import max_length, misfit
from mentora.core.text import is_digits, plural
from mentora.programs.models import Cohort
from mentora.surveys import interchange as ix
from mentora.surveys import projects
from mentora.surveys.answer_reads import answers_by_response
from mentora.surveys.inplace import write_rows
from mentora.surveys.interchange.project import (
    ARMS,
    GROUPS,
    MAPPING,
    REPEATING,
    Metadata,
    check_metadata,
    parse_metadata,
    table_to_csv,
)
from mentora.surveys.interchange.reimport import Plan
from mentora.surveys.interchange.tiers import ExportTier, Pseudonymiser, apply_tier, new_salt
from mentora.surveys.linking import Linking, check_match_on, link_respondents
from mentora.surveys.mapping import save_instrument, to_interchange
from mentora.surveys.models import (
    Instrument,
    Item,
    Response,
    Section,
    SurveyProject,
    Wave,
)
from mentora.surveys.preview import chosen_types, warning_lines
from mentora.surveys.problems import ImportProblem

_ARM_SUFFIX = re.compile(r"_arm_([0-9]{1,9})\Z")


@dataclass
class ImportReport:
    instrument: str
    waves: list[str] = field(default_factory=list)
    records: int = 0
    rows: int = 0
    matched_people: int = 0
    external: int = 0
    dry_run: bool = False
    project: str = ""
    # What the rows did: added, updated, unchanged (mentora.surveys.interchange.reimport).
    plan: Plan = field(default_factory=Plan)
    new_waves: int = 0
    # Who each record is (mentora.surveys.linking) and the values kept with a warning.
    linking: Linking = field(default_factory=Linking)
    warnings: tuple[ix.Problem, ...] = ()
    definition: ix.Instrument | None = None  # as written: the types the preview shows

    def summary(self) -> str:
        verb = "would import" if self.dry_run else "imported"
        return (
            f"{self.project or self.instrument}: {verb} {plural(self.rows, 'row', 'rows')} "
            f"for {plural(self.records, 'record', 'records')} into "
            f"{plural(len(self.waves), 'wave', 'waves')} ({', '.join(self.waves)}; "
            f"{self.new_waves} new): {self.plan.summary(dry_run=self.dry_run)}; "
            f"{plural(self.matched_people, 'matched person', 'matched people')}, "
            f"{plural(self.external, 'external respondent', 'external respondents')}"
            + (f"; {plural(len(self.warnings), 'value', 'values')} kept with a warning."
               if self.warnings else ".")
        )

    def details(self) -> list[str]:
        """Who was linked and who not, and the warnings (the first of them), for the preview
        and the command line."""
        return [*self.linking.lines(), *warning_lines(self.warnings)]


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
        *_event_misfits(_events(record_set), sources[2]),
        *map(str, check_metadata(
            tables, definition, _events(record_set), groups, sources=metadata_sources
        )),
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
            ("label", "the wave label", _wave_label(event, names.count(event.name) > 1)),
        ):
            problems += _misfit(where, what, Wave, name, value)
    return problems


def _events(record_set: ix.RecordSet) -> list[ix.Event]:
    """The project's events: its events file's, or else those its records name."""
    return list(record_set.events) or [
        _event_from_name(name)
        for name in dict.fromkeys(r.event for r in record_set.records if r.event)
    ]


def _wave_label(event: ix.Event, ambiguous: bool) -> str:
    """An event's wave label; with its arm when another arm has an event of the same name."""
    return f"{event.name} (arm {event.arm})" if ambiguous else event.name


def do_import_redcap(
    cohort: Cohort,
    dictionary: str,
    records: str,
    now: datetime,
    *,
    events: str | None = None,
    name: str = "redcap",
    title: str = "",
    wave_label: str = "",
    dry_run: bool = False,
    into: bool = False,
    sources: tuple[str, str, str] = ("dictionary", "records", "events"),
    metadata: dict[str, str] | None = None,
    metadata_sources: dict[str, str] | None = None,
    types: Mapping[str, str] | None = None,
    match_on: str = "",
) -> ImportReport:
    """Import a REDCap project (dictionary, raw records, events, and the optional tables of
    `metadata`) into the cohort: a new project `name`, or into the cohort's project `name`
    when `into` is set."""
    project = check_project(
        dictionary, records, events, name=name, title=title, sources=sources,
        metadata=metadata, metadata_sources=metadata_sources, types=types, match_on=match_on,
    )
    return do_write_redcap(
        cohort, project, now, wave_label=wave_label, dry_run=dry_run, into=into
    )


def do_write_redcap(
    cohort: Cohort,
    project: CheckedProject,
    now: datetime,
    *,
    wave_label: str = "",
    dry_run: bool = False,
    into: bool = False,
) -> ImportReport:
    """Write a checked project into the cohort in one transaction: a new project (or, when
    `into`, the cohort's project of that name), its instrument (a new version when it
    changed), a wave per event (the project's own when it has it), respondents, then each row
    added, updated in place or left (mentora.surveys.inplace).

    The number of queries does not grow with the rows, only with the batches of responses."""
    definition, record_set = project.definition, project.record_set
    report = ImportReport(instrument=definition.title, dry_run=dry_run, definition=definition)
    report.rows = len(record_set.records)
    report.records = len({record.record_id for record in record_set.records})
    name = slugify(project.name)[:80] or "redcap"
    with transaction.atomic():
        target = projects.open_project(cohort, name, SurveyProject.Kind.REDCAP, now, into=into)
        report.project = target.name
        projects.keep_metadata(target, project.metadata)
        instrument = save_instrument(definition, now, slug=target.name)
        label = wave_label or f"REDCap import {timezone.localdate(now):%Y-%m-%d}"
        waves, report.new_waves = _waves(target, instrument, record_set, label, now)
        projects.move_to_version(list(waves.values()), instrument)
        projects.name_arms(target, list(waves.values()))
        report.waves = [wave.label for wave in waves.values()]
        report.linking = link_respondents(
            cohort, definition, record_set.records, match_on=project.match_on
        )
        report.matched_people = len(report.linking.linked)
        report.external = len(report.linking.unlinked)
        report.warnings = record_set.warnings
        respondents = report.linking.respondents
        source = Response.Source.REDCAP.value
        report.plan = write_rows(instrument, waves, respondents, record_set.records, source)
        audit.record_many(audit.Action.UPDATE, list(waves.values()), program=cohort,
                          note=f"REDCap import into {target.name}: {report.plan.summary()}")
        if dry_run:
            transaction.set_rollback(True)
    return report


def _waves(
    project: SurveyProject,
    instrument: Instrument,
    record_set: ix.RecordSet,
    label: str,
    now: datetime,
) -> tuple[dict[str | None, Wave], int]:
    """The project's wave of each event (of the project when it has no events), the missing
    ones made; with how many were made. The waves it had take the file's layout."""
    held = {wave.event_name or None: wave for wave in project.waves.all()}
    made = _new_waves(project, instrument, record_set, label, now, held)
    for event, wave in held.items():
        layout = made.pop(event).raw_layout
        if wave.raw_layout != layout:
            wave.raw_layout = layout
            wave.save(update_fields=["raw_layout"])
    waves = {**held, **made}
    order = [None] if not record_set.layout.event else [e.unique_name for e in _events(record_set)]
    return {event: waves[event] for event in order if event in waves}, len(made)


def _new_waves(
    project: SurveyProject,
    instrument: Instrument,
    record_set: ix.RecordSet,
    label: str,
    now: datetime,
    held: dict[str | None, Wave],
) -> dict[str | None, Wave]:
    """Waves for the events the project has not got; for one it has, an unsaved wave that
    carries the layout it should take."""
    cohort = project.cohort
    layout = record_set.layout
    raw_layout = {
        "event": layout.event,
        "repeat": layout.repeat,
        "data_access_group": layout.data_access_group,
        "survey_identifier": layout.survey_identifier,
        "survey_forms": sorted(layout.survey_forms),
    }
    events = _events(record_set)
    today = timezone.localdate(now)
    position = cohort.survey_waves.count()
    common = {
        "cohort": cohort,
        "project": project,
        "instrument": instrument,
        "opens_on": today,
        "closes_on": today,
        "created_at": now,
        "raw_layout": raw_layout,
    }

    def create(event: str | None, **fields: Any) -> Wave:
        if event in held:
            return Wave(**fields)  # its layout only
        return Wave.objects.create(**fields)

    if not layout.event:
        return {None: create(None, label=label, position=position, **common)}
    names = [event.name for event in events]
    waves: dict[str | None, Wave] = {}
    for offset, event in enumerate(events):
        ambiguous = names.count(event.name) > 1
        waves[event.unique_name] = create(
            event.unique_name,
            label=_wave_label(event, ambiguous),
            position=position + offset,
            event_name=event.unique_name,
            event_label=event.name,
            event_custom_label=event.custom_label,
            event_id=event.event_id,
            event_extra=dict(event.extra),
            arm=event.arm,
            **{**common, "raw_layout": {**raw_layout, _EXTRA_ORDER: list(event.extra)}},
        )
    return waves


def _event_from_name(unique_name: str) -> ix.Event:
    match = _ARM_SUFFIX.search(unique_name)
    arm = int(match.group(1)) if match else 1
    readable = _ARM_SUFFIX.sub("", unique_name).replace("_", " ").capitalize()
    return ix.Event(unique_name=unique_name, name=readable, arm=arm)


@dataclass(frozen=True)
class RedcapExport:
    dictionary: str
    records: str
    events: str | None
    # The project's other tables, when its import carried them (by part: arms, mapping,
    # groups, repeating), in REDCap's CSV.
    tables: dict[str, str] = field(default_factory=dict)


class ExportProblem(Exception):
    pass


def cohort_instruments(cohort: Cohort) -> list[str]:
    names = cohort.survey_waves.values_list("instrument__name", flat=True)
    return list(dict.fromkeys(names))


def export_redcap(
    cohort: Cohort,
    instrument_name: str | None = None,
    tier: ExportTier = ExportTier.FULL,
    *,
    shift_dates: bool = False,
) -> RedcapExport:
    """The cohort's responses to one instrument as a REDCap dictionary and raw records, holding
    what the export right `tier` allows (mentora.surveys.interchange.tiers: a de-identified
    export hashes record ids under a salt made for it alone, and shifts dates if asked)."""
    names = cohort_instruments(cohort)
    if instrument_name is None:
        if len(names) != 1:
            listed = ", ".join(names) or "none"
            raise ExportProblem(f"Name the instrument to export; this cohort has: {listed}.")
        instrument_name = names[0]
    waves = list(
        cohort.survey_waves.filter(instrument__name=instrument_name).select_related(
            "instrument", "project"
        )
    )
    if not waves:
        raise ExportProblem(f"This cohort has no wave of {instrument_name!r}.")
    latest = max((wave.instrument for wave in waves), key=lambda i: i.version)
    definition = to_interchange(latest)
    layout, event_names = _layout(waves)
    records = _records(definition, waves, event_names, layout)
    definition, records = apply_tier(
        definition, records, tier, Pseudonymiser(new_salt(), shift_dates=shift_dates)
    )
    events = _events_csv(waves, event_names) if layout.event else None
    try:
        dictionary = ix.dictionary_to_csv(definition)
        raw = ix.records_to_csv(definition, records, layout)
    except ix.InterchangeError as error:
        raise ExportProblem("; ".join(str(p) for p in error.problems)) from None
    project = next((wave.project for wave in waves if wave.project is not None), None)
    return RedcapExport(dictionary, raw, events, project_tables(project))


def project_tables(project: SurveyProject | None) -> dict[str, str]:
    """The tables the project's import carried, as REDCap's CSV files, by part."""
    if project is None:
        return {}
    tables = {}
    for table, value in (
        (ARMS, project.arms),
        (MAPPING, project.form_events),
        (GROUPS, project.access_groups),
        (REPEATING, project.repeating),
    ):
        stored = projects.stored_table(value)
        if stored is not None:
            tables[table.part] = table_to_csv(table, stored[1], stored[0])
    return tables


def _layout(waves: list[Wave]) -> tuple[ix.RawLayout, dict[int, str]]:
    stored = [wave.raw_layout for wave in waves if wave.raw_layout]
    forms = set()
    for wave in waves:
        forms |= {s.form for s in wave.instrument.sections.all()} if not wave.raw_layout else set()
    flags = {
        key: any(layout[key] for layout in stored)
        for key in ("event", "repeat", "data_access_group", "survey_identifier")
    }
    forms |= {form for layout in stored for form in layout["survey_forms"]}
    flags["event"] = flags["event"] or len(waves) > 1
    event_names = {wave.pk: wave.event_name or _event_name(wave) for wave in waves}
    return ix.RawLayout(survey_forms=frozenset(forms), **flags), event_names


def _event_name(wave: Wave) -> str:
    base = re.sub(r"[^a-z0-9]+", "_", wave.label.lower()).strip("_")[:18] or "wave"
    if is_digits(base[0]):  # REDCap's unique event names start with a letter
        base = f"wave_{base}"[:18]
    return f"{base}_arm_{wave.arm}"


def _records(
    definition: ix.Instrument,
    waves: list[Wave],
    event_names: dict[int, str],
    layout: ix.RawLayout,
) -> list[ix.Record]:
    responses = list(Response.objects.filter(wave__in=waves))
    # By response, in chunks: a prefetch of ~1,000 fields was too deep a statement for SQLite.
    answers = answers_by_response([response.pk for response in responses])
    order = {wave.pk: index for index, wave in enumerate(waves)}
    rows = sorted(
        responses,
        key=lambda r: (
            r.position is None,
            r.position or 0,
            r.record_id,
            order[r.wave_id],
            r.repeat_instrument,
            r.repeat_instance,
        ),
    )
    return [
        _record(definition, response, answers[response.pk], event_names, layout)
        for response in rows
    ]


def _record(
    definition: ix.Instrument,
    response: Response,
    stored: dict[str, Any],
    event_names: dict[int, str],
    layout: ix.RawLayout,
) -> ix.Record:
    values: dict[str, ix.Answer] = {}
    for variable, value in stored.items():
        if definition.has_item(variable):
            values[variable] = tuple(value) if isinstance(value, list) else value
    return ix.Record(
        record_id=response.record_id,
        values=values,
        event=event_names[response.wave_id] if layout.event else None,
        repeat_instrument=response.repeat_instrument or None,
        repeat_instance=response.repeat_instance or None,
        data_access_group=response.data_access_group or None,
        survey_identifier=response.survey_identifier or None,
        completion={form: ix.FormStatus(s) for form, s in response.completion.items()},
        timestamps=dict(response.timestamps),
        extra=dict(response.extra),
    )


def _events_csv(waves: list[Wave], event_names: dict[int, str]) -> str:
    events = [
        ix.Event(
            unique_name=event_names[wave.pk],
            name=wave.event_label or wave.label,
            arm=wave.arm,
            custom_label=wave.event_custom_label,
            event_id=wave.event_id,
            extra=_event_extra(wave),
        )
        for wave in waves
    ]
    return ix.events_to_csv(events)


# The events file's extra columns in their order: PostgreSQL's jsonb keeps a dict's keys in an
# order of its own, so the order is kept as a list beside the layout.
_EXTRA_ORDER = "event_extra_columns"


def _event_extra(wave: Wave) -> dict[str, str]:
    extra = dict(wave.event_extra)
    order = [key for key in (wave.raw_layout or {}).get(_EXTRA_ORDER, []) if key in extra]
    return {**{key: extra[key] for key in order}, **extra}


def instrument_dictionary(instrument: Instrument) -> str:
    """Any instrument (a library one too) as a data dictionary REDCap accepts."""
    return ix.dictionary_to_csv(to_interchange(instrument))


__all__ = [
    "CheckedProject",
    "ExportProblem",
    "ImportProblem",
    "ImportReport",
    "RedcapExport",
    "check_project",
    "do_import_redcap",
    "do_write_redcap",
    "export_redcap",
    "instrument_dictionary",
    "parse_project",
]
