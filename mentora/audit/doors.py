"""Which write doors (`do_*` functions) write an audit event: a walk of the source, so the
figure in docs/security.md is measured, not claimed.

    .venv/bin/python -m mentora.audit.doors      # the figures, and each door left unaudited

A door is audited when its body calls `record` or `record_many`, or calls a function that is
(a function of its own module, or a public function of another module but a view). The doors
deliberately left out write nothing sensitive; each is listed in UNAUDITED with the reason, and
tests/audit/test_doors.py fails when the walk and the list disagree.

The JSON API's read operations (mentora/api/endpoints) are walked the same way: an operation is
logged when it is decorated with `logged` (mentora/api/logged.py) or calls `record` itself;
those that read no personal data are listed in UNLOGGED_READS with the reason.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORDERS = {"record", "record_many"}

UNAUDITED = {
    "do_new_feed": "a person's calendar feed token: no record of theirs changes",
    "do_fail_job": "job bookkeeping (a failed task's state)",
    "do_ask_for_report": "asks for a report to be computed: a cache, no record",
    "do_keep_report": "stores a computed report: a cache, no record",
    "do_set_up_program": "a program's templates, topics and competencies: no personal data",
    "do_end_sessions_of_lapsed_roles": "ends sessions whose role already ended (audited then)",
    "do_add_entry": "the program's scholarship list: published work, not personal records",
    "do_import_entries_csv": "the program's scholarship list, as above",
    "do_import_bibliography": "the program's scholarship list, as above",
    "do_delete_entry": "the program's scholarship list, as above",
    "do_create_wave": "a survey wave's dates and instrument: no answers",
    "do_change_schedule": "a wave's reminder schedule: no answers",
    "do_change_item_types": "an instrument's item types (Likert or single choice): no answers",
    "do_open_link": "notes when a survey link was first opened: no answers",
    "do_queue_export": "queues an export job: its file's download is the audited export "
                       "(mentora/jobs/views.py)",
    "do_queue_report_file": "queues a report export job (see do_queue_export)",
    "do_queue_survey_export": "queues a survey export job (see do_queue_export)",
}

UNLOGGED_READS = {
    "list_programs": "programs' names and settings: no personal data",
    "get_program": "a program's name and settings: no personal data",
    "list_cohorts": "cohorts' names and dates: no personal data",
    "get_cohort": "a cohort's name and dates: no personal data",
    "list_survey_exports": "a cohort's instrument names and the reader's own export tier: no "
                           "answers (each export of answers is logged, export_survey)",
}
API_ENDPOINTS = ROOT / "api" / "endpoints"


@dataclass(frozen=True)
class Function:
    module: str
    name: str
    calls: frozenset[str]

    @property
    def is_door(self) -> bool:
        return self.name.startswith("do_")


def _called(node: ast.AST) -> Iterator[str]:
    for call in ast.walk(node):
        if isinstance(call, ast.Call):
            func = call.func
            if isinstance(func, ast.Name):
                yield func.id
            elif isinstance(func, ast.Attribute):
                yield func.attr


def functions(root: Path = ROOT) -> list[Function]:
    found = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts or path.parent.name == "audit":
            continue
        module = ".".join(path.relative_to(root.parent).with_suffix("").parts)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                found.append(Function(module, node.name, frozenset(_called(node))))
    return found


def audited(found: list[Function]) -> set[tuple[str, str]]:
    """(module, name) of every function that writes an event, directly, through a function of
    its own module, or through a public function of any module but a views module (a view's
    name, such as `download`, says nothing of what another module's call of it does)."""
    done = {(f.module, f.name) for f in found if f.calls & RECORDERS}
    while True:
        public = {name for module, name in done if not name.startswith("_")
                  and ".views" not in module}
        more = {(f.module, f.name) for f in found if (f.module, f.name) not in done and any(
            (f.module, c) in done or c in public for c in f.calls)}
        if not more:
            return done
        done |= more


@dataclass(frozen=True)
class Figures:
    doors: list[str]
    audited: list[str]
    unaudited: list[str]


def figures(root: Path = ROOT) -> Figures:
    found = functions(root)
    writes = audited(found)
    doors = sorted({f.name for f in found if f.is_door})
    done = sorted({f.name for f in found if f.is_door and (f.module, f.name) in writes})
    return Figures(doors, done, sorted(set(doors) - set(done)))


def _named(decorator: ast.expr) -> str:
    """`logged` of @logged(...), `get` of @router.get(...)."""
    func = decorator.func if isinstance(decorator, ast.Call) else decorator
    return func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")


def api_reads(root: Path = API_ENDPOINTS) -> dict[str, bool]:
    """Each API read operation (a function under @router.get) and whether it is logged."""
    found = {}
    for path in sorted(root.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef):
                names = {_named(d) for d in node.decorator_list}
                if "get" in names:
                    found[node.name] = "logged" in names or bool(set(_called(node)) & RECORDERS)
    return found


def main() -> int:
    reads = api_reads()
    print(f"{sum(reads.values())} of {len(reads)} API read operations write an audit event")
    for name in sorted(name for name, done in reads.items() if not done):
        print(f"  not logged: {name}: {UNLOGGED_READS.get(name, 'NOT LISTED: log it or say why')}")
    result = figures()
    print(f"{len(result.audited)} of {len(result.doors)} write doors (do_* functions) write an "
          f"audit event")
    for name in result.unaudited:
        print(f"  not audited: {name}: {UNAUDITED.get(name, 'NOT LISTED: audit it or say why')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
