"""An identified Qualtrics wave's responses linked to the people enrolled in the cohort."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mentora.surveys.models import Respondent, Response
from tests.fixtures import QUALTRICS

EXPORT = QUALTRICS / "qualtrics_export.csv"


def _import(cohort, *options: str) -> str:
    out = StringIO()
    call_command("qualtrics", "import", "--file", str(EXPORT), "--cohort", str(cohort.pk),
                 "--wave", "Pilot", *options, stdout=out)
    return out.getvalue()


def test_an_identified_wave_links_responses_by_the_recipients_email(world):
    shown = _import(world.cohort, "--identifiers", "keep", "--identified")
    linked = dict(Respondent.objects.filter(person__isnull=False)
                  .values_list("person__full_name", "record_id"))
    assert linked == {"Maya Mentee": "R_1mNtA5kQ8zXw2Yb", "Nina Other": "R_3pQr7sTu9vWx1Yz"}
    assert "(matched on recipient_email)" in shown
    assert "Maya Mentee (maya.mentee@example.edu), by 'recipient_email'" in shown


def test_dropped_identifiers_link_no_one_and_an_unknown_field_is_refused(world):
    _import(world.cohort, "--identifiers", "drop", "--identified", "--name", "dropped")
    assert not Respondent.objects.filter(person__isnull=False).exists()
    with pytest.raises(CommandError, match="match on 'nothing': no such field"):
        _import(world.cohort, "--identifiers", "keep", "--identified", "--match-on", "nothing",
                "--name", "other")
    assert Response.objects.filter(wave__project__name="other").count() == 0
