"""Rotation blocks (issue 17, item 1): a coordinator divides a cohort into blocks, puts people
in them, matches one block with mentors' capacity counted across blocks, and reads the cohort
page and the report by block."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mentora.audit.models import AuditEvent
from mentora.evaluation.reports import ReportOptions, compute_report
from mentora.evaluation.sources import load_cohort
from mentora.matching.publish import do_publish
from mentora.matching.runs import do_start_run
from mentora.mentorships.actions.status import do_end
from mentora.mentorships.models import Mentorship
from mentora.people.ladder import Stage
from mentora.programs.blocks import BlockError, do_assign_block, do_delete_block, do_save_block
from mentora.programs.models import Block, Enrolment
from mentora.programs.timing import end_of, start_of
from tests import factories

NOW = datetime(2026, 7, 1, 12, tzinfo=UTC)


def _quarters(cohort):
    """Four twelve-week blocks from the cohort's start, as seed 000's clerkship."""
    blocks = []
    start = cohort.starts_on
    for k in range(4):
        end = date.fromordinal(start.toordinal() + 83)
        blocks.append(do_save_block(cohort, f"Block {k + 1}", start, end))
        start = date.fromordinal(end.toordinal() + 1)
    return blocks


def test_a_coordinator_adds_blocks_and_bad_dates_are_named(world, login):
    client = login(world.alice)
    url = reverse("cohort_blocks", args=[world.cohort.pk])
    page = client.post(url, {"name": "Block 1", "starts_on": "2026-07-01", "ends_on": "2026-09-22"})
    assert page.status_code == 302
    block = Block.objects.get(cohort=world.cohort)
    assert (block.name, block.starts_on, block.ends_on) == (
        "Block 1",
        date(2026, 7, 1),
        date(2026, 9, 22),
    )
    assert AuditEvent.objects.filter(action="create", object_type="programs.block").exists()

    overlapping = client.post(
        url, {"name": "Block 2", "starts_on": "2026-09-01", "ends_on": "2026-11-23"}
    )
    assert overlapping.status_code == 400
    assert "overlap block &#x27;Block 1&#x27;" in overlapping.content.decode()
    outside = client.post(
        url, {"name": "Block 5", "starts_on": "2027-05-01", "ends_on": "2027-08-01"}
    )
    assert outside.status_code == 400
    assert "outside the cohort&#x27;s dates (2026-07-01 to 2027-06-30)" in outside.content.decode()
    assert Block.objects.filter(cohort=world.cohort).count() == 1


def test_people_move_into_a_block_and_a_block_with_people_is_not_deleted(world, login):
    client = login(world.alice)
    block = do_save_block(world.cohort, "Block 1", date(2026, 7, 1), date(2026, 9, 22))
    maya = Enrolment.objects.get(cohort=world.cohort, person=world.maya)
    moved = client.post(
        reverse("block_people", args=[block.pk]), {"enrolment": [maya.pk], "to": "here"}
    )
    assert moved.status_code == 302
    maya.refresh_from_db()
    assert maya.block == block
    assert start_of(maya) == date(2026, 7, 1) and end_of(maya) == date(2026, 9, 22)

    refused = client.post(reverse("block_delete", args=[block.pk]), follow=True)
    assert "still has 1 person in it" in refused.content.decode()
    assert Block.objects.filter(pk=block.pk).exists()

    page = client.get(reverse("cohort", args=[world.cohort.pk])).content.decode()
    assert "Block 1" in page and "No block" in page  # the blocks table, people in none too

    client.post(reverse("block_people", args=[block.pk]), {"enrolment": [maya.pk], "to": "none"})
    client.post(reverse("block_delete", args=[block.pk]))
    assert not Block.objects.filter(pk=block.pk).exists()


def test_a_block_with_match_runs_is_not_deleted_and_its_runs_keep_its_name(world, login):
    """Deleting it would turn its runs into runs of the whole cohort: refused, naming them."""
    client = login(world.alice)
    block = do_save_block(world.cohort, "Block 2", date(2026, 7, 1), date(2026, 9, 22))
    maya = Enrolment.objects.get(cohort=world.cohort, person=world.maya)
    do_assign_block(world.cohort, [maya.pk], block)
    run = do_start_run(world.cohort, None, NOW, block=block)
    do_assign_block(world.cohort, [maya.pk], None)  # empty again, its run made

    refused = client.post(reverse("block_delete", args=[block.pk]), follow=True)
    assert (
        f"Block &#x27;Block 2&#x27; has 1 match run made for it (Run {run.number})"
        in refused.content.decode()
    )
    with pytest.raises(BlockError, match=r"1 match run made for it \(Run 1\)"):
        do_delete_block(block)
    assert Block.objects.filter(pk=block.pk).exists()
    assert not AuditEvent.objects.filter(action="delete", object_type="programs.block").exists()
    runs = client.get(reverse("match_runs", args=[world.cohort.pk])).content.decode()
    assert f"Run {run.number}</a> · Block 2" in runs


def test_nobody_reaches_another_programs_blocks_or_people(world, login):
    block = do_save_block(world.cohort, "Block 1", date(2026, 7, 1), date(2026, 9, 22))
    assert login(world.bob).get(reverse("block", args=[block.pk])).status_code == 404
    stranger = factories.enrol(world.faculty_cohort, factories.make_person("Sam Else"))
    with pytest.raises(BlockError, match="not in this cohort"):
        do_assign_block(world.cohort, [stranger.pk], block)
    stranger.refresh_from_db()
    assert stranger.block is None


def test_a_mentor_busy_in_block_one_has_no_room_in_block_two_until_those_pairs_end(db):
    coordinator = factories.make_user("coord@example.edu")
    program = factories.make_program("Clerkship pairs", coordinator)
    cohort = factories.make_cohort(program)
    first, second, *_ = _quarters(cohort)
    mentor = factories.make_person("Rita Resident", Stage.PGY3)
    factories.enrol(cohort, mentor, "mentor", capacity=2)
    early = [factories.make_person(f"Early {k}", Stage.MS3) for k in range(2)]
    late = [factories.make_person(f"Late {k}", Stage.MS3) for k in range(2)]
    for group, block in ((early, first), (late, second)):
        ids = [factories.enrol(cohort, p).pk for p in group]
        do_assign_block(cohort, ids, block)

    run = do_start_run(cohort, None, NOW, block=first)
    assert run.block == first
    assert sorted(run.person_ids("mentees")) == sorted(p.pk for p in early)
    assert len(run.pairs) == 2
    do_publish(run, run.version, None, NOW)

    busy = do_start_run(cohort, None, NOW, block=second)
    assert sorted(busy.person_ids("mentees")) == sorted(p.pk for p in late)
    assert busy.person_ids("mentors") == [] and busy.pairs == []

    for pair in Mentorship.objects.filter(cohort=cohort, status="active"):
        do_end(pair, None, "The block ended", NOW)
    free = do_start_run(cohort, None, NOW, block=second)
    assert {int(p.mentee_id) for p in free.pairs} == {p.pk for p in late}


def test_the_spreadsheet_puts_people_in_blocks_and_names_an_unknown_block(world, login):
    do_save_block(world.cohort, "Block 1", date(2026, 7, 1), date(2026, 9, 22))
    client = login(world.alice)
    url = reverse("cohort_upload", args=[world.cohort.pk])
    good = b"name,email,career_stage,role,block\nAda B,ada@x.edu,MS3,mentee,block 1\n"
    client.post(url, {"participants": SimpleUploadedFile("p.csv", good, "text/csv")})
    assert Enrolment.objects.get(person__email="ada@x.edu").block.name == "Block 1"
    bad = b"name,email,career_stage,role,block\nCy D,cy@x.edu,MS3,mentee,Block 9\n"
    page = client.post(url, {"participants": SimpleUploadedFile("p.csv", bad, "text/csv")})
    assert page.status_code == 400
    assert "&#x27;Block 9&#x27; is not a block of this cohort (Block 1)" in page.content.decode()
    assert not Enrolment.objects.filter(person__email="cy@x.edu").exists()


def test_the_report_groups_participation_by_block(world):
    first, second, *_ = _quarters(world.cohort)
    do_assign_block(world.cohort, [Enrolment.objects.get(person=world.maya).pk], first)
    do_assign_block(world.cohort, [Enrolment.objects.get(person=world.nina).pk], second)
    data = load_cohort(world.cohort)
    # The counts, with nothing suppressed (a threshold of 1)...
    options = ReportOptions((2024, 2026), (2026, 2027), internal_threshold=1)
    blocks = compute_report(data, options).blocks
    assert blocks is not None
    assert [(b.name, b.mentees) for b in blocks.rows] == [("Block 1", 1), ("Block 2", 1)]
    assert blocks.rows[0].matched is not None and blocks.rows[0].matched.count == 1
    # ... which at the report's own threshold (5) are groups too small to show.
    blocks = compute_report(data, ReportOptions((2024, 2026), (2026, 2027))).blocks
    assert blocks is not None
    assert [(b.name, b.mentees, b.matched) for b in blocks.rows] == [
        ("Block 1", None, None),
        ("Block 2", None, None),
    ]


def test_the_demo_clerkship_runs_in_four_twelve_week_blocks(demo, client):
    cohort = demo.cohorts["000"]
    blocks = list(cohort.blocks.order_by("starts_on"))
    assert [b.name for b in blocks] == ["Block 1", "Block 2", "Block 3", "Block 4"]
    assert all((b.ends_on - b.starts_on).days + 1 == 84 for b in blocks)
    assert blocks[0].starts_on == cohort.starts_on and blocks[-1].ends_on <= cohort.ends_on
    students = cohort.enrolments.filter(role="mentee")
    assert not students.filter(block__isnull=True).exists()
    assert sorted(b.enrolments.count() for b in blocks) == [6, 6, 6, 7]
    report = compute_report(load_cohort(cohort), ReportOptions((2024, 2026), (2026, 2027)))
    assert report.blocks is not None
    assert [b.name for b in report.blocks.rows] == ["Block 1", "Block 2", "Block 3", "Block 4"]
    client.force_login(cohort.program.coordinators.get(email="clerkship@demo.mentora.test"))
    response = client.get(reverse("cohort", args=[cohort.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Participation by block" in page
    assert all(f'<a href="/blocks/{b.pk}/">{b.name}</a>' in page for b in blocks)


def test_the_intake_form_asks_for_the_block_and_enrols_the_student_in_it(world, client):
    _, second, *_ = _quarters(world.cohort)
    world.cohort.intake_open = True
    world.cohort.save(update_fields=["intake_open"])
    form = client.get(reverse("intake", args=[world.cohort.pk])).content.decode()
    assert "Your rotation block" in form and "Block 2 (2026-09-23 to 2026-12-15)" in form
    client.post(
        reverse("intake", args=[world.cohort.pk]),
        {
            "full_name": "Nell New",
            "email": "nell@x.edu",
            "career_stage": "5",
            "career_interests": "Cardiology",
            "opinion_clerkship": "4",
            "opinion_career": "4",
            "specialty_confidence": "3",
            "block": str(second.pk),
        },
    )
    enrolment = Enrolment.objects.get(person__email="nell@x.edu")
    assert enrolment.block == second and start_of(enrolment) == second.starts_on


def test_changing_a_block_to_overlap_another_is_refused_and_nothing_changes(world, login):
    _, second, *_ = _quarters(world.cohort)
    client = login(world.alice)
    page = client.post(
        reverse("block", args=[second.pk]),
        {"name": "Block 2", "starts_on": "2026-09-01", "ends_on": "2026-12-15"},
    )
    assert page.status_code == 400
    assert "overlap block &#x27;Block 1&#x27; (2026-07-01 to 2026-09-22)" in page.content.decode()
    second.refresh_from_db()
    assert second.starts_on == date(2026, 9, 23)
    renamed = client.post(
        reverse("block", args=[second.pk]),
        {"name": "Autumn", "starts_on": "2026-09-23", "ends_on": "2026-12-15"},
    )
    assert renamed.status_code == 302
    second.refresh_from_db()
    assert second.name == "Autumn"
    assert AuditEvent.objects.filter(
        action="update", object_type="programs.block", object_id=str(second.pk)
    ).exists()
