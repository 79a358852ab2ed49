"""A learner's portfolio: the goal met by five confirmed procedures, the procedures by level,
the mini-CEX chart, the observations and reflections they chose; theirs alone."""

from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from mentora.audit.models import AuditEvent
from mentora.feedback.models import MiniCex
from mentora.mentorships.actions import MeetingDetails, do_log_meeting, do_reflect
from mentora.portfolio.actions import PortfolioError, do_choose_portfolio
from mentora.portfolio.models import PortfolioChoice
from tests.portfolio.conftest import GOAL, NOW, observe
from tests.portfolio.reading import docx_images, docx_rows, docx_text, pdf_images, pdf_text


def _download(client, person, fmt):
    response = client.get(reverse("portfolio_download", args=[person.pk, fmt]))
    assert response.status_code == 200, response
    assert "attachment" in response["Content-Disposition"]
    return response.content


def test_the_word_download_holds_the_goal_the_procedures_and_the_chart(world, login, learner):
    data = _download(login(world.maya), world.maya, "docx")
    text = docx_text(data)
    assert "Learning portfolio: Maya Mentee" in text
    assert GOAL in text and "5 of 5 supervised shoulder reductions" in text
    counts = docx_rows(data, "Procedure")
    assert counts[0] == [
        "Procedure",
        "Observed",
        "Assisted",
        "Performed under supervision",
        "Performed independently",
        "Total",
    ]
    assert counts[1] == ["shoulder reduction", "0", "1", "5", "0", "6"]
    log = docx_rows(data, "Date")
    supervised = [row for row in log[1:] if row[2] == "Performed under supervision"]
    assert [row[0] for row in supervised] == [f"2026-10-0{d}" for d in range(1, 6)]
    assert all(row[3] == "Mark Mentor" for row in log[1:])
    assert "chest drain" not in text  # logged, never confirmed
    assert docx_images(data) == 1
    assert "Overall clinical competence: 4 on 2026-09-01, 8 on 2026-10-31" in text


def test_the_pdf_download_holds_the_same_and_the_chart_as_an_image(world, login, learner):
    data = _download(login(world.maya), world.maya, "pdf")
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert GOAL in text and "5 of 5 supervised shoulder reductions" in text
    assert "6 confirmed procedures" in text
    assert text.count("2026-10-0") >= 5 and "chest drain" not in text
    assert "Mini-CEX domains over time" in text
    assert pdf_images(data) == 1


def test_nobody_else_opens_or_downloads_it(world, login, learner):
    urls = [reverse("portfolio", args=[world.maya.pk])] + [
        reverse("portfolio_download", args=[world.maya.pk, fmt]) for fmt in ("docx", "pdf")
    ]
    for reader in (world.mark, world.nina, world.alice, world.olga):
        for url in urls:
            assert login(reader).get(url).status_code == 404, (reader, url)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).exists()
    assert (
        login(world.maya)
        .get(reverse("portfolio_download", args=[world.maya.pk, "odt"]))
        .status_code
        == 404
    )


def test_a_download_is_audited_as_an_export_by_its_reader(world, login, learner):
    _download(login(world.maya), world.maya, "pdf")
    event = AuditEvent.objects.get(action=AuditEvent.Action.EXPORT)
    assert event.actor == world.maya.user and "portfolio" in event.note
    assert event.object_id == str(world.maya.pk)


def test_before_any_choice_no_observation_or_reflection_is_shown_in_full(world, login, learner):
    text = docx_text(_download(login(world.maya), world.maya, "docx"))
    assert "Selected observations" not in text and "Check pulses first" not in text


def test_the_learner_chooses_on_the_page_and_the_download_follows(world, login, learner):
    meeting = do_log_meeting(
        [world.mark_maya], MeetingDetails(on=date(2026, 10, 10)), world.mark, NOW
    )
    reflection = do_reflect(meeting, world.maya, "Ask for feedback in the moment", "", NOW)
    chosen = observe(
        world.mark_maya,
        date(2026, 11, 15),
        9,
        next_step="Teach a junior",
        reflection="I can lead now",
    )
    client = login(world.maya)
    page = client.get(reverse("portfolio", args=[world.maya.pk])).content.decode()
    assert "Save my choice" in page and GOAL in page
    assert "4 mini-CEX observations in the chart, 0 shown in full" in page
    response = client.post(
        reverse("portfolio", args=[world.maya.pk]),
        {"observations": [chosen.pk], "reflections": [reflection.pk]},
    )  # the goal unticked
    assert response.status_code == 302
    text = docx_text(_download(client, world.maya, "docx"))
    assert "Teach a junior" in text and "I can lead now" in text
    assert "Ask for feedback in the moment" in text
    assert GOAL not in text and "No goals achieved yet." in text
    page = client.get(reverse("portfolio", args=[world.maya.pk])).content.decode()
    assert "4 mini-CEX observations in the chart, 1 shown in full" in page


