"""Random bad input at every upload and every form: no server error, nothing stored that does not
fit (issue 11, finding 5).

Uploads: each importer (the REDCap dictionary, records and events, the Qualtrics export, the
enrolment and scholarship spreadsheets, bibliographies) gets UPLOAD_EXAMPLES files made from its
real example by hypothesis: random bytes, the file in another encoding, or the file with cells
replaced by nasty values (NUL, Word's \\x0b, "²", 5,000 digits, a 140,000-character cell, dates in
year 9999, quotes, lone CRs...), lines cut, doubled or dropped and line endings changed.

Forms: each form is read from the page that shows it, as the persona who uses it, and posted
FORM_EXAMPLES times with random values: valid choices mixed with nasty text, huge and negative
numbers, out-of-range dates and missing fields.

Every answer must be below 500 (a view's exception fails the test with the example), and after
each target no text column holds a value longer than its column or a control character.
The outcomes are tallied and printed at the end (docs/security.md has the figures):

    .venv/bin/python -m pytest -p no:xdist -q tests/security/test_fuzz.py

Examples are derandomized, so the figures repeat; MENTORA_FUZZ_UPLOADS and MENTORA_FUZZ_FORMS
raise the examples for a longer hunt.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from html.parser import HTMLParser
from itertools import count
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.db.models import CharField, Q, TextField
from django.db.models.functions import Length
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as fuzz_settings
from hypothesis import strategies as st

from mentora.audit.rights import make_auditor
from mentora.engagement.models import Pulse
from mentora.evaluation.models import ScholarlyEntry
from mentora.feedback.actions import do_record_mini_cex
from mentora.matching.models import MatchRequest
from mentora.matching.runs import do_start_run
from mentora.mentorships.actions import (
    MeetingDetails,
    do_add_action_item,
    do_draft_agreement,
    do_log_meeting,
    do_reflect,
    do_schedule_meeting,
    do_set_goal,
    do_share_plan,
    do_start_plan,
)
from mentora.mentorships.calendar import do_new_feed
from mentora.mentorships.models import Mentorship
from mentora.people.invitations import do_invite
from mentora.people.ladder import Stage
from mentora.programs.models import MentorOffer, Tier
from mentora.surveys import import_preview, imports
from mentora.surveys.actions import do_create_wave, do_send_invitations
from mentora.surveys.library import ensure_library
from mentora.surveys.links import token_for
from mentora.surveys.models import Instrument
from tests import factories
from tests.conftest import World
from tests.fixtures import QUALTRICS, REDCAP
from tests.personas import account, coordinator, mentee, mentor, nobody
from tests.security import fuzz_qda

UPLOAD_EXAMPLES = int(os.environ.get("MENTORA_FUZZ_UPLOADS", "25"))
FORM_EXAMPLES = int(os.environ.get("MENTORA_FUZZ_FORMS", "8"))
ROOT = Path(__file__).resolve().parents[2]
TALLY: dict[str, Counter[str]] = defaultdict(Counter)
_serial = count(1)

FUZZ = fuzz_settings(
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large,
    ],
)

# What people paste, and what breaks parsers: each of the probe's findings, and their cousins.
NASTY = [
    "", " ", "\x00", "a\x00b", "\x0b", "line\x0bbreak", "\x0c\x1f\x7f\x85", "\ufeff", "\ufffe",
    "²", "①", "٣", "9" * 5000, "-1", "0", "-0", "2147483648", "9223372036854775808",
    "1e309", "NaN", "inf", "1,5", "0x1F", "9999-12-31", "0001-01-01", "2026-02-30",
    "10000-01-01", "12:99", "24:00", '"', '""', 'a"b', ",", "a,b", "\r", "a\rb", "\n", "\r\n",
    "=HYPERLINK(\"http://x\")", "@SUM(A1)", "<script>alert(1)</script>", "'; DROP TABLE x;--",
    "é", "😀", "\u202eevil", "x" * 130, "x" * 301, "x" * 20_001,
]
nasty = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.text(alphabet=st.characters(max_codepoint=0x9F), max_size=20),
)


def _status(response: Any) -> str:
    code = response.status_code
    if code >= 500:
        return "server error"
    if code >= 400:
        return f"refused ({code})"
    if code >= 300:
        return "redirected"
    text = response.content.decode(errors="replace")
    said = 'class="errorlist' in text or 'role="alert"' in text or "class=\"error" in text
    return "page with a message" if said else "page"


@pytest.fixture(scope="module", autouse=True)
def _print_tally(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if not TALLY:
        return
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    kinds = sorted({kind for counts in TALLY.values() for kind in counts})
    lines = ["", "Bad input tried, and how it was answered:",
             "target".ljust(30) + "tried".rjust(6) + "".join(k.rjust(22) for k in kinds)]
    for target, counts in TALLY.items():
        lines.append(target.ljust(30) + str(sum(counts.values())).rjust(6)
                     + "".join(str(counts[k]).rjust(22) for k in kinds))
    total = Counter[str]()
    for counts in TALLY.values():
        total.update(counts)
    lines.append("all".ljust(30) + str(sum(total.values())).rjust(6)
                 + "".join(str(total[k]).rjust(22) for k in kinds))
    if reporter is not None:
        for line in lines:
            reporter.write_line(line)
    out = ROOT / "test-artifacts" / "security"
    out.mkdir(parents=True, exist_ok=True)
    (out / "fuzz.json").write_text(json.dumps(TALLY, indent=1, sort_keys=True))


def stored_misfits() -> list[str]:
    """Text columns of Mentora's tables holding a value longer than the column or a control
    character (PostgreSQL refuses NUL outright)."""
    # PostgreSQL takes no NUL, not even in a pattern; SQLite's LIKE would stop at one.
    first = "\x00" if connection.vendor == "sqlite" else "\x01"
    pattern = f"[{first}-\x08\x0b\x0c\x0e-\x1f]"
    found = []
    for model in apps.get_models():
        if not model.__module__.startswith("mentora."):
            continue
        lengths, bad = {}, Q()
        for column in model._meta.concrete_fields:
            if not isinstance(column, CharField | TextField) or column.choices:
                continue
            bad |= Q(**{f"{column.attname}__regex": pattern})
            if isinstance(column, CharField) and column.max_length:
                lengths[f"_n_{column.attname}"] = Length(column.attname)
                bad |= Q(**{f"_n_{column.attname}__gt": column.max_length})
        if bad and model._default_manager.alias(**lengths).filter(bad).exists():
            found.append(model.__name__)
    return found


@pytest.fixture
def clean_afterwards(world: World) -> Iterator[None]:
    yield
    assert stored_misfits() == []


# Uploads


def _mutate(base: bytes, mutations: list[tuple[str, float, str]]) -> bytes:
    text = base.decode("utf-8-sig")
    for kind, where, value in mutations:
        lines = text.split("\n")
        line = min(int(where * len(lines)), len(lines) - 1)
        at = min(int(where * len(text)), len(text))
        if kind == "cell":
            cells = lines[line].split(",")
            cells[min(int(where * 7919) % len(cells), len(cells) - 1)] = value
            lines[line] = ",".join(cells)
            text = "\n".join(lines)
        elif kind == "quoted cell":
            cells = lines[line].split(",")
            cells[int(where * 7919) % len(cells)] = '"' + value.replace('"', '""') + '"'
            lines[line] = ",".join(cells)
            text = "\n".join(lines)
        elif kind == "insert":
            text = text[:at] + value + text[at:]
        elif kind == "cut":
            text = text[:at] + text[at + len(value) + 1:]
        elif kind == "truncate":
            text = text[:at]
        elif kind == "line endings":
            text = text.replace("\n", "\r" if len(value) % 2 else "\r\n")
        elif kind == "double a line":
            lines.insert(line, lines[line])
            text = "\n".join(lines)
        elif kind == "drop a line":
            del lines[line]
            text = "\n".join(lines)
        elif kind == "short row":
            lines[line] = lines[line].split(",")[0]
            text = "\n".join(lines)
    return text.encode("utf-8", errors="surrogatepass")


def _transcoded(base: bytes, encoding: str) -> bytes:
    return base.decode("utf-8-sig").encode(encoding, errors="replace")


MUTATIONS = st.tuples(
    st.sampled_from(["cell", "quoted cell", "insert", "cut", "truncate", "line endings",
                     "double a line", "drop a line", "short row"]),
    st.floats(0, 1),
    nasty,
)


def bad_files(base: bytes) -> st.SearchStrategy[bytes]:
    return st.one_of(
        st.builds(_mutate, st.just(base), st.lists(MUTATIONS, min_size=1, max_size=4)),
        st.builds(_mutate, st.just(base), st.lists(MUTATIONS, min_size=1, max_size=4)),
        st.builds(_transcoded, st.just(base),
                  st.sampled_from(["utf-16", "utf-16-be", "utf-32", "cp1252", "latin-1"])),
        st.binary(max_size=600),
        st.sampled_from([b"", b"PK\x03\x04" + bytes(64), b"\xff\xfe\x00", b"\xef\xbb\xbf"]),
    )


ENROLMENT = (
    "name,email,career_stage,role,capacity,department,site,specialty_interests,tier,"
    "mentor_trained,goals,communication_style\n"
    "Ann Lee,ann@example.edu,MS2,mentee,,Surgery,North,Cardiology;Oncology,,no,Match,email\n"
    "Bo Chen,bo@example.edu,PGY2,mentor,2,Medicine,South,Surgery,,yes,,in_person\n"
)
NBIB = (
    "PMID- 29614247\nDP  - 2018 Jul\nTI  - Career-Focused Mentoring for Clinician Educators.\n"
    "FAU - Kirsch, Jonathan D\nAU  - Kirsch JD\nPT  - Journal Article\nTA  - Am J Med\n\n"
    "PMID- 31000001\nDP  - 2019\nTI  - Mentoring clinician educators: a workshop.\n"
    "PT  - Congress\n"
)
BIBTEX = (
    "@string{ajm = {Am J Med}}\n@article{kirsch2018,\n  title = {Career-focused {M}entoring},\n"
    "  author = {Kirsch, Jonathan and Duran, Alisa},\n  journal = ajm,\n  year = 2018\n}\n"
)
RIS = (
    "TY  - JOUR\nAU  - Kirsch, Jonathan D.\nTI  - Career-focused mentoring\nPY  - 2018///\n"
    "ER  - \n\nTY  - GRANT\nTI  - Mentoring scholarship pilot award\nPY  - 2014/07/01/\nER  - \n"
)


def _csv_file(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="text/csv")


@dataclass(frozen=True)
class UploadTarget:
    name: str
    url: str  # the URL name, taking the cohort
    field: str  # the file field fuzzed
    base: Callable[[World], tuple[str, bytes]]  # its file name and the good file it starts from
    others: Callable[[World], dict[str, Any]] = lambda w: {}  # the rest, valid


def _survey(name: str) -> Callable[[World], tuple[str, bytes]]:
    return lambda w: (name, (REDCAP / "survey" / name).read_bytes())


def _longitudinal(*names: str) -> dict[str, Any]:
    files = {"dictionary": "dictionary.csv", "records": "data.csv", "events": "event.csv"}
    return {part: _csv_file(files[part], (REDCAP / "longitudinal" / files[part]).read_bytes())
            for part in names}


def _scholarship(w: World) -> tuple[str, bytes]:
    rows = [f"{w.maya.email},publication,2024,Near-peer mentoring,Med Educ",
            f"{w.nina.email},grant,2025,Pilot award,"]
    return "entries.csv", ("email,kind,year,title,venue\n" + "\n".join(rows) + "\n").encode()


UPLOADS = [
    UploadTarget("REDCap dictionary", "survey_import_redcap", "dictionary",
                 _survey("dictionary.csv"),
                 lambda w: {"records": _csv_file("data.csv", _survey("data.csv")(w)[1]),
                            "name": "survey"}),
    UploadTarget("REDCap records", "survey_import_redcap", "records", _survey("data.csv"),
                 lambda w: {"dictionary": _csv_file("dictionary.csv",
                                                    _survey("dictionary.csv")(w)[1]),
                            "name": "survey"}),
    UploadTarget("REDCap events", "survey_import_redcap", "events",
                 lambda w: ("event.csv", (REDCAP / "longitudinal" / "event.csv").read_bytes()),
                 lambda w: {**_longitudinal("dictionary", "records"), "name": "longitudinal"}),
    UploadTarget("Qualtrics export", "survey_import_qualtrics", "export",
                 lambda w: ("export.csv", (QUALTRICS / "qualtrics_export.csv").read_bytes()),
                 lambda w: {"label": "Spring", "name": "spring", "identifiers": "keep"}),
    UploadTarget("enrolment CSV", "cohort_upload", "participants",
                 lambda w: ("people.csv", ENROLMENT.encode())),
    UploadTarget("scholarship CSV", "evaluation_csv_import", "entries", _scholarship),
    UploadTarget("bibliography (nbib)", "evaluation_bibliography", "export",
                 lambda w: ("pubmed.nbib", NBIB.encode()),
                 lambda w: {"person": w.maya.pk, "other_as": "publication"}),
    UploadTarget("bibliography (BibTeX)", "evaluation_bibliography", "export",
                 lambda w: ("refs.bib", BIBTEX.encode()), lambda w: {"person": w.maya.pk}),
    UploadTarget("bibliography (RIS)", "evaluation_bibliography", "export",
                 lambda w: ("refs.ris", RIS.encode()), lambda w: {"person": w.maya.pk}),
]


@pytest.mark.parametrize("target", UPLOADS, ids=lambda t: t.name)
@fuzz_settings(FUZZ, max_examples=UPLOAD_EXAMPLES)
@given(data=st.data())
def test_no_upload_answers_a_server_error(target, world, client, clean_afterwards, data):
    client.force_login(world.alice)
    filename, base = target.base(world)
    content = data.draw(bad_files(base), label="file")
    payload = {**target.others(world), target.field: _csv_file(filename, content)}
    response = client.post(reverse(target.url, args=[world.cohort.pk]), payload)
    TALLY[f"upload: {target.name}"][_status(response)] += 1
    assert response.status_code < 500


# Forms: read from the page that shows them


@dataclass
class Input:
    name: str
    kind: str  # text, textarea, select, radio, checkbox, hidden, date, number, file, ...
    options: list[str] = field(default_factory=list)
    value: str = ""


@dataclass
class Form:
    method: str
    action: str
    inputs: dict[str, Input] = field(default_factory=dict)


class _FormReader(HTMLParser):
    def __init__(self, page: str) -> None:
        super().__init__()
        self.page, self.forms, self.select = page, list[Form](), None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(a.get("method", "get").lower(), a.get("action") or self.page))
            return
        if not self.forms or "name" not in a or a["name"] == "csrfmiddlewaretoken":
            if tag == "option" and self.select is not None:
                self.select.options.append(a.get("value", ""))
            return
        inputs = self.forms[-1].inputs
        if tag in ("input", "button"):
            kind = a.get("type", "text" if tag == "input" else "submit")
            known = inputs.setdefault(a["name"], Input(a["name"], kind, value=a.get("value", "")))
            if kind in ("radio", "checkbox", "submit"):
                known.options.append(a.get("value", "on"))
        elif tag == "textarea":
            inputs[a["name"]] = Input(a["name"], "textarea")
        elif tag == "select":
            self.select = inputs[a["name"]] = Input(a["name"], "select")

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.select = None


def forms_on(page_url: str, html: str) -> list[Form]:
    reader = _FormReader(page_url)
    reader.feed(html)
    return reader.forms


def _value(data: st.DataObject, one: Input) -> Any:
    label = one.name
    if one.kind == "file":
        return _csv_file("x.csv", data.draw(st.binary(max_size=200), label=label))
    if one.options and data.draw(st.booleans(), label=f"{label} valid"):
        if one.kind == "checkbox":
            return data.draw(st.lists(st.sampled_from(one.options), max_size=3), label=label)
        return data.draw(st.sampled_from(one.options), label=label)
    if one.kind == "date":
        return data.draw(st.one_of(st.dates().map(date.isoformat), nasty), label=label)
    if one.kind == "number":
        number = st.one_of(st.integers(-(10**20), 10**20), st.floats(allow_nan=True))
        return data.draw(st.one_of(number.map(str), nasty), label=label)
    if one.kind == "hidden" and data.draw(st.booleans(), label=f"{label} kept"):
        return one.value
    return data.draw(nasty, label=label)


def random_values(data: st.DataObject, form: Form) -> dict[str, Any]:
    values = {}
    for one in form.inputs.values():
        if data.draw(st.integers(0, 9), label=f"{one.name} sent") > 0:  # mostly sent
            values[one.name] = _value(data, one)
    return values


class Scene:
    """What the forms need around the world's people, made when first asked for."""

    def __init__(self, w: World) -> None:
        self.w = w
        self.now = timezone.now()

    @cached_property
    def held(self) -> Any:
        details = MeetingDetails(on=timezone.localdate() - timedelta(days=2), goal="Suturing")
        return do_log_meeting([self.w.mark_maya], details, self.w.mark, self.now)

    @cached_property
    def scheduled(self) -> Any:
        on = timezone.localdate() + timedelta(days=7)
        return do_schedule_meeting([self.w.mark_maya], MeetingDetails(on=on), self.w.mark,
                                   self.now)[0]

    @cached_property
    def goal(self) -> Any:
        goal = do_set_goal(self.w.mark_maya, self.w.maya, self.now, specific="Ten sutures",
                           target_count=10, unit="sutures")
        do_add_action_item(self.w.mark_maya, "Read the chapter", self.w.maya, self.now, goal=goal)
        return goal

    @cached_property
    def observation(self) -> Any:
        return do_record_mini_cex(
            self.w.mark_maya, self.w.mark, self.now, observed_on=timezone.localdate(),
            setting="emergency", patient_problem="Shoulder dislocation", complexity="moderate",
            minutes_observing=15, minutes_feedback=5, overall=6,
            next_step="Check neurovascular status first",
        )

    @cached_property
    def plan(self) -> Any:
        plan = do_start_plan(self.w.maya, self.w.cohort, "full", self.now)
        do_share_plan(plan, self.w.maya, self.now)
        return plan

    @cached_property
    def run(self) -> Any:
        """A run with proposals to publish: the cohort's pairs are dropped, so all of its
        mentees wait for the match (in pairs: the clerkship's tiers need tiered mentors)."""
        self.w.clerkship.kind = "pairs"
        self.w.clerkship.save(update_fields=["kind"])
        Mentorship.objects.filter(cohort=self.w.cohort).delete()
        return do_start_run(self.w.cohort, self.w.alice, self.now)

    @cached_property
    def wave(self) -> Any:
        instrument = ensure_library(self.now)["clerkship_survey"]
        wave = do_create_wave(self.w.cohort, instrument, "Baseline", date(2026, 7, 1),
                              date(2099, 12, 31), self.now)
        do_send_invitations(wave, self.now)
        return wave

    @cached_property
    def imported(self) -> Any:
        """An instrument read from a REDCap dictionary, whose item types may be changed."""
        survey = REDCAP / "survey"
        call_command("redcap", "import", "--dictionary", str(survey / "dictionary.csv"),
                     "--records", str(survey / "data.csv"), "--cohort", str(self.w.cohort.pk))
        return Instrument.objects.filter(in_library=False).latest("pk")

    @cached_property
    def preview(self) -> Any:
        """A REDCap import previewed (dry run), waiting to be confirmed."""
        uploads = {part: imports.read_upload(part, _csv_file(name, _survey(name)(self.w)[1]))
                   for part, name in (("dictionary", "dictionary.csv"), ("records", "data.csv"))}
        options = {"name": "previewed", "into": False, "dry_run": True}
        return import_preview.do_store_preview(self.w.cohort, uploads, options, self.w.alice,
                                               self.now)

    @cached_property
    def survey_token(self) -> str:
        return token_for(self.wave.invitations.first().nonce)

    @cached_property
    def invitation_token(self) -> str:
        newcomer = factories.make_person(f"New Comer {next(_serial)}", Stage.MS1,
                                         with_login=False)
        return do_invite(newcomer, self.now)

    @cached_property
    def entry(self) -> Any:
        return ScholarlyEntry.objects.create(person=self.w.maya, kind="publication", year=2025,
                                             title="Near-peer mentoring", created_at=self.now)

    @cached_property
    def self_select(self) -> Any:
        program = self.w.clerkship
        program.allows_self_selection = True
        program.save(update_fields=["allows_self_selection"])
        Tier.objects.create(program=program, name="Resident", min_stage=Stage.PGY1,
                            max_stage=Stage.PGY3)
        resident = factories.make_person(f"Rita Resident {next(_serial)}", Stage.PGY2)
        factories.enrol(self.w.cohort, resident, "mentor", capacity=3)
        return MatchRequest.objects.create(cohort=self.w.cohort, mentee=self.w.nina,
                                           mentor=self.w.mark, side="mentee", rank=1,
                                           created_at=self.now)

    def intake(self) -> str:
        self.w.cohort.intake_open = True
        self.w.cohort.save(update_fields=["intake_open"])
        return reverse("intake", args=[self.w.cohort.pk])

    def pulse(self) -> str:
        """Maya's pulse check, asked and not yet answered."""
        pulse = Pulse.objects.create(mentorship=self.w.mark_maya, number=1,
                                     due_on=self.w.cohort.starts_on, asked_at=self.now)
        return reverse("pulse", args=[pulse.pk])

    def mentor_offer(self) -> str:
        """The mentor role offered to Maya, not yet answered."""
        offer = MentorOffer.objects.create(cohort=self.w.cohort, person=self.w.maya,
                                           offered_on=self.w.cohort.starts_on)
        return reverse("mentor_offer", args=[offer.pk])

    def calendar(self) -> str:
        do_new_feed(self.w.maya, self.now)
        return reverse("calendar")


