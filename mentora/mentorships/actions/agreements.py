"""Drafting, editing and signing a pair's agreement; every version is kept."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from mentora.mentorships.actions.setup import agreement_texts, ensure_agreement_template
from mentora.mentorships.models import SECTION_FIELDS, Agreement, AgreementVersion, Mentorship
from mentora.people.models import Person


class AgreementError(ValueError):
    """Signing or editing an agreement out of turn; the message says why."""


def _snapshot(agreement: Agreement, by: Person | None, now: datetime) -> None:
    AgreementVersion.objects.create(
        agreement=agreement,
        number=agreement.version,
        edited_by=by,
        edited_at=now,
        **agreement.sections(),
    )


def agreement_of(mentorship: Mentorship) -> Agreement:
    """The pair's agreement; before either has saved or signed it, the program's template as an
    unsaved draft (a read: `do_draft_agreement` writes it on their first save or signature)."""
    existing = Agreement.objects.filter(mentorship=mentorship).first()
    if existing is not None:
        return existing
    return Agreement(mentorship=mentorship, **agreement_texts(mentorship.cohort.program))


@transaction.atomic
def do_draft_agreement(mentorship: Mentorship, now: datetime) -> Agreement:
    """The pair's agreement, drafted from the program's template the first time one of them saves
    or signs it (two doing so at once get the same draft)."""
    template = ensure_agreement_template(mentorship.cohort.program)
    agreement, created = Agreement.objects.get_or_create(
        mentorship=mentorship, defaults={"updated_at": now, **template.sections()}
    )
    if created:
        _snapshot(agreement, None, now)
    return agreement


@transaction.atomic
def do_edit_agreement(
    agreement: Agreement, sections: dict[str, str], by: Person, now: datetime
) -> bool:
    """Save new text as a new version. A change clears both signatures: both sign again.

    Returns whether anything changed (saving the same text makes no new version).
    """
    unknown = set(sections) - set(SECTION_FIELDS)
    if unknown:
        raise AgreementError(f"Unknown agreement sections: {sorted(unknown)}")
    current = agreement.sections()
    if all(current[name] == sections.get(name, current[name]) for name in SECTION_FIELDS):
        return False
    for name, text in sections.items():
        setattr(agreement, name, text)
    agreement.version += 1
    agreement.mentor_signed_at = agreement.mentee_signed_at = None
    agreement.updated_at = now
    agreement.save()
    _snapshot(agreement, by, now)
    return True


@transaction.atomic
def do_sign_agreement(agreement: Agreement, by: Person, now: datetime) -> None:
    """The mentor or the mentee signs the current version."""
    pair = agreement.mentorship
    if by.pk == pair.mentor_id:
        field = "mentor_signed_at"
    elif by.pk == pair.mentee_id:
        field = "mentee_signed_at"
    else:
        raise AgreementError("Only the mentor and the mentee sign their agreement.")
    if getattr(agreement, field) is not None:
        return
    setattr(agreement, field, now)
    agreement.save(update_fields=[field])
    AgreementVersion.objects.filter(agreement=agreement, number=agreement.version).update(
        **{field: now}
    )
