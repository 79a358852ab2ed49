"""Survey answers for export, in the reader's export tier (mentora.surveys.interchange.tiers,
ProgramCoordinator.export_right), exactly as the CSV download has them: the same function makes
both. A reader with no export right gets a 403; a cohort out of reach a 404.

Each export is an audited event naming the token, the tier and the number of records; the
list of instruments is not (their names and the reader's tier: no answers).

An export is not paged: a de-identified export hashes record ids under a salt made for that
export alone, so two pages would name one person differently.
"""

import csv
import io
from typing import Annotated

from django.http import HttpRequest
from ninja import Path, Router
from ninja.errors import HttpError

from mentora.api.auth import auth_for, caller
from mentora.api.endpoints.common import answers
from mentora.api.logged import signed_note
from mentora.api.paging import Id
from mentora.api.schemas import Problem, SurveyExport, SurveyExports
from mentora.api.scopes import Scope
from mentora.audit.record import Action, record
from mentora.programs.access import access_cohort
from mentora.surveys.interchange.tiers import ExportTier
from mentora.surveys.redcap import ExportProblem, cohort_instruments, export_redcap
from mentora.surveys.views.exports import export_tier

router = Router(tags=["surveys"], auth=auth_for(Scope.SURVEYS))

NO_RIGHT = "Your role in this program has no right to export answers."


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@router.get("/cohorts/{cohort_id}/surveys", response=answers(SurveyExports))
def list_survey_exports(request: HttpRequest, cohort_id: Id) -> SurveyExports:
    """The instruments a cohort has answers to, and the reader's export tier there."""
    user = caller(request)
    cohort = access_cohort(user, cohort_id)
    tier = export_tier(user, cohort)
    names = cohort_instruments(cohort) if tier is not ExportTier.NONE else []
    return SurveyExports(cohort_id=cohort.pk, tier=tier.value, instruments=names)


@router.get(
    "/cohorts/{cohort_id}/surveys/{instrument}",
    response=answers(SurveyExport, _403=Problem),
)
def export_survey(
    request: HttpRequest,
    cohort_id: Id,
    instrument: Annotated[str, Path(max_length=100)],
    shift_dates: bool = False,
) -> SurveyExport:
    """One instrument's answers in the reader's tier: de-identified hashes record ids, drops
    free text and identifiers (and shifts dates when asked); identifiers removed drops the
    tagged identifiers; full keeps everything."""
    user = caller(request)
    cohort = access_cohort(user, cohort_id)
    tier = export_tier(user, cohort)
    if tier is ExportTier.NONE:
        raise HttpError(403, NO_RIGHT)
    if instrument not in cohort_instruments(cohort):
        raise HttpError(404, "No such instrument in this cohort")
    try:
        export = export_redcap(cohort, instrument, tier, shift_dates=shift_dates)
    except ExportProblem as problem:
        raise HttpError(404, str(problem)) from None
    records = _rows(export.records)
    shifted = ", dates shifted" if shift_dates else ""
    record(Action.EXPORT, cohort, by=user, note=signed_note(
        request, f"survey {instrument} through the API (export_survey), tier "
        f"{tier.value}{shifted}: {len(records)} records"))
    return SurveyExport(
        cohort_id=cohort.pk,
        instrument=instrument,
        tier=tier.value,
        shifted_dates=shift_dates,
        dictionary=_rows(export.dictionary),
        records=records,
        events=None if export.events is None else _rows(export.events),
    )
