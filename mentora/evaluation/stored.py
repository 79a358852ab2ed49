"""A large cohort's report is computed by a job and kept until the cohort's data change.

For a cohort of more than `REPORT_TASK_ABOVE` people enrolled (500 by default), the report page
and its DOCX/XLSX/CSV downloads never compute in the request: they serve the stored report when
it is fresh, else hand its computation to the job queue (once: a request while a job for it is
waiting or running adds nothing). The first view (nothing stored yet) shows the job's progress
until the page reloads on the result; once a report is stored, a stale one is served (saying
when it was computed, and the progress of the job computing its update) while the newer one
computes, and an update is asked for at most once per `REPORT_REFRESH_MINUTES` (10 by default):
a busy cohort's data change all the time, and a computation takes minutes, so recomputing on
every change would keep the worker busy and show nobody a report. Smaller cohorts compute in
the request as before (`needs_job`).

What is stored, per cohort and options (a `StoredReport` row): the `CohortReport` itself,
pickled, which the page and every download render from. The options (periods, meeting count,
P style, the "for publication" switch and both suppression thresholds) and `REPORT_FORMAT` make
the key, so each combination is kept apart and a new shape of the report objects is never read
from an old pickle (one that no longer loads counts as missing).

Fresh means that none of the data the report reads changed since it was computed, judged by a
data version (`data_version`): a digest of one aggregate query per table the report reads with
at most a few rows per person (enrolments, mentorships, development plans,
waves, items, submitted responses, respondents, scholarly entries, mentors' growth entries'
competencies, sponsorship acts, invitations to events and their attendance, the program's
topics), each
returning the row count, the sum of the row ids, and for every column the report reads a sum
of row id x that column's value (a choice as its position, a date as a day number, a text as
its length; the latest time for timestamps). An added or removed row changes the count or the
id sum; an edit of a read column changes its weighted sum (a status, a date, a gender, a
label). These need nobody's help: any writer, the imports' bulk inserts and the admin
included, moves them. Answers are not read (40 per response): they are written with their
response and a submitted response's answers are never rewritten (a spent link saves nothing;
imports add responses), so the submitted responses stand for them.

Meetings are the exception, because a cohort holds several per person, each with its pairs
and topics as more rows: reading the held
meetings' links and topics cost half a second per view for the largest cohort of the
100,000-mentee national program, ten times all the other tables together. So they are
versioned by a counter-like stamp instead, `MeetingsStamp`, which signals.py renews whenever a
meeting is saved or deleted or its pairs or topics change (every meeting write of the product
goes through the model; only the demo builder and the benchmark loaders bulk-insert meetings,
into new cohorts). Demographics likewise (a tenth of a second per view for the largest
cohort, though one row per person: the filter by enrolment costs as much as the sum): a
`DemographicsStamp` per cohort, renewed by signals.py for every cohort of a person whose
demographics are saved or deleted (the intake form and the admin write them through the model;
a newly enrolled person changes the enrolments' part). The version is then 12 small aggregate
queries and two reads by key; the figures are in docs/benchmarks.md.

What this misses is an edit that leaves every sum unchanged (two rows swapping a value in one
transaction), a meeting or demographics written with a bulk update, or a change of an
instrument's wording or scales in the library after waves used it; the page says when its
figures were computed.

The version is taken before the data are read, so a change during the computation leaves the
stored result stale rather than wrongly fresh.
"""

from __future__ import annotations

import hashlib
import json
import logging
import pickle
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    Func,
    IntegerField,
    Max,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.expressions import Combinable
from django.db.models.functions import Cast, Coalesce, Length
from django.http import Http404
from django.utils import timezone

from mentora.engagement.models import Event, Invitee
from mentora.evaluation.models import (
    DemographicsStamp,
    MeetingsStamp,
    ScholarlyEntry,
    ScholarlyKind,
    StoredReport,
)
from mentora.evaluation.reports import CohortReport, ReportOptions, compute_report
from mentora.evaluation.sources import load_cohort
from mentora.jobs.models import Job
from mentora.jobs.queue import enqueue, report_progress
from mentora.mentorships.models import (
    DevelopmentPlan,
    MentorGrowth,
    Mentorship,
    SponsorshipAct,
    SponsorshipKind,
    Topic,
)
from mentora.programs.models import Cohort, Enrolment
from mentora.surveys.models import Item, Respondent, Response, Wave