def test_another_learners_observation_is_not_a_choice(world, login, learner):
    theirs = observe(world.mark_nina, date(2026, 11, 1), 5)
    response = login(world.maya).post(
        reverse("portfolio", args=[world.maya.pk]), {"observations": [theirs.pk]}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not PortfolioChoice.objects.exists()
    with pytest.raises(PortfolioError, match="observations: 1 of the chosen are not yours"):
        do_choose_portfolio(
            world.maya, world.maya, NOW, goals=[], observations=[theirs], reflections=[]
        )
    with pytest.raises(PortfolioError, match="Only the learner"):
        do_choose_portfolio(world.maya, world.mark, NOW, goals=[], observations=[], reflections=[])
    assert not PortfolioChoice.objects.exists()


def test_the_choice_is_audited(world, learner):
    do_choose_portfolio(
        world.maya,
        world.maya,
        NOW,
        goals=[learner["goal"]],
        observations=learner["observations"][:1],
        reflections=[],
    )
    event = AuditEvent.objects.get(object_type="portfolio.portfoliochoice")
    assert event.action == AuditEvent.Action.CREATE
    assert event.fields == ["left_out_goals", "observations", "reflections"]


def test_the_command_writes_both_formats(world, learner, tmp_path, capsys):
    for fmt in ("docx", "pdf"):
        out = tmp_path / f"portfolio.{fmt}"
        call_command("portfolio", person="MAYA.mentee@example.edu", format=fmt, out=str(out))
        data = out.read_bytes()
        text = docx_text(data) if fmt == "docx" else pdf_text(data)
        assert GOAL in text and "shoulder reduction" in text
        assert (docx_images(data) if fmt == "docx" else pdf_images(data)) == 1
    assert "6 confirmed procedures, 3 mini-CEX observations" in capsys.readouterr().out
    assert AuditEvent.objects.filter(action=AuditEvent.Action.EXPORT).count() == 2


def test_the_command_says_what_is_wrong(world, tmp_path):
    with pytest.raises(CommandError, match=r"--person nobody@example\.edu: nobody has this"):
        call_command(
            "portfolio", person="nobody@example.edu", format="pdf", out=str(tmp_path / "p.pdf")
        )
    with pytest.raises(CommandError, match="does not exist"):
        call_command(
            "portfolio",
            person="maya.mentee@example.edu",
            format="pdf",
            out=str(tmp_path / "missing" / "p.pdf"),
        )
    with pytest.raises(CommandError, match="is a folder"):
        call_command("portfolio", person="maya.mentee@example.edu", format="pdf", out=str(tmp_path))


def test_a_learner_with_nothing_yet_gets_a_portfolio_that_says_so(world, login):
    data = _download(login(world.nina), world.nina, "docx")
    text = docx_text(data)
    assert "No goals achieved yet." in text and "No confirmed procedures yet." in text
    assert "No mini-CEX observations yet." in text and docx_images(data) == 0
    assert pdf_images(_download(login(world.nina), world.nina, "pdf")) == 0


def test_the_learner_finds_it_from_the_pairs_observations(world, login):
    url = reverse("portfolio", args=[world.maya.pk])
    pair_page = reverse("pair_feedback", args=[world.mark_maya.pk])
    assert url in login(world.maya).get(pair_page).content.decode()
    assert url not in login(world.mark).get(pair_page).content.decode()


def test_text_word_refuses_is_cleaned_not_a_server_error(world, login, learner):
    """A vertical tab pasted from Word (\\x0b) that reached the database another way."""
    observation = learner["observations"][0]
    MiniCex.objects.filter(pk=observation.pk).update(
        strengths="Calm\x0bsteady", reflection="Pulses\x07 first"
    )
    do_choose_portfolio(world.maya, world.maya, NOW, goals=[], observations=[observation],
                        reflections=[])
    client = login(world.maya)
    assert "Calm steady" in docx_text(_download(client, world.maya, "docx")).replace("\n", " ")
    assert "Calm" in pdf_text(_download(client, world.maya, "pdf"))
