"""What a program needs before its pairs start: topics, an agreement template, IDP templates.

Created on first use, so programs made before this app (or by the demo) need no extra step.
"""

from __future__ import annotations

from mentora.mentorships.models import AgreementTemplate, Competency, PlanTemplate, Topic
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


def ensure_agreement_template(program: Program) -> AgreementTemplate:
    texts = dict(defaults.AGREEMENT_TEMPLATE)
    texts["meeting_frequency"] = texts["meeting_frequency"].format(
        meetings=program.meetings_per_year_target
    )
    template, _ = AgreementTemplate.objects.get_or_create(program=program, defaults=texts)
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


def ensure_competencies() -> None:
    """The ACGME competencies and AAMC Core EPAs. A migration seeds them; a database flushed
    since (the demo, transactional tests) gets them back here."""
    if Competency.objects.exists():
        return
    frameworks = (
        (Competency.Framework.ACGME, defaults.ACGME_COMPETENCIES),
        (Competency.Framework.EPA, defaults.AAMC_CORE_EPAS),
    )
    Competency.objects.bulk_create(
        [
            Competency(framework=framework, code=code, name=name, position=position)
            for framework, items in frameworks
            for position, (code, name) in enumerate(items)
        ],
        ignore_conflicts=True,
    )