logger = logging.getLogger(__name__)

TASK_SETTING = "REPORT_TASK_ABOVE"
DEFAULT_TASK_ABOVE = 500
REFRESH_SETTING = "REPORT_REFRESH_MINUTES"
DEFAULT_REFRESH_MINUTES = 10
JOB_KIND = "evaluation.report"
TASK = "mentora.evaluation.stored.compute_stored_report"
# Raise when the report objects change shape: stored reports of the old shape are then missed.
REPORT_FORMAT = 5  # 2: mentors' growth per competency (seed 004); 3: weeks since start;
# 4: the engagement figures lost their unused `events_recorded`; 5: blocks' cells suppressed


def task_above() -> int:
    """Cohorts with more people enrolled than this get their report from a job."""
    return int(getattr(settings, TASK_SETTING, DEFAULT_TASK_ABOVE))


def refresh_interval() -> timedelta:
    """A stale stored report's update is asked for at most once per this long."""
    return timedelta(minutes=int(getattr(settings, REFRESH_SETTING, DEFAULT_REFRESH_MINUTES)))


def needs_job(cohort: Cohort) -> bool:
    return Enrolment.objects.filter(cohort=cohort).count() > task_above()


def options_key(options: ReportOptions) -> str:
    return _digest({"format": REPORT_FORMAT, **asdict(options)})


def options_from(stored: Mapping[str, Any]) -> ReportOptions:
    values = dict(stored)
    values["period1"], values["period2"] = tuple(values["period1"]), tuple(values["period2"])
    return ReportOptions(**values)


