"""Who reaches a coding project, and how much of it; anything out of reach is a 404.

- The program's coordinators (and site admins) manage a project: create it, add sources and
  coders, draw samples, keep the codebook, read the agreement figures. They read counts and the
  codebook, never a comment's or transcript's words (a coordinator sees no survey answer).
- Coders are evaluators assigned to the project (Coder), while their evaluator right lasts: they
  read the sources and code them, each seeing their own codings only, so a sample is coded blind.
- A lead coder also keeps the codebook, reads the agreement and adjudicates disagreements.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from mentora.people.models import Person
from mentora.people.roles import is_live_evaluator, person_of
from mentora.programs.access import programs_for
from mentora.qualitative.models import Coder, Project, Source


@dataclass(frozen=True)
class ProjectAccess:
    project: Project
    me: Person | None
    coder: Coder | None  # the signed-in person's place among the coders, if any
    manages: bool  # a coordinator of the program or a site admin

    @property
    def codes(self) -> bool:
        """May read the sources' words and code them."""
        return self.coder is not None

    @property
    def leads(self) -> bool:
        return self.coder is not None and self.coder.is_lead

    @property
    def keeps_codebook(self) -> bool:
        return self.manages or self.leads

    @property
    def reads_agreement(self) -> bool:
        return self.manages or self.leads


def _live_coder(user: User) -> Person | None:
    me = person_of(user)
    return me if is_live_evaluator(me, timezone.localdate()) else None


def projects_for(user: User) -> QuerySet[Project]:
    """The projects of the programs the user coordinates, and those they code in."""
    reach = Q(cohort__program__in=programs_for(user))
    me = _live_coder(user)
    if me is not None:
        reach |= Q(coders__person=me)
    return Project.objects.filter(reach).distinct().select_related("cohort__program")


def access_project(user: User, project_id: int) -> ProjectAccess:
    try:
        project = Project.objects.select_related("cohort__program").get(pk=project_id)
    except Project.DoesNotExist:
        raise Http404("No such project") from None
    manages = programs_for(user).filter(pk=project.cohort.program_id).exists()
    me = person_of(user)
    coder = None
    live = _live_coder(user)
    if live is not None:
        coder = Coder.objects.filter(project=project, person=live).first()
    if not manages and coder is None:
        raise Http404("No such project")
    return ProjectAccess(project, me, coder, manages)


def access_coding(user: User, project_id: int) -> ProjectAccess:
    """The project, for one of its coders; 404 for anyone else."""
    found = access_project(user, project_id)
    if not found.codes:
        raise Http404("No such project")
    return found


def access_source(user: User, project_id: int, source_id: int) -> tuple[ProjectAccess, Source]:
    """A source's words, for the project's coders alone."""
    found = access_coding(user, project_id)
    try:
        return found, Source.objects.get(pk=source_id, project=found.project)
    except Source.DoesNotExist:
        raise Http404("No such source") from None


def access_adjudication(user: User, project_id: int) -> ProjectAccess:
    """Every coder's codings of the sample, side by side: the lead coders'."""
    found = access_project(user, project_id)
    if not found.leads:
        raise Http404("No such project")
    return found
