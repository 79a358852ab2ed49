"""Every write to a match run: start, adjust, run again, re-match. Publishing is in publish.py."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from mentora.audit.record import Action, record
from mentora.jobs.models import Job
from mentora.jobs.queue import enqueue
from mentora.matching.adapter import build_problem
from mentora.matching.engine import Change, MatchingError, MatchResult, rematch, solve
from mentora.matching.models import MatchRun
from mentora.matching.snapshot import (
    JSON,
    RematchInputs,
    RunInputs,
    inputs_from_json,
    inputs_to_json,
    result_to_json,
)
from mentora.mentorships.actions.lifecycle import active_pairs
from mentora.programs.models import Block, Cohort

ADJUSTMENTS = ("pin", "forbid", "clear")
# Cohorts with more mentees than this are solved by the job queue (`mentora worker`), so the
# coordinator watches the run's phases instead of a page that hangs.
BACKGROUND_ABOVE = 1_000


class StaleRun(Exception):
    """Someone else changed the run since this page was loaded."""

    def __init__(self, run: MatchRun) -> None:
        super().__init__(
            f"Run {run.number} was changed by someone else while you were looking at it "
            f"(now version {run.version}). Nothing was saved: reload the run and try again."
        )


@dataclass(frozen=True)
class RematchAsk:
    """Who must be matched again, and the pairs they declined."""

    resolve: frozenset[int]  # mentee Person ids
    declined: frozenset[tuple[int, int]]  # (mentee, mentor) Person ids


def do_start_run(cohort: Cohort, user: User | None, now: datetime, *, mode: str = "welfare",
                 break_current: bool = False, pins: Iterable[tuple[int, int]] = (),
                 forbids: Iterable[tuple[int, int]] = (),
                 based_on: MatchRun | None = None, background: bool | None = None,
                 block: Block | None = None) -> MatchRun:
    """Snapshot the cohort's (or one block's) inputs, solve, and store the proposals; failures
    are stored too.

    With background (by default: for cohorts above BACKGROUND_ABOVE mentees) the run is
    returned while still running, and its progress field fills as the solver reports."""
    pins, forbids = _pairs(pins), _pairs(forbids)
    if block is not None and block.cohort_id != cohort.pk:
        raise ValueError("the block belongs to another cohort")
    problem = build_problem(cohort, pins=pins, forbids=forbids, break_current=break_current,
                            block=block)
    if mode == MatchRun.Mode.STABLE:
        # People's ordered requests are their rank lists. A stable matching is fixed by the
        # preferences, so the equity guard cannot steer it; the gap is still reported.
        problem = replace(problem, rank_requests=True)
        if problem.equity is not None:
            problem = replace(problem, equity=replace(problem.equity, required=False))
    run = _create(cohort, user, now, RunInputs(problem, mode), break_current=break_current,
                  pins=pins, forbids=forbids, based_on=based_on, block=block)
    if background is None:
        background = len(problem.mentees) > BACKGROUND_ABOVE
    if background:
        solve_in_background(run, now, user)
        return run
    return _solve_and_store(run, now)


def solve_in_background(run: MatchRun, now: datetime, user: User | None = None) -> Job:
    """Hand the solve to the job queue; a run whose job fails is failed with the reason."""
    run.progress = [*run.progress, "waiting for a worker"]
    MatchRun.objects.filter(pk=run.pk).update(progress=run.progress)
    return enqueue("match.solve", "mentora.matching.runs.solve_run_task", run.pk,
                   now.isoformat(), owner=user, subject=run.pk,
                   on_failure="mentora.matching.runs.fail_run_task",
                   program=run.cohort.program)


def solve_run_task(job: Job, run_id: int, now: str) -> str:
    """The queue's task: solve a stored run once. A run no longer running is left as it is (a
    second delivery); a delivery after a worker died starts the solve over."""
    run = MatchRun.objects.get(pk=run_id)
    if run.status != MatchRun.Status.RUNNING:
        return f"run {run.number} was already {run.status}"
    start = ("solving" if job.attempts <= 1 else
             f"solving again after the worker stopped (attempt {job.attempts})")
    run.progress = [*run.progress[:1], start]
    MatchRun.objects.filter(pk=run.pk).update(progress=run.progress)
    run = _solve_and_store(run, datetime.fromisoformat(now))
    return run.error or run.progress[-1]


def fail_run_task(job: Job, reason: str) -> None:
    """The run of a failed solve job is failed with the reason, never left running."""
    MatchRun.objects.filter(pk=int(job.subject), status=MatchRun.Status.RUNNING).update(
        status=MatchRun.Status.FAILED, error=reason, finished_at=timezone.now())


def do_start_rematch(cohort: Cohort, user: User, now: datetime, ask: RematchAsk,
                     mode: str = "welfare") -> MatchRun:
    """Solve again only for the mentees in `ask`; everyone else keeps their pairs.

    A re-matched mentee keeps the mentors they did not decline (pinned), so a tiered student who
    declined an intern keeps their resident."""
    active = active_pairs(cohort)
    keep = [p for p in active if p[0] in ask.resolve and p not in ask.declined]
    problem = build_problem(cohort, pins=keep, forbids=ask.declined)
    # People who withdrew since are no longer in the problem; the engine refuses strangers.
    mentees, mentors = {m.id for m in problem.mentees}, {m.id for m in problem.mentors}

    def present(pairs: Iterable[tuple[int, int]]) -> tuple[tuple[str, str], ...]:
        keys = ((str(e), str(m)) for e, m in pairs)
        return tuple(sorted(k for k in keys if k[0] in mentees and k[1] in mentors))

    again = RematchInputs(present(active),
                          tuple(sorted(str(e) for e in ask.resolve if str(e) in mentees)),
                          present(ask.declined))
    run = _create(cohort, user, now, RunInputs(problem, mode, again), break_current=False,
                  pins=keep, forbids=sorted(ask.declined), based_on=None, is_rematch=True)
    return _solve_and_store(run, now)


def solve_snapshot(snapshot: JSON, progress: Callable[[str], None] | None = None
                   ) -> tuple[MatchResult, list[Change]]:
    """Solve a stored run's inputs again: the same snapshot gives the same pairs."""
    inputs = inputs_from_json(snapshot)
    engine_mode: Literal["stable", "welfare"] = (
        "stable" if inputs.mode == MatchRun.Mode.STABLE else "welfare")
    first = inputs.mode == MatchRun.Mode.PARTICIPATION
    again = inputs.rematch
    if again is None:
        return solve(inputs.problem, engine_mode, participation_first=first,
                     progress=progress), []
    outcome = rematch(inputs.problem, again.previous, again.resolve, engine_mode,
                      declined=again.declined, participation_first=first, progress=progress)
    return outcome.result, outcome.changes