@dataclass(frozen=True)
class FormTarget:
    name: str  # the URL name the form sends to
    persona: Callable[[World], Any]
    page: Callable[[Scene], str]  # the page that shows the form
    method: str = "post"
    overrides: dict[str, Any] = field(default_factory=dict)  # settings the page needs
    label: str = ""  # the test's id, when one form is fuzzed from two pages

    def __str__(self) -> str:
        name = self.label or self.name
        return name if self.method == "post" else f"{name} (GET)"


def auditor(w: World) -> Any:
    """One who reads the audit trail (and nothing else)."""
    user = factories.make_user("ida@example.edu")
    make_auditor(user)  # type: ignore[arg-type]
    return user


def _on(name: str, *args: Callable[[Scene], Any]) -> Callable[[Scene], str]:
    def url(s: Scene) -> str:
        return reverse(name, args=[getattr(arg(s), "pk", arg(s)) for arg in args])

    return url


def _cohort(s: Scene) -> Any:
    return s.w.cohort


def _pair(s: Scene) -> Any:
    return s.w.mark_maya


def _event(s: Scene) -> str:
    """A boot camp of Alice's cohort for its mentees (Maya is invited)."""
    from mentora.engagement.events import EventDetails, do_create_event

    details = EventDetails("boot_camp", "Boot camp", timezone.now(), 120, "Hall", "mentees")
    event = do_create_event(s.w.cohort, details, s.w.alice, timezone.now())
    return reverse("event", args=[event.pk])


