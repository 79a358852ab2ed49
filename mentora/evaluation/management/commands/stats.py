"""`mentora stats prepost`: paired pre/post statistics for an analyst who starts from a file.

Reads a CSV in long form (one row per person and wave), such as a REDCap longitudinal raw export
as it is, and writes one row per item. Needs no database.
"""

from __future__ import annotations

import io
import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mentora.core.uploads import UploadError, decode_text
from mentora.evaluation.stats import CSV_COLUMNS, PrePostRow, StatsError, prepost, records_table
from mentora.evaluation.stats.frames import check_wave_labels, require_columns
from mentora.evaluation.stats.tables_export import write_docx, write_records_csv, write_xlsx

REDCAP_WAVE = "redcap_event_name"
FORMATS = ("csv", "json", "xlsx", "docx")


def _is_redcap_own(column: str) -> bool:
    return column.startswith("redcap_") or column.endswith("_complete")


class Command(BaseCommand):
    help = "Statistics from a data file: `stats prepost` compares two waves item by item."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True, metavar="SUBCOMMAND")
        prepost_parser = commands.add_parser(
            "prepost",
            help="paired baseline/follow-up statistics per item",
            description=(
                "Paired t test, 95% CI, Cohen's dz and Wilcoxon signed-rank P per item, over "
                "the people who answered at both waves. Rows in messages are numbered as a "
                "spreadsheet shows them (the header is row 1)."
            ),
        )
        add = prepost_parser.add_argument
        add("--data", required=True, type=Path, help="CSV file, one row per person and wave")
        add("--id", dest="id_col", help="person id column (default: record_id, else the first)")
        add("--wave", dest="wave_col", default=REDCAP_WAVE, help="wave column (%(default)s)")
        add("--pre", required=True, help="baseline wave label, e.g. enrollment_arm_1")
        add("--post", required=True, help="follow-up wave label")
        add("--items", help="comma-separated item columns (default: every numeric column but "
                            "the id, the wave and REDCap's redcap_* and *_complete columns)")
        add("--format", dest="fmt", choices=FORMATS, default="csv")
        add("--out", type=Path, help="output file (default: standard output; needed for "
                                     "xlsx and docx)")
        add("--zero-method", choices=("wilcox", "pratt", "zsplit"), default="wilcox",
            help="Wilcoxon treatment of unchanged answers (scipy; default %(default)s)")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["subcommand"] == "prepost":
            self._prepost(**options)

    def _prepost(self, **options: Any) -> None:
        fmt, out = options["fmt"], options["out"]
        if fmt in ("xlsx", "docx") and out is None:
            raise CommandError(f"--format {fmt} writes a binary file: give --out FILE")
        frame = self._read(options["data"])
        id_col = options["id_col"] or ("record_id" if "record_id" in frame else frame.columns[0])
        wave_col = options["wave_col"]
        try:
            require_columns(frame, [id_col, wave_col], str(options["data"]))
            frame[wave_col] = frame[wave_col].astype("string")
            check_wave_labels(frame, wave_col, [options["pre"], options["post"]])
            items = self._items(frame, options, id_col, wave_col)
            rows = prepost(frame, id_col, wave_col, options["pre"], options["post"], items,
                           zero_method=options["zero_method"])
        except StatsError as error:
            raise CommandError(f"{options['data']}: {error}") from error
        if not options["items"]:
            rows = self._drop_unanswered(rows)
        self._write(rows, fmt, out)

    def _read(self, path: Path) -> pd.DataFrame:
        """The data file through the one text reader (any encoding; a guess is said)."""
        warnings: list[str] = []
        try:
            text = decode_text(path.read_bytes(), str(path), warnings=warnings)
        except (FileNotFoundError, IsADirectoryError) as error:
            raise CommandError(f"--data {path}: no such file") from error
        except UploadError as error:
            raise CommandError(f"--data {error}") from None
        for warning in warnings:
            self.stderr.write(f"warning: {warning}")
        try:
            frame = pd.read_csv(io.StringIO(text), dtype={REDCAP_WAVE: "string"},
                                low_memory=False)
        except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
            raise CommandError(f"--data {path}: not a readable CSV file ({error})") from error
        frame.index = pd.RangeIndex(2, len(frame) + 2)  # spreadsheet row numbers
        return frame

    def _items(
        self, frame: pd.DataFrame, options: dict[str, Any], id_col: str, wave_col: str
    ) -> list[str]:
        if options["items"]:
            items = [i.strip() for i in options["items"].split(",") if i.strip()]
            require_columns(frame, items, "--items")
            return items
        candidates = [c for c in frame.columns
                      if c not in (id_col, wave_col) and not _is_redcap_own(str(c))]
        in_waves = frame[frame[wave_col].isin([options["pre"], options["post"]])]
        skipped = [c for c in candidates if not _numeric(in_waves[c])]
        if skipped:
            self.stderr.write(f"skipped non-numeric columns: {', '.join(skipped)}")
        items = [c for c in candidates if c not in skipped]
        if not items:
            raise CommandError(f"{options['data']}: no numeric item columns; name them with "
                               "--items")
        return items

    def _drop_unanswered(self, rows: list[PrePostRow]) -> list[PrePostRow]:
        empty = [r.item for r in rows if r.n == 0]
        if empty:
            self.stderr.write(f"skipped columns no one answered at both waves: {', '.join(empty)}")
        return [r for r in rows if r.n > 0]

    def _write(self, rows: list[PrePostRow], fmt: str, out: Path | None) -> None:
        if fmt == "xlsx" and out is not None:
            write_xlsx([records_table(rows)], out)
        elif fmt == "docx" and out is not None:
            write_docx([records_table(rows)], out)
        elif out is not None:
            with open(out, "w", newline="", encoding="utf-8") as stream:
                _write_text(rows, fmt, stream)
        else:
            _write_text(rows, fmt, self.stdout)
        if out is not None:
            self.stderr.write(f"wrote {len(rows)} items to {out}")


def _numeric(column: pd.Series) -> bool:
    answered = column.dropna()
    if pd.api.types.is_numeric_dtype(column) or answered.empty:
        return True
    return bool(pd.to_numeric(answered, errors="coerce").notna().all())


def _plain(value: Any) -> Any:
    return None if isinstance(value, float) and math.isnan(value) else value


def _write_text(rows: list[PrePostRow], fmt: str, stream: Any) -> None:
    records = [{k: _plain(v) for k, v in r.as_record().items()} for r in rows]
    if fmt == "json":
        stream.write(json.dumps(records, indent=2) + "\n")
        return
    write_records_csv(records, CSV_COLUMNS, stream)
