"""Imported records to the cohort's respondents, linked to the people enrolled in it.

The decisions are the pure core's (mentora.surveys.interchange.linking); this reads what they
need once (the cohort's respondents and enrolled people), then writes the new respondents in
bulk and links the earlier import's unlinked ones that are now found, inside the caller's
transaction. A record of a person who already has a respondent in the cohort (answers given
in Mentora, say) joins it, so the two waves pair.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from mentora.core.text import plural
from mentora.programs.models import Cohort
from mentora.surveys import bulk
from mentora.surveys import interchange as ix
from mentora.surveys.interchange.linking import Link, link_fields, plan_links, record_keys
from mentora.surveys.models import Respondent
from mentora.surveys.problems import ImportProblem

# The preview lists this many of the linked and of the unlinked records, then a count.
SHOWN = 20


@dataclass
class Linking:
    """Who each record id is: its respondent, and the decision the preview shows."""

    respondents: dict[str, int] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    names: dict[int, str] = field(default_factory=dict)  # person id -> full name
    fields: tuple[str, ...] = ()

    @property
    def linked(self) -> list[Link]:
        return [link for link in self.links if link.linked]

    @property
    def unlinked(self) -> list[Link]:
        return [link for link in self.links if not link.linked]

    def lines(self) -> list[str]:
        """The preview's account of the linking, a few lines of each kind and the counts."""
        matched_on = ", ".join(self.fields) or "the record id"
        lines = [
            f"Linked {len(self.linked)} of {plural(len(self.links), 'record', 'records')} to "
            "people enrolled in the "
            f"cohort (matched on {matched_on}); {len(self.unlinked)} not linked."
        ]
        for link in self.linked[:SHOWN]:
            name = self.names.get(link.person or 0, "")
            lines.append(f"  record {link.record_id}: {name} ({link.key}), {link.reason}")
        lines += _more(len(self.linked))
        for link in self.unlinked[:SHOWN]:
            lines.append(f"  record {link.record_id}: not linked, {link.reason}")
        lines += _more(len(self.unlinked))
        return lines


def _more(count: int) -> list[str]:
    return [f"  ... and {count - SHOWN} more"] if count > SHOWN else []


def check_match_on(definition: ix.Instrument, match_on: str, source: str = "") -> tuple[str, ...]:
    """The fields records are matched on; ImportProblem when the named one is not a field."""
    try:
        return link_fields(definition, match_on, source=source)
    except ix.InterchangeError as error:
        raise ImportProblem([str(p) for p in error.problems]) from None


def link_respondents(
    cohort: Cohort,
    definition: ix.Instrument,
    records: Sequence[ix.Record],
    *,
    match_on: str = "",
    use_fields: bool = True,
) -> Linking:
    """Respondents for the records' ids, linked to people where a field says who they are;
    `use_fields` false links by the record id alone (an email)."""
    fields = check_match_on(definition, match_on) if use_fields else ()
    keys = record_keys(records, fields, definition.record_id)
    respondents = list(Respondent.objects.filter(cohort=cohort).values_list(
        "record_id", "person_id", "pk"
    ))
    known = {record_id: person for record_id, person, _ in respondents}
    held = {person: record_id for record_id, person, _ in respondents if person is not None}
    people: dict[str, int] = {}
    names: dict[int, str] = {}
    for email, person, name in cohort.enrolments.values_list(
        "person__email", "person_id", "person__full_name"
    ):
        people.setdefault(email.strip().lower(), person)
        names[person] = name
    links = plan_links(keys, people, known, held, fields=fields)
    new = [
        (cohort.pk, link.record_id, link.person)
        for link in links
        if link.record_id not in known and not link.respondent
    ]
    bulk.RowWriter(Respondent, ("cohort", "record_id", "person")).insert(new)
    for link in links:  # an earlier import's record now found
        if link.record_id in known and known[link.record_id] is None and link.linked:
            Respondent.objects.filter(cohort=cohort, record_id=link.record_id).update(
                person=link.person
            )
    ids = dict(Respondent.objects.filter(cohort=cohort).values_list("record_id", "pk"))
    mapping = {
        link.record_id: ids[link.respondent or link.record_id] for link in links
    }
    return Linking(mapping, links, names, fields)
