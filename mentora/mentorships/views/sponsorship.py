"""Sponsorship (issue 17): a person's own page (what they gave and received, both forms), the
coordinators' page of a cohort's acts, and the mentee's guidance page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from mentora.core.forms import SafeForm
from mentora.core.pagination import page_of
from mentora.mentorships.actions.sponsorship import (
    NAME_LIMIT,
    WHAT_LIMIT,
    SponsorshipError,
    acts_for,
    confirmation_note,
    do_record_sponsorship,
    live_enrolments,
    received_counts,
)
from mentora.mentorships.models import Mentorship, SponsorshipKind
from mentora.people.access import access_me
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.people.models import Person
from mentora.programs.access import access_cohort
from mentora.programs.models import Enrolment

LIVE = [Mentorship.Status.ACTIVE, Mentorship.Status.PROPOSED]


class _PairChoice(forms.ModelChoiceField[Mentorship]):
    def __init__(self, *args: Any, side: str, **kwargs: Any) -> None:
        self.side = side
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Mentorship) -> str:
        person = obj.mentee if self.side == "mentee" else obj.mentor
        return f"{person.full_name} ({obj.cohort.program.name})"


class _EnrolmentChoice(forms.ModelChoiceField[Enrolment]):
    def label_from_instance(self, obj: Enrolment) -> str:
        return str(obj.cohort)


class _PersonChoice(forms.ModelChoiceField[Enrolment]):
    def label_from_instance(self, obj: Enrolment) -> str:
        return f"{obj.person.full_name} ({obj.get_role_display().lower()})"


class _ActForm(SafeForm):
    kind = forms.ChoiceField(
        label="What the sponsor did", choices=SponsorshipKind.choices, widget=forms.RadioSelect
    )
    on = forms.DateField(label="Date", widget=forms.DateInput(attrs={"type": "date"}))
    what = forms.CharField(
        label="What for",
        max_length=WHAT_LIMIT,
        required=False,
        help_text="The award, committee, talk, position, contact or letter, in a few words.",
    )


class GivenForm(_ActForm):
    """A mentor's act for one of their mentees."""

    field_order = ["pair", "kind", "on", "what"]
    pair = _PairChoice(
        queryset=Mentorship.objects.none(), side="mentee", label="Whom you sponsored"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "given_%s")
        super().__init__(*args, **kwargs)


class ReceivedForm(_ActForm):
    """What a person received: from one of their mentors, or anyone named."""

    field_order = ["pair", "sponsor_name", "enrolment", "kind", "on", "what"]
    pair = _PairChoice(
        queryset=Mentorship.objects.none(),
        side="mentor",
        required=False,
        label="From one of my mentors",
        empty_label="Someone else (name below)",
    )
    sponsor_name = forms.CharField(label="Or their name", max_length=NAME_LIMIT, required=False)
    enrolment = _EnrolmentChoice(
        queryset=Enrolment.objects.none(),
        required=False,
        label="In which program",
        empty_label=None,
        help_text="Only when you typed a name.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "received_%s")
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("pair") and not data.get("sponsor_name"):
            self.add_error("sponsor_name", "Choose one of your mentors, or type a name.")
        elif not data.get("pair") and not data.get("enrolment"):
            self.add_error("enrolment", "Choose the program this happened in.")
        return data


class CohortActForm(_ActForm):
    """A coordinator's own act for someone in the cohort."""

    field_order = ["enrolment", "kind", "on", "what"]
    enrolment = _PersonChoice(queryset=Enrolment.objects.none(), label="Whom you sponsored")


def _record(request: AuthenticatedHttpRequest, form: _ActForm, **target: Any) -> bool:
    data = form.cleaned_data
    try:
        act = do_record_sponsorship(
            request.user,
            kind=data["kind"],
            on=data["on"],
            what=data["what"],
            now=timezone.now(),
            **target,
        )
    except SponsorshipError as refused:
        form.add_error(None, str(refused))
        return False
    # The other side had recorded it already: theirs, now confirmed, not a second act.
    confirmed = act.recorded_by_id != request.user.pk
    messages.success(request, confirmation_note(act) if confirmed else "Sponsorship recorded.")
    return True


@login_required
@require_http_methods(["GET", "POST"])
def my_sponsorship(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the signed-in person gave and received, and the forms to record either."""
    me = access_me(request.user)
    today = timezone.localdate()
    post = request.POST if request.method == "POST" else None
    which = post.get("form") if post else None
    given = GivenForm(post if which == "given" else None, initial={"on": today})
    received = ReceivedForm(post if which == "received" else None, initial={"on": today})
    lapsed = Enrolment.objects.filter(person=me, expires_on__lte=today).values("cohort_id")
    pairs = Mentorship.objects.filter(status__in=LIVE).exclude(cohort__in=lapsed)
    given_pairs = pairs.filter(mentor=me).select_related("mentee", "cohort__program")
    given.fields["pair"].queryset = given_pairs  # type: ignore[attr-defined]
    received.fields["pair"].queryset = pairs.filter(  # type: ignore[attr-defined]
        mentee=me
    ).select_related("mentor", "cohort__program")
    received.fields["enrolment"].queryset = live_enrolments(  # type: ignore[attr-defined]
        me, today
    ).select_related("cohort__program")
    if given.is_bound and given.is_valid():
        pair = given.cleaned_data["pair"]
        if _record(request, given, cohort=pair.cohort, sponsored=pair.mentee):
            return redirect("sponsorship")
    if received.is_bound and received.is_valid():
        pair, data = received.cleaned_data["pair"], received.cleaned_data
        target = (
            {"cohort": pair.cohort, "sponsor": pair.mentor}
            if pair
            else {"cohort": data["enrolment"].cohort, "sponsor_name": data["sponsor_name"]}
        )
        if _record(request, received, sponsored=me, **target):
            return redirect("sponsorship")
    acts = acts_for(request.user).select_related("sponsor", "sponsored", "cohort__program")
    return render(
        request,
        "mentorships/sponsorship.html",
        {
            "me": me,
            "given": given,
            "received": received,
            "mentors_anyone": given_pairs.exists(),
            "acts_given": acts.filter(sponsor=me),
            "acts_received": acts.filter(sponsored=me),
        },
        status=400 if post else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def cohort_sponsorship(request: AuthenticatedHttpRequest, cohort_id: int) -> HttpResponse:
    """For the program's coordinators: the cohort's acts, counts per person, their own form."""
    cohort = access_cohort(request.user, cohort_id)
    form = CohortActForm(request.POST or None, initial={"on": timezone.localdate()})
    people = cohort.enrolments.exclude(status=Enrolment.Status.WITHDRAWN)
    form.fields["enrolment"].queryset = people.select_related(  # type: ignore[attr-defined]
        "person"
    ).order_by("person__full_name", "pk")
    if form.is_bound and form.is_valid():
        person: Person = form.cleaned_data["enrolment"].person
        if _record(request, form, cohort=cohort, sponsored=person):
            return redirect("cohort_sponsorship", cohort.pk)
    acts = cohort.sponsorship_acts.select_related("sponsor", "sponsored")
    return render(
        request,
        "mentorships/cohort_sponsorship.html",
        {
            "cohort": cohort,
            "form": form,
            "counts": received_counts(cohort),
            "acts": page_of(request, acts.order_by("-on", "-pk")),
            "total": acts.count(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_safe
def menteeship(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Guidance for mentees: preparing for a meeting, managing up, asking for sponsorship."""
    return render(request, "mentorships/menteeship.html")
