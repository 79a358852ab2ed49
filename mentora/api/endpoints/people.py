"""People, programs, cohorts and enrolments: each list is what the reader's pages reach
(mentora.people.access, mentora.programs.access); anything else is a 404."""

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from mentora.api.auth import auth_for, caller
from mentora.api.endpoints.common import answers
from mentora.api.filters import CohortFilter, EnrolmentFilter, PeopleFilter
from mentora.api.logged import logged
from mentora.api.paging import Id, LimitOffset
from mentora.api.schemas import CohortOut, EnrolmentOut, PersonOut, ProgramOut
from mentora.api.scopes import Scope
from mentora.people.access import access_person, people_for
from mentora.people.models import Person
from mentora.programs.access import access_cohort, access_enrolment, access_program, programs_for
from mentora.programs.models import Cohort, Enrolment, Program

router = Router(tags=["people and programs"], auth=auth_for(Scope.PEOPLE))

INTERESTS = ("specialty_interests", "scholarly_interests")


@router.get("/people", response=answers(list[PersonOut]))
@logged(Person)
@paginate(LimitOffset)
def list_people(request: HttpRequest, filters: Query[PeopleFilter]) -> QuerySet[Person]:
    """People the reader reaches: themselves, the other side of their pairs, and everyone
    enrolled in a program they coordinate."""
    people = filters.filter(people_for(caller(request)))
    return people.prefetch_related(*INTERESTS).order_by("full_name", "pk")


@router.get("/people/{person_id}", response=answers(PersonOut))
@logged(Person)
def get_person(request: HttpRequest, person_id: Id) -> Person:
    person = access_person(caller(request), person_id)
    return Person.objects.prefetch_related(*INTERESTS).get(pk=person.pk)


@router.get("/programs", response=answers(list[ProgramOut]))
@paginate(LimitOffset)
def list_programs(request: HttpRequest) -> QuerySet[Program]:
    """Programs the reader coordinates (every program for a site admin)."""
    return programs_for(caller(request)).order_by("name", "pk")


@router.get("/programs/{program_id}", response=answers(ProgramOut))
def get_program(request: HttpRequest, program_id: Id) -> Program:
    return access_program(caller(request), program_id)


@router.get("/cohorts", response=answers(list[CohortOut]))
@paginate(LimitOffset)
def list_cohorts(request: HttpRequest, filters: Query[CohortFilter]) -> QuerySet[Cohort]:
    cohorts = Cohort.objects.filter(program__in=programs_for(caller(request)))
    return filters.filter(cohorts).order_by("program_id", "-starts_on", "pk")


@router.get("/cohorts/{cohort_id}", response=answers(CohortOut))
def get_cohort(request: HttpRequest, cohort_id: Id) -> Cohort:
    return access_cohort(caller(request), cohort_id)


@router.get("/enrolments", response=answers(list[EnrolmentOut]))
@logged(Enrolment)
@paginate(LimitOffset)
def list_enrolments(request: HttpRequest, filters: Query[EnrolmentFilter]) -> QuerySet[Enrolment]:
    """Enrolments in the programs the reader coordinates."""
    enrolments = Enrolment.objects.filter(cohort__program__in=programs_for(caller(request)))
    return (
        filters.filter(enrolments)
        .select_related("person", "tier")
        .order_by("cohort_id", "person__full_name", "pk")
    )


@router.get("/enrolments/{enrolment_id}", response=answers(EnrolmentOut))
@logged(Enrolment)
def get_enrolment(request: HttpRequest, enrolment_id: Id) -> Enrolment:
    return access_enrolment(caller(request), enrolment_id)
