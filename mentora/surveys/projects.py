"""Imported projects' identity: which project an import writes into, never another by accident.

An import either starts a new project, under a name no other project or instrument has (the
instrument takes the project's name, and instrument names are shared by all versions), or goes
into one of the cohort's projects, chosen by name. Nothing is ever merged by a shared file name:
`free_name` turns a default such as "dictionary" into "dictionary-2" when the first is taken.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db.models import Q
from django.utils.text import slugify

from mentora.programs.models import Cohort
from mentora.surveys.interchange.project import Metadata
from mentora.surveys.models import Answer, Instrument, SurveyProject, Wave
from mentora.surveys.problems import ImportProblem

NAME_LENGTH = 60  # as the import forms ask; the column takes 80, leaving room for "-<n>"


def taken(name: str) -> bool:
    """Whether a project or an instrument (a library one too) has the name."""
    return (
        SurveyProject.objects.filter(name=name).exists()
        or Instrument.objects.filter(name=name).exists()
    )


def free_name(base: str, fallback: str = "project") -> str:
    """A project name made from `base` (a file name, say) that nothing has yet."""
    stem = slugify(base)[:NAME_LENGTH].strip("-_") or fallback
    name, number = stem, 1
    while taken(name):
        number += 1
        name = f"{stem}-{number}"
    return name


def cohort_projects(cohort: Cohort, kind: str | None = None) -> list[str]:
    projects = cohort.survey_projects.all()
    if kind:
        projects = projects.filter(kind=kind)
    return list(projects.values_list("name", flat=True))


def open_project(
    cohort: Cohort, name: str, kind: str, now: datetime, *, into: bool
) -> SurveyProject:
    """The project an import writes into: the cohort's project `name` when importing into it
    was chosen, else a new project under a name nothing has; ImportProblem otherwise."""
    if into:
        project = SurveyProject.objects.filter(cohort=cohort, name=name, kind=kind).first()
        if project is None:
            listed = ", ".join(cohort_projects(cohort, kind)) or "none"
            raise ImportProblem(
                [f"This cohort has no {kind} project named {name!r} to import into "
                 f"(its {kind} projects: {listed})."]
            )
        SurveyProject.objects.filter(pk=project.pk).update(updated_at=now)
        return project
    if taken(name):
        raise ImportProblem(
            [f"A project or instrument named {name!r} exists already. To update that project, "
             "import into it (choose it under 'Import into', or --into on the command line); "
             "for a new project, give it another name."]
        )
    return SurveyProject.objects.create(
        cohort=cohort, name=name, kind=kind, created_at=now, updated_at=now
    )


def keep_metadata(project: SurveyProject, metadata: Metadata) -> None:
    """Store the tables given with the import; a table not given keeps what was stored."""
    changed = []
    for part, attribute in (
        ("arms", "arms"),
        ("mapping", "form_events"),
        ("groups", "access_groups"),
        ("repeating", "repeating"),
    ):
        if part in metadata.columns:
            rows = [dict(row) for row in getattr(metadata, part)]
            setattr(project, attribute, {"columns": list(metadata.columns[part]), "rows": rows})
            changed.append(attribute)
    if changed:
        project.save(update_fields=changed)


def name_arms(project: SurveyProject, waves: Sequence[Wave]) -> None:
    """Each wave takes its arm's name from the project's arms table, when it has one."""
    table = stored_table(project.arms)
    if table is None:
        return
    names = {row.get("arm_num", "").strip(): row.get("name", "") for row in table[1]}
    for wave in waves:
        name = names.get(str(wave.arm), wave.arm_name)
        if wave.arm_name != name:
            wave.arm_name = name
            wave.save(update_fields=["arm_name"])


def stored_table(value: object) -> tuple[list[str], list[dict[str, str]]] | None:
    """A table kept by keep_metadata, as (columns, rows); None when none was given."""
    if not isinstance(value, dict) or not value.get("columns"):
        return None
    return list(value["columns"]), [dict(row) for row in value.get("rows", [])]


def move_to_version(waves: Sequence[Wave], instrument: Instrument) -> None:
    """A project imported again with a changed dictionary: its waves take the new version and
    their answers its items of the same variable. A field that holds answers and is not in the
    new dictionary is refused by name, since its answers would be lost."""
    moving = [wave for wave in waves if wave.instrument_id != instrument.pk]
    if not moving:
        return
    new_items = dict(instrument.items.values_list("variable", "pk"))
    answered = set(
        Answer.objects.filter(response__wave__in=moving)
        .exclude(item__instrument=instrument)
        .values_list("item_id", "item__variable")
        .distinct()
    )
    missing = sorted({variable for _, variable in answered if variable not in new_items})
    if missing:
        raise ImportProblem(
            [f"dictionary: the fields {missing} hold answers in this project and are not in "
             "the new dictionary, so importing it would lose them; nothing was imported."]
        )
    for item_id, variable in answered:
        Answer.objects.filter(Q(item_id=item_id), response__wave__in=moving).update(
            item_id=new_items[variable]
        )
    for wave in moving:
        wave.instrument = instrument
    Wave.objects.filter(pk__in=[wave.pk for wave in moving]).update(instrument=instrument)
