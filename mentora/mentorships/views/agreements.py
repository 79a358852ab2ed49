"""The pair's agreement: read, edit (which asks both to sign again), sign, see versions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from mentora.core.text import whole_number
from mentora.mentorships.access import access_pair
from mentora.mentorships.actions import (
    AgreementError,
    EditConflict,
    agreement_of,
    do_draft_agreement,
    do_edit_agreement,
    do_sign_agreement,
)
from mentora.mentorships.forms import AgreementForm
from mentora.people.access import access_me
from mentora.people.auth import AuthenticatedHttpRequest


@login_required
@require_http_methods(["GET", "POST"])
def agreement(request: AuthenticatedHttpRequest, mentorship_id: int) -> HttpResponse:
    pair = access_pair(request.user, mentorship_id)
    me = access_me(request.user)
    agreement = agreement_of(pair)
    form = AgreementForm(request.POST or None, instance=agreement)
    status = 200
    if request.method == "POST" and form.is_valid():
        sections = {name: form.cleaned_data[name] for name in AgreementForm.Meta.fields}
        # Read again from the database: validating the form wrote the new text on `agreement`.
        agreement = do_draft_agreement(pair, timezone.now())
        try:
            changed = do_edit_agreement(agreement, sections, me, timezone.now(),
                                        version=form.cleaned_data["version"])
        except EditConflict as conflict:
            # The writer's text stays in the form, now against the current version, so that
            # saving again is a choice made knowing what the other wrote.
            messages.error(request, str(conflict))
            again = request.POST.copy()
            again["version"] = str(conflict.version)
            form = AgreementForm(again, instance=agreement_of(pair))
            agreement = agreement_of(pair)
            status = 409
        else:
            if changed:
                messages.success(request,
                                 "Saved as a new version. Both of you need to sign it again.")
            return redirect("agreement", pair.pk)
    i_signed = (
        agreement.mentor_signed_at if me.pk == pair.mentor_id else agreement.mentee_signed_at
    )
    return render(
        request,
        "mentorships/agreement.html",
        {
            "pair": pair,
            "agreement": agreement,
            "form": form,
            "i_signed": i_signed,
            "versions": agreement.versions.select_related("edited_by") if agreement.pk else [],
        },
        status=status,
    )


@login_required
@require_POST
def sign(request: AuthenticatedHttpRequest, mentorship_id: int) -> HttpResponse:
    pair = access_pair(request.user, mentorship_id)
    agreement = do_draft_agreement(pair, timezone.now())
    version = whole_number(request.POST.get("version", ""), most_digits=9)
    if version is None:
        messages.error(request, "The agreement changed since you opened it; read it again.")
        return redirect("agreement", pair.pk)
    try:
        do_sign_agreement(agreement, access_me(request.user), timezone.now(), version=version)
    except AgreementError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"You signed version {version}.")
    return redirect("agreement", pair.pk)
