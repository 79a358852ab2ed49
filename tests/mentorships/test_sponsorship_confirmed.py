"""A sponsorship act recorded by both sides counts once (issue 17, seed 003's comparison).

Mark nominates Maya for the teaching award and records it; Maya records that Mark nominated
her: one act, confirmed by her, counted once in the report. Either side recording it again is
told so; a different act (another kind, a month apart, another sponsor) counts on its own; and
nobody confirms an act about someone else by changing an id."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from mentora.audit.models import AuditEvent
from mentora.evaluation import sources
from mentora.evaluation.reports.equity import equity
from mentora.mentorships.actions.sponsorship import SponsorshipError, do_record_sponsorship
from mentora.mentorships.models import SponsorshipAct
from mentora.mentorships.pure.sponsorship import MATCH_DAYS
from mentora.people.ladder import Stage
from tests import factories
from tests.mentorships.test_sponsorship import DAY, _act

HIS_NOMINATION = "Nominated for an award, 20 October 2026"


def _received(pair, on="2026-10-24", **more):
    return {"form": "received", "pair": pair.pk, "kind": "award", "on": on, **more}


def _given(pair, on="2026-10-24", **more):
    return {"form": "given", "pair": pair.pk, "kind": "award", "on": on, **more}


def _acts_per_mentee(cohort) -> float:
    """The report's figure: sponsorship acts received per mentee, all mentees."""
    data = sources.load_cohort(cohort)
    found = [b for b in equity(data, threshold=1) if b.measure == "sponsorship"]
    return float(found[0].overall.value)


def test_the_mentees_record_of_her_mentors_act_confirms_it_and_it_counts_once(world, login):
    _act(world, world.mark, world.maya)
    assert _acts_per_mentee(world.cohort) == pytest.approx(0.5)  # one act, two mentees

    sent = login(world.maya).post(
        reverse("sponsorship"),
        _received(world.mark_maya, what="The resident teaching award"),
        follow=True,
    )
    text = sent.content.decode()
    assert (
        f"Already recorded by Mark Mentor on 2 November 2026 ({HIS_NOMINATION}): "
        "now confirmed by you. It counts once."
    ) in text
    assert "from Mark Mentor · recorded by both of you" in text
    act = SponsorshipAct.objects.get()
    assert (act.recorded_as, act.confirmed_as, act.confirmed_by) == (
        "sponsor",
        "recipient",
        world.maya.user,
    )
    assert act.what == "Teaching award"  # his words are kept
    assert _acts_per_mentee(world.cohort) == pytest.approx(0.5)
    confirmed = AuditEvent.objects.get(object_type="mentorships.sponsorshipact", action="update")
    assert confirmed.actor == world.maya.user
    assert confirmed.fields == ["confirmed_as", "confirmed_at", "confirmed_by"]


def test_the_sponsor_confirms_what_she_typed_and_the_list_shows_who_recorded_and_confirmed(
    world, login
):
    _act(world, world.maya, world.maya, sponsor_name=" mark  MENTOR", what="")
    sent = login(world.mark).post(
        reverse("sponsorship"), _given(world.mark_maya, what="Teaching award"), follow=True
    )
    assert (
        f"Already recorded by Maya Mentee on 2 November 2026 ({HIS_NOMINATION}): "
        "now confirmed by you."
    ) in sent.content.decode()
    act = SponsorshipAct.objects.get()
    # He is now the known sponsor of the act she typed, with the words she left out.
    assert (act.sponsor, act.sponsor_name, act.what) == (world.mark, "", "Teaching award")

    page = login(world.alice).get(reverse("cohort_sponsorship", args=[world.cohort.pk]))
    text = page.content.decode()
    assert "1 act recorded for 1 person" in text
    rows = text[text.index('id="acts-h"') :]
    assert rows.count("<td>Maya Mentee</td>") == 1
    assert 'Maya Mentee <span class="muted">(the person sponsored)</span>' in rows
    day = timezone.localdate().isoformat()
    assert f'Mark Mentor <span class="muted">(the sponsor, {day})</span>' in rows


def test_an_act_not_yet_confirmed_says_so_on_the_coordinators_list(world, login):
    _act(world, world.mark, world.maya)
    text = login(world.alice).get(reverse("cohort_sponsorship", args=[world.cohort.pk]))
    assert '<span class="muted">Not yet</span>' in text.content.decode()


def test_the_same_side_recording_it_again_is_told_and_nothing_is_added(world, login):
    _act(world, world.mark, world.maya)
    sent = login(world.mark).post(reverse("sponsorship"), _given(world.mark_maya))
    assert sent.status_code == 400
    assert (
        f"You already recorded this ({HIS_NOMINATION}): it is not recorded twice."
        in sent.content.decode()
    )
    assert SponsorshipAct.objects.count() == 1
    assert SponsorshipAct.objects.get().confirmed_as == ""


def test_once_both_sides_recorded_it_a_third_record_is_told_whose_it_is(world):
    _act(world, world.mark, world.maya)
    _act(world, world.maya, world.maya, sponsor=world.mark)
    with pytest.raises(SponsorshipError, match="You already recorded this"):
        _act(world, world.maya, world.maya, sponsor=world.mark, on=DAY + timedelta(days=3))
    with pytest.raises(SponsorshipError, match="You already recorded this"):
        _act(world, world.mark, world.maya, what="")
    assert SponsorshipAct.objects.count() == 1


