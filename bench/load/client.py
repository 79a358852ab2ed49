"""The load test's client: N concurrent clients (threads) against a running server, with a bounded
number of requests and a time limit. Standard library only, so it loads nothing of the site.

Before the clock starts, the coordinator and each known mentor and mentee sign in once (a
deliberately slow password hash each); every client then keeps its own cookies for those
sessions, and loops without pause over a weighted mix of actions:

  health         GET  /health/
  cohort page    GET  the coordinator's page of the largest cohort
  report page    GET  that cohort's report
  mentor home    GET  /  as a mentor
  mentee home    GET  /  as a mentee
  meeting log    GET  the mentor's meeting log form, then POST it (CSRF token from the form)
  survey         GET  a single-use survey link, then POST all 40 answers with "submit"

Each request opens its own connection, and its time runs from connecting to the last byte of
the body. A request is an error when it raises (refused, timed out) or answers a status other
than the one the page gives a browser (200; 302 after a sign-in or a logged meeting; 200 or
202 for the report page, whose large-cohort result a job computes).

  python bench/load/client.py --base http://127.0.0.1:8765 --plan var/load/plan.json \\
      --clients 50 --requests 3000 --duration 300 --out var/load/result.json \\
      [--weights 'report page=0']
"""

from __future__ import annotations

import argparse
import http.client
import json
import random
import re
import statistics
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

WEIGHTS = {
    "health": 25,
    "cohort page": 10,
    "report page": 5,
    "mentor home": 15,
    "mentee home": 10,
    "meeting log": 15,
    "survey": 10,
}
# Pages in the order they are reported; an action of two steps records each step.
PAGES = ["health", "cohort page", "report page", "mentor home", "mentee home",
         "meeting log form", "meeting log submit", "survey form", "survey submit"]
CSRF_FIELD = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
DATE_FIELD = re.compile(rb'name="on" value="([0-9-]+)"')
TOPIC_FIELD = re.compile(rb'name="topics" value="(\d+)"')
RADIO_FIELD = re.compile(rb'type="radio" name="([a-z0-9_]+)" value="([^"]+)"')


@dataclass
class Sample:
    page: str
    seconds: float
    ok: bool
    status: int
    size: int
    note: str = ""


@dataclass
class Reply:
    status: int
    body: bytes
    cookies: dict[str, str]


class Jar:
    """One session's cookies, as a browser keeps them for the site."""

    def __init__(self, cookies: dict[str, str] | None = None) -> None:
        self.cookies = dict(cookies or {})

    def header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def take(self, cookies: dict[str, str]) -> None:
        for name, value in cookies.items():
            if value:
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)


def request(base: str, method: str, path: str, jar: Jar | None, form: dict[str, Any] | None,
            timeout: float) -> Reply:
    where = urlsplit(base)
    connection = http.client.HTTPConnection(where.hostname or "127.0.0.1", where.port,
                                            timeout=timeout)
    headers = {"Host": where.netloc, "Connection": "close"}
    if jar and jar.cookies:
        headers["Cookie"] = jar.header()
    body = None
    if form is not None:
        body = urlencode(form, doseq=True)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        headers["Referer"] = base + path  # Django checks it on HTTPS only; sent as a browser does
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        cookies = {}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, val = pair.partition("=")
                cookies[key.strip()] = val.strip().strip('"')
        return Reply(response.status, data, cookies)
    finally:
        connection.close()


class Recorder:
    def __init__(self) -> None:
        self.samples: list[Sample] = []
        self.lock = threading.Lock()

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)


@dataclass
class Budget:
    """How many requests may still start, and until when."""

    left: int
    deadline: float
    lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, n: int) -> bool:
        with self.lock:
            if self.left < n or time.monotonic() >= self.deadline:
                return False
            self.left -= n
            return True


class LinkPool:
    def __init__(self, links: list[str]) -> None:
        self.links, self.lock = list(links), threading.Lock()

    def take(self) -> str | None:
        with self.lock:
            return self.links.pop() if self.links else None


