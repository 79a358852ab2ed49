"""Issue 14, item 4: the cohort report shows what mentoring taught the mentors, per competency,
with small groups of mentors suppressed; the competency pages are linked from where people look.
"""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest
from django.urls import reverse
from django.utils import timezone

from mentora.evaluation import stored
from mentora.evaluation.reports import CohortData, ReportOptions, compute_report
from mentora.evaluation.reports.data import GROWTH_COLUMNS
from mentora.mentorships.actions import ensure_competencies
from mentora.mentorships.actions.competencies import do_record_mentor_growth
from mentora.mentorships.models import Competency
from mentora.people.ladder import Stage
from tests import factories

CODES = {"PC": (0, "Patient care"), "MK": (1, "Medical knowledge"),
         "ICS": (3, "Interpersonal and communication skills")}


def _cohort(writers: dict[str, list[int]], mentors: int = 6) -> CohortData:
    """`writers`: per competency code, the mentors (1..mentors) with one entry each on it."""
    rows, entry = [], 0
    for code, people in writers.items():
        position, name = CODES[code]
        for person in people:
            entry += 1
            rows.append((entry, person, 0, "ACGME core competencies", position, code, name))
    people = list(range(1, mentors + 1))
    return CohortData(
        name="Near-peer", starts_on=date(2026, 6, 1), ends_on=date(2026, 8, 28),
        enrolments=pd.DataFrame({"person": people, "role": "mentor", "status": "active",
                                 "enrolled_on": date(2026, 6, 1), "withdrawn_on": None}),
        growth=pd.DataFrame(rows, columns=GROWTH_COLUMNS),
    )


def _options(publication: bool = False) -> ReportOptions:
    return ReportOptions((2024, 2026), (2026, 2026), publication=publication)


def test_each_competency_counts_its_mentors_and_hides_a_small_group():
    report = compute_report(_cohort({"MK": [1, 2, 3, 4, 5, 6], "ICS": [1, 2, 3, 4, 5],
                                     "PC": [1, 2]}), _options())
    growth = report.mentor_growth
    assert growth is not None
    found = {c.code: (c.mentors, c.entries) for c in growth.competencies}
    assert found == {"PC": (None, None), "MK": (6, 6), "ICS": (5, 5)}
    assert [c.code for c in growth.competencies] == ["PC", "MK", "ICS"]  # framework order
    assert growth.hidden == ["PC (ACGME core competencies)"]
    assert (growth.writing, growth.mentors) == (6, 6)


def test_for_publication_every_group_of_six_mentors_is_hidden():
    growth = compute_report(_cohort({"MK": [1, 2, 3, 4, 5, 6]}), _options(True)).mentor_growth
    assert growth is not None
    assert growth.competencies[0].mentors is None and growth.writing is None


def test_the_mentors_who_wrote_nothing_hide_those_who_did_when_they_are_few():
    """Four of six wrote: the two who did not are a small group, and the four with them."""
    growth = compute_report(_cohort({"MK": [1, 2, 3, 4]}), _options()).mentor_growth
    assert growth is not None and growth.writing is None


def test_a_cohort_without_entries_has_no_growth_figures():
    assert compute_report(_cohort({}), _options()).mentor_growth is None


def _entry(world, code: str, day: date) -> None:
    ensure_competencies()
    item = Competency.objects.get(framework__program=None, code=code)
    moment = timezone.make_aware(datetime(2026, 11, 20, 12))
    do_record_mentor_growth(world.mark, world.cohort, day, "Listening first", [item], moment)


def test_the_report_page_shows_the_counts_and_never_the_entries_text(world, login, settings):
    settings.SUPPRESS_BELOW_INTERNAL = 1
    _entry(world, "ICS", date(2026, 11, 1))
    url = reverse("evaluation_report", args=[world.cohort.pk])
    page = login(world.alice).get(url).content.decode()
    assert "What mentors gained" in page
    assert "ICS: Interpersonal and communication skills" in page
    assert "Mentors who recorded what mentoring taught them: 1 of 1." in page
    assert "Listening first" not in page
    assert reverse("program_competencies", args=[world.clerkship.pk]) in page


def test_one_mentors_entries_are_hidden_at_the_internal_threshold(world, login):
    _entry(world, "ICS", date(2026, 11, 1))
    page = login(world.alice).get(reverse("evaluation_report", args=[world.cohort.pk]))
    text = page.content.decode()
    assert "Suppressed (fewer than 5 mentors): ICS (ACGME core competencies)" in text
    assert "Mentors who recorded what mentoring taught them: * of 1." in text


def test_an_evaluator_sees_the_counts_without_the_program_link(world, login, settings):
    settings.SUPPRESS_BELOW_INTERNAL = 1
    _entry(world, "MK", date(2026, 11, 1))
    evaluator = factories.make_person("Eve Evaluator", Stage.STAFF)
    evaluator.is_evaluator = True
    evaluator.save(update_fields=["is_evaluator"])
    page = login(evaluator).get(reverse("evaluation_report", args=[world.cohort.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and "MK: Medical knowledge" in text
    assert reverse("program_competencies", args=[world.clerkship.pk]) not in text


def test_a_new_entry_makes_a_stored_report_stale(world):
    before = stored.data_version(world.cohort)
    _entry(world, "PROF", date(2026, 11, 2))
    assert stored.data_version(world.cohort) != before


@pytest.mark.parametrize("who", ["alice", "mark"])
def test_the_competency_pages_are_linked_from_where_people_look(world, login, who):
    """The program page links its competencies; the mentor's home and pair page link the
    growth page of that pair."""
    client = login(getattr(world, who))
    if who == "alice":
        page = client.get(reverse("program", args=[world.clerkship.pk])).content.decode()
        assert reverse("program_competencies", args=[world.clerkship.pk]) in page
        return
    growth = reverse("mentor_growth", args=[world.mark_maya.pk])
    assert growth in client.get("/").content.decode()
    assert growth in client.get(reverse("mentorship", args=[world.mark_maya.pk])).content.decode()


def test_the_mentee_is_not_offered_the_mentors_growth_page(world, login):
    page = login(world.maya).get(reverse("mentorship", args=[world.mark_maya.pk]))
    assert reverse("mentor_growth", args=[world.mark_maya.pk]) not in page.content.decode()
