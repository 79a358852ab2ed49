"""Instruments between the database and the interchange dataclasses, without loss.

`save_instrument` writes an interchange Instrument as a new version (or returns the latest
version when it is the same instrument); `to_interchange` reads one back. A data dictionary
imported and exported through the database is the dictionary that came in.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from mentora.surveys import interchange as ix
from mentora.surveys.models import Instrument, Item, Section


def to_interchange(instrument: Instrument) -> ix.Instrument:
    sections = list(instrument.sections.order_by("position"))
    forms = list(dict.fromkeys((s.form, s.form_title) for s in sections))
    items = []
    # A section's header belongs to its first item; items are in position order.
    headed: set[int] = set()
    for item in instrument.ordered_items():
        header = "" if item.section_id in headed else item.section.header
        headed.add(item.section_id)
        items.append(_item_to_interchange(item, header))
    return ix.Instrument(
        name=instrument.name,
        title=instrument.title,
        version=str(instrument.version),
        items=tuple(items),
        forms=tuple(ix.Form(name, title) for name, title in forms),
    )


# Item fields that have the same name and value in the database and in the interchange form.
_AS_IS = (
    "variable",
    "label",
    "calculation",
    "field_note",
    "validation",
    "validation_min",
    "validation_max",
    "identifier",
    "branching_logic",
    "required",
    "custom_alignment",
    "question_number",
    "matrix_group",
    "matrix_ranking",
    "annotation",
)


def _item_to_interchange(item: Item, header: str) -> ix.Item:
    return ix.Item(
        form=item.section.form,
        type=ix.ItemType(item.type),
        section_header=header,
        choices=tuple(ix.Choice(code, label) for code, label in item.choices),
        slider_labels=tuple(item.slider_labels),
        widget=ix.Widget.DROPDOWN if item.dropdown else ix.Widget.RADIO,
        **{name: getattr(item, name) for name in _AS_IS},
    )


def latest_version(name: str) -> Instrument | None:
    return Instrument.objects.filter(name=name).order_by("-version").first()


@transaction.atomic
def save_instrument(
    definition: ix.Instrument,
    now: datetime,
    *,
    slug: str = "",
    in_library: bool = False,
    **fields: str,
) -> Instrument:
    """The instrument as a database row: the latest version if unchanged, else a new version.

    An edit never changes a version that may have answers: it makes the next version.
    """
    name = slug or definition.name
    latest = latest_version(name)
    if latest is not None and _same(to_interchange(latest), definition):
        return latest
    instrument = Instrument.objects.create(
        name=name,
        title=definition.title,
        version=latest.version + 1 if latest else 1,
        in_library=in_library,
        created_at=now,
        **fields,
    )
    titles = {form.name: form.title for form in definition.forms}
    positions = {item.variable: index for index, item in enumerate(definition.items)}
    for position, section in enumerate(definition.sections()):
        row = Section.objects.create(
            instrument=instrument,
            form=section.form,
            form_title=titles.get(section.form, ""),
            header=section.header,
            position=position,
        )
        for variable in section.variables:
            _create_item(instrument, row, definition.item(variable), positions[variable])
    return instrument


def _same(a: ix.Instrument, b: ix.Instrument) -> bool:
    return (a.title, a.items, a.forms) == (b.title, b.items, b.forms)


def _create_item(instrument: Instrument, section: Section, item: ix.Item, position: int) -> None:
    Item.objects.create(
        instrument=instrument,
        section=section,
        position=position,
        type=item.type.value,
        choices=[[c.code, c.label] for c in item.choices],
        slider_labels=list(item.slider_labels),
        dropdown=item.widget is ix.Widget.DROPDOWN,
        **{name: getattr(item, name) for name in _AS_IS},
    )