class Client:
    def __init__(self, number: int, args: argparse.Namespace, plan: dict[str, Any],
                 sessions: dict[str, dict[str, str]], links: LinkPool, budget: Budget,
                 recorder: Recorder) -> None:
        self.args, self.plan, self.links = args, plan, links
        self.budget, self.recorder = budget, recorder
        self.rng = random.Random(args.seed * 1000 + number)
        pair = plan["pairs"][number % len(plan["pairs"])]
        self.mentorship = pair["mentorship"]
        self.jars = {
            "coordinator": Jar(sessions[plan["coordinator"]]),
            "mentor": Jar(sessions[pair["mentor"]]),
            "mentee": Jar(sessions[pair["mentee"]]),
        }

    def timed(self, page: str, method: str, path: str, jar: Jar | None,
              form: dict[str, Any] | None = None, expect: tuple[int, ...] = (200,)
              ) -> Reply | None:
        started = time.perf_counter()
        try:
            reply = request(self.args.base, method, path, jar, form, self.args.timeout)
        except (OSError, http.client.HTTPException) as error:
            self.recorder.add(Sample(page, time.perf_counter() - started, False, 0, 0,
                                     type(error).__name__))
            return None
        seconds = time.perf_counter() - started
        if jar is not None:
            jar.take(reply.cookies)
        ok = reply.status in expect
        self.recorder.add(Sample(page, seconds, ok, reply.status, len(reply.body),
                                 "" if ok else reply.body[:200].decode(errors="replace")))
        return reply if ok else None

    def run(self) -> None:
        actions, weights = list(self.args.weights), list(self.args.weights.values())
        while True:
            action = self.rng.choices(actions, weights)[0]
            steps = 2 if action in ("meeting log", "survey") else 1
            if not self.budget.take(steps):
                return
            getattr(self, action.replace(" ", "_"))()

    def health(self) -> None:
        self.timed("health", "GET", self.plan["health"], None)

    def cohort_page(self) -> None:
        self.timed("cohort page", "GET", f"/cohorts/{self.plan['cohort']}/",
                   self.jars["coordinator"])

    def report_page(self) -> None:
        # A large cohort's report is the stored result (200) or, while a job computes it, the
        # page that shows the job's progress (202): never computed in the request.
        self.timed("report page", "GET", f"/evaluation/cohorts/{self.plan['cohort']}/report/",
                   self.jars["coordinator"], expect=(200, 202))

    def mentor_home(self) -> None:
        self.timed("mentor home", "GET", "/", self.jars["mentor"])

    def mentee_home(self) -> None:
        self.timed("mentee home", "GET", "/", self.jars["mentee"])

    def meeting_log(self) -> None:
        path = f"/mentorships/{self.mentorship}/meetings/log/"
        jar = self.jars["mentor"]
        page = self.timed("meeting log form", "GET", path, jar)
        if page is None:
            return
        token = CSRF_FIELD.search(page.body)
        topics = TOPIC_FIELD.findall(page.body)
        day = DATE_FIELD.search(page.body)  # the form offers the site's today, as a browser sends
        form = {
            "csrfmiddlewaretoken": token.group(1).decode() if token else "",
            "mentorships": str(self.mentorship),
            "on": day.group(1).decode() if day else "",
            "duration_minutes": "30",
            "mode": "virtual",
            "topics": [t.decode() for t in self.rng.sample(topics, min(2, len(topics)))],
            "goal": "Load test: plan the next rotation",
        }
        self.timed("meeting log submit", "POST", path, jar, form, expect=(302,))

    def survey(self) -> None:
        link = self.links.take()
        if link is None:
            return
        jar = Jar()  # a respondent follows the link from an email: no session
        page = self.timed("survey form", "GET", link, jar)
        if page is None:
            return
        token = CSRF_FIELD.search(page.body)
        choices: dict[str, list[str]] = {}
        for name, value in RADIO_FIELD.findall(page.body):
            choices.setdefault(name.decode(), []).append(value.decode())
        form: dict[str, Any] = {k: self.rng.choice(v) for k, v in choices.items()}
        form["csrfmiddlewaretoken"] = token.group(1).decode() if token else ""
        form["submit"] = ""
        self.timed("survey submit", "POST", link, jar, form)


def sign_in(base: str, login: str, email: str, password: str, timeout: float,
            recorder: Recorder) -> dict[str, str]:
    jar = Jar()
    started = time.perf_counter()
    page = request(base, "GET", login, jar, None, timeout)
    jar.take(page.cookies)
    token = CSRF_FIELD.search(page.body)
    form = {"csrfmiddlewaretoken": token.group(1).decode() if token else "",
            "username": email, "password": password}
    reply = request(base, "POST", login, jar, form, timeout)
    jar.take(reply.cookies)
    ok = reply.status == 302 and "sessionid" in jar.cookies
    recorder.add(Sample("sign-in", time.perf_counter() - started, ok, reply.status, 0))
    if not ok:
        raise SystemExit(f"Could not sign in as {email}: {reply.status}")
    return jar.cookies


