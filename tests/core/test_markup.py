"""Every page's HTML holds together for a screen reader: no id twice, every aria-describedby,
aria-labelledby and label `for` names an element of the page, and headings never skip a level.

The pages are the page budgets' (tests/core/test_page_budgets.py): every page a user opens, as
the persona who opens it, with a little of what it lists. Forms are also checked as they come
back with errors, when Django points each field at its error message.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import get_resolver, reverse

from tests.conftest import World
from tests.core.test_page_budgets import MINI_CEX, PAGES, SMALL, Budget, respond_scene
from tests.markup import markup_problems
from tests.personas import account, mentee, mentor, nobody


def _html(response: Any) -> str:
    return response.content.decode() if "text/html" in response.get("Content-Type", "") else ""


def _report(url: str, problems: list[str]) -> str:
    return f"{url}:\n" + "\n".join(f"  {p}" for p in problems)


def _api_names() -> set[str]:
    api = get_resolver().namespace_dict["api"][1]
    return {name for name in api.reverse_dict if isinstance(name, str)}


# Pages whose answer is not HTML: the JSON API; a meeting's .ics and the calendar feed; a
# survey's CSV exports; the JSON that progress pages and health checks poll.
NOT_HTML = _api_names() | {
    "meeting_ics", "calendar_feed", "survey_export", "survey_instrument_export",
    "evaluation_report_job", "job_progress", "health",
}  # fmt: skip
HTML_PAGES = [p for p in PAGES if p.name not in NOT_HTML]


def _open(world: World, client: Any, page: Budget) -> tuple[str, Any]:
    who = page.persona(world)
    scene = page.scene(world)
    scene.grow(SMALL)
    if who is not None:
        client.force_login(account(who))
    url = scene.url()
    response = client.get(url)
    assert response.status_code == 200, response
    return url, response


@pytest.mark.parametrize(
    "page", HTML_PAGES, ids=[f"{p.name}-{p.persona.__name__}" for p in HTML_PAGES]
)
def test_page_markup_holds_together(world: World, client: Any, page: Budget) -> None:
    url, response = _open(world, client, page)
    html = _html(response)
    assert html, f"{page.name} answers {response.get('Content-Type')}: add it to NOT_HTML"
    problems = markup_problems(html)
    assert not problems, _report(url, problems)


LEFT_OUT = [p for p in PAGES if p.name in NOT_HTML]


@pytest.mark.parametrize("page", LEFT_OUT, ids=[p.name for p in LEFT_OUT])
def test_a_page_left_out_answers_something_other_than_html(
    world: World, client: Any, page: Budget
) -> None:
    """What NOT_HTML leaves out of the check above is really not HTML (no page hides there)."""
    _, response = _open(world, client, page)
    assert not _html(response), f"{page.name} is an HTML page: take it out of NOT_HTML"


# Forms sent back with errors: (URL name, who sends it, the pair's id or None, what is sent).
INVALID = [
    ("log_meeting", mentor, "pair", {"on": "not a date", "duration_minutes": "-5"}),
    ("schedule_meeting", mentor, "pair", {"on": "", "duration_minutes": "x"}),
    ("new_goal", mentee, "pair", {"target_count": "many"}),
    ("new_mini_cex", mentor, "pair", {"observed_on": "yesterday", "interviewing": "12"}),
    ("log_procedure", mentee, "pair", {"performed_on": "soon"}),
    ("login", nobody, None, {"username": "nobody@example.edu", "password": "wrong"}),
]


@pytest.mark.parametrize("name,persona,pair,data", INVALID, ids=[row[0] for row in INVALID])
def test_a_form_sent_back_with_errors_points_at_its_messages(
    world: World, client: Any, name: str, persona: Any, pair: str | None, data: dict[str, str]
) -> None:
    who = persona(world)
    if who is not None:
        client.force_login(account(who))
    url = reverse(name, args=[world.mark_maya.pk] if pair else [])
    response = client.post(url, data)
    assert response.status_code in (200, 400), f"{url} did not send the form back: {response}"
    html = _html(response)
    assert re.search(r'class="[^"]*error', html), f"{url} shows no error"
    problems = markup_problems(html)
    assert not problems, _report(url, problems)


def test_a_survey_sent_back_with_errors_points_at_its_messages(world: World, client: Any) -> None:
    """A required item left empty: its message is tied to it, and no id is used twice."""
    url = respond_scene(world).url()
    response = client.post(url, {"submit": "1", "im_opinion_career": "99"})
    assert response.status_code == 400, response
    assert 'class="errors"' in _html(response)
    problems = markup_problems(_html(response))
    assert not problems, _report(url, problems)


def test_the_coordinators_intake_form_with_errors(world: World, client: Any) -> None:
    world.cohort.intake_open = True
    world.cohort.save(update_fields=["intake_open"])
    url = reverse("intake", args=[world.cohort.pk])
    response = client.post(url, {"email": "not an email"})
    assert response.status_code in (200, 400), response
    assert "errorlist" in _html(response)
    problems = markup_problems(_html(response))
    assert not problems, _report(url, problems)


def test_a_page_with_a_message_holds_together(world: World, client: Any) -> None:
    """After a save, the page says so ("Mini-CEX recorded.") in a status region around its list."""
    client.force_login(account(mentor(world)))
    url = reverse("new_mini_cex", args=[world.mark_maya.pk])
    data = {k: "" if v is None else str(v) for k, v in MINI_CEX.items()}
    response = client.post(url, data, follow=True)
    html = _html(response)
    assert "Mini-CEX recorded." in html, html
    problems = markup_problems(html)
    assert not problems, _report(response.request["PATH_INFO"], problems)