def _block(s: Scene) -> str:
    """The page of a rotation block of Alice's cohort, with Maya in it."""
    from mentora.programs.models import Block, Enrolment

    cohort = s.w.cohort
    block, _ = Block.objects.get_or_create(
        cohort=cohort, name="Block 1",
        defaults={"starts_on": cohort.starts_on, "ends_on": cohort.starts_on + timedelta(days=83)})
    Enrolment.objects.filter(cohort=cohort, person=s.w.maya).update(block=block)
    return reverse("block", args=[block.pk])


FORMS = [
    # A coordinator's
    FormTarget("cohort_upload", coordinator, _on("cohort_upload", _cohort)),
    FormTarget("cohort_next_year", coordinator, _on("cohort", _cohort), "get"),
    FormTarget("cohort_next_year", coordinator, _on("cohort_next_year", _cohort)),  # confirm
    FormTarget("program_competencies", coordinator,
               _on("program_competencies", lambda s: s.w.clerkship)),
    FormTarget("program_feedback", coordinator,
               _on("program_feedback", lambda s: s.w.clerkship)),
    FormTarget("cohort_sponsorship", coordinator, _on("cohort_sponsorship", _cohort)),
    FormTarget("cohort_events", coordinator, _on("cohort_events", _cohort)),
    FormTarget("event_attendance", coordinator, _event),
    FormTarget("event_reply", mentee, _event),
    FormTarget("cohort_blocks", coordinator, _on("cohort_blocks", _cohort)),
    FormTarget("block", coordinator, _block),
    FormTarget("block_people", coordinator, _block),
    FormTarget("block_delete", coordinator, _block),
    FormTarget("survey_create_wave", coordinator, _on("cohort_surveys", _cohort)),
    FormTarget("survey_import_redcap", coordinator, _on("cohort_surveys", _cohort)),
    FormTarget("survey_import_qualtrics", coordinator, _on("cohort_surveys", _cohort)),
    FormTarget("survey_invite", coordinator, _on("survey_wave", lambda s: s.wave)),
    FormTarget("survey_schedule", coordinator, _on("survey_wave", lambda s: s.wave)),
    FormTarget("survey_import_confirm", coordinator, _on("survey_import", lambda s: s.preview)),
    FormTarget("survey_instrument", coordinator, _on("survey_instrument", lambda s: s.imported)),
    FormTarget("match_runs", coordinator, _on("match_runs", _cohort)),
    FormTarget("match_weights", coordinator, _on("match_weights", _cohort)),
    FormTarget("match_adjust", coordinator, _on("match_run", lambda s: s.run)),
    FormTarget("match_again", coordinator, _on("match_run", lambda s: s.run)),
    FormTarget("match_publish", coordinator, _on("match_run", lambda s: s.run)),
    FormTarget("evaluation_report", coordinator, _on("evaluation_report", _cohort), "get"),
    FormTarget("evaluation_add_entry", coordinator, _on("evaluation_scholarship", _cohort)),
    FormTarget("evaluation_csv_import", coordinator, _on("evaluation_scholarship", _cohort)),
    FormTarget("evaluation_bibliography", coordinator, _on("evaluation_scholarship", _cohort)),
    FormTarget("evaluation_delete_entry", coordinator,
               lambda s: (s.entry, reverse("evaluation_scholarship", args=[s.w.cohort.pk]))[1]),
    FormTarget("audit_log", auditor, lambda s: reverse("audit_log"), "get"),
    FormTarget("qda_projects", coordinator, lambda s: reverse("qda_projects")),
    FormTarget("qda_project", coordinator, fuzz_qda.page("qda_project")),
    FormTarget("qda_codebook", coordinator, fuzz_qda.page("qda_codebook")),
    # A lead coder's (qualitative coding)
    FormTarget("qda_source", fuzz_qda.qda_lead, fuzz_qda.page("qda_source")),
    FormTarget("qda_agreement", fuzz_qda.qda_lead, fuzz_qda.page("qda_agreement")),
    # A mentor's
    FormTarget("log_meeting", mentor, _on("log_meeting", _pair)),
    FormTarget("schedule_meeting", mentor, _on("schedule_meeting", _pair)),
    FormTarget("meeting_held", mentor, _on("meeting_held", lambda s: s.scheduled)),
    FormTarget("meeting_cancel", mentor, _on("meeting", lambda s: s.scheduled)),
    FormTarget("private_note", mentor, _on("meeting", lambda s: s.held)),
    FormTarget("review_plan", mentor, _on("plan", lambda s: s.plan)),
    FormTarget("add_action_item", mentor, _on("goal", lambda s: s.goal)),
    FormTarget("toggle_action_item", mentor,
               lambda s: (s.goal, reverse("mentorship", args=[s.w.mark_maya.pk]))[1]),
    FormTarget("end_mentorship", mentor, _on("end_mentorship", _pair)),
    FormTarget("new_mini_cex", mentor, _on("new_mini_cex", _pair)),
    FormTarget("mentor_growth", mentor, _on("mentor_growth", _pair)),
    FormTarget("sponsorship", mentor, lambda s: reverse("sponsorship"),
               label="sponsorship (given)"),
    FormTarget("api_tokens", mentor, lambda s: reverse("api_tokens")),
    FormTarget("match_request_action", mentor,
               lambda s: (s.self_select, reverse("match_requests", args=[s.w.cohort.pk]))[1]),
    # A mentee's
    FormTarget("decline", mentee, _on("decline", _pair)),
    FormTarget("meeting_reflect", mentee, _on("meeting", lambda s: s.held)),
    FormTarget("new_goal", mentee, _on("new_goal", _pair)),
    FormTarget("edit_goal", mentee, _on("edit_goal", lambda s: s.goal)),
    FormTarget("goal_progress", mentee, _on("goal", lambda s: s.goal)),
    FormTarget("goal_status", mentee, _on("goal", lambda s: s.goal)),
    FormTarget("sign", mentee,
               lambda s: (do_draft_agreement(s.w.mark_maya, s.now),
                          reverse("agreement", args=[s.w.mark_maya.pk]))[1]),
    FormTarget("agreement", mentee,
               lambda s: (do_draft_agreement(s.w.mark_maya, s.now),
                          reverse("agreement", args=[s.w.mark_maya.pk]))[1]),
    FormTarget("start_plan", mentee, _on("start_plan", _pair)),
    FormTarget("log_procedure", mentee, _on("log_procedure", _pair)),
    FormTarget("pair_competencies", mentee,
               lambda s: (do_reflect(s.held, s.w.maya, "Kept the patient informed", "", s.now),
                          reverse("pair_competencies", args=[s.w.mark_maya.pk]))[1]),
    FormTarget("mini_cex", mentee, _on("mini_cex", lambda s: s.observation)),
    FormTarget("portfolio", mentee,
               lambda s: (s.observation, reverse("portfolio", args=[s.w.maya.pk]))[1]),
    FormTarget("plan", mentee, _on("plan", lambda s: s.plan)),
    # A draft's one form, whose "Save and share" saves the text first, then shares
    FormTarget("plan", mentee,
               lambda s: reverse("plan", args=[do_start_plan(s.w.maya, s.w.cohort, "lunch",
                                                             s.now).pk]), label="plan (draft)"),
    FormTarget("reset_calendar", mentee, lambda s: s.calendar()),
    FormTarget("match_preferences", mentee, _on("match_preferences", _cohort)),
    FormTarget("match_browse", mentee,
               lambda s: (s.self_select, reverse("match_browse", args=[s.w.cohort.pk]))[1]),
    FormTarget("match_browse", mentee,
               lambda s: (s.self_select, reverse("match_browse", args=[s.w.cohort.pk]))[1],
               "get"),
    FormTarget("logout", mentee, lambda s: reverse("home")),
    FormTarget("notification_preferences", mentee, lambda s: reverse("notification_preferences")),
    FormTarget("drift_policy", coordinator, _on("at_risk", _cohort)),
    FormTarget("pulse", mentee, lambda s: s.pulse()),
    FormTarget("mentor_offer", mentee, lambda s: s.mentor_offer()),
    FormTarget("my_profile", mentee, lambda s: reverse("my_profile")),
    FormTarget("sponsorship", mentee, lambda s: reverse("sponsorship"),
               label="sponsorship (received)"),
    # Anyone's
    FormTarget("intake", nobody, lambda s: s.intake()),
    FormTarget("accept_invitation", nobody, _on("accept_invitation",
                                                lambda s: s.invitation_token)),
    FormTarget("survey_respond", nobody, _on("survey_respond", lambda s: s.survey_token)),
    FormTarget("login", nobody, lambda s: reverse("login")),
]

