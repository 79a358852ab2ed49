"""Projects, their coders and their sources (survey comments, transcripts)."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from mentora.audit.record import Action, record, record_many
from mentora.people.models import Person
from mentora.people.roles import is_live_evaluator
from mentora.programs.models import Cohort
from mentora.qualitative.models import Coder, Project, Source
from mentora.qualitative.pure.text import normalise, speaker_turns
from mentora.surveys.models import Answer, ItemType, Response

OPEN_TEXT = (ItemType.TEXT, ItemType.NOTES)


class QdaError(Exception):
    """A write refused, with a message for the person who tried it."""


def pseudonym(cohort_id: int, record_id: str) -> str:
    """A respondent's pseudonymous id in a cohort: the same for all their answers and waves,
    telling nothing of the record id without the site's secret key."""
    digest = hmac.new(settings.SECRET_KEY.encode(), f"qda:{cohort_id}:{record_id}".encode(),
                      hashlib.sha256).hexdigest()
    return f"R-{digest[:8]}"


@transaction.atomic
def do_create_project(cohort: Cohort, name: str, by: User, now: datetime,
                      description: str = "") -> Project:
    name = name.strip()
    if not name:
        raise QdaError("name: name the project.")
    if Project.objects.filter(cohort=cohort, name=name).exists():
        raise QdaError(f"name: {cohort} already has a project named {name!r}.")
    project = Project.objects.create(cohort=cohort, name=name, description=description.strip(),
                                     created_by=by, created_at=now)
    record(Action.CREATE, project, program=cohort, by=by)
    return project


@transaction.atomic
def do_add_coder(project: Project, person: Person, now: datetime, *, is_lead: bool = False,
                 by: User | None = None) -> Coder:
    """An evaluator joins the project's coders (a lead also adjudicates)."""
    if not is_live_evaluator(person, timezone.localdate(now)):
        raise QdaError(f"coder: {person.full_name} is not an evaluator; only evaluators code.")
    coder, created = Coder.objects.update_or_create(
        project=project, person=person, defaults={"is_lead": is_lead},
        create_defaults={"is_lead": is_lead, "added_at": now},
    )
    record(Action.CREATE if created else Action.UPDATE, coder, program=project.cohort, by=by,
           fields=["is_lead"])
    return coder


def open_text_items(cohort: Cohort) -> list[tuple[str, str]]:
    """(variable, wording) of the open-text questions the cohort's waves ask, identifying items
    (names, emails) left out."""
    rows = (Answer.objects.filter(response__wave__cohort=cohort, item__type__in=OPEN_TEXT,
                                  item__identifier=False)
            .values_list("item__variable", "item__label").distinct().order_by("item__variable"))
    return list(dict(rows).items())


@transaction.atomic
def do_import_comments(project: Project, variables: Sequence[str], now: datetime,
                       by: User | None = None) -> int:
    """Every submitted answer to the chosen open-text questions becomes a source: one per
    respondent and question, with the respondent's pseudonym, role, cohort, wave and group.
    Answers already imported are left as they are; blank ones are skipped. Returns how many
    sources were added."""
    cohort = project.cohort
    chosen = set(variables)
    if not chosen:
        raise QdaError("questions: tick at least one open-text question.")
    known = {variable for variable, _ in open_text_items(cohort)}
    unknown = sorted(chosen - known)
    if unknown:
        raise QdaError(f"questions: {', '.join(unknown)} is not an open-text question of {cohort}.")
    roles = dict(cohort.enrolments.values_list("person_id", "role"))
    done = set(Source.objects.filter(project=project, response__isnull=False)
               .values_list("response_id", "question"))
    answers = Answer.objects.filter(
        response__wave__cohort=cohort, response__status=Response.Status.SUBMITTED,
        item__variable__in=chosen, item__type__in=OPEN_TEXT, item__identifier=False,
    ).values_list("response_id", "response__record_id", "response__data_access_group",
                  "response__wave__label", "response__respondent__person_id", "item__variable",
                  "value").order_by("response__wave__opens_on", "response_id", "item__position")
    made = []
    for response_id, record_id, group, wave, person_id, variable, value in answers:
        text = normalise(value if isinstance(value, str) else "")
        if not text or (response_id, variable) in done:
            continue
        respondent = pseudonym(cohort.pk, record_id)
        made.append(Source(
            project=project, kind=Source.Kind.COMMENT, name=f"{respondent} · {wave} · {variable}",
            text=text, respondent=respondent, role=roles.get(person_id, "") if person_id else "",
            cohort_label=str(cohort), wave=wave, group=group, question=variable,
            response_id=response_id, added_at=now,
        ))
    created = Source.objects.bulk_create(made, batch_size=500)
    record_many(Action.CREATE, created, program=cohort, by=by)
    return len(created)


@transaction.atomic
def do_add_transcript(project: Project, kind: str, name: str, text: str, now: datetime, *,
                      by: User | None = None, respondent: str = "", role: str = "",
                      group: str = "", wave: str = "") -> Source:
    """An interview or focus-group transcript; lines that begin 'Name:' mark its speakers."""
    if kind not in (Source.Kind.INTERVIEW, Source.Kind.FOCUS_GROUP):
        raise QdaError(f"kind: {kind!r} is not an interview or a focus group.")
    text = normalise(text)
    if not text:
        raise QdaError(f"file: {name} holds no text.")
    turns = speaker_turns(text)
    source = Source.objects.create(
        project=project, kind=kind, name=name.strip()[:200] or "Transcript", text=text,
        respondent=respondent.strip(), role=role.strip(), group=group.strip(), wave=wave.strip(),
        cohort_label=str(project.cohort), speakers=[[t.speaker, t.start, t.end] for t in turns],
        added_at=now,
    )
    record(Action.CREATE, source, program=project.cohort, by=by)
    return source


@transaction.atomic
def do_set_redactions(project: Project, terms: str, redact_names: bool,
                      by: User | None = None) -> Project:
    """The words blacked out of the project's exports (one a line), and whether the cohort's
    people's names are too."""
    project.redactions = "\n".join(t.strip() for t in terms.splitlines() if t.strip())
    project.redact_names = redact_names
    project.save(update_fields=["redactions", "redact_names"])
    record(Action.UPDATE, project, program=project.cohort, by=by,
           fields=["redactions", "redact_names"])
    return project
