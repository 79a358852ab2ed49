"""Coding: a coder applies a code and a valence to a segment of a source (a survey comment
whole by default), removes their own codings, marks a source coded, writes memos."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from mentora.audit.record import Action, record
from mentora.people.models import Person
from mentora.qualitative.actions.projects import QdaError
from mentora.qualitative.models import Code, CodedUnit, Coding, Memo, Project, Source, Valence
from mentora.qualitative.pure.text import OffsetError, check_segment


def _coder(project: Project, coder: Person) -> None:
    if not project.coders.filter(person=coder).exists():
        raise QdaError("Only the project's coders code its sources.")


@transaction.atomic
def do_mark_coded(source: Source, coder: Person, now: datetime) -> bool:
    """The coder has coded the source (a code they did not apply is a 'no' there); True when
    this is news."""
    _coder(source.project, coder)
    _, created = CodedUnit.objects.get_or_create(source=source, coder=coder,
                                                 defaults={"at": now})
    if created:
        record(Action.UPDATE, source, program=source.project.cohort, by=coder,
               note="marked coded")
    return created


@transaction.atomic
def do_apply_code(source: Source, code: Code, coder: Person, now: datetime, *,
                  start: int | None = None, end: int | None = None,
                  valence: str = Valence.NEUTRAL) -> Coding:
    """The coder applies `code` to [start, end) of the source (code points; the whole text when
    neither is given), in their own layer."""
    project = source.project
    _coder(project, coder)
    if code.project_id != project.pk or code.retired:
        raise QdaError("code: choose a current code of this project.")
    if valence not in Valence.values:
        raise QdaError(f"valence: {valence!r} is not one of {', '.join(Valence.values)}.")
    start = 0 if start is None else start
    end = len(source.text) if end is None else end
    try:
        selected = check_segment(source.text, start, end)
    except OffsetError as error:
        raise QdaError(f"selection: {error}.") from None
    coding, created = Coding.objects.get_or_create(
        source=source, code=code, coder=coder, layer=Coding.Layer.CODER, start=start, end=end,
        defaults={"project": project, "text": selected, "valence": valence,
                  "codebook_version": project.codebook_version, "created_at": now},
    )
    if not created and coding.valence != valence:
        coding.valence = valence
        coding.save(update_fields=["valence"])
    CodedUnit.objects.get_or_create(source=source, coder=coder, defaults={"at": now})
    record(Action.CREATE if created else Action.UPDATE, coding, program=project.cohort, by=coder)
    return coding


@transaction.atomic
def do_remove_coding(coding: Coding, by: Person) -> None:
    """A coder removes one of their own codings (the consensus layer is the adjudicator's)."""
    if coding.coder_id != by.pk or coding.layer != Coding.Layer.CODER:
        raise QdaError("Only its coder removes a coding.")
    record(Action.DELETE, coding, program=coding.project.cohort, by=by)
    coding.delete()


@transaction.atomic
def do_write_memo(project: Project, author: Person, text: str, now: datetime, *,
                  source: Source | None = None, code: Code | None = None) -> Memo:
    _coder(project, author)
    text = text.strip()
    if not text:
        raise QdaError("memo: write something.")
    for what in (source, code):
        if what is not None and what.project_id != project.pk:
            raise QdaError("memo: that belongs to another project.")
    memo = Memo.objects.create(project=project, author=author, text=text, source=source,
                               code=code, created_at=now)
    record(Action.CREATE, memo, program=project.cohort, by=author)
    return memo