# Pages that take no input of their own (their forms send to the targets above): named here so
# that the completeness test below fails on a new page until it is fuzzed or named.
NO_FORM = {
    "home", "health", "program_list", "program", "cohort", "person", "mentorship", "meeting",
    "meeting_ics", "goal", "plan_export", "calendar", "calendar_feed", "cohort_relationships",
    "cohort_surveys", "survey_rates", "survey_import", "survey_export", "survey_wave",
    "survey_instrument_export", "match_run", "match_compare", "match_mine", "match_requests",
    "evaluation_download", "evaluation_csv", "evaluation_report_job", "evaluation_scholarship",
    "job_progress",
    "intake_confirm",  # a button without fields, on the single-use link mailed to a known email
    "match_rematch",  # a button without fields, shown only when a mentee waits
    "evaluation_report_compute",  # a button, shown while a report's job waits; its query
    # string is the report's options, fuzzed through the report's own form (GET)
    "share_plan",  # shown on no page since the plan is one form ("Save and share", fuzzed on
    # a draft plan above); its one checkbox is the plan form's
    "cohort_enrol_template", "export_job", "export_file", "pair_feedback",  # downloads, pages
    "revoke_api_token", "confirm_procedure",  # buttons without fields
    "audit_csv",  # the audit log's download; its query string is the audit log's filters (GET)
    "notifications", "at_risk",  # pages to read (the at-risk list's sort is a link)
    "notifications_read_all", "notification_open",  # buttons without fields
    "portfolio_download",  # the portfolio's DOCX and PDF; its choices are the page's form
    "cohort_observations", "dossier", "dossier_download",  # pages to read
    "qda_table",  # Table 4 of a coding project and its downloads: a page to read
    "menteeship",  # guidance to read
    "event",  # an event to read; its buttons are fuzzed as event_reply and event_attendance
}


