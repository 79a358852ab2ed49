"""Match runs: the cohort's coordinators and site admins only (mentora.matching.access). The
proposed pairs are ids and scores; each person's group and demographics as solved (the run's
snapshot) stay out, as on the run's pages."""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.pagination import paginate

from mentora.api.auth import auth_for, caller
from mentora.api.endpoints.common import answers
from mentora.api.filters import MatchRunFilter
from mentora.api.logged import logged
from mentora.api.paging import Id, LimitOffset
from mentora.api.schemas import MatchRunDetail, MatchRunOut
from mentora.api.scopes import Scope
from mentora.matching.access import access_run
from mentora.matching.models import MatchRun
from mentora.programs.access import programs_for

router = Router(tags=["matching"], auth=auth_for(Scope.MATCHING))

# The list never loads the runs' stored inputs and results, which can be large.
HEAVY = ("snapshot", "result", "progress", "pins", "forbids")


@router.get("/match-runs", response=answers(list[MatchRunOut]))
@logged(MatchRun)
@paginate(LimitOffset)
def list_match_runs(request: HttpRequest, filters: Query[MatchRunFilter]) -> QuerySet[MatchRun]:
    runs = MatchRun.objects.filter(cohort__program__in=programs_for(caller(request)))
    return filters.filter(runs).defer(*HEAVY).order_by("cohort_id", "-number", "pk")


@router.get("/match-runs/{run_id}", response=answers(MatchRunDetail))
@logged(MatchRun, found=lambda run: MatchRun(pk=run["id"], cohort_id=run["cohort_id"]))
def get_match_run(request: HttpRequest, run_id: Id) -> dict[str, Any]:
    run = access_run(caller(request), run_id)
    return {
        **MatchRunOut.from_orm(run).model_dump(),
        "pairs": [
            {"mentee_id": int(p.mentee_id), "mentor_id": int(p.mentor_id), "score": p.score,
             "slot": p.slot, "fixed": p.fixed}
            for p in run.pairs
        ],
    }
