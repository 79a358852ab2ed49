"""The mentor role offered at a new academic year: the person it is offered to accepts or
declines it (mentora.programs.mentor_offers)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from mentora.people.auth import AuthenticatedHttpRequest
from mentora.people.roles import person_of
from mentora.programs.mentor_offers import (
    OfferError,
    do_accept_mentor_offer,
    do_decline_mentor_offer,
)
from mentora.programs.models import MentorOffer


@login_required
@require_http_methods(["GET", "POST"])
def mentor_offer(request: AuthenticatedHttpRequest, offer_id: int) -> HttpResponse:
    """The offer, to its person alone: accept (enrols them as a mentor) or decline."""
    person = person_of(request.user)
    offer = (
        MentorOffer.objects.filter(pk=offer_id, person=person)
        .select_related("cohort__program", "tier")
        .first()
        if person is not None
        else None
    )
    if offer is None:
        raise Http404("No such offer.")
    if request.method == "POST":
        answer = request.POST.get("answer")
        try:
            if answer == "accept":
                do_accept_mentor_offer(offer, timezone.now())
                messages.success(request, f"You are now a mentor in {offer.cohort}.")
            elif answer == "decline":
                do_decline_mentor_offer(offer, timezone.now())
                messages.success(request, "You declined the mentor role; nothing else changed.")
            else:
                messages.error(request, "Choose Accept or Decline.")
        except OfferError as error:
            messages.info(request, str(error))
        return redirect("mentor_offer", offer.pk)
    return render(request, "programs/mentor_offer.html", {"offer": offer})
