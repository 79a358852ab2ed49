"""What a program needs before its pairs start: topics, an agreement template, IDP templates.

Written when the program is created (`do_set_up_program`, which `MentorshipsConfig.ready` hooks
to every new Program, whoever creates it: the admin, the demo, a test) and, for programs made
before, by migration 0004. Pages only read them: no GET writes.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from mentora.mentorships.models import (
    AgreementTemplate,
    Competency,
    Framework,
    PlanTemplate,
    Topic,
)
from mentora.mentorships.pure import defaults
from mentora.programs.models import Program


def ensure_topics(program: Program) -> list[Topic]:
    topics = list(program.topics.all())
    if topics:
        return topics
    Topic.objects.bulk_create(
        [Topic(program=program, name=name, position=i) for i, name in enumerate(defaults.TOPICS)],
        ignore_conflicts=True,
    )
    return list(program.topics.all())


def _default_agreement_texts(program: Program) -> dict[str, str]:
    texts = dict(defaults.AGREEMENT_TEMPLATE)
    texts["meeting_frequency"] = texts["meeting_frequency"].format(
        meetings=program.meetings_per_year_target
    )
    return texts


def agreement_texts(program: Program) -> dict[str, str]:
    """The program's starting text for an agreement (a read: the defaults if it has none)."""
    template = AgreementTemplate.objects.filter(program=program).first()
    return template.sections() if template else _default_agreement_texts(program)


def ensure_agreement_template(program: Program) -> AgreementTemplate:
    template, _ = AgreementTemplate.objects.get_or_create(
        program=program, defaults=_default_agreement_texts(program)
    )
    return template


def ensure_plan_templates(program: Program) -> dict[str, PlanTemplate]:
    kinds = {
        PlanTemplate.Kind.FULL: ("Full development plan", defaults.IDP_FULL),
        PlanTemplate.Kind.LUNCH: ("Over-lunch development plan", defaults.IDP_LUNCH),
    }
    templates = {}
    for kind, (name, sections) in kinds.items():
        templates[kind.value], _ = PlanTemplate.objects.get_or_create(
            program=program,
            kind=kind,
            defaults={"name": name, "sections": [list(pair) for pair in sections]},
        )
    return templates


@transaction.atomic
def do_set_up_program(program: Program) -> None:
    """Give a program its topics, agreement template and plan templates. What it already has is
    kept (a program may have edited its copies), so running it again changes nothing."""
    ensure_topics(program)
    ensure_agreement_template(program)
    ensure_plan_templates(program)


def set_up_new_program(
    sender: type[Program], instance: Program, created: bool, raw: bool = False, **kwargs: Any
) -> None:
    """post_save receiver: a program just created is set up at once (not a fixture load)."""
    if created and not raw:
        do_set_up_program(instance)


def ensure_competencies() -> None:
    """The site-wide frameworks (ACGME competencies, AAMC Core EPAs). A migration seeds them; a
    database flushed since (the demo, transactional tests) gets them back here, as an explicit
    setup step."""
    if Framework.objects.filter(program=None).exists():
        return
    for position, (name, items) in enumerate(defaults.SITE_FRAMEWORKS):
        framework = Framework.objects.create(name=name, program=None, position=position)
        Competency.objects.bulk_create(
            Competency(framework=framework, code=code, name=item, position=at)
            for at, (code, item) in enumerate(items)
        )
