"""Survey scores by theme presence: a project's coded survey comments joined to the same
response's survey scores (mixed methods).

A respondent's score at a wave is the mean of their Likert answers in that wave's response (the
one their comment came from), on the instrument's own codes (1-5 for the library's scales). A
respondent has a theme when any of their coded comments of that wave holds the code in its final
coding (the consensus where one was adjudicated). Transcripts carry no score and stay out.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass

from mentora.qualitative.models import Project, Source
from mentora.qualitative.pure.score_gaps import COLUMNS, ScoreGap, Unit, score_gaps
from mentora.qualitative.themes import Final, final_codings, free_text_threshold
from mentora.surveys.models import ItemType


@dataclass(frozen=True)
class ThemeScores:
    items: list[str]  # the Likert items the scores average
    respondents: int  # respondents (at a wave) with a score and a coded comment
    threshold: int
    rows: list[ScoreGap]


def _number(value: object) -> float | None:
    try:
        return float(str(value))
    except ValueError:
        return None


def theme_scores(
    project: Project, threshold: int | None = None, found: Final | None = None
) -> ThemeScores:
    found = final_codings(project) if found is None else found
    limit = free_text_threshold() if threshold is None else threshold
    response_of: dict[int, int] = {}
    answers: dict[int, dict[str, float]] = defaultdict(dict)  # response -> item -> value
    for source_id, response_id, variable, value in (
        Source.objects.filter(
            project=project,
            response__answers__item__type=ItemType.LIKERT,
            response__answers__item__identifier=False,
        )
        .values_list(
            "pk", "response_id", "response__answers__item__variable", "response__answers__value"
        )
        .order_by()
    ):
        number = _number(value)
        if number is not None and response_id is not None:
            response_of[source_id] = response_id
            answers[response_id][variable] = number
    items = {variable for by in answers.values() for variable in by}
    scores: dict[tuple[str, str], dict[int, float]] = defaultdict(dict)
    for pk in found.coded:
        response = response_of.get(pk)
        if response in answers:
            s = found.sources[pk]
            scores[(s["respondent"], s["wave"])][response] = statistics.fmean(
                answers[response].values()
            )
    held: dict[tuple[str, str], set[str]] = defaultdict(set)
    for c in found.codings:
        s = found.sources[c["source_id"]]
        held[(s["respondent"], s["wave"])].add(found.paths[c["code_id"]])
    units = {
        key: Unit(statistics.fmean(by.values()), frozenset(held[key])) for key, by in scores.items()
    }
    codes = sorted(found.paths.values(), key=str.lower)
    rows = score_gaps(list(units.values()), codes, limit)
    return ThemeScores(sorted(items), len(units), limit, rows)


def scores_rows(found: ThemeScores, codebook_version: int) -> list[list[object]]:
    """The CSV: one row per code, suppressed means left blank."""
    header: list[object] = [*COLUMNS, "items", "codebook_version"]
    return [header] + [[*row.row(), " ".join(found.items), codebook_version] for row in found.rows]
