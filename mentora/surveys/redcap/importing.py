"""A checked REDCap project written into a cohort in one transaction: its project, instrument,
a wave per event, respondents and rows; what the import did, in words."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from mentora.audit import record as audit
from mentora.core.text import plural
from mentora.programs.models import Cohort
from mentora.surveys import interchange as ix
from mentora.surveys import projects
from mentora.surveys.inplace import write_rows
from mentora.surveys.interchange.reimport import Plan
from mentora.surveys.linking import Linking, link_respondents
from mentora.surveys.mapping import save_instrument
from mentora.surveys.models import Instrument, Response, SurveyProject, Wave
from mentora.surveys.preview import warning_lines
from mentora.surveys.redcap.reading import (
    CheckedProject,
    check_project,
    event_wave_label,
    project_events,
)

# The events file's extra columns in their order: PostgreSQL's jsonb keeps a dict's keys in an
# order of its own, so the order is kept as a list beside the layout.
EXTRA_ORDER = "event_extra_columns"


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
            + (
                f"; {plural(len(self.warnings), 'value', 'values')} kept with a warning."
                if self.warnings
                else "."
            )
        )

    def details(self) -> list[str]:
        """Who was linked and who not, and the warnings (the first of them), for the preview
        and the command line."""
        return [*self.linking.lines(), *warning_lines(self.warnings)]


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
        dictionary,
        records,
        events,
        name=name,
        title=title,
        sources=sources,
        metadata=metadata,
        metadata_sources=metadata_sources,
        types=types,
        match_on=match_on,
    )
    return do_write_redcap(cohort, project, now, wave_label=wave_label, dry_run=dry_run, into=into)


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
        audit.record_many(
            audit.Action.UPDATE,
            list(waves.values()),
            program=cohort,
            note=f"REDCap import into {target.name}: {report.plan.summary()}",
        )
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
    order = (
        [None]
        if not record_set.layout.event
        else [e.unique_name for e in project_events(record_set)]
    )
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
    events = project_events(record_set)
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
            label=event_wave_label(event, ambiguous),
            position=position + offset,
            event_name=event.unique_name,
            event_label=event.name,
            event_custom_label=event.custom_label,
            event_id=event.event_id,
            event_extra=dict(event.extra),
            arm=event.arm,
            **{**common, "raw_layout": {**raw_layout, EXTRA_ORDER: list(event.extra)}},
        )
    return waves
