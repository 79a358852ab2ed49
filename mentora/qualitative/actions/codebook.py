"""The codebook: every change (create, rename, define, move, merge, split) raises the project's
codebook version by one and is recorded with it, so each table names the version it used."""

from __future__ import annotations

import re
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction

from mentora.audit.record import Action, record
from mentora.qualitative.actions.projects import QdaError
from mentora.qualitative.models import Code, CodebookChange, Coding, Project

COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def _next_version(project: Project) -> int:
    """The project's codebook version after this change (the row locked until commit)."""
    locked = Project.objects.select_for_update().get(pk=project.pk)
    locked.codebook_version += 1
    locked.save(update_fields=["codebook_version"])
    project.codebook_version = locked.codebook_version
    return locked.codebook_version


def _log(kind: str, code: Code, by: User | None, now: datetime, detail: str = "",
         other: Code | None = None) -> CodebookChange:
    version = _next_version(code.project)
    change = CodebookChange.objects.create(project=code.project, version=version, kind=kind,
                                           code=code, other=other, detail=detail[:300], by=by,
                                           at=now)
    record(Action.CREATE if kind == CodebookChange.Kind.CREATE else Action.UPDATE, code,
           program=code.project.cohort, by=by, note=f"codebook v{version}: {kind}")
    return change


def _name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise QdaError("name: name the code.")
    if len(name) > 120:
        raise QdaError("name: a code's name has at most 120 characters.")
    return name


def _colour(colour: str) -> str:
    if not COLOUR.fullmatch(colour):
        raise QdaError(f"colour: {colour!r} is not a colour such as #1f77b4.")
    return colour.lower()


def _free(project: Project, parent: Code | None, name: str, but: Code | None = None) -> None:
    taken = Code.objects.filter(project=project, parent=parent, name__iexact=name, retired=False)
    if but is not None:
        taken = taken.exclude(pk=but.pk)
    if taken.exists():
        where = f"under {parent.name}" if parent else "at the top"
        raise QdaError(f"name: a code named {name!r} is already {where}.")


def _same_project(code: Code, other: Code | None) -> None:
    if other is not None and other.project_id != code.project_id:
        raise QdaError("That code belongs to another project.")
    if other is not None and other.retired:
        raise QdaError(f"{other.name} was merged or retired; choose a current code.")


@transaction.atomic
def do_create_code(project: Project, name: str, now: datetime, *, parent: Code | None = None,
                   definition: str = "", colour: str = "#1f77b4",
                   by: User | None = None) -> Code:
    name = _name(name)
    if parent is not None and (parent.project_id != project.pk or parent.retired):
        raise QdaError("parent: choose a current code of this project.")
    _free(project, parent, name)
    code = Code.objects.create(project=project, parent=parent, name=name,
                               definition=definition.strip(), colour=_colour(colour),
                               created_in=project.codebook_version + 1)
    _log(CodebookChange.Kind.CREATE, code, by, now)
    return code


@transaction.atomic
def do_rename_code(code: Code, name: str, now: datetime, by: User | None = None) -> Code:
    name = _name(name)
    if name == code.name:
        return code
    _free(code.project, code.parent, name, but=code)
    old, code.name = code.name, name
    code.save(update_fields=["name"])
    _log(CodebookChange.Kind.RENAME, code, by, now, detail=f"{old} → {name}")
    return code


@transaction.atomic
def do_define_code(code: Code, definition: str, colour: str, now: datetime,
                   by: User | None = None) -> Code:
    code.definition, code.colour = definition.strip(), _colour(colour)
    code.save(update_fields=["definition", "colour"])
    _log(CodebookChange.Kind.DEFINE, code, by, now)
    return code


@transaction.atomic
def do_move_code(code: Code, parent: Code | None, now: datetime, by: User | None = None) -> Code:
    """Under another parent (None: to the top); never under itself or its own descendants."""
    _same_project(code, parent)
    step = parent
    while step is not None:
        if step.pk == code.pk:
            raise QdaError(f"parent: {code.name} cannot move under itself or its own sub-codes.")
        step = step.parent
    _free(code.project, parent, code.name, but=code)
    code.parent = parent
    code.save(update_fields=["parent"])
    _log(CodebookChange.Kind.MOVE, code, by, now,
         detail=f"under {parent.name}" if parent else "to the top")
    return code


@transaction.atomic
def do_merge_codes(code: Code, into: Code, now: datetime, by: User | None = None) -> Code:
    """`code` merges into `into`: its codings and sub-codes move there (a coding the target
    already holds on the same segment, coder and layer is kept once); `code` is retired."""
    _same_project(code, into)
    if into.pk == code.pk:
        raise QdaError("into: a code cannot merge into itself.")
    step: Code | None = into
    while step is not None:
        if step.pk == code.pk:
            raise QdaError(f"into: {into.name} is a sub-code of {code.name}; move it first.")
        step = step.parent
    held = set(Coding.objects.filter(code=into).values_list(
        "source_id", "coder_id", "layer", "start", "end"))
    twins = [c.pk for c in Coding.objects.filter(code=code)
             if (c.source_id, c.coder_id, c.layer, c.start, c.end) in held]
    Coding.objects.filter(pk__in=twins).delete()
    Coding.objects.filter(code=code).update(code=into)
    for child in Code.objects.filter(parent=code, retired=False):
        _free(code.project, into, child.name, but=child)
    Code.objects.filter(parent=code).update(parent=into)
    code.retired = True
    code.save(update_fields=["retired"])
    _log(CodebookChange.Kind.MERGE, code, by, now, detail=f"{code.name} → {into.name}", other=into)
    return into


@transaction.atomic
def do_split_code(code: Code, name: str, now: datetime, *, definition: str = "",
                  by: User | None = None) -> Code:
    """A new code split off `code`, beside it under the same parent; the codings stay on `code`
    until coders move the segments that belong to the new one."""
    _same_project(code, code)
    name = _name(name)
    _free(code.project, code.parent, name)
    new = Code.objects.create(project=code.project, parent=code.parent, name=name,
                              definition=definition.strip(), colour=code.colour,
                              created_in=code.project.codebook_version + 1)
    _log(CodebookChange.Kind.SPLIT, code, by, now, detail=f"{code.name} → {name}", other=new)
    return new
