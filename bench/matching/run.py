"""The matching benchmark (not a test): run one part per process so peak memory is its own.

    .venv/bin/python bench/matching/run.py stable 2000 20000
    .venv/bin/python bench/matching/run.py create 2000 4000 8000
    .venv/bin/python bench/matching/run.py welfare 100000
    .venv/bin/python bench/matching/run.py scoring 100000
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from bare import min_cost_flow_alone
from generate import attribute_instance, candidate_instance

from mentora.matching.engine import MatchResult, Problem, solve
from mentora.matching.engine.market import build_market


def clock() -> float:
    return time.perf_counter()


def peak_rss_gib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20  # kB on Linux


def bench_stable(n: int, reference: str) -> None:
    problem = candidate_instance(n, seed=n)
    t = clock()
    ours = solve(problem, "stable", explain=False, diagnose=False)
    engine = clock() - t
    print(f"stable {n}: engine {engine:.3f} s, {len(ours.pairs)} pairs", flush=True)
    residents, hospitals, capacities = reference_preferences(problem)
    if reference == "algorithm":
        _compare_with_algorithm(n, ours, engine, residents, hospitals, capacities)
        return
    from matching.games import HospitalResident

    t = clock()
    game = HospitalResident.create_from_dictionaries(residents, hospitals, capacities)
    created = clock() - t
    print(f"stable {n}: matching package create_from_dictionaries {created:.2f} s", flush=True)
    found = game.solve(optimal="resident")
    reference = clock() - t
    theirs = {(r.name, h.name) for h, rs in found.items() for r in rs}
    same = theirs == {(p.mentee_id, p.mentor_id) for p in ours.pairs}
    print(f"stable {n}: matching package {reference:.2f} s (create_from_dictionaries "
          f"{created:.2f} s + solve {reference - created:.2f} s); identical: {same}; "
          f"engine is {reference / engine:.0f}x faster", flush=True)


def _compare_with_algorithm(n: int, ours: MatchResult, engine: float,
                            residents: dict[str, list[str]], hospitals: dict[str, list[str]],
                            capacities: dict[str, int]) -> None:
    """The package's own resident-optimal algorithm on its own player objects, skipping the
    input checks of create_from_dictionaries (lists searched linearly, hours at 20,000)."""
    from matching.algorithms import hospital_resident
    from matching.games.hospital_resident import _make_players

    t = clock()
    players, places = _make_players(residents, hospitals, capacities)
    made = clock() - t
    found = hospital_resident(players, places, optimal="resident")
    took = clock() - t
    theirs = {(r.name, h.name) for h, rs in found.items() for r in rs}
    same = theirs == {(p.mentee_id, p.mentor_id) for p in ours.pairs}
    print(f"stable {n}: matching package algorithm without input checks {took:.2f} s "
          f"(players {made:.2f} s + algorithm {took - made:.2f} s); identical: {same}; "
          f"engine is {took / engine:.0f}x faster than that", flush=True)


def reference_preferences(problem: Problem) -> tuple[dict[str, list[str]],
                                                     dict[str, list[str]], dict[str, int]]:
    """The same preferences for the `matching` package: higher score first, ties by id."""
    table = problem.candidates
    assert table is not None
    e_ids = np.array([m.id for m in problem.mentees])
    m_ids = np.array([m.id for m in problem.mentors])
    residents: dict[str, list[str]] = {}
    for i, j in _sorted(table.mentee, table.mentor, table.score, m_ids):
        residents.setdefault(e_ids[i], []).append(m_ids[j])
    hospitals: dict[str, list[str]] = {}
    for j, i in _sorted(table.mentor, table.mentee, table.score, e_ids):
        hospitals.setdefault(m_ids[j], []).append(e_ids[i])
    capacities = {m.id: m.capacity for m in problem.mentors if m.id in hospitals}
    return residents, hospitals, capacities


def _sorted(owner: np.ndarray, other: np.ndarray, score: np.ndarray, other_ids: np.ndarray
            ) -> list[tuple[int, int]]:
    order = np.lexsort((other_ids[other], -score, owner))
    return list(zip(owner[order].tolist(), other[order].tolist(), strict=True))


def bare_min_cost_flow(problem: Problem) -> tuple[int, float, float]:
    """OR-Tools alone on the same network: returns (total in thousandths, build+solve, solve)."""
    table = problem.candidates
    assert table is not None
    capacity = np.array([m.capacity for m in problem.mentors], dtype=np.int64)
    return min_cost_flow_alone(len(problem.mentees), capacity, table.mentee, table.mentor,
                               table.score)


def bench_create(n: int) -> None:
    """How long the package's documented constructor alone takes, to show how it grows."""
    from matching.games import HospitalResident

    residents, hospitals, capacities = reference_preferences(candidate_instance(n, seed=n))
    t = clock()
    HospitalResident.create_from_dictionaries(residents, hospitals, capacities)
    print(f"create {n}: matching package create_from_dictionaries {clock() - t:.1f} s",
          flush=True)


