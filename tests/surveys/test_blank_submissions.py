"""A blank survey is never accepted, counted or allowed to spend its link; the library's core
items are required; leaving optional items blank asks the respondent to confirm first."""

from __future__ import annotations

import pytest
import time_machine

from mentora.surveys.actions import do_save_answers, response_rates
from mentora.surveys.library import LIBRARY
from mentora.surveys.links import LinkProblem
from mentora.surveys.models import Invitation, Response
from tests.surveys.test_waves import CORE, NOW, invited, library, submitted  # noqa: F401


@time_machine.travel(NOW, tick=False)
def test_an_empty_submission_is_refused_and_the_link_still_works(world, invited, client):  # noqa: F811
    wave, links = invited
    url = f"/s/{links[world.maya.email]}/"
    refused = client.post(url, {"submit": ""})
    assert refused.status_code == 400
    assert b"Nothing is answered yet" in refused.content
    assert b"Please answer this question." in refused.content  # each core item is marked
    assert not Invitation.objects.filter(wave=wave, used_at__isnull=False).exists()
    assert not Response.objects.filter(status="submitted").exists()
    assert response_rates(wave.cohort)[0].submitted == 0
    assert client.get(url).status_code == 200


@time_machine.travel(NOW, tick=False)
def test_the_door_itself_never_spends_a_link_on_nothing(world, invited):  # noqa: F811
    wave, links = invited
    with pytest.raises(LinkProblem):
        do_save_answers(links[world.maya.email], {}, NOW, submit=True)
    assert not Invitation.objects.filter(wave=wave, used_at__isnull=False).exists()


@time_machine.travel(NOW, tick=False)
def test_blank_optional_items_are_named_and_submitted_only_once_confirmed(world, invited, client):  # noqa: F811
    wave, links = invited
    url = f"/s/{links[world.maya.email]}/"
    asked = client.post(url, {**CORE, "submit": ""})
    page = asked.content.decode()
    assert "2 questions are not answered: Which specialty are you most likely" in page
    assert "Anything else you would like to tell us?" in page
    assert 'name="skipped_ok"' in page
    assert 'value="4" checked' in page  # the answers given are kept on the page
    assert not Response.objects.filter(status="submitted").exists()

    done = client.post(url, submitted())
    assert b"Thank you" in done.content
    assert Response.objects.get(wave=wave).status == "submitted"


def test_every_library_instrument_marks_its_core_items_required():
    for name, (build, _source, _scales) in LIBRARY.items():
        required = {item.variable for item in build().items if item.required}
        assert required, name
    faculty = {i.variable: i.required for i in LIBRARY["faculty_career_survey"][0]().items}
    assert faculty["cmse_annual_goals"] and faculty["burnout"]
    assert not faculty["ms_work_life"]  # "leave blank if it did not apply to you"


@time_machine.travel(NOW, tick=False)
def test_a_submitted_link_counts_as_opened(world, invited):  # noqa: F811
    """Never "Opened 0" beside "Submitted 1": answers saved without the page still opened it."""
    wave, links = invited
    do_save_answers(links[world.maya.email], dict(CORE), NOW, submit=True)
    rate = response_rates(wave.cohort)[0]
    assert (rate.started, rate.submitted) == (1, 1)
