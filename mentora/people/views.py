from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from mentora.audit.record import Action, record
from mentora.core.forms import SafeForm
from mentora.people.access import access_me, access_person
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.people.forms import ProfileForm, profile_initial
from mentora.people.interests import known_names
from mentora.people.invitations import InvitationInvalid, do_accept_invitation, find_invitation
from mentora.people.models import Demographics, Interest, Person
from mentora.people.profile import ProfileError, do_update_profile
from mentora.people.roles import person_of
from mentora.people.zones import remember_zone


class SetPasswordForm(SafeForm):
    password1 = forms.CharField(
        label="Choose a password",
        widget=forms.PasswordInput,
        help_text="12 characters or more; not a common password, nor like your name or email.",
    )
    password2 = forms.CharField(label="Type it again", widget=forms.PasswordInput)

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean(self) -> dict[str, str]:
        data: dict[str, str] = super().clean() or {}
        if data.get("password1") != data.get("password2"):
            raise forms.ValidationError("The two passwords differ.")
        # Checked against the person's name and email too, before their account exists.
        person = self.person
        account = person.user or User(
            username=person.email, email=person.email, first_name=person.full_name
        )
        validate_password(data.get("password1", ""), user=account)
        return data


def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    now = timezone.now()
    try:
        invitation = find_invitation(token, now)
    except InvitationInvalid as problem:
        return render(request, "people/invitation_invalid.html", {"problem": problem}, status=410)
    form = SetPasswordForm(request.POST or None, person=invitation.person)
    if request.method == "POST" and form.is_valid():
        try:
            user = do_accept_invitation(token, form.cleaned_data["password1"], now)
        except InvitationInvalid as problem:
            return render(
                request, "people/invitation_invalid.html", {"problem": problem}, status=410
            )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        return redirect("home")
    return render(
        request, "people/accept_invitation.html", {"form": form, "person": invitation.person}
    )


@login_required
def person(request: AuthenticatedHttpRequest, person_id: int) -> HttpResponse:
    someone = access_person(request.user, person_id)
    me = person_of(request.user)
    # Demographics are restricted: their owner sees them, nobody else does.
    demographics = getattr(someone, "demographics", None) if me == someone else None
    if demographics is not None:
        record(Action.READ, demographics)
    context = {"someone": someone, "demographics": demographics, "is_me": me == someone}
    return render(request, "people/person.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def my_profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The signed-in person's own profile: no id in the address, so nobody else's."""
    me = access_me(request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, person=me)
        if form.is_valid():
            try:
                update = do_update_profile(me, form.changes())
            except ProfileError as problem:
                where = problem.field if problem.field in form.fields else None
                form.add_error(where, str(problem))
            else:
                me.refresh_from_db(fields=["timezone"])
                remember_zone(request, me)  # a new time zone shows on the very next page
                done = "Profile saved." if update.changed else "Nothing changed."
                messages.success(request, done)
                return redirect("my_profile")
    else:
        # Restricted: shown to their owner only, and each showing is an audit event.
        demographics: Demographics | None = getattr(me, "demographics", None)
        if demographics is not None:
            record(Action.READ, demographics)
        form = ProfileForm(initial=profile_initial(me, demographics), person=me)
    context = {
        "me": me,
        "form": form,
        "known_specialties": known_names(Interest.Kind.SPECIALTY),
        "known_scholarly": known_names(Interest.Kind.SCHOLARLY),
    }
    return render(request, "people/profile.html", context, status=400 if form.errors else 200)
