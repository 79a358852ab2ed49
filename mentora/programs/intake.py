"""Self-enrolment through a cohort's intake form: the clerkship questionnaire of seed 000."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django import forms
from django.db import transaction
from django.utils import timezone

from mentora.audit.record import Action, record
from mentora.people.forms import DEMOGRAPHIC_KEYS, DemographicsFields
from mentora.people.ladder import Stage
from mentora.people.models import (
    CAREER_STAGE_CHOICES,
    CommunicationStyle,
    Demographics,
    Person,
)
from mentora.programs.enrolment_csv import ParticipantRow
from mentora.programs.models import Cohort, Enrolment, PendingIntake

OPINION = [
    ("1", "1 - Very negative"),
    ("2", "2 - Negative"),
    ("3", "3 - Neutral"),
    ("4", "4 - Positive"),
    ("5", "5 - Very positive"),
]
CONFIDENCE = [
    ("1", "1 - Not at all confident"),
    ("2", "2 - Slightly confident"),
    ("3", "3 - Somewhat confident"),
    ("4", "4 - Confident"),
    ("5", "5 - Very confident"),
]


class IntakeForm(DemographicsFields):
    """The clerkship questionnaire; its demographic questions are the profile page's."""

    full_name = forms.CharField(label="Full name", max_length=200)
    email = forms.EmailField(label="Email", max_length=254)  # Person.email's column
    career_stage = forms.TypedChoiceField(
        label="Career stage", choices=CAREER_STAGE_CHOICES, coerce=int
    )
    department = forms.CharField(label="Department or school", max_length=200, required=False)
    career_interests = forms.CharField(
        label="Future career interests",
        help_text="Specialties you are considering, separated by semicolons.",
        max_length=500,
    )
    goals = forms.CharField(
        label="What do you hope to gain from a mentor?", widget=forms.Textarea, required=False
    )
    communication_style = forms.ChoiceField(
        label="How do you like to communicate?",
        choices=[("", "No preference"), *CommunicationStyle.choices],
        required=False,
    )
    opinion_clerkship = forms.ChoiceField(
        label="Your opinion of this specialty as a clerkship",
        choices=OPINION,
        widget=forms.RadioSelect,
    )
    opinion_career = forms.ChoiceField(
        label="Your opinion of this specialty as a career",
        choices=OPINION,
        widget=forms.RadioSelect,
    )
    specialty_confidence = forms.ChoiceField(
        label="How confident are you in your specialty choice?",
        choices=CONFIDENCE,
        widget=forms.RadioSelect,
    )
    def __init__(self, *args: Any, cohort: Cohort, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cohort = cohort
        blocks = [(str(b.pk), str(b)) for b in cohort.blocks.order_by("starts_on", "pk")]
        if blocks:  # a cohort in rotation blocks asks which one (its id goes in the answers)
            self.fields["block"] = forms.ChoiceField(
                label="Your rotation block", choices=[("", "Not known yet"), *blocks],
                required=False)

    SECTIONS = (
        (
            "About you",
            (
                "full_name",
                "email",
                "career_stage",
                "department",
                "career_interests",
                "goals",
                "communication_style",
            ),
        ),
        ("Your views", ("opinion_clerkship", "opinion_career", "specialty_confidence")),
        (
            "Demographics (optional; seen only by you, counted only in totals)",
            DEMOGRAPHIC_KEYS,
        ),
    )

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        found = super().sections()
        if "block" in self.fields:
            found[0][1].append(self["block"])
        return found

    def clean_career_interests(self) -> str:
        value: str = self.cleaned_data["career_interests"]
        for name in (part.strip() for part in value.split(";")):
            if len(name) > 120:  # Interest.name's column
                raise forms.ValidationError(
                    f"Keep each interest to 120 characters; separate them with semicolons "
                    f"({name[:30]}... has {len(name)})."
                )
        return value

    def clean_email(self) -> str:
        # Whether the email is known or enrolled is never said here (no account enumeration).
        email: str = self.cleaned_data["email"].strip().lower()
        return email


INTAKE_KEYS = ("opinion_clerkship", "opinion_career", "specialty_confidence")


class IntakeLinkInvalid(Exception):
    """A confirmation link that was used, has expired or was never issued."""


CONFIRM_VALID_FOR = timedelta(days=7)


@transaction.atomic
def do_self_enrol(cohort: Cohort, data: dict[str, Any], now: datetime) -> None:
    """Take a submitted intake form. The form is public and proves no one owns the email: a new
    email is enrolled and invited at once, a known one only gets a single-use link to confirm
    (nothing of theirs changes before). The page answers the same either way."""
    from mentora.core.tokens import new_nonce, signed_token, token_hash

    person = Person.objects.filter(email__iexact=data["email"]).first()
    if person is None:
        _enrol(cohort, data, now)
        return
    nonce = new_nonce()
    pending = PendingIntake.objects.create(
        cohort=cohort,
        person=person,
        answers={**data, "email": person.email},
        token_hash=token_hash(signed_token("intake", nonce)),
        nonce=nonce,
        created_at=now,
        expires_at=now + CONFIRM_VALID_FOR,
    )
    record(Action.CREATE, pending, note="self-enrolment of a known email, awaiting its owner")
    _mail_confirmation(pending, now)


def _mail_confirmation(pending: PendingIntake, now: datetime) -> None:
    """The link to confirm, through the outbox: mailed at once, or by the reminder step once a
    mail server that is down answers again."""
    from mentora.engagement.delivery import deliver
    from mentora.engagement.models import Kind
    from mentora.engagement.notify import Draft, notify

    program = pending.cohort.program.name
    body = (
        f"Someone asked to enrol this email address in {program} ({pending.cohort}) through its "
        f"public form. If it was you, confirm with the link below; it works once and expires in "
        f"{CONFIRM_VALID_FOR.days} days. If it was not you, ignore this email: nothing has changed."
    )
    subject = f"Confirm your enrolment in {program} on Mentora"
    draft = Draft(
        pending.person_id, Kind.INTAKE_CONFIRMATION, f"intake:{pending.pk}", subject, body,
        about_id=pending.pk, in_app=False,
    )  # fmt: skip
    notify([draft], now)
    deliver(now, kinds=[Kind.INTAKE_CONFIRMATION], about=[pending.pk])


def find_pending_intake(token: str, now: datetime) -> PendingIntake:
    """The pending enrolment a confirmation link names, or why the link no longer works."""
    from mentora.people.invitations import link_token_hash

    pending = (
        PendingIntake.objects.select_related("cohort__program", "person")
        .filter(token_hash=link_token_hash(token))
        .first()
    )
    if pending is None:
        raise IntakeLinkInvalid("This confirmation link is not valid.")
    if pending.confirmed_at is not None:
        raise IntakeLinkInvalid("This confirmation link has already been used. Sign in instead.")
    if pending.expires_at <= now:
        raise IntakeLinkInvalid(
            "This confirmation link has expired. Fill in the enrolment form again for a new one."
        )
    return pending


@transaction.atomic
def do_confirm_intake(token: str, now: datetime) -> Enrolment:
    """The email's owner confirmed: apply the enrolment, profile and answers in one go."""
    pending = find_pending_intake(token, now)
    claimed = PendingIntake.objects.filter(pk=pending.pk, confirmed_at__isnull=True).update(
        confirmed_at=now
    )
    if not claimed:  # another tab confirmed it a moment ago
        raise IntakeLinkInvalid("This confirmation link has already been used. Sign in instead.")
    if Enrolment.objects.filter(cohort=pending.cohort, person=pending.person).exists():
        raise IntakeLinkInvalid(f"You are already enrolled in {pending.cohort.program.name}.")
    return _enrol(pending.cohort, pending.answers, now)


def _enrol(cohort: Cohort, data: dict[str, Any], now: datetime) -> Enrolment:
    """Enrol the person who filled in the intake form as a mentee, and invite them."""
    from mentora.people.invitations import do_invite
    from mentora.programs.actions import upsert_person

    row = ParticipantRow(
        row=0,
        full_name=data["full_name"],
        email=data["email"],
        career_stage=Stage(data["career_stage"]),
        role="mentee",
        department=data.get("department", ""),
        goals=data.get("goals", ""),
        communication_style=data.get("communication_style", ""),
        specialty_interests=[s.strip() for s in data["career_interests"].split(";") if s.strip()],
    )
    person, created = upsert_person(row)
    # The form is public and proves no one owns the email: a known person's restricted
    # demographics are never written from it, only a new person's.
    if created:
        demographics = Demographics.objects.create(
            person=person,
            **{k: data.get(k) or ("" if k != "race_ethnicity" else []) for k in DEMOGRAPHIC_KEYS},
        )
        record(Action.CREATE, person, program=cohort, note="intake form")
        record(Action.CREATE, demographics, program=cohort, fields=DEMOGRAPHIC_KEYS)
    enrolment = Enrolment.objects.create(
        cohort=cohort,
        person=person,
        role=Enrolment.Role.MENTEE,
        enrolled_on=timezone.localdate(now),
        intake={k: int(data[k]) for k in INTAKE_KEYS},
        block=cohort.blocks.filter(pk=int(data["block"])).first() if data.get("block") else None,
    )
    record(Action.CREATE, enrolment, note="intake form")
    if person.user_id is None:
        transaction.on_commit(lambda: do_invite(person, now, cohort.program.name))
    return enrolment
