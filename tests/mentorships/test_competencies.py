"""Competency frameworks as data: the seeded site-wide frameworks carry goal tags, a program's
coordinator adds its own framework, mentors record what mentoring taught them, and the cohort
counts per competency are suppressed when small."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from mentora.mentorships.actions import ensure_competencies
from mentora.mentorships.actions.competencies import (
    CompetencyError,
    do_add_competency,
    do_add_framework,
    do_record_mentor_growth,
    growth_table,
)
from mentora.mentorships.models import Competency, Framework, MentorGrowth, competencies_for
from tests import factories

NOW = datetime(2026, 11, 21, 12, tzinfo=UTC)


def test_the_site_wide_frameworks_hold_six_acgme_competencies_and_thirteen_epas(world):
    ensure_competencies()
    sizes = {f.name: f.items.count() for f in Framework.objects.filter(program=None)}
    assert sizes == {"ACGME core competencies": 6, "AAMC Core EPAs": 13}


def test_a_coordinator_adds_a_framework_that_only_their_program_offers(world):
    ensure_competencies()
    own = do_add_framework(world.alice, world.clerkship, "Research skills")
    item = do_add_competency(world.alice, own, "RES1", "Frame a research question")
    assert item in competencies_for(world.clerkship)
    assert item not in competencies_for(world.faculty)
    assert competencies_for(world.faculty).count() == 19


def test_another_programs_coordinator_cannot_add_to_it_and_nothing_is_written(world):
    own = do_add_framework(world.alice, world.clerkship, "Research skills")
    with pytest.raises(CompetencyError, match="coordinators"):
        do_add_competency(world.bob, own, "RES1", "Frame a research question")
    with pytest.raises(CompetencyError, match="coordinators"):
        do_add_framework(world.bob, world.clerkship, "Other")
    assert not own.items.exists()


def test_a_duplicate_code_is_refused_with_where(world):
    own = do_add_framework(world.alice, world.clerkship, "Research skills")
    do_add_competency(world.alice, own, "RES1", "Frame a research question")
    with pytest.raises(CompetencyError, match="Code: Research skills already has an item"):
        do_add_competency(world.alice, own, "res1", "Again")


def test_the_site_wide_frameworks_are_not_edited_by_a_coordinator(world):
    ensure_competencies()
    acgme = Framework.objects.get(program=None, name="ACGME core competencies")
    with pytest.raises(CompetencyError, match="site-wide"):
        do_add_competency(world.alice, acgme, "X", "Extra")


def test_a_mentor_records_what_mentoring_taught_them(world):
    ensure_competencies()
    ics = Competency.objects.get(framework__program=None, code="ICS")
    entry = do_record_mentor_growth(
        world.mark, world.cohort, date(2026, 11, 1), "Listening before advising", [ics], NOW
    )
    assert list(entry.competencies.all()) == [ics]


def test_a_mentee_cannot_record_mentor_growth(world):
    ensure_competencies()
    ics = Competency.objects.get(framework__program=None, code="ICS")
    with pytest.raises(CompetencyError, match="Only a mentor"):
        do_record_mentor_growth(world.maya, world.cohort, date(2026, 11, 1), "x", [ics], NOW)
    assert not MentorGrowth.objects.exists()


def test_another_programs_framework_is_refused_for_a_growth_entry(world):
    theirs = do_add_framework(world.bob, world.faculty, "Faculty skills")
    item = do_add_competency(world.bob, theirs, "F1", "Teach at the bedside")
    with pytest.raises(CompetencyError, match="this program's frameworks"):
        do_record_mentor_growth(world.mark, world.cohort, date(2026, 11, 1), "x", [item], NOW)


def test_the_cohort_counts_per_competency_hide_small_groups(world):
    ensure_competencies()
    pc = Competency.objects.get(framework__program=None, code="PC")
    ics = Competency.objects.get(framework__program=None, code="ICS")
    prof = Competency.objects.get(framework__program=None, code="PROF")
    mentors = [world.mark]
    for n in range(5):
        mentor = factories.make_person(f"Mentor {n}")
        factories.enrol(world.cohort, mentor, "mentor")
        factories.pair(world.cohort, mentor, factories.make_person(f"Mentee {n}"))
        mentors.append(mentor)
    for mentor in mentors:
        do_record_mentor_growth(mentor, world.cohort, date(2026, 11, 1), "Taught", [pc, ics], NOW)
    do_record_mentor_growth(world.mark, world.cohort, date(2026, 11, 2), "Patience", [prof], NOW)
    items, table = growth_table(world.clerkship, threshold=5)
    codes = [c.code for c in items]
    row = table.cells[0]
    assert row[codes.index("PROF")].hidden  # one mentor's entry is not shown
    shown = [row[codes.index(code)] for code in ("PC", "ICS") if not row[codes.index(code)].hidden]
    assert [cell.count for cell in shown] == [6]  # the other hides PROF from the row's total
