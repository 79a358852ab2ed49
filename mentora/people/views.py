from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from mentora.audit.record import Action, record
from mentora.core.forms import SafeForm
from mentora.people.access import access_person
from mentora.people.auth import AuthenticatedHttpRequest
from mentora.people.invitations import InvitationInvalid, do_accept_invitation, find_invitation
from mentora.people.models import Person
from mentora.people.roles import person_of


class SetPasswordForm(SafeForm):
    password1 = forms.CharField(
        label="Choose a password", widget=forms.PasswordInput,
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
        account = person.user or User(username=person.email, email=person.email,
                                      first_name=person.full_name)
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
