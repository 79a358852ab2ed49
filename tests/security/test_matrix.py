"""The authorization matrix (issue 11): every cell of tests/security/matrix.csv, written by hand,
is opened as its actor on one world (tests/security/matrix_world.py, built once for the module),
and every answer is scanned for the canaries its reader may not see.

    .venv/bin/python -m pytest -p no:xdist -q tests/security/test_matrix.py

A cell's answer must be what the file says (a status, `login` for the sign-in page, `302` for a
redirect elsewhere, `ok` for "granted"), never a server error; POST rows send an empty body. The
completeness test fails on any named page of Mentora's apps, and any path of the JSON API's
OpenAPI document, that has no row.
"""

from __future__ import annotations

import base64
import csv
import importlib.util
import io
import json
import re
import zipfile
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import transaction
from django.test import override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.matrix_world import ACTORS, MatrixWorld, Side, build_matrix_world

MATRIX = Path(__file__).with_name("matrix.csv")
# One worker runs the whole module (`make test` distributes by file), so its world is built
# once and the canary check after the cells sees every answer they scanned.
# What tests/conftest.py's autouse fixtures set for each test, set here for the world's build.
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TEST_STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@dataclass(frozen=True)
class Row:
    page: str  # the URL name, with a variant after ":"
    rel: str
    method: str
    expected: dict[str, str]  # actor -> outcome

    @property
    def url_name(self) -> str:
        return self.page.split(":")[0]

    @property
    def variant(self) -> str:
        return self.page.partition(":")[2]


def read_matrix() -> list[Row]:
    lines = [line for line in MATRIX.read_text().splitlines() if not line.startswith("#")]
    rows = []
    for record in csv.DictReader(io.StringIO("\n".join(lines)), skipinitialspace=True):
        record = {key.strip(): value.strip() for key, value in record.items()}
        rows.append(Row(record["page"], record["rel"], record["method"],
                        {actor: record[actor] for actor in ACTORS}))
    return rows


ROWS = read_matrix()

# How each page is opened on the objects of a relation (its URL's arguments).
Opener = Callable[[MatrixWorld, Side, Row], list[Any]]


def _on(attribute: str, *more: str) -> Opener:
    def args(world: MatrixWorld, side: Side, row: Row) -> list[Any]:
        first = getattr(side, attribute)
        return [getattr(first, "pk", first), *more]

    return args


def _cohort_and(attribute: str) -> Opener:
    def args(world: MatrixWorld, side: Side, row: Row) -> list[Any]:
        second = getattr(side, attribute)
        return [side.cohort.pk, getattr(second, "pk", second)]

    return args


def _meeting(world: MatrixWorld, side: Side, row: Row) -> list[Any]:
    return [world.group_meeting.pk if row.rel == "group" else side.meeting.pk]


def _wave(world: MatrixWorld, side: Side, row: Row) -> list[Any]:
    return [world.anonymous_wave.pk if row.rel == "anonwave" else side.wave.pk]


def _compare(world: MatrixWorld, side: Side, row: Row) -> list[Any]:
    second = world.sides["same"] if row.rel == "own" else side
    return [side.run.pk, second.run.pk]


