"""The firewall (issue 14, item 8): a program's coordinators mark its feedback formative only
and name its summative assessors; an observation entered by one of them is flagged."""

import re

import pytest
from django.urls import reverse

from mentora.audit.models import AuditEvent
from mentora.feedback.actions import do_record_mini_cex
from mentora.feedback.dossier import dossier_docx, dossier_of
from mentora.feedback.firewall import (
    FirewallError,
    do_name_assessor,
    do_set_formative_only,
    is_formative_only,
)
from mentora.feedback.models import FeedbackPolicy, SummativeAssessor
from tests.feedback.conftest import NOW
from tests.personas import coordinator, mentee, mentor

FLAG = "by a summative assessor"


def _page(world):
    return reverse("program_feedback", args=[world.clerkship.pk])


def test_the_coordinator_names_an_assessor_and_the_observation_is_flagged(
    world, login, mini_cex_fields
):
    observation = do_record_mini_cex(world.mark_maya, world.mark, NOW, **mini_cex_fields)
    for reader in (mentee(world), mentor(world)):
        assert FLAG not in login(reader).get(observation.get_absolute_url()).content.decode()
    response = login(coordinator(world)).post(
        _page(world), {"action": "assessor", "email": world.mark.email.upper()})
    assert response.status_code == 302
    assessor = SummativeAssessor.objects.get(program=world.clerkship)
    assert assessor.person == world.mark
    assert AuditEvent.objects.filter(
        object_type="feedback.summativeassessor", action="create",
        actor=world.alice, program=world.clerkship).exists()
    for reader in (mentee(world), mentor(world)):
        page = login(reader).get(observation.get_absolute_url()).content.decode()
        assert FLAG in page
        pair = login(reader).get(reverse("pair_feedback", args=[world.mark_maya.pk]))
        assert FLAG in pair.content.decode()
    listed = login(coordinator(world)).get(_page(world)).content.decode()
    assert world.mark.full_name in listed


def test_removing_the_assessor_takes_the_flag_away(world, login, mini_cex_fields):
    observation = do_record_mini_cex(world.mark_maya, world.mark, NOW, **mini_cex_fields)
    assessor = do_name_assessor(world.alice, world.clerkship, world.mark.email, NOW)
    response = login(world.alice).post(_page(world), {"action": "remove_assessor",
                                                      "id": str(assessor.pk)})
    assert response.status_code == 302
    assert not SummativeAssessor.objects.exists()
    assert AuditEvent.objects.filter(object_type="feedback.summativeassessor",
                                     action="delete").exists()
    assert FLAG not in login(world.maya).get(observation.get_absolute_url()).content.decode()


def test_an_assessor_of_another_program_does_not_flag_this_one(world, mini_cex_fields):
    from tests import factories

    factories.enrol(world.faculty_cohort, world.mark, "mentor", capacity=1)
    do_name_assessor(world.bob, world.faculty, world.mark.email, NOW)
    do_record_mini_cex(world.mark_maya, world.mark, NOW, **mini_cex_fields)
    assert dossier_of(world.mark).by_assessor == 0


def test_someone_not_enrolled_in_the_program_cannot_be_named(world, login):
    response = login(world.alice).post(_page(world), {"action": "assessor",
                                                      "email": "nobody@example.edu"})
    assert response.status_code == 400
    assert "nobody enrolled in Clerkship has the email nobody@example.edu" in (
        response.content.decode())
    assert not SummativeAssessor.objects.exists()


def test_another_programs_coordinator_changes_nothing(world, login):
    response = login(world.bob).post(_page(world), {"action": "assessor",
                                                    "email": world.mark.email})
    assert response.status_code == 404
    response = login(world.bob).post(_page(world), {"action": "policy", "formative_only": "on"})
    assert response.status_code == 404
    with pytest.raises(FirewallError, match="coordinators"):
        do_set_formative_only(world.bob, world.clerkship, True, NOW)
    assert not SummativeAssessor.objects.exists() and not FeedbackPolicy.objects.exists()


