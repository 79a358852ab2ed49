"""The matcher at scale from the command line (a manual benchmark, not CI): `mentora match solve`
against a bare OR-Tools SimpleMinCostFlow on the same scored edges, each in its own process
under /usr/bin/time -v (wall clock, peak RSS).

    .venv/bin/python bench/matching/at_scale.py 1000000          # generate once, CLI, bare
    .venv/bin/python bench/matching/at_scale.py 100000 --skip cli

Inputs go to var/bench-matching/<n>/ (mentees.csv, mentors.csv, candidates.csv as the CLI reads
them: mentors a fifth of the mentees with capacity 1 to 6, 50 candidate mentors per mentee with
scores in thousandths, from generate.py's candidate_instance with seed n); they are written once
and reused. The CLI's matches go to matches.csv beside them.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

from bare import min_cost_flow_alone  # noqa: E402


def generate(n: int, folder: Path) -> None:
    from generate import candidate_instance, write_csv

    if (folder / "candidates.csv").exists():
        print(f"-- inputs: reusing {folder}", flush=True)
        return
    t = time.perf_counter()
    write_csv(candidate_instance(n, seed=n), folder)
    print(f"-- inputs: written to {folder} in {time.perf_counter() - t:.0f} s", flush=True)


def timed(command: list[str]) -> tuple[str, float, float]:
    """Run under /usr/bin/time -v: (the command's stderr, wall seconds, peak RSS in GiB)."""
    done = subprocess.run(["/usr/bin/time", "-v", *command], cwd=ROOT, capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    wall = re.search(r"Elapsed \(wall clock\) time.*: (?:(\d+):)?(\d+):([\d.]+)", done.stderr)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    assert wall and rss, done.stderr
    seconds = int(wall[1] or 0) * 3600 + int(wall[2]) * 60 + float(wall[3])
    own = done.stderr.split("\tCommand being timed")[0]
    return done.stdout + own, seconds, int(rss[1]) / 2**20


def run_cli(folder: Path) -> tuple[float, float, int]:
    out = folder / "matches.csv"
    print(f"-- CLI: {_load()} at the start", flush=True)
    log, wall, rss = timed([
        str(ROOT / ".venv/bin/python"), "manage.py", "match", "solve",
        "--mentees", str(folder / "mentees.csv"), "--mentors", str(folder / "mentors.csv"),
        "--candidates", str(folder / "candidates.csv"), "--mode", "welfare", "--out", str(out)])
    print(log.rstrip(), flush=True)
    scores = pd.read_csv(out, usecols=["score"], dtype={"score": np.float64})["score"]
    points = int(np.rint(scores.to_numpy() * 1000).sum())
    print(f"CLI: wall {wall:.1f} s (process start to exit), peak RSS {rss:.2f} GiB, "
          f"{len(scores):,} pairs, total {points:,} thousandths; {_load()} at the end",
          flush=True)
    return wall, rss, points


def run_bare(folder: Path) -> tuple[float, float, float, int]:
    print(f"-- bare: {_load()} at the start", flush=True)
    log, wall, rss = timed([str(ROOT / ".venv/bin/python"), __file__, "--bare-in-process",
                            str(folder)])
    print(log.rstrip(), flush=True)
    found = re.search(r"build \+ solve ([\d.]+) s \(solve alone ([\d.]+) s\).*total ([\d,]+)",
                      log)
    assert found, log
    print(f"bare: wall {wall:.1f} s (process), peak RSS {rss:.2f} GiB; {_load()} at the end",
          flush=True)
    return wall, rss, float(found[1]), int(found[3].replace(",", ""))


def bare_in_process(folder: Path) -> None:
    """Read the three files with pandas (ids looked up in bulk), then OR-Tools alone."""
    t = time.perf_counter()
    mentees = pd.read_csv(folder / "mentees.csv", usecols=["id"], dtype=object)["id"]
    mentors = pd.read_csv(folder / "mentors.csv", usecols=["id", "capacity"],
                          dtype={"id": object, "capacity": np.int64})
    mentee_index, mentor_index = pd.Index(mentees), pd.Index(mentors["id"])
    rows, cols, scores = [], [], []
    with pd.read_csv(folder / "candidates.csv", chunksize=1_000_000,
                     dtype={"mentee_id": object, "mentor_id": object, "score": np.float64}
                     ) as chunks:
        for chunk in chunks:
            rows.append(mentee_index.get_indexer(chunk["mentee_id"]).astype(np.int64))
            cols.append(mentor_index.get_indexer(chunk["mentor_id"]).astype(np.int64))
            scores.append(chunk["score"].to_numpy())
    mentee, mentor, score = np.concatenate(rows), np.concatenate(cols), np.concatenate(scores)
    del rows, cols, scores
    read = time.perf_counter() - t
    best, total, solve_only = min_cost_flow_alone(len(mentees), mentors["capacity"].to_numpy(),
                                                  mentee, mentor, score)
    print(f"bare: read the CSVs {read:.1f} s ({mentee.size:,} candidates); build + solve "
          f"{total:.1f} s (solve alone {solve_only:.1f} s); optimal total {best:,} thousandths",
          flush=True)


def _load() -> str:
    return f"load average {os.getloadavg()[0]:.1f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mentees", type=int, nargs="?")
    parser.add_argument("--dir", type=Path, default=ROOT / "var/bench-matching")
    parser.add_argument("--skip", choices=("cli", "bare"), action="append", default=[])
    parser.add_argument("--bare-in-process", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare_in_process:
        bare_in_process(args.bare_in_process)
        return
    if args.mentees is None:
        parser.error("the number of mentees is required")
    folder = args.dir / str(args.mentees)
    generate(args.mentees, folder)
    cli = None if "cli" in args.skip else run_cli(folder)
    bare = None if "bare" in args.skip else run_bare(folder)
    if cli and bare:
        ratio = cli[0] / bare[2]
        same = "equal" if cli[2] == bare[3] else "DIFFERENT"
        print(f"== {args.mentees:,} mentees: CLI {cli[0]:.1f} s and {cli[1]:.2f} GiB; bare "
              f"build + solve {bare[2]:.1f} s ({bare[0]:.1f} s and {bare[1]:.2f} GiB as a "
              f"process that also reads the CSVs); ratio {ratio:.2f}; objective {same}",
              flush=True)


if __name__ == "__main__":
    main()