OPEN: dict[str, Opener] = {
    "home": lambda w, s, r: [], "health": lambda w, s, r: [], "login": lambda w, s, r: [],
    "logout": lambda w, s, r: [], "program_list": lambda w, s, r: [],
    "calendar": lambda w, s, r: [], "reset_calendar": lambda w, s, r: [],
    "match_mine": lambda w, s, r: [], "audit_log": lambda w, s, r: [],
    "audit_csv": lambda w, s, r: [], "api_tokens": lambda w, s, r: [],
    "my_profile": lambda w, s, r: [],
    "revoke_api_token": _on("api_token"), "export_job": _on("export"),
    "export_file": _on("export"),
    "cohort_enrol_template": lambda w, s, r: [s.cohort.pk, r.variant],
    "accept_invitation": _on("invitation_token"),
    "person": _on("mentee"),
    "program": _on("program"), "program_competencies": _on("program"),
    "intake_confirm": _on("intake_token"),
    "calendar_feed": _on("feed_token"),
    "survey_respond": _on("survey_token"),
    "meeting": _meeting, "meeting_ics": _meeting, "meeting_reflect": _meeting,
    "private_note": _meeting,
    "meeting_held": _on("scheduled"), "meeting_cancel": _on("scheduled"),
    "toggle_action_item": _on("action_item"),
    "plan_export": lambda w, s, r: [s.plan.pk, r.variant],
    "evaluation_download": lambda w, s, r: [s.cohort.pk, r.variant],
    "evaluation_csv": lambda w, s, r: [s.cohort.pk, 1],
    "evaluation_report_job": _cohort_and("report_job"),
    "evaluation_delete_entry": _cohort_and("entry"),
    "job_progress": _on("job"),
    "match_compare": _compare,
    "match_request_action": _on("match_request"),
    "survey_import": _on("survey_import"), "survey_import_confirm": _on("survey_import"),
    "survey_export": lambda w, s, r: [s.cohort.pk, "clerkship_survey", r.variant],
    "survey_instrument_export": lambda w, s, r: [w.instrument.pk],
    "survey_instrument": lambda w, s, r: [w.instrument.pk],
    "mini_cex": _on("observation"), "confirm_procedure": _on("procedure"),
    "qda_projects": lambda w, s, r: [],
    "qda_project": lambda w, s, r: [w.qda[r.rel][0].pk],
    "qda_codebook": lambda w, s, r: [w.qda[r.rel][0].pk],
    "qda_agreement": lambda w, s, r: [w.qda[r.rel][0].pk],
    "qda_table": lambda w, s, r: [w.qda[r.rel][0].pk],
    "qda_source": lambda w, s, r: [w.qda[r.rel][0].pk, w.qda[r.rel][1].pk],
    "notifications": lambda w, s, r: [], "notifications_read_all": lambda w, s, r: [],
    "notification_preferences": lambda w, s, r: [], "notification_open": _on("notification"),
    "pulse": _on("pulse"), "mentor_offer": _on("mentor_offer"),
    "portfolio": _on("mentee"),
    "portfolio_download": lambda w, s, r: [s.mentee.pk, r.variant],
    "program_feedback": _on("program"), "cohort_observations": _on("cohort"),
    "dossier": lambda w, s, r: [], "dossier_download": lambda w, s, r: [],
    "pair_competencies": _on("pair"),
    "sponsorship": lambda w, s, r: [], "menteeship": lambda w, s, r: [],
    "event": lambda w, s, r: [w.events[r.rel].pk],
    "event_reply": lambda w, s, r: [w.events[r.rel].pk],
    "event_attendance": lambda w, s, r: [w.events[r.rel].pk,
                                         w.events[r.rel].invitees.first().pk],
    "cohort_blocks": _on("cohort"),
    "block": _on("block"), "block_people": _on("block"), "block_delete": _on("block"),
}
for _names, _opener in (
    (["cohort", "cohort_upload", "cohort_next_year", "intake", "cohort_relationships",
      "evaluation_report", "evaluation_report_compute", "evaluation_scholarship",
      "evaluation_add_entry", "evaluation_csv_import", "evaluation_bibliography",
      "cohort_surveys", "survey_rates", "survey_create_wave", "survey_import_redcap",
      "survey_import_qualtrics", "match_runs", "match_rematch", "match_weights",
      "match_preferences", "match_browse", "match_requests", "at_risk", "drift_policy",
      "cohort_sponsorship", "cohort_events"],
     _on("cohort")),
    (["mentorship", "decline", "end_mentorship", "log_meeting", "schedule_meeting", "new_goal",
      "add_action_item", "agreement", "sign", "start_plan", "pair_feedback", "new_mini_cex",
      "log_procedure", "mentor_growth"], _on("pair")),
    (["goal", "edit_goal", "goal_progress", "goal_status"], _on("goal")),
    (["plan", "share_plan", "review_plan"], _on("plan")),
    (["match_run", "match_adjust", "match_again", "match_publish"], _on("run")),
    (["survey_wave", "survey_invite", "survey_schedule"], _wave),
):
    OPEN.update(dict.fromkeys(_names, _opener))