def _found(target: FormTarget, page: str, html: str) -> Form:
    for form in forms_on(page, html):
        match = resolve(urlsplit(form.action).path)
        if match.url_name == target.name and form.method == target.method:
            return form
    raise AssertionError(f"{page} shows no {target.method} form that sends to {target.name}")


@pytest.fixture
def memo() -> dict[str, Any]:
    return {}


@pytest.mark.parametrize("target", FORMS, ids=str)
@fuzz_settings(FUZZ, max_examples=FORM_EXAMPLES)
@given(data=st.data())
def test_no_form_answers_a_server_error(
    target, world, client, clean_afterwards, memo, settings, data
):
    if "form" not in memo:
        for name, value in target.overrides.items():
            setattr(settings, name, value)
        persona = target.persona(world)
        if persona is not None:
            client.force_login(account(persona))
        page = target.page(Scene(world))
        shown = client.get(page)
        assert shown.status_code == 200, f"{page}: {shown.status_code}"
        memo["form"] = _found(target, page, shown.content.decode())
    form: Form = memo["form"]
    values = random_values(data, form)
    if form.method == "get":
        response = client.get(form.action, {k: v for k, v in values.items()
                                             if not isinstance(v, SimpleUploadedFile)})
    else:
        response = client.post(form.action, values)
    TALLY[f"form: {target}"][_status(response)] += 1
    assert response.status_code < 500


def _url_names(patterns: list[Any]) -> set[str]:
    """The names of the site's pages; not the admin's (Django's own forms), nor the JSON API's
    under api/ (schemathesis sends it bad input, operation by operation)."""
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name != "admin" and not str(pattern.pattern).startswith("api/"):
                names |= _url_names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(pattern.name)
    return names


def test_every_page_is_fuzzed_or_named_as_taking_no_input():
    fuzzed = {t.name for t in FORMS} | {t.url for t in UPLOADS}
    assert _url_names(get_resolver().url_patterns) - fuzzed - NO_FORM == set()
