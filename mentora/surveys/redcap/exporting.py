"""A cohort's answers to one instrument written as REDCap's files (dictionary, raw records,
events and the project's other tables) in what the reader's export right allows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from mentora.core.text import is_digits
from mentora.programs.models import Cohort
from mentora.surveys import interchange as ix
from mentora.surveys import projects
from mentora.surveys.answer_reads import answers_by_response
from mentora.surveys.interchange.project import ARMS, GROUPS, MAPPING, REPEATING, table_to_csv
from mentora.surveys.interchange.tiers import ExportTier, Pseudonymiser, apply_tier, new_salt
from mentora.surveys.mapping import to_interchange
from mentora.surveys.models import Instrument, Response, SurveyProject, Wave
from mentora.surveys.redcap.importing import EXTRA_ORDER


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


def _event_extra(wave: Wave) -> dict[str, str]:
    extra = dict(wave.event_extra)
    order = [key for key in (wave.raw_layout or {}).get(EXTRA_ORDER, []) if key in extra]
    return {**{key: extra[key] for key in order}, **extra}


def instrument_dictionary(instrument: Instrument) -> str:
    """Any instrument (a library one too) as a data dictionary REDCap accepts."""
    return ix.dictionary_to_csv(to_interchange(instrument))