def test_the_coordinator_marks_feedback_formative_only_and_back(world, login):
    assert login(world.alice).post(_page(world), {"action": "policy", "formative_only": "on"}
                                   ).status_code == 302
    assert is_formative_only(world.clerkship.pk)
    assert AuditEvent.objects.filter(object_type="feedback.feedbackpolicy",
                                     note="formative only").exists()
    page = login(world.alice).get(_page(world)).content.decode()
    assert re.search(r'name="formative_only"[^>]*checked', page)
    login(world.alice).post(_page(world), {"action": "policy"})
    assert not is_formative_only(world.clerkship.pk)


def test_a_button_with_no_action_or_a_bad_id_is_a_message(world, login):
    for data, said in (({}, "Nothing to do"),
                       ({"action": "remove_assessor", "id": "x" * 40}, "Nothing chosen"),
                       ({"action": "unmap_domain", "id": "99999"}, "not this program")):
        response = login(world.alice).post(_page(world), data, follow=True)
        assert response.status_code == 200 and response.redirect_chain[-1][1] == 302
        assert said in response.content.decode()


def test_the_dossier_export_flags_what_an_assessor_entered(world, mini_cex_fields):
    from io import BytesIO

    from docx import Document

    do_name_assessor(world.alice, world.clerkship, world.mark.email, NOW)
    do_record_mini_cex(world.mark_maya, world.mark, NOW, **mini_cex_fields)
    do_record_mini_cex(world.mark_nina, world.mark, NOW, **mini_cex_fields)
    text = "\n".join(p.text for p in Document(BytesIO(
        dossier_docx(dossier_of(world.mark), NOW.date()))).paragraphs)
    assert "2 mini-CEX observations recorded" in text
    assert "2 of the observations were entered as the learner's summative assessor" in text


def test_the_learners_portfolio_flags_an_observation_by_a_summative_assessor(
    world, mini_cex_fields
):
    from mentora.portfolio.export import render_portfolio
    from mentora.portfolio.gather import Chosen, gather
    from tests.portfolio.reading import docx_text

    observation = do_record_mini_cex(world.mark_maya, world.mark, NOW, **mini_cex_fields)
    choice = Chosen(observations=frozenset({observation.pk}), made=True)
    before = docx_text(render_portfolio(gather(world.maya, NOW.date(), choice), "docx"))
    assert "Observed by Mark Mentor" in before and "summative assessor" not in before
    do_name_assessor(world.alice, world.clerkship, world.mark.email, NOW)
    for fmt in ("docx", "pdf"):
        data = render_portfolio(gather(world.maya, NOW.date(), choice), fmt)
        if fmt == "docx":
            assert "Mark Mentor is also a summative assessor in this program" in docx_text(data)
        else:
            from io import BytesIO

            from pypdf import PdfReader

            text = " ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)
            assert "summative assessor" in " ".join(text.split())


def test_a_formative_only_programs_observations_stay_out_of_the_learners_portfolio(
    world, mini_cex_fields
):
    """A portfolio goes to residency programs, who judge with it: a summative use, so what an
    observer gave on the program's formative-only promise is left out, chart and list alike."""
    from mentora.portfolio.export import render_portfolio
    from mentora.portfolio.gather import Chosen, gather
    from tests.portfolio.reading import docx_text

    observation = do_record_mini_cex(world.mark_maya, world.mark, NOW, **mini_cex_fields)
    choice = Chosen(observations=frozenset({observation.pk}), made=True)
    assert gather(world.maya, NOW.date(), choice).observation_count == 1
    do_set_formative_only(world.alice, world.clerkship, True, NOW)
    portfolio = gather(world.maya, NOW.date(), choice)
    assert (portfolio.observation_count, len(portfolio.observations)) == (0, 0)
    assert "Observed by Mark Mentor" not in docx_text(render_portfolio(portfolio, "docx"))


def test_the_portfolio_page_says_why_formative_only_observations_are_left_out(world, login):
    page = login(world.maya).get(reverse("portfolio", args=[world.maya.pk])).content.decode()
    assert "formative only stay out" in page