def _digest(value: object) -> str:
    text = json.dumps(value, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


# The data version ---------------------------------------------------------------------------

class DayNumber(Func):
    """A date as a whole number of days since 2000-01-01, on SQLite and PostgreSQL alike."""

    output_field = IntegerField()
    template = "(%(expressions)s - DATE '2000-01-01')"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(compiler, connection,
                           template="(CAST(julianday(%(expressions)s) AS INTEGER) - 2451544)",
                           **extra)


def _fingerprint(
    rows: QuerySet[Any],
    key: str = "id",
    *,
    choices: Mapping[str, Sequence[str]] | None = None,
    numbers: Sequence[str] = (),
    days: Sequence[str] = (),
    flags: Sequence[str] = (),
    texts: Sequence[str] = (),
    latest: Sequence[str] = (),
) -> list[Any]:
    """One aggregate query: the count, the sum of `key`, and per column a sum weighted by key."""
    weight = F(key)

    def weighted(value: Combinable) -> Sum:
        return Sum(weight * Coalesce(value, Value(0)), output_field=IntegerField())

    parts: dict[str, Any] = {"rows": Count(key), "keys": Sum(key)}
    for name, values in (choices or {}).items():
        parts[f"{name}_choice"] = weighted(Case(
            *[When(**{name: value}, then=Value(i + 1)) for i, value in enumerate(values)],
            default=Value(0), output_field=IntegerField(),
        ))
    for name in numbers:
        parts[f"{name}_number"] = weighted(F(name))
    for name in days:
        parts[f"{name}_day"] = weighted(DayNumber(name))
    for name in flags:
        parts[f"{name}_flag"] = weighted(Case(When(**{name: True}, then=Value(1)),
                                              default=Value(0), output_field=IntegerField()))
    for name in texts:
        parts[f"{name}_text"] = weighted(Length(name))
    for name in latest:
        parts[f"{name}_latest"] = Max(name)
    found = rows.aggregate(**parts)
    return [found[name] for name in parts]


def _values(choices: Any) -> list[str]:
    return [str(value) for value in choices.values]


def data_version(cohort: Cohort) -> str:
    """A digest of everything the cohort's report reads; it changes when any of that does."""
    enrolled = Enrolment.objects.filter(cohort=cohort).values("person_id")
    people = {"person_id__in": enrolled}
    parts = [
        [str(cohort), cohort.starts_on, cohort.ends_on],
        _fingerprint(Enrolment.objects.filter(cohort=cohort),
                     choices={"role": _values(Enrolment.Role),
                              "status": _values(Enrolment.Status)},
                     numbers=["person_id", "block_id"],
                     days=["enrolled_on", "withdrawn_on", "block__starts_on", "block__ends_on"],
                     texts=["block__name"]),
        [DemographicsStamp.objects.filter(cohort=cohort).values_list("stamp", flat=True)
         .first()],
        _fingerprint(Mentorship.objects.filter(cohort=cohort),
                     choices={"status": _values(Mentorship.Status),
                              "source": _values(Mentorship.Source)},
                     numbers=["mentee_id", "mentor_id"],
                     days=["started_on", "declined_on", "ended_on"], latest=["created_at"]),
        [MeetingsStamp.objects.filter(cohort=cohort).values_list("stamp", flat=True).first()],
        _fingerprint(Topic.objects.filter(program_id=cohort.program_id),
                     numbers=["position"], texts=["name"]),
        _fingerprint(DevelopmentPlan.objects.filter(cohort=cohort),
                     choices={"status": _values(DevelopmentPlan.Status)},
                     numbers=["mentee_id"], latest=["updated_at"]),
        _fingerprint(Wave.objects.filter(cohort=cohort),
                     numbers=["instrument_id", "position"], days=["opens_on"],
                     flags=["anonymous"], texts=["label"]),
        _fingerprint(Item.objects.filter(instrument__waves__cohort=cohort),
                     numbers=["position", "section_id"],
                     texts=["variable", "type", "label", "section__header"]),
        _fingerprint(Response.objects.filter(wave__cohort=cohort,
                                             status=Response.Status.SUBMITTED),
                     numbers=["wave_id", "respondent_id"], latest=["submitted_at"]),
        _fingerprint(Respondent.objects.filter(cohort=cohort),
                     numbers=["person_id"], texts=["record_id"]),
        _fingerprint(ScholarlyEntry.objects.filter(**people),
                     choices={"kind": _values(ScholarlyKind)}, numbers=["year"]),
        _fingerprint(MentorGrowth.competencies.through.objects.filter(mentorgrowth__cohort=cohort),
                     numbers=["mentorgrowth_id", "competency_id", "mentorgrowth__mentor_id"]),
        _fingerprint(SponsorshipAct.objects.filter(cohort=cohort),
                     choices={"kind": _values(SponsorshipKind)}, numbers=["sponsored_id"],
                     days=["on"]),
        _fingerprint(Invitee.objects.filter(event__cohort=cohort),
                     choices={"event__kind": _values(Event.Kind)},
                     numbers=["person_id", "event_id"], flags=["attended"]),
    ]
    return _digest(parts)


# Stored reports and their jobs --------------------------------------------------------------

@dataclass(frozen=True)
class Found:
    """What the page shows: the report (and when it was computed), or the job computing it.

    `stale`: the report is the last one stored, computed before the records' latest changes;
    `job` is then the last job asked for its update (waiting, running or finished)."""

    report: CohortReport | None
    computed_at: datetime | None = None
    job: Job | None = None
    stored: StoredReport | None = None
    stale: bool = False


def stored_report(cohort: Cohort, options: ReportOptions, by: User) -> Found:
    """The stored report when fresh; else the last stored one while its update computes (asked
    for at most once per `refresh_interval`); else the job computing it, asked for once."""
    version = data_version(cohort)
    stored = StoredReport.objects.filter(cohort=cohort, key=options_key(options)).first()
    fresh = stored is not None and stored.version == version
    last = _loaded(stored) if stored is not None else None
    if fresh and stored is not None and last is not None:
        return Found(last, stored.computed_at, stored=stored)
    if stored is not None and last is not None:  # stale: serve it while its update computes
        updated = do_ask_for_report(cohort, options, version, by)
        if updated.version == version and (report := _loaded(updated)) is not None:
            return Found(report, updated.computed_at, stored=updated)  # computed in process
        return Found(last, stored.computed_at, job=updated.job, stored=updated, stale=True)
    # Fresh but no longer readable (an older shape of the report objects): compute it again.
    stored = do_ask_for_report(cohort, options, version, by, again=fresh)
    if stored.version == version and (report := _loaded(stored)) is not None:
        return Found(report, stored.computed_at, stored=stored)  # computed in process
    return Found(None, job=stored.job, stored=stored)


@transaction.atomic
def do_ask_for_report(cohort: Cohort, options: ReportOptions, version: str, by: User,
                      *, again: bool = False) -> StoredReport:
    """Hand the report's computation to the queue unless a job for it is waiting or running.

    The stored row is locked first, so two requests at once start one job. A job that failed
    for the same data is not started again by itself (the page would ask on every reload);
    `again` (the page's "Compute again") starts it. While a result is stored (stale: it is
    served meanwhile), a new job is started at most once per `refresh_interval` after the last
    one was asked for."""
    key = options_key(options)
    StoredReport.objects.get_or_create(
        cohort=cohort, key=key, defaults={"options": options_to_json(options)}
    )
    stored = StoredReport.objects.select_for_update(of=("self",)).select_related("job").get(
        cohort=cohort, key=key
    )
    job = stored.job
    if job is not None and not job.finished:
        return stored
    if not again and stored.version == version and stored.result is not None:
        return stored  # computed meanwhile, by another request's job
    failed = job is not None and job.state == Job.State.FAILED
    if not again and failed and stored.asked_version == version:
        return stored
    if (not again and job is not None and stored.result is not None
            and timezone.now() - job.created_at < refresh_interval()):
        return stored  # served stale until the interval is over
    job = enqueue(JOB_KIND, TASK, stored.pk, owner=by, subject=stored.pk,
                  program=cohort.program)
    StoredReport.objects.filter(pk=stored.pk).update(job=job, asked_version=version)
    stored.refresh_from_db()
    return stored


def options_to_json(options: ReportOptions) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(json.dumps(asdict(options)))
    return value


def _loaded(stored: StoredReport) -> CohortReport | None:
    if stored.result is None:
        return None
    try:
        report = pickle.loads(bytes(stored.result))  # written by compute_stored_report only
    except Exception:  # an older shape of the report objects: compute it again
        logger.warning("Stored report %s no longer loads; computing it again", stored.pk)
        return None
    return report if isinstance(report, CohortReport) else None


def compute_stored_report(job: Job, stored_id: int) -> str:
    """The job: read the cohort, compute its report, keep it with the data version it read.

    Safe to deliver twice: a second run computes and stores the same report again."""
    stored = StoredReport.objects.select_related("cohort__program").filter(pk=stored_id).first()
    if stored is None:
        return "the report is no longer wanted"
    started = time.perf_counter()
    _, people = _compute_and_keep(job, stored, 0.95)
    seconds = time.perf_counter() - started
    return f"report of {people} people computed in {seconds:.1f} s"


def _compute_and_keep(job: Job, stored: StoredReport, until: float
                      ) -> tuple[CohortReport, int]:
    """Compute the stored row's report, reporting progress up to `until`, and keep it; the
    report and how many people it read."""
    started = time.perf_counter()
    report_progress(job, 0.02, "reading the cohort's records")
    version = data_version(stored.cohort)  # before reading: a later change leaves it stale
    data = load_cohort(stored.cohort)
    report_progress(job, until / 2, f"computing the statistics for {len(data.enrolments)} people")
    report = compute_report(data, options_from(stored.options))
    report_progress(job, until, "keeping the report")
    do_keep_report(stored, version, report, time.perf_counter() - started)
    return report, len(data.enrolments)


def report_for_job(job: Job, cohort: Cohort, options: ReportOptions) -> CohortReport:
    """Within a job (an export of the report's tables): the stored report when fresh, else one
    computed now and kept for the page too."""
    key = options_key(options)
    stored, _ = StoredReport.objects.select_related("cohort__program").get_or_create(
        cohort=cohort, key=key, defaults={"options": options_to_json(options)})
    if stored.version == data_version(cohort) and (report := _loaded(stored)) is not None:
        return report
    return _compute_and_keep(job, stored, 0.8)[0]


@transaction.atomic
def do_keep_report(stored: StoredReport, version: str, report: CohortReport,
                   seconds: float) -> None:
    StoredReport.objects.filter(pk=stored.pk).update(
        version=version, result=pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL),
        computed_at=timezone.now(), seconds=seconds,
    )


def access_report_job(cohort: Cohort, job_id: int) -> Job:
    """A report job of this cohort (whoever asked for it), for the people who reach its report."""
    reports = StoredReport.objects.filter(cohort=cohort).annotate(
        subject=Cast("pk", CharField())).values("subject")
    job = Job.objects.filter(pk=job_id, kind=JOB_KIND, subject__in=reports).first()
    if job is None:
        raise Http404("No such job")
    return job
