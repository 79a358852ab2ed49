"""Every read of a wave or instrument goes through here; anything out of reach is a 404.

Coordinators reach the waves of the cohorts they coordinate (build on access_cohort). Library
instruments are readable by any coordinator; an imported one only through a wave they reach.
Respondents reach their survey through its link only (mentora.surveys.links).
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db.models import Q
from django.http import Http404

from mentora.people.auth import AnyUser
from mentora.programs.access import programs_for
from mentora.surveys.models import Instrument, SurveyImport, Wave


def access_wave(user: User, wave_id: int) -> Wave:
    try:
        return Wave.objects.select_related("cohort__program", "instrument").get(
            pk=wave_id, cohort__program__in=programs_for(user)
        )
    except Wave.DoesNotExist:
        raise Http404("No such wave") from None


def access_instrument(user: AnyUser, instrument_id: int) -> Instrument:
    if not user.is_authenticated:
        raise Http404("No such instrument")
    reachable = Q(in_library=True) | Q(waves__cohort__program__in=programs_for(user))
    instrument = Instrument.objects.filter(reachable, pk=instrument_id).distinct().first()
    if instrument is None or (instrument.in_library and not programs_for(user).exists()):
        raise Http404("No such instrument")
    return instrument


def access_survey_import(user: User, import_id: int) -> SurveyImport:
    """A queued import reaches whoever reaches its cohort's program."""
    try:
        return SurveyImport.objects.select_related("cohort__program", "job").get(
            pk=import_id, cohort__program__in=programs_for(user)
        )
    except SurveyImport.DoesNotExist:
        raise Http404("No such import") from None
