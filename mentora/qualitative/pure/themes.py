"""Seed 002's Table 4: narrative comments by theme, each positive and negative, by role.

Rows are a theme (a code, with its definition) and, under it, a valence; columns are the
respondents' roles (mentees, mentors). A cell is n (%) of the role's respondents who said
something coded with the theme and valence, with one or two de-identified exemplar quotes. A role
with fewer respondents than the free-text threshold shows no cell and no quote.

Pure: mentions in, a `ManuscriptTable` out (written as CSV, XLSX or DOCX by the evaluation's
table writers).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from mentora.evaluation.stats.tables import ManuscriptTable, TableRow

VALENCES = (("positive", "Positives"), ("negative", "Negatives"), ("mixed", "Mixed"),
            ("neutral", "Neutral"))
ROLE_LABELS = {"mentee": "Mentee comments", "mentor": "Mentor comments",
               "both": "Comments of mentors who are also mentees", "": "Comments (role unknown)"}
QUOTES = 2
QUOTE_LENGTH = 240
SUPPRESSED = "—"


@dataclass(frozen=True)
class Mention:
    respondent: str
    role: str
    theme: str
    valence: str
    text: str


@dataclass(frozen=True)
class Theme:
    name: str
    definition: str


def _quotes(texts: Sequence[str]) -> list[str]:
    """Up to QUOTES distinct exemplars, the shorter ones first (long ones cut at a word)."""
    seen: list[str] = []
    for text in sorted(dict.fromkeys(t.strip() for t in texts if t.strip()), key=len):
        if len(text) > QUOTE_LENGTH:
            text = text[:QUOTE_LENGTH].rsplit(" ", 1)[0] + " …"
        seen.append(f"“{text}”")
        if len(seen) == QUOTES:
            break
    return seen


def _cell(n: int, of: int) -> str:
    return f"{n} ({100 * n / of:.0f}%)" if of else "0"


def theme_table(mentions: Iterable[Mention], respondents: Mapping[str, str],
                themes: Sequence[Theme], threshold: int, *, number: int = 4,
                codebook_version: int = 0) -> ManuscriptTable:
    """`respondents`: every respondent with a coded source, and their role ('' if unknown)."""
    roles = sorted({role for role in respondents.values()},
                   key=lambda r: (list(ROLE_LABELS).index(r) if r in ROLE_LABELS else 9, r))
    size = {role: sum(1 for r in respondents.values() if r == role) for role in roles}
    shown = {role for role in roles if size[role] >= threshold}
    said: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    texts: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for mention in mentions:
        key = (mention.theme, mention.valence, mention.role)
        said[key].add(mention.respondent)
        texts[key].append(mention.text)
    header = ["Theme", *(part for role in roles for part in (
        f"{ROLE_LABELS.get(role, role.capitalize())} (n = {size[role]}), n (%)", "Examples"))]
    rows: list[TableRow] = []
    for letter, theme in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", themes, strict=False):
        title = f"Theme {letter}: {theme.name}"
        rows.append(TableRow((f"{title}. {theme.definition}" if theme.definition else title,),
                             section=True))
        for valence, label in VALENCES:
            if valence in ("mixed", "neutral") and not any(
                    said.get((theme.name, valence, role)) for role in roles):
                continue
            cells: list[str] = [label]
            for role in roles:
                key = (theme.name, valence, role)
                if role not in shown:
                    cells += [SUPPRESSED, ""]
                else:
                    cells += [_cell(len(said.get(key, ())), size[role]),
                              " ".join(_quotes(texts.get(key, [])))]
            rows.append(TableRow(tuple(cells)))
    notes = [f"Cells count respondents who said something coded with the theme and valence; "
             f"percentages are of the role's respondents. Codebook version {codebook_version}."]
    hidden = [role for role in roles if role not in shown]
    if hidden:
        notes.append(f"{SUPPRESSED}: fewer than {threshold} respondents; neither counts nor "
                     "quotes are shown.")
    return ManuscriptTable(
        title=f"Table {number} Narrative comments by theme, positive and negative",
        header=tuple(header), rows=tuple(rows), footnotes=tuple(notes),
    )
