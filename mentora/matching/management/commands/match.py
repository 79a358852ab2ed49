"""`mentora match solve`: match a cohort from spreadsheets, without touching the database."""

from __future__ import annotations

import gc
import sys
import time
from argparse import Namespace
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentora.matching.engine import (
    Constraints,
    EquityGuard,
    MatchingError,
    MatchResult,
    Problem,
    Structure,
    solve,
)
from mentora.matching.engine.io_csv import (
    read_candidates,
    read_mentees,
    read_mentors,
    write_matches,
)


class Command(BaseCommand):
    help = "Match mentees to mentors from CSV files (see `mentora match solve --help`)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="solve")
        solve_parser = actions.add_parser(
            "solve", help="Match and write matches.csv.",
            description="Match mentees to mentors; matches go to --out or standard output.")
        _solve_arguments(solve_parser)

    def handle(self, *args: Any, **options: Any) -> None:
        with _collector_paused():
            self._solve(options)

    def _solve(self, options: dict[str, Any]) -> None:
        started = time.perf_counter()

        def progress(message: str) -> None:
            sys.stderr.write(f"[{time.perf_counter() - started:7.1f}s] {message}\n")
            sys.stderr.flush()

        try:
            problem = _problem(Namespace(**options), progress)
            result = solve(problem, options["mode"],
                           participation_first=options["participation_first"],
                           explain=options["explain"], progress=progress)
        except MatchingError as error:
            raise CommandError(str(error)) from None
        slot = {"tiers": "tier", "teams": "role"}.get(problem.structure.kind, "")
        progress(f"writing {len(result.pairs):,} pairs to {options['out'] or 'standard output'}")
        if options["out"]:
            with Path(options["out"]).open("w", newline="", encoding="utf-8") as handle:
                write_matches(handle, result, slot, options["explain"])
        else:
            write_matches(self.stdout, result, slot, options["explain"])
        _summary(result, progress)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """A run keeps up to millions of objects alive to its end (people, pairs) and makes next to
    no reference cycles: the cyclic garbage collector would only rescan them again and again
    (a third of the reading time at 1,000,000 mentees). Restored afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _solve_arguments(parser: CommandParser) -> None:
    parser.add_argument("--mentees", required=True, type=Path,
                        help="id, career_stage, interests (;-separated) [, specialty, goals, "
                             "communication_style, group, site]")
    parser.add_argument("--mentors", required=True, type=Path,
                        help="id, career_stage, capacity, interests [, tier, role, trained]")
    parser.add_argument("--candidates", type=Path,
                        help="mentee_id, mentor_id, score [, mentee_rank, mentor_rank]: the only "
                             "eligible pairs; nothing is scored from attributes")
    parser.add_argument("--mode", choices=("welfare", "stable"), default="welfare")
    parser.add_argument("--out", type=Path, help="matches.csv (default: standard output)")
    parser.add_argument("--explain", action="store_true", help="add an explanation column")
    parser.add_argument("--structure", choices=("auto", "pairs", "tiers", "teams"),
                        default="auto", help="auto: tiers if mentors have a tier, teams if a role")
    parser.add_argument("--max-per-mentee", type=int, help="teams: the largest team")
    parser.add_argument("--min-gap", type=int, default=1, help="career-stage steps (default 1)")
    parser.add_argument("--max-gap", type=int, default=3, help="career-stage steps (default 3)")
    parser.add_argument("--require-training", action="store_true")
    parser.add_argument("--participation-first", action="store_true",
                        help="welfare: match as many as possible first, then maximise score")
    parser.add_argument("--equity-group", help="mentee group whose outcomes are reported")
    parser.add_argument("--require-equity", action="store_true",
                        help="the equity group's match rate and mean score may not fall behind")
    parser.add_argument("--top-k", type=int, default=50, help="candidates kept per mentee")


def _problem(options: Namespace, progress: Any) -> Problem:
    progress(f"reading {options.mentees} and {options.mentors}")
    warnings: list[str] = []
    mentees = read_mentees(options.mentees, warnings=warnings)
    mentors = read_mentors(options.mentors, warnings=warnings)
    for warning in warnings:
        progress(f"warning: {warning}")
    candidates = None
    if options.candidates:
        progress(f"{len(mentees):,} mentees and {len(mentors):,} mentors read; "
                 f"reading {options.candidates}")
        candidates = read_candidates(options.candidates, mentees, mentors)
        progress(f"{len(candidates):,} candidate pairs read")
    kind = options.structure
    if kind == "auto":
        kind = ("tiers" if any(m.tier for m in mentors)
                else "teams" if any(m.role for m in mentors) else "pairs")
    guard = None
    if options.equity_group:
        guard = EquityGuard(options.equity_group, options.require_equity)
    elif options.require_equity:
        raise CommandError("--require-equity needs --equity-group")
    return Problem(
        mentees, mentors, candidates=candidates, equity=guard, top_k=options.top_k,
        constraints=Constraints(min_gap=options.min_gap, max_gap=options.max_gap,
                                require_training=options.require_training),
        structure=Structure(kind, max_per_mentee=options.max_per_mentee),
    )


def _summary(result: MatchResult, progress: Any) -> None:
    d = result.diagnostics
    progress(f"{len(result.pairs)} pairs, total score {result.objective:.3f} "
             f"({result.status}, {result.solver})")
    left_out = [u for u in d.unmatched if u.side == "mentee"]
    if left_out:
        progress(f"{len(left_out)} mentee places unfilled, e.g. {left_out[0].person_id}: "
                 f"{left_out[0].reason} ({left_out[0].detail})")
    if d.blocking_pair_count:
        progress(f"{d.blocking_pair_count} blocking pairs (pairs who would both rather swap)")
    if d.equity is not None:
        progress(f"equity gap for {d.equity.group!r}: match rate {d.equity.match_rate_gap:+.3f},"
                 f" mean score {d.equity.mean_score_gap:+.3f}")
