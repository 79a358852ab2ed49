"""Turning an analyst's frame into aligned baseline and follow-up matrices.

Error messages name rows by the frame's index labels; the command line numbers its frame by
file line so that "row 14" is line 14 of the CSV.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .errors import StatsError


def require_columns(frame: pd.DataFrame, columns: Sequence[str], where: str = "the data") -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise StatsError(
            f"column {', '.join(repr(c) for c in missing)} not found in {where}; "
            f"columns present: {', '.join(map(str, frame.columns[:30]))}"
            + (" ..." if len(frame.columns) > 30 else "")
        )


def numeric_columns(frame: pd.DataFrame, items: Sequence[str]) -> pd.DataFrame:
    """The item columns as floats; a value that is not a number is an error naming its row."""
    out = {}
    for item in items:
        column = frame[item]
        if pd.api.types.is_bool_dtype(column) or pd.api.types.is_numeric_dtype(column):
            out[item] = column.astype("float64")
            continue
        converted = pd.to_numeric(column, errors="coerce")
        bad = column.notna() & converted.isna()
        if bad.any():
            pos = int(np.argmax(bad.to_numpy()))
            raise StatsError(
                f"column {item!r}, row {frame.index[pos]!s}: {column.iloc[pos]!r} is not a number"
            )
        out[item] = converted.astype("float64")
    return pd.DataFrame(out, index=frame.index)


def _wave_rows(frame: pd.DataFrame, id_col: str, wave_col: str, label: str) -> pd.DataFrame:
    rows = frame.loc[frame[wave_col] == label]
    doubled = rows[id_col].duplicated(keep=False)
    if doubled.any():
        first = rows.loc[doubled, id_col].iloc[0]
        where = ", ".join(str(r) for r in rows.index[rows[id_col] == first][:5])
        raise StatsError(
            f"{id_col!r} {first!r} appears more than once in wave {label!r} "
            f"(column {wave_col!r}, rows {where}); keep one answer per person and wave"
        )
    missing_id = rows[id_col].isna()
    if missing_id.any():
        raise StatsError(f"column {id_col!r}, row {missing_id.idxmax()}: the id is empty")
    return rows.set_index(id_col)


def check_wave_labels(frame: pd.DataFrame, wave_col: str, labels: Sequence[str]) -> None:
    present = pd.unique(frame[wave_col].dropna())
    known = {str(v) for v in present}
    for label in labels:
        if label not in known:
            raise StatsError(
                f"wave label {label!r} not found in column {wave_col!r}; "
                f"labels present: {', '.join(sorted(known))}"
            )


def paired_long(
    frame: pd.DataFrame,
    id_col: str,
    wave_col: str,
    pre: str,
    post: str,
    items: Sequence[str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Baseline and follow-up matrices (people x items) for the people present in both waves."""
    require_columns(frame, [id_col, wave_col, *items])
    if pre == post:
        raise StatsError(f"the baseline and follow-up waves are both {pre!r}")
    frame = frame.assign(**{wave_col: frame[wave_col].astype("string")})
    check_wave_labels(frame, wave_col, [pre, post])
    chosen = frame.loc[frame[wave_col].isin([pre, post])]
    # Converted before re-indexing by id, so an error names the row of the caller's frame.
    chosen = pd.concat([chosen[[id_col, wave_col]], numeric_columns(chosen, items)], axis=1)
    before = _wave_rows(chosen, id_col, wave_col, pre)
    after = _wave_rows(chosen, id_col, wave_col, post)
    both = before.index.intersection(after.index, sort=False)
    return before.loc[both, list(items)], after.loc[both, list(items)]


def paired_wide(
    frame: pd.DataFrame,
    items: Sequence[str],
    pre_suffix: str = "_pre",
    post_suffix: str = "_post",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Matrices from one row per person with `<item>_pre` and `<item>_post` columns."""
    pre_cols = [f"{i}{pre_suffix}" for i in items]
    post_cols = [f"{i}{post_suffix}" for i in items]
    require_columns(frame, pre_cols + post_cols)
    before = numeric_columns(frame, pre_cols)
    after = numeric_columns(frame, post_cols)
    before.columns = pd.Index(list(items))
    after.columns = pd.Index(list(items))
    return before, after
