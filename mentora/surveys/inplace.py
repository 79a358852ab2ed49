"""Imported rows written into a project's waves in place, inside the caller's transaction.

The rows the waves hold are read once (responses, then answers), matched with the file's
(mentora.surveys.interchange.reimport), and then: new rows are inserted in bulk
(mentora.surveys.bulk), changed rows updated where they are (the response keeps its id, an
answer its id; a blanked answer is removed), and nothing else is touched. A first import is the
same path with nothing held, so it costs the same number of queries for many rows as for few.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from mentora.surveys import bulk
from mentora.surveys import interchange as ix
from mentora.surveys.interchange.reimport import Key, Plan, Stored, plan
from mentora.surveys.models import Answer, Instrument, Response, Wave

_RESPONSE_FIELDS = (
    "wave",
    "respondent",
    "record_id",
    "repeat_instrument",
    "repeat_instance",
    "data_access_group",  # [5:11]: what an import again updates
    "survey_identifier",
    "completion",
    "timestamps",
    "extra",
    "position",
    "status",
    "source",
)
# What an import again may change of a row: all but its wave, respondent, key, status, source.
_UPDATED_FIELDS = list(_RESPONSE_FIELDS[5:11])
_UPDATE_BATCH = 2_000

AnswerIds = dict[int, dict[str, tuple[int, ix.Answer]]]


def write_rows(
    instrument: Instrument,
    waves: Mapping[str | None, Wave],
    respondents: Mapping[str, int],
    records: Sequence[ix.Record],
    source: str,
) -> Plan:
    """Add, update or leave each record's row in the waves (by event); returns the counts.

    `respondents` maps record ids to respondent ids (empty for an anonymous wave)."""
    wave_ids = {event: wave.pk for event, wave in waves.items()}
    stored, positions, answers = _held(wave_ids)
    result = plan(stored, records, positions)
    items = dict(instrument.items.values_list("variable", "pk"))
    _insert(result.added, wave_ids, respondents, items, source)
    _update(result.updated, answers, items)
    if result.moved:
        Response.objects.bulk_update(
            [Response(pk=pk, position=position) for pk, position in result.moved],
            ["position"],
            batch_size=_UPDATE_BATCH,
        )
    return result


def _value(value: Any) -> ix.Answer:
    return tuple(value) if isinstance(value, list) else value


def _held(
    wave_ids: Mapping[str | None, int],
) -> tuple[dict[Key, Stored], dict[int, int | None], AnswerIds]:
    """The rows the waves hold, as records, with their positions and answer ids."""
    events = {pk: event for event, pk in wave_ids.items()}
    answers: AnswerIds = {}
    for response_id, variable, pk, value in Answer.objects.filter(
        response__wave_id__in=list(events)
    ).values_list("response_id", "item__variable", "pk", "value"):
        answers.setdefault(response_id, {})[variable] = (pk, _value(value))
    stored: dict[Key, Stored] = {}
    positions: dict[int, int | None] = {}
    rows = Response.objects.filter(wave_id__in=list(events)).values_list(
        "pk", "wave_id", "record_id", "repeat_instrument", "repeat_instance",
        "data_access_group", "survey_identifier", "completion", "timestamps", "extra",
        "position", "source",
    )
    for pk, wave_id, record_id, instrument, instance, group, survey, done, stamps, extra, \
            position, source in rows:
        record = ix.Record(
            record_id=record_id,
            values={variable: value for variable, (_, value) in answers.get(pk, {}).items()},
            event=events[wave_id],
            repeat_instrument=instrument or None,
            repeat_instance=instance or None,
            data_access_group=group or None,
            survey_identifier=survey or None,
            completion={form: ix.FormStatus(int(status)) for form, status in done.items()},
            timestamps=dict(stamps),
            extra=dict(extra),
        )
        mentora = source == Response.Source.MENTORA
        stored[record.key] = Stored(pk, record, answered_in_mentora=mentora)
        positions[pk] = position
    return stored, positions, answers


def _insert(
    added: Sequence[tuple[int, ix.Record]],
    wave_ids: Mapping[str | None, int],
    respondents: Mapping[str, int],
    items: Mapping[str, int],
    source: str,
) -> None:
    """New rows and their answers, in bulk."""
    json_text = bulk.JsonText()
    submitted = Response.Status.SUBMITTED.value
    bulk.RowWriter(Response, _RESPONSE_FIELDS).insert(
        (
            wave_ids[record.event],
            respondents.get(record.record_id),
            record.record_id,
            record.repeat_instrument or "",
            record.repeat_instance or 0,
            record.data_access_group or "",
            record.survey_identifier or "",
            json_text({form: int(status) for form, status in record.completion.items()}),
            json_text(dict(record.timestamps)),
            json_text(dict(record.extra)),
            position,
            submitted,
            source,
        )
        for position, record in added
    )
    if not added:
        return
    response_ids = {
        (wave_id, record_id, repeat_instrument, instance): pk
        for wave_id, record_id, repeat_instrument, instance, pk in Response.objects.filter(
            wave__in=list(wave_ids.values())
        ).values_list("wave_id", "record_id", "repeat_instrument", "repeat_instance", "pk")
    }

    def answers() -> Iterator[tuple[int, int, str]]:
        for _, record in added:
            key = (
                wave_ids[record.event],
                record.record_id,
                record.repeat_instrument or "",
                record.repeat_instance or 0,
            )
            response_id = response_ids[key]
            for variable, value in record.values.items():
                yield response_id, items[variable], json_text(value)

    bulk.RowWriter(Answer, ("response", "item", "value")).insert(answers())


def _update(
    updated: Sequence[tuple[int, int, ix.Record]], held: AnswerIds, items: Mapping[str, int]
) -> None:
    """Changed rows where they are: the response's fields, then each answer that changed,
    appeared or was blanked."""
    if not updated:
        return
    Response.objects.bulk_update(
        [
            Response(
                pk=pk,
                data_access_group=record.data_access_group or "",
                survey_identifier=record.survey_identifier or "",
                completion={form: int(status) for form, status in record.completion.items()},
                timestamps=dict(record.timestamps),
                extra=dict(record.extra),
                position=position,
            )
            for pk, position, record in updated
        ],
        _UPDATED_FIELDS,
        batch_size=_UPDATE_BATCH,
    )
    changed: list[Answer] = []
    blanked: list[int] = []
    json_text = bulk.JsonText()
    new: list[tuple[int, int, str]] = []
    for pk, _, record in updated:
        before = held.get(pk, {})
        for variable, value in record.values.items():
            if variable not in before:
                new.append((pk, items[variable], json_text(value)))
            elif before[variable][1] != value:
                stored = list(value) if isinstance(value, tuple) else value
                changed.append(Answer(pk=before[variable][0], value=stored))
        blanked += [answer for variable, (answer, _) in before.items()
                    if variable not in record.values]
    Answer.objects.bulk_update(changed, ["value"], batch_size=_UPDATE_BATCH)
    for chunk in bulk.batches(blanked, _UPDATE_BATCH):
        Answer.objects.filter(pk__in=chunk).delete()
    bulk.RowWriter(Answer, ("response", "item", "value")).insert(new)