def do_adjust(run: MatchRun, version: int, action: str, mentee_id: int, mentor_id: int
              ) -> MatchRun:
    """Pin a pair, forbid it, or clear either, for the next run; refuses a stale version."""
    if action not in ADJUSTMENTS:
        raise ValueError(f"unknown adjustment {action!r}")
    pair = [int(mentee_id), int(mentor_id)]
    with transaction.atomic():
        locked = MatchRun.objects.select_for_update().get(pk=run.pk)
        if locked.version != version:
            raise StaleRun(locked)
        locked.pins = [p for p in locked.pins if p != pair]
        locked.forbids = [p for p in locked.forbids if p != pair]
        if action == "pin":
            locked.pins.append(pair)
        elif action == "forbid":
            locked.forbids.append(pair)
        locked.version += 1
        locked.save(update_fields=["pins", "forbids", "version"])
        record(Action.UPDATE, locked, fields=["pins", "forbids"], note=f"{action} {pair}")
    return locked


def do_run_again(run: MatchRun, version: int, user: User, now: datetime) -> MatchRun:
    """A new run of the same cohort with this run's settings and adjustments."""
    current = MatchRun.objects.get(pk=run.pk)
    if current.version != version:
        raise StaleRun(current)
    return do_start_run(
        run.cohort, user, now, mode=current.mode, break_current=current.break_current,
        pins=[tuple(p) for p in current.pins], forbids=[tuple(p) for p in current.forbids],
        based_on=current, block=current.block,
    )


def _pairs(pairs: Iterable[tuple[int, int]] | Iterable[list[int]]) -> list[tuple[int, int]]:
    return sorted({(int(p[0]), int(p[1])) for p in pairs})


def _create(cohort: Cohort, user: User | None, now: datetime, inputs: RunInputs, **fields: Any
            ) -> MatchRun:
    with transaction.atomic():
        Cohort.objects.select_for_update().get(pk=cohort.pk)  # one number per run
        last = cohort.match_runs.aggregate(n=Max("number"))["n"] or 0
        fields["pins"] = [list(p) for p in fields["pins"]]
        fields["forbids"] = [list(p) for p in fields["forbids"]]
        run = MatchRun.objects.create(
            cohort=cohort, number=last + 1, structure=inputs.problem.structure.kind,
            snapshot=inputs_to_json(inputs), created_by=user if getattr(user, "pk", None) else None,
            created_at=now, status=MatchRun.Status.RUNNING, progress=["inputs stored"], **fields,
        )
        where = f" in {fields['block'].name}" if fields.get("block") else ""
        record(Action.CREATE, run, program=cohort, by=user,
               note=f"{inputs.mode} run of {len(inputs.problem.mentees)} mentees{where} "
                    "(snapshot stored)")
        return run


def _solve_and_store(run: MatchRun, now: datetime) -> MatchRun:
    """Solve outside any transaction so each reported phase is visible to other requests."""
    phases = list(run.progress)

    def report(message: str) -> None:
        phases.append(message)
        MatchRun.objects.filter(pk=run.pk).update(progress=list(phases))

    try:
        result, changes = solve_snapshot(run.snapshot, progress=report)
    except MatchingError as problem:
        run.status, run.error = MatchRun.Status.FAILED, str(problem)
    else:
        run.result = result_to_json(result, changes)
        run.status = MatchRun.Status.DONE
        phases.append(f"done: {len(result.pairs)} pairs, {result.status.lower()}")
    run.progress = phases
    run.finished_at = now
    run.save(update_fields=["status", "error", "result", "progress", "finished_at"])
    return run
