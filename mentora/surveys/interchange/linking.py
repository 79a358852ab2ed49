"""Which person each imported record is: by an email field, or a field the coordinator names.

Pure (no Django). Real projects number their records (1, 2, 3 ...) and keep the email in a
field validated as email; some keep it in a text field without validation, which the
coordinator names (`--match-on`). A record is linked to the person enrolled in the cohort
with that email; a record id that is itself an email links too, as before. Each record gets
one decision and its reason, so the preview can say who was linked, who was not and why.

A person has one respondent in a cohort: a record of a person who already answered (in
Mentora, or under another record id of an earlier import) joins that respondent, so their
answers pair; two records of one import with the same email are never both that person.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from .errors import InterchangeError, Problem
from .model import Instrument, ItemType
from .records import Record


@dataclass(frozen=True)
class Link:
    """What one record id becomes: a person (their id and respondent's record id), or no one,
    with the reason in words."""

    record_id: str
    key: str  # the email (or other value) it was matched on; blank when none
    person: int | None
    reason: str
    respondent: str = ""  # the record id of the respondent it joins, when not its own

    @property
    def linked(self) -> bool:
        return self.person is not None


def link_fields(instrument: Instrument, match_on: str = "", *, source: str = "") -> tuple[str, ...]:
    """The fields records are matched on: the one named, or every field validated as email."""
    if match_on:
        if match_on == instrument.record_id:
            return (match_on,)
        if not instrument.has_item(match_on) or not instrument.item(match_on).stores_data:
            names = ", ".join(item.variable for item in instrument.items if _texty(item.type))
            message = f"match on {match_on!r}: no such field; the text fields are {names}"
            raise InterchangeError([Problem(source or "match on", message)])
        return (match_on,)
    return tuple(
        item.variable for item in instrument.items[1:] if item.validation == "email"
    )


def _texty(kind: ItemType) -> bool:
    return kind in (ItemType.TEXT, ItemType.NOTES)


def record_keys(records: Iterable[Record], fields: Sequence[str], record_id: str) -> dict[str, str]:
    """Each record id's key: the first value its rows give in the fields, in order (the record
    id itself when it is one of them, or when it holds an @), lower-cased."""
    keys: dict[str, str] = {}
    for record in records:
        if keys.get(record.record_id):
            continue
        value = ""
        for name in fields:
            found = record.record_id if name == record_id else record.values.get(name, "")
            if isinstance(found, str) and found.strip():
                value = found.strip().lower()
                break
        if not value and "@" in record.record_id:
            value = record.record_id.strip().lower()
        keys[record.record_id] = value
    return keys


def plan_links(
    keys: Mapping[str, str],
    people: Mapping[str, int],
    known: Mapping[str, int | None],
    held: Mapping[int, str],
    *,
    fields: Sequence[str] = (),
) -> list[Link]:
    """A decision per record id (in the order of `keys`).

    `people`: key (email) -> person enrolled in the cohort; `known`: the cohort's respondents,
    record id -> person or None; `held`: person -> record id of their respondent."""
    named = " or ".join(repr(f) for f in fields) or "the record id"
    taken: dict[int, str] = {}
    links = []
    for record_id, key in keys.items():
        person = known.get(record_id)
        if person is not None:
            links.append(Link(record_id, key, person, "linked by an earlier import"))
            taken[person] = record_id
            continue
        if not key:
            links.append(Link(record_id, "", None, f"no email in {named}"))
            continue
        person = people.get(key)
        if person is None:
            links.append(Link(record_id, key, None, f"nobody enrolled in the cohort has {key}"))
        elif person in taken:
            reason = f"record {taken[person]!r} of this import has the same email {key}"
            links.append(Link(record_id, key, None, reason))
        elif record_id in known and held.get(person, record_id) != record_id:
            # An earlier import's unlinked record whose person answered elsewhere meanwhile.
            reason = f"{key} already answers as {held[person]!r}; this record keeps its own"
            links.append(Link(record_id, key, None, reason))
        else:
            taken[person] = record_id
            joins = held.get(person, "")
            reason = f"by {named}" + (f", with their answers as {joins!r}" if joins else "")
            links.append(Link(record_id, key, person, reason, joins if joins != record_id else ""))
    return links
