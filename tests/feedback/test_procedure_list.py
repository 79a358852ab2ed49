"""A program's own list of procedures (item 2): the log offers what its coordinators named on
the program's feedback page and what its learners logged; any other name is typed and stored
normalised."""

from datetime import date

from django.urls import reverse

from mentora.feedback.actions import do_log_procedure
from mentora.feedback.mapping import do_tag_procedure
from mentora.feedback.models import ProcedureEntry
from mentora.mentorships.actions import ensure_competencies
from mentora.mentorships.models import Competency
from tests import factories
from tests.feedback.conftest import NOW


def _patient_care() -> Competency:
    ensure_competencies()
    return Competency.objects.get(framework__program=None, code="PC")


def _offered(page: str) -> list[str]:
    listed = page.split('<datalist id="known-procedures">')[1].split("</datalist>")[0]
    return [part.split('"')[0] for part in listed.split('<option value="')[1:]]


def test_the_log_offers_the_programs_list_and_what_was_logged(world, login):
    patient_care = _patient_care()
    do_tag_procedure(world.alice, world.clerkship, "Lumbar  Puncture", patient_care)
    do_tag_procedure(world.alice, world.clerkship, "Shoulder Reduction", patient_care)
    do_tag_procedure(world.bob, world.faculty, "Skin biopsy", patient_care)
    do_log_procedure(world.mark_nina, world.nina, NOW, procedure="shoulder reduction",
                     performed_on=date(2026, 11, 1), level="assisted")
    do_log_procedure(world.mark_nina, world.nina, NOW, procedure="Suturing",
                     performed_on=date(2026, 11, 2), level="observed")
    page = login(world.maya).get(reverse("log_procedure", args=[world.mark_maya.pk]))
    assert _offered(page.content.decode()) == ["lumbar puncture", "shoulder reduction",
                                               "suturing"]


def test_a_name_off_the_list_is_typed_and_stored_normalised(world, login):
    response = login(world.maya).post(reverse("log_procedure", args=[world.mark_maya.pk]), {
        "procedure": "  Chest   DRAIN ", "performed_on": "2026-11-19", "level": "assisted"})
    assert response.status_code == 302
    assert ProcedureEntry.objects.get().procedure == "chest drain"


def test_another_programs_learner_is_offered_none_of_it(world, login):
    patient_care = _patient_care()
    do_tag_procedure(world.alice, world.clerkship, "Lumbar puncture", patient_care)
    mentor = factories.make_person("Fay Faculty")
    mentee = factories.make_person("Finn Fellow")
    factories.enrol(world.faculty_cohort, mentor, "mentor", capacity=1)
    factories.enrol(world.faculty_cohort, mentee)
    pair = factories.pair(world.faculty_cohort, mentor, mentee)
    page = login(mentee).get(reverse("log_procedure", args=[pair.pk]))
    assert _offered(page.content.decode()) == []