def bench_welfare(n: int, repeats: int) -> None:
    problem = candidate_instance(n, seed=n)
    engine_times, bare_times, bare_solve = [], [], []
    for _ in range(repeats):
        t = clock()
        ours = solve(problem, "welfare", explain=False, diagnose=False)
        engine_times.append(clock() - t)
        best, total, solve_only = bare_min_cost_flow(problem)
        bare_times.append(total)
        bare_solve.append(solve_only)
    points = int(sum(round(p.score * 1000) for p in ours.pairs))
    engine, bare = min(engine_times), min(bare_times)
    print(f"welfare {n}: engine solve {engine:.2f} s; bare SimpleMinCostFlow {bare:.2f} s "
          f"(build + solve; solve alone {min(bare_solve):.2f} s); ratio {engine / bare:.2f}; "
          f"objective engine {points} vs bare {best} (thousandths): "
          f"{'equal' if points == best else 'DIFFERENT'}; best of {repeats}", flush=True)
    t = clock()
    full = solve(problem, "welfare", explain=True, diagnose=True)
    print(f"welfare {n}: with explanations and diagnostics {clock() - t:.2f} s, "
          f"{full.diagnostics.blocking_pair_count} blocking pairs", flush=True)


def bench_scoring(n: int) -> None:
    t = clock()
    problem = attribute_instance(n, seed=n)
    made = clock() - t
    before = peak_rss_gib()
    t = clock()
    market = build_market(problem)
    took = clock() - t
    per = len(market.table) / n
    print(f"scoring {n} x {len(problem.mentors)}: candidate generation + scoring {took:.1f} s, "
          f"{len(market.table):,} pairs ({per:.1f} per mentee); peak RSS {peak_rss_gib():.2f} "
          f"GiB (instance alone {before:.2f} GiB, built in {made:.1f} s)", flush=True)


def main() -> None:
    # The matching package deep-copies players that point at each other, which recurses once
    # per preference: it needs a deep stack, so every part runs in a thread with a big one.
    sys.setrecursionlimit(10**7)
    threading.stack_size(2**29)
    worker = threading.Thread(target=_parts)
    worker.start()
    worker.join()


def _load() -> str:
    """The machine's load when a figure is taken: other work on the 2 cores slows every time."""
    return f"load average {os.getloadavg()[0]:.1f}"


def _parts() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("part", choices=("stable", "create", "welfare", "scoring"))
    parser.add_argument("sizes", type=int, nargs="+")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--reference", choices=("documented", "algorithm"), default="documented",
                        help="stable: the package as documented, or its algorithm alone")
    args = parser.parse_args()
    for n in args.sizes:
        print(f"-- {args.part} {n}: {_load()} at the start", flush=True)
        if args.part == "stable":
            bench_stable(n, args.reference)
        elif args.part == "create":
            bench_create(n)
        elif args.part == "welfare":
            bench_welfare(n, args.repeats)
        else:
            bench_scoring(n)


if __name__ == "__main__":
    main()
