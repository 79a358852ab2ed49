"""A coder decides a code suggestion: accepting it makes their own coding through the usual
door (do_apply_code, the whole comment, the valence they choose); rejecting records it."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from mentora.audit.record import Action, record
from mentora.people.models import Person
from mentora.qualitative.actions.coding import do_apply_code
from mentora.qualitative.actions.projects import QdaError
from mentora.qualitative.models import Suggestion, SuggestionDecision, Valence


@transaction.atomic
def do_decide_suggestion(
    suggestion: Suggestion,
    coder: Person,
    accept: bool,
    now: datetime,
    *,
    valence: str = Valence.NEUTRAL,
) -> SuggestionDecision:
    if SuggestionDecision.objects.filter(suggestion=suggestion, coder=coder).exists():
        raise QdaError("You have already decided this suggestion.")
    coding = None
    if accept:
        coding = do_apply_code(suggestion.source, suggestion.code, coder, now, valence=valence)
    elif not suggestion.project.coders.filter(person=coder).exists():
        raise QdaError("Only the project's coders code its sources.")
    decision = SuggestionDecision.objects.create(
        suggestion=suggestion, coder=coder, accepted=accept, coding=coding, at=now
    )
    record(
        Action.CREATE,
        decision,
        program=suggestion.project.cohort,
        by=coder,
        note="suggestion accepted" if accept else "suggestion rejected",
    )
    return decision
