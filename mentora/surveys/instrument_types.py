"""An imported instrument's item types, changed after the import (Likert or single choice).

The choice an import's preview offers stays open on the instrument's page: an ordered scale
read as single choice (or the other way round) is put right there, through
`do_change_item_types`, and a matrix group changes with its first item. Answers are kept as
they are (the codes do not change); a change that an existing answer would not fit is
refused with a message, and a library instrument is changed only in the library.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction

from mentora.surveys import interchange as ix
from mentora.surveys.interchange.scales import with_types
from mentora.surveys.mapping import to_interchange
from mentora.surveys.models import Answer, Instrument, Item
from mentora.surveys.preview import TypeRow, type_rows


class TypeChangeRefused(Exception):
    """A change of type that cannot be made, and why."""


def changeable_rows(instrument: Instrument) -> list[TypeRow]:
    """Every item's type and why, with the choice where one may be made."""
    return type_rows(to_interchange(instrument))


@transaction.atomic
def do_change_item_types(instrument: Instrument, types: Mapping[str, str]) -> list[str]:
    """Set the types chosen (variable -> likert or single); returns the variables changed.
    TypeChangeRefused for a library instrument, a type an item cannot take, or one an
    existing answer would not fit."""
    if instrument.in_library:
        raise TypeChangeRefused("A library instrument's types are set in the library.")
    definition = to_interchange(instrument)
    try:
        changed = with_types(definition, types)
    except ix.InterchangeError as error:
        raise TypeChangeRefused("; ".join(p.message for p in error.problems)) from None
    moved = {
        item.variable: item
        for item in changed.items
        if item.type is not definition.item(item.variable).type
    }
    if not moved:
        return []
    items = dict(instrument.items.filter(variable__in=moved).values_list("variable", "pk"))
    for variable, item in moved.items():
        for value in _answer_values(items[variable]):
            problem = ix.value_problem(item, value) if isinstance(value, str) else "not one code"
            if problem:
                raise TypeChangeRefused(
                    f"{variable} cannot be {item.type.value}: an answer it has does not fit "
                    f"({problem})."
                )
    for variable, item in moved.items():
        Item.objects.filter(pk=items[variable]).update(type=item.type.value)
    return sorted(moved)


def _answer_values(item_id: int) -> list[object]:
    """The distinct answers an item has (a scale has a handful)."""
    return list(Answer.objects.filter(item_id=item_id).values_list("value", flat=True).distinct())