@pytest.mark.parametrize(
    "hers",
    [
        {"kind": "letter"},
        {"on": DAY - timedelta(days=MATCH_DAYS + 1)},
        {"sponsor": None, "sponsor_name": "Dr. Chair"},
    ],
    ids=["another kind", "a month apart", "another sponsor"],
)
def test_a_different_act_counts_on_its_own(world, hers):
    _act(world, world.mark, world.maya)
    _act(world, world.maya, world.maya, **{"sponsor": world.mark, **hers})
    assert SponsorshipAct.objects.count() == 2
    assert not SponsorshipAct.objects.exclude(confirmed_as="").exists()
    assert _acts_per_mentee(world.cohort) == pytest.approx(1.0)


def test_the_same_sponsor_nominating_for_two_awards_in_a_month_makes_two_acts(world):
    _act(world, world.mark, world.maya)
    _act(world, world.mark, world.maya, what="Research award", on=DAY + timedelta(days=2))
    assert SponsorshipAct.objects.count() == 2


def test_nobody_confirms_an_act_about_someone_else_by_changing_an_id(world, login):
    act = _act(world, world.mark, world.maya)
    url = reverse("sponsorship")
    # Nina, Mark's other mentee, names his pair with Maya: not one of hers.
    assert login(world.nina).post(url, _received(world.mark_maya)).status_code == 400
    # A mentor of another program names the same pair; a coordinator of another program
    # records for Maya on her cohort's page.
    bea = factories.make_person("Bea Mentor", Stage.PGY3)
    omar = factories.make_person("Omar Far", Stage.MS3)
    factories.enrol(world.faculty_cohort, bea, "mentor", capacity=1)
    factories.enrol(world.faculty_cohort, omar)
    factories.pair(world.faculty_cohort, bea, omar)
    assert login(bea).post(url, _given(world.mark_maya)).status_code == 400
    maya = world.cohort.enrolments.get(person=world.maya)
    cohort_page = reverse("cohort_sponsorship", args=[world.cohort.pk])
    form = {"enrolment": maya.pk, "kind": "award", "on": "2026-10-24"}
    assert login(world.bob).post(cohort_page, form).status_code == 404
    # Nor by calling the door: Nina cannot record what Maya received.
    with pytest.raises(SponsorshipError, match="Only the program's mentors and coordinators"):
        _act(world, world.nina, world.maya, sponsor=world.mark)
    # Nina's own nomination by Mark, the same day, is hers: it leaves Maya's unconfirmed.
    assert login(world.nina).post(url, _received(world.mark_nina)).status_code == 302
    act.refresh_from_db()
    assert act.confirmed_as == "" and act.confirmed_by is None
    assert SponsorshipAct.objects.filter(sponsored=world.nina).count() == 1
    assert SponsorshipAct.objects.count() == 2


# Both at once (PostgreSQL: one connection per thread) -------------------------------------

ROUNDS = 10


def _on_postgres() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("two connections at once: run with DATABASE_URL=postgres://... (CI does)")


def _at_once(records) -> list[str]:
    """Run the records in threads that start writing together; what each one got."""
    outcomes: list[str] = []
    together = threading.Barrier(len(records), timeout=10)

    def run(user, **extra) -> None:
        try:
            together.wait()
            act = do_record_sponsorship(user, **extra)
            outcomes.append("confirmed" if act.recorded_by_id != user.pk else "recorded")
        except SponsorshipError:
            outcomes.append("told")
        except Exception as error:  # a server error: the test fails on it
            outcomes.append(f"error: {error!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(user,), kwargs=extra) for user, extra in records]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
def test_both_sides_recording_at_once_on_postgresql_make_one_confirmed_act(transactional_db):
    _on_postgres()
    cohort = factories.make_cohort(factories.make_program("GME", kind="pairs"))
    mentor = factories.make_person("Mark Mentor", Stage.PGY3)
    mentee = factories.make_person("Maya Mentee", Stage.PGY1)
    factories.enrol(cohort, mentor, "mentor", capacity=1)
    factories.enrol(cohort, mentee)
    factories.pair(cohort, mentor, mentee)
    now = timezone.now()
    common = {"cohort": cohort, "sponsored": mentee, "kind": "award", "what": "", "now": now}
    outcomes: list[str] = []
    for n in range(ROUNDS):
        # Each round's act is further back than the window from the one before.
        on = timezone.localdate(now) - timedelta(days=(2 * MATCH_DAYS + 1) * n)
        outcomes += _at_once(
            [
                (mentor.user, {**common, "on": on}),
                (mentee.user, {**common, "on": on, "sponsor": mentor}),
            ]
        )
        # And a double click by the sponsor: one act, the second told.
        outcomes += _at_once([(mentor.user, {**common, "on": on, "kind": "letter"})] * 2)
    assert sorted(set(outcomes)) == ["confirmed", "recorded", "told"], outcomes
    assert outcomes.count("told") == ROUNDS
    assert outcomes.count("confirmed") == ROUNDS
    assert SponsorshipAct.objects.filter(kind="award").count() == ROUNDS
    assert SponsorshipAct.objects.filter(kind="award", confirmed_as="").count() == 0
    assert SponsorshipAct.objects.filter(kind="letter").count() == ROUNDS