def percentile(values: list[float], p: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def summary(samples: list[Sample], elapsed: float) -> dict[str, Any]:
    rows: dict[str, Any] = {}
    for page in ["sign-in", *PAGES]:
        mine = [s for s in samples if s.page == page]
        if not mine:
            continue
        times = [s.seconds * 1000 for s in mine]
        errors = [s for s in mine if not s.ok]
        rows[page] = {
            "count": len(mine), "errors": len(errors),
            "p50_ms": percentile(times, 50), "p95_ms": percentile(times, 95),
            "p99_ms": percentile(times, 99), "max_ms": max(times),
            "mean_kb": statistics.fmean(s.size for s in mine) / 1000,
            "error_examples": sorted({f"{s.status} {s.note[:80]}" for s in errors})[:3],
            "statuses": dict(Counter(str(s.status) for s in mine).most_common()),
        }
    health = rows.get("health", {}).get("p95_ms")
    for page, row in rows.items():
        row["p95_vs_health"] = row["p95_ms"] / health if health and page != "sign-in" else None
    measured = [s for s in samples if s.page != "sign-in"]
    return {"elapsed_s": elapsed, "requests": len(measured),
            "requests_per_s": len(measured) / elapsed if elapsed else 0.0, "pages": rows}


def table(result: dict[str, Any], clients: int) -> str:
    lines = [f"{result['requests']:,} requests from {clients} clients in "
             f"{result['elapsed_s']:.0f} s ({result['requests_per_s']:.1f}/s)", "",
             "| page | count | errors | p50 ms | p95 ms | p99 ms | p95 / health |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for page, row in result["pages"].items():
        ratio = f"{row['p95_vs_health']:.1f}" if row["p95_vs_health"] else ""
        lines.append(f"| {page} | {row['count']} | {row['errors']} | {row['p50_ms']:.0f} | "
                     f"{row['p95_ms']:.0f} | {row['p99_ms']:.0f} | {ratio} |")
    for page, row in result["pages"].items():
        if len(row["statuses"]) > 1:
            lines.append(f"  {page} statuses: " + ", ".join(
                f"{status} x{count}" for status, count in row["statuses"].items()))
        for example in row["error_examples"]:
            lines.append(f"  {page} error: {example}")
    return "\n".join(lines)


def weights(text: str) -> dict[str, int]:
    """`report page=0,health=30`: the default mix with these weights changed."""
    mix = dict(WEIGHTS)
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, value = part.rpartition("=")
        if name.strip() not in mix or not value.strip().isdigit():
            raise argparse.ArgumentTypeError(
                f"{part!r}: give ACTION=WEIGHT, ACTION one of {', '.join(WEIGHTS)}")
        mix[name.strip()] = int(value)
    if not any(mix.values()):
        raise argparse.ArgumentTypeError("at least one action needs a weight above 0")
    return {name: weight for name, weight in mix.items() if weight}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", default="http://127.0.0.1:8765")
    parser.add_argument("--plan", type=Path, default=Path("var/load/plan.json"))
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--requests", type=int, default=3000, help="at most this many")
    parser.add_argument("--duration", type=float, default=300, help="seconds, at most")
    parser.add_argument("--timeout", type=float, default=120, help="seconds per request")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--weights", type=weights, default=dict(WEIGHTS),
                        help="change the mix, e.g. 'report page=0' (default: " +
                        ", ".join(f"{k}={v}" for k, v in WEIGHTS.items()) + ")")
    parser.add_argument("--out", type=Path, default=Path("var/load/result.json"))
    args = parser.parse_args()
    plan = json.loads(args.plan.read_text())
    recorder = Recorder()
    people = [plan["coordinator"], *(p[r] for p in plan["pairs"] for r in ("mentor", "mentee"))]
    sessions = {email: sign_in(args.base, plan["login"], email, plan["password"], args.timeout,
                               recorder) for email in people}
    print(f"Signed in {len(sessions)} people; {args.clients} clients start "
          f"(at most {args.requests} requests, {args.duration:.0f} s)", file=sys.stderr)
    budget = Budget(args.requests, time.monotonic() + args.duration)
    links = LinkPool(plan["survey_links"])
    clients = [Client(n, args, plan, sessions, links, budget, recorder)
               for n in range(args.clients)]
    threads = [threading.Thread(target=c.run, daemon=True) for c in clients]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    result = summary(recorder.samples, elapsed)
    result["settings"] = {k: str(v) for k, v in vars(args).items()}
    result["cohort"] = {"id": plan["cohort"], "name": plan["cohort_name"],
                        "mentees": plan["cohort_mentees"]}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1))
    print(table(result, args.clients))
    return 1 if any(row["errors"] for row in result["pages"].values()) else 0


if __name__ == "__main__":
    sys.exit(main())
