"""Drafting, editing and signing a pair's agreement; every version is kept.

An edit or a signature names the version its page showed: the write compares and bumps it in one
UPDATE, so of two people editing at once the second is told what changed (EditConflict) and
nobody's text is silently lost."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from mentora.audit.record import Action, record
from mentora.mentorships.actions.setup import agreement_texts, ensure_agreement_template
from mentora.mentorships.models import (
    CADENCE_FIELDS,
    SECTION_FIELDS,
    Agreement,
    AgreementVersion,
    Mentorship,
)
from mentora.people.models import Person

VERSIONED = (*SECTION_FIELDS, *CADENCE_FIELDS)


class AgreementError(ValueError):
    """Signing or editing an agreement out of turn; the message says why."""


class EditConflict(ValueError):
    """The record changed since the editor's page showed it; the message says who changed it,
    when and what, and nothing of the late edit was saved. `version` is the current one."""

    def __init__(self, message: str, version: int) -> None:
        super().__init__(message)
        self.version = version


def _agreement_conflict(agreement_id: int, seen: int) -> EditConflict:
    current = Agreement.objects.get(pk=agreement_id)
    versions = {v.number: v for v in AgreementVersion.objects.filter(
        agreement_id=agreement_id, number__in=[seen, current.version]).select_related("edited_by")}
    latest, before = versions.get(current.version), versions.get(seen)
    who = latest.edited_by.full_name if latest and latest.edited_by else "Someone"
    when = timezone.localtime(latest.edited_at).strftime("%Y-%m-%d %H:%M") if latest else ""
    labels = dict(current.labelled_sections_by_name())
    changed = [labels[name] for name in SECTION_FIELDS
               if before is None or getattr(before, name) != getattr(current, name)]
    if before is None or any(getattr(before, n) != getattr(current, n) for n in CADENCE_FIELDS):
        changed.append("the cadence")
    what = f" ({', '.join(changed)} changed)" if changed else ""
    return EditConflict(
        f"{who} saved version {current.version} of the agreement at {when} while you were "
        f"editing version {seen}{what}. Your text was not saved: it is still in the form below. "
        f"Read version {current.version}, then save yours again if you still want it.",
        current.version,
    )


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
        record(Action.CREATE, agreement, program=mentorship.cohort)
    return agreement


@transaction.atomic
def do_edit_agreement(
    agreement: Agreement, sections: dict[str, Any], by: Person, now: datetime,
    version: int | None = None,
) -> bool:
    """Save new text (or cadence) as a new version. A change clears both signatures: both sign
    again.

    `version` is the one the editor's page showed (by default the one `agreement` was read
    at); if someone saved another since, nothing is written and EditConflict says who and what.
    Returns whether anything changed (saving the same text makes no new version).
    """
    unknown = set(sections) - set(VERSIONED)
    if unknown:
        raise AgreementError(f"Unknown agreement sections: {sorted(unknown)}")
    seen = agreement.version if version is None else version
    current = Agreement.objects.get(pk=agreement.pk).sections()
    if all(current[name] == sections.get(name, current[name]) for name in VERSIONED):
        return False
    written = Agreement.objects.filter(pk=agreement.pk, version=seen).update(
        **sections, version=F("version") + 1, mentor_signed_at=None, mentee_signed_at=None,
        updated_at=now,
    )
    if not written:
        raise _agreement_conflict(agreement.pk, seen)
    agreement.refresh_from_db()
    _snapshot(agreement, by, now)
    record(Action.UPDATE, agreement, by=by, fields=[n for n in sections if n in VERSIONED])
    return True


@transaction.atomic
def do_sign_agreement(agreement: Agreement, by: Person, now: datetime,
                      version: int | None = None) -> None:
    """The mentor or the mentee signs the version their page showed (by default the one
    `agreement` was read at), only if it is still the current one."""
    pair = agreement.mentorship
    if by.pk == pair.mentor_id:
        field = "mentor_signed_at"
    elif by.pk == pair.mentee_id:
        field = "mentee_signed_at"
    else:
        raise AgreementError("Only the mentor and the mentee sign their agreement.")
    seen = agreement.version if version is None else version
    signed = Agreement.objects.filter(pk=agreement.pk, version=seen).update(
        **{field: Coalesce(F(field), Value(now))}
    )
    if not signed:
        raise AgreementError(
            f"The agreement changed since you opened it (now version "
            f"{Agreement.objects.get(pk=agreement.pk).version}); read it again before signing."
        )
    agreement.refresh_from_db()
    AgreementVersion.objects.filter(
        agreement=agreement, number=seen, **{f"{field}__isnull": True}
    ).update(**{field: getattr(agreement, field)})
    record(Action.UPDATE, agreement, by=by, fields=[field], note=f"signed version {seen}")