# The JSON API's rows name its OpenAPI paths; their parameters are the relation's objects.
API_PARAMETERS = {
    "person_id": "mentee", "program_id": "program", "cohort_id": "cohort",
    "enrolment_id": "enrolment", "mentorship_id": "pair", "meeting_id": "meeting",
    "goal_id": "goal", "run_id": "run",
}


def api_url(side: Side, row: Row) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "instrument":
            return "clerkship_survey"
        return str(getattr(side, API_PARAMETERS[name]).pk)

    return re.sub(r"\{(\w+)\}", value, row.page)


def url_of(world: MatrixWorld, side: Side, row: Row) -> str:
    if row.page.startswith("/"):
        return api_url(side, row)
    return reverse(row.url_name, args=OPEN[row.url_name](world, side, row))


@pytest.fixture(scope="module")
def matrix_world(django_db_setup: None, django_db_blocker: Any,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[MatrixWorld]:
    """The world, built once inside a transaction that every cell's own (pytest-django's `db`)
    nests in, and rolled back after the module. Export jobs write into a folder of its own."""
    exports = override_settings(EXPORTS_DIR=tmp_path_factory.mktemp("exports"))
    exports.enable()
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            with override_settings(PASSWORD_HASHERS=FAST_HASHERS, STATIC_ROOT=None,
                                   STORAGES=TEST_STORAGES):
                world = build_matrix_world()
        except BaseException:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            exports.disable()
            raise
    yield world
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        atomic.__exit__(None, None, None)
    exports.disable()


def outcome(response: Any) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        where = urlsplit(response["Location"]).path
        return "login" if where == reverse("login") else "302"
    return str(response.status_code)


def agrees(expected: str, got: str) -> bool:
    if expected == "ok":
        return got not in ("403", "404", "405", "login") and int(got if got != "302" else 302) < 500
    return expected == got


# Canaries: which kind each reader may see, and where ("*": on any page). `owner` is the person
# the canary is about (the author, for private notes); `mentor` their mentor in the pair the
# canary belongs to; `admin` the site admin, whose export right is the full data set.
ANY = "*"
# Where the site admin's export right (the full data set) shows answers: the CSV download and
# the JSON API's export.
EXPORTS = {"survey_export", "/api/cohorts/{cohort_id}/surveys/{instrument}"}
SEES: dict[str, dict[str, str | set[str]]] = {
    "demographics": {"owner": ANY},
    "race": {"owner": ANY},
    "urm": {"owner": ANY},
    "privatenote": {"owner": ANY},
    "growgoal": {"owner": ANY, "mentor": ANY},
    "growreality": {"owner": ANY, "mentor": ANY},
    "pairnotes": {"owner": ANY, "mentor": ANY},
    "reflection": {"owner": ANY, "mentor": ANY},
    "groupreflection": {"owner": ANY, "mentor": ANY},
    "goalgrow": {"owner": ANY, "mentor": ANY},
    "agreement": {"owner": ANY, "mentor": ANY},
    "plan": {"owner": ANY, "mentor": ANY},  # shared with the mentor, not with coordinators
    "answer": {"owner": ANY, "admin": EXPORTS},
    "comment": {"owner": ANY, "admin": EXPORTS},
    "anonanswer": {"admin": EXPORTS},
    "anonmail": {},
    # Performance feedback: a mini-CEX and the mentee's reflection on it, a procedure's note.
    "minicex": {"owner": ANY, "mentor": ANY},
    "minicexreflection": {"owner": ANY, "mentor": ANY},
    "procedure": {"owner": ANY, "mentor": ANY},
    # A transcript's words in a coding project: its coders' (Eve codes program A's project).
    "qdatext": {"coder": ANY},
    # A sponsorship act's words: its sponsor's and the person sponsored's, anywhere; the
    # program's coordinators (and the site admin) read it in the cohort's list.
    "sponsorship": {"owner": ANY, "mentor": ANY, "coordinator": {"cohort_sponsorship"},
                    "admin": {"cohort_sponsorship"}},
}
# Stored but shown on no page, to anyone: a procedure's note (the pair's feedback page lists
# procedures by name, date and level). The self-described gender and race are shown to their
# owner only, in the form of their profile (my_profile).
NOT_SHOWN = {"procedure"}
# Who each canary owner is among the actors, and who mentors them (Gil, Ned and Bea are none).
OWNER_ACTOR = {"maya": "mentee", "nina": "other_mentee", "omar": "far_mentee", "mark": "mentor"}
MENTOR_ACTOR = {"maya": "mentor", "gil": "mentor"}
COORDINATOR_ACTOR = {"maya": "coord_a", "nina": "coord_a", "omar": "coord_b"}


def may_see(kind: str, owner: str, actor: str, page: str) -> bool:
    readers = SEES[kind]
    for reader, where in readers.items():
        who = {"owner": OWNER_ACTOR.get(owner), "mentor": MENTOR_ACTOR.get(owner),
               "admin": "admin", "coder": "evaluator",
               "coordinator": COORDINATOR_ACTOR.get(owner)}[reader]
        if who == actor and (where == ANY or page in where):
            return True
    return False


def pdf_stream(data: bytes) -> bytes:
    """A PDF stream's content: ReportLab writes ASCII85 around Flate (`~>` ends the ASCII85)."""
    if data.rstrip().endswith(b"~>"):
        data = base64.a85decode(data.strip(), adobe=True)
    try:
        return zlib.decompress(data)
    except zlib.error:
        return data


def readable_text(response: Any) -> str:
    """Everything a reader gets: headers, the body, and inside the body the members of a zip
    (XLSX, DOCX) and the decompressed streams of a PDF; an ICS's folded lines unfolded."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    parts = [body, str(response.get("Location", "")).encode(),
             str(response.get("Content-Disposition", "")).encode()]
    if body.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            parts += [archive.read(name) for name in archive.namelist()]
    if body.startswith(b"%PDF"):
        parts += [pdf_stream(s.group(1))
                  for s in re.finditer(rb"stream\r?\n(.*?)\s*endstream", body, re.S)]
    text = b"\n".join(parts).decode("utf-8", errors="replace")
    return re.sub(r"\r?\n[ \t]", "", text)


CANARY = re.compile(r"CNRY-([a-z]+)-([a-z]+)")
SEEN: dict[str, set[tuple[str, str]]] = defaultdict(set)  # canary -> {(actor, page)}
# Figures for docs/security.md: answers scanned per response type, and canaries found in them
# (by kind, each where its reader may see it; a leak fails its cell).
SCANNED: Counter[str] = Counter()
FOUND: dict[str, Counter[str]] = defaultdict(Counter)


def response_type(response: Any) -> str:
    kind = response.get("Content-Type", "").split(";")[0].strip()
    short = {"text/html": "HTML", "application/json": "JSON", "text/csv": "CSV",
             "text/calendar": "ICS", "application/pdf": "PDF",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "XLSX",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "DOCX"}
    name = short.get(kind, kind or "empty")
    if response.status_code >= 300:
        name = "redirect" if response.status_code < 400 else f"error page ({name})"
    return name


@pytest.fixture(scope="module", autouse=True)
def _figures(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if not SCANNED:
        return
    kinds = sorted(FOUND)
    lines = ["", "Answers scanned for canaries, and canaries found (where their reader may):",
             "type".ljust(22) + "answers".rjust(8) + "".join(k[:9].rjust(10) for k in kinds)]
    for kind, count in SCANNED.most_common():
        lines.append(kind.ljust(22) + str(count).rjust(8)
                     + "".join(str(FOUND[k][kind]).rjust(10) for k in kinds))
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        for line in lines:
            reporter.write_line(line)
    out = Path(__file__).resolve().parents[2] / "test-artifacts" / "security"
    out.mkdir(parents=True, exist_ok=True)
    (out / "matrix.json").write_text(json.dumps(
        {"scanned": SCANNED, "found": FOUND}, indent=1, sort_keys=True))


def _cells() -> list[Any]:
    return [pytest.param(row, actor, id=f"{row.page}-{row.rel}-{actor}")
            for row in ROWS for actor in ACTORS]


@pytest.mark.parametrize(("row", "actor"), _cells())
def test_cell(matrix_world: MatrixWorld, db: None, row: Row, actor: str) -> None:
    side = matrix_world.sides.get(row.rel, matrix_world.sides["own"])
    url = url_of(matrix_world, side, row)
    client = matrix_world.client(actor)
    client.raise_request_exception = False
    send = client.post if row.method == "POST" else client.get
    response = send(url)
    got = outcome(response)
    leaks = []
    scanned_as = response_type(response)
    SCANNED[scanned_as] += 1
    for match in CANARY.finditer(readable_text(response)):
        kind, owner = match.groups()
        SEEN[match.group(0)].add((actor, row.url_name))
        FOUND[kind][scanned_as] += 1
        if not may_see(kind, owner, actor, row.url_name):
            leaks.append(match.group(0))
    assert response.status_code < 500, f"{row.method} {url} as {actor}: server error"
    assert agrees(row.expected[actor], got), (
        f"{row.method} {url} as {actor}: expected {row.expected[actor]}, got {got}"
    )
    assert not leaks, f"{row.method} {url} as {actor} shows {sorted(set(leaks))}"


def test_every_kind_of_canary_reaches_a_reader_it_may(matrix_world: MatrixWorld) -> None:
    """The scan can fail: each kind that someone may read was found where they read it (run
    after the cells, in file order)."""
    if sum(SCANNED.values()) < len(ROWS) * len(ACTORS):
        pytest.skip("needs every cell run before it (not a selection of them)")
    readable = {kind for kind, readers in SEES.items() if readers} - NOT_SHOWN
    found = {CANARY.match(value).group(1) for value in SEEN}  # type: ignore[union-attr]
    assert readable - found == set()


# Completeness


def site_pages(patterns: list[Any]) -> set[str]:
    """The named pages of Mentora's apps. Not the admin's: Django's own pages, for staff only,
    not Mentora's code; not the JSON API's under api/: its paths are checked from its OpenAPI
    document below. Static files have no named pattern (WhiteNoise serves them)."""
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name != "admin" and not str(pattern.pattern).startswith("api/"):
                names |= site_pages(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    return names


def test_every_page_has_a_row() -> None:
    in_matrix = {row.url_name for row in ROWS}
    assert site_pages(get_resolver().url_patterns) - in_matrix == set()
    pages = {name for name in in_matrix if not name.startswith("/")}
    assert pages - set(OPEN) == set(), "rows whose page the test cannot open"


def openapi_paths(client: Any) -> set[str]:
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("openapi@example.edu", password="x")
    client.force_login(admin)
    for url in ("/api/openapi.json", "/api/v1/openapi.json"):
        response = client.get(url)
        if response.status_code == 200:
            return set(response.json()["paths"])
    raise AssertionError("mentora.api exists but serves no OpenAPI document")


@pytest.mark.django_db
def test_every_api_path_has_a_row(client: Any) -> None:
    if importlib.util.find_spec("mentora.api") is None:
        pytest.skip("no JSON API yet (mentora.api)")
    in_matrix = {row.page for row in ROWS}
    assert openapi_paths(client) - in_matrix == set()
