"""Record-by-record comparison of one input table between two revisions (contract 5.1).

Records are matched by their record id, the table's identifier columns
(:data:`redd_audit.tables.schemas.SCHEMAS` ``id_columns``; :data:`RECORD_IDS` for the tables of
the verification cycle): ``event_id`` for events, ``zone, stratum_id, year`` for
``baseline_exante``, ``vintage`` for ``claimed_vintages``, ``period_start, period_end, vintage``
for ``issuance_history``, ``finding_id`` for ``verification_findings`` ... A record id that occurs
more than once is told apart by its occurrence (``event_id=E1 #2``). Every column is compared
except the row number; a record is ``changed`` when at least one value differs, and its entry
lists the changed columns with their ``old`` and ``new`` values.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from redd_audit.tables.schemas import ROW_COLUMN, SCHEMAS

#: Record ids of the cycle's own tables when their schema does not (yet) name them.
RECORD_IDS: dict[str, tuple[str, ...]] = {
    "issuance_history": ("period_start", "period_end", "vintage"),
    "verification_findings": ("finding_id",),
}


def record_id_columns(table: str, frame: pd.DataFrame) -> tuple[str, ...]:
    """The columns that identify a record of ``table`` (those present in ``frame``)."""
    schema = SCHEMAS.get(table)
    ids = schema.id_columns if schema is not None and schema.id_columns else RECORD_IDS.get(table)
    if not ids:
        ids = tuple(c for c in frame.columns if c != ROW_COLUMN)
    return tuple(c for c in ids if c in frame.columns)


def json_value(value: object) -> object:
    """A JSON-safe scalar: NaN/NA -> None, numpy -> Python, dates -> ISO text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat() if value == value.normalize() else value.isoformat()
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _key_text(series: pd.Series) -> np.ndarray:
    """The values of one id column as text (dates ISO, missing empty), as an object array."""
    if pd.api.types.is_datetime64_any_dtype(series):
        text = series.dt.strftime("%Y-%m-%d")
    else:
        text = series.astype(object).astype(str)
    values: np.ndarray = text.where(series.notna(), "").to_numpy(object)
    return values


def record_keys(frame: pd.DataFrame, id_columns: tuple[str, ...]) -> list[str]:
    """``"col=value, col=value"`` per row (as findings name records), unique within the frame:
    a repeated id gets its occurrence (``event_id=E1 #2``)."""
    if frame.empty or not id_columns:
        return [f"row {i + 1}" for i in range(len(frame))]
    keys: list[str] | None = None
    for c in id_columns:
        prefix = f"{c}=" if keys is None else f", {c}="
        text = _key_text(frame[c]).tolist()
        keys = (
            [prefix + v for v in text]
            if keys is None
            else [k + prefix + v for k, v in zip(keys, text, strict=True)]
        )
    assert keys is not None
    seen: dict[str, int] = {}
    unique = []
    for key in keys:
        n = seen.get(key, 0) + 1
        seen[key] = n
        unique.append(key if n == 1 else f"{key} #{n}")
    return unique


def _same(old: pd.Series, new: pd.Series) -> np.ndarray:
    """Element-wise: equal values, or missing on both sides (NaN, None, NA, NaT)."""
    old, new = old.reset_index(drop=True), new.reset_index(drop=True)
    old_missing, new_missing = old.isna().to_numpy(bool), new.isna().to_numpy(bool)
    same = old_missing & new_missing
    both = ~(old_missing | new_missing)
    if both.any():
        try:
            equal = old.eq(new).fillna(False).to_numpy(bool)
        except (TypeError, ValueError):  # kinds that do not compare: compare as objects
            equal = np.array(
                [a == b for a, b in zip(old.astype(object), new.astype(object), strict=True)],
                dtype=bool,
            )
        same |= both & equal
    return same


def _column(frame: pd.DataFrame, column: str) -> pd.Series:
    if column not in frame.columns:
        return pd.Series([None] * len(frame), dtype=object)
    return frame[column].reset_index(drop=True)


def diff_records(
    table: str, previous: pd.DataFrame, current: pd.DataFrame, limit: int | None = None
) -> list[dict[str, object]]:
    """Added, removed and changed records of ``table`` between two readings.

    Returns entries ``{"table", "record", "row", "change", "columns", "old", "new"}``: ``row``
    the record's spreadsheet row (in the current file; in the previous one when removed),
    ``columns`` the names of the changed columns (all columns for added/removed records),
    ``old``/``new`` their values (``{}`` on the side where the record does not exist). Order:
    the current file's order (added and changed records), then removed records in the previous
    file's order. With ``limit``, at most that many entries are described (the first ones).
    """
    ids = record_id_columns(table, current if not current.empty else previous)
    columns = [c for c in dict.fromkeys([*current.columns, *previous.columns]) if c != ROW_COLUMN]
    prev_keys, cur_keys = record_keys(previous, ids), record_keys(current, ids)
    prev_at = {k: i for i, k in enumerate(prev_keys)}
    cur_set = set(cur_keys)
    matched = [(i, prev_at[k]) for i, k in enumerate(cur_keys) if k in prev_at]
    cur_pos = np.array([i for i, _ in matched], dtype=np.int64)
    prev_pos = np.array([j for _, j in matched], dtype=np.int64)
    old_values = {c: _column(previous, c) for c in columns}
    new_values = {c: _column(current, c) for c in columns}
    differs = {
        c: ~_same(old_values[c].take(prev_pos), new_values[c].take(cur_pos)) for c in columns
    }
    changed_at: dict[int, int] = {}
    if matched:
        any_change = np.logical_or.reduce([differs[c] for c in columns]) if columns else []
        changed_at = {int(cur_pos[k]): int(k) for k in np.flatnonzero(any_change)}
    prev_rows, cur_rows = _rows(previous), _rows(current)
    entries: list[dict[str, object]] = []

    def full() -> bool:
        return limit is not None and len(entries) >= limit

    def values(source: dict[str, pd.Series], pos: int, cols: list[str]) -> dict[str, object]:
        return {c: json_value(source[c].iat[pos]) for c in cols}

    for i, key in enumerate(cur_keys):
        if key not in prev_at:
            if full():
                return entries
            new = values(new_values, i, columns)
            entries.append(_entry(table, key, cur_rows[i], "added", columns, {}, new))
        elif i in changed_at:
            if full():
                return entries
            k = changed_at[i]
            cols = [c for c in columns if differs[c][k]]
            old = values(old_values, prev_at[key], cols)
            entries.append(
                _entry(table, key, cur_rows[i], "changed", cols, old, values(new_values, i, cols))
            )
    for j, key in enumerate(prev_keys):
        if key not in cur_set:
            if full():
                return entries
            old = values(old_values, j, columns)
            entries.append(_entry(table, key, prev_rows[j], "removed", columns, old, {}))
    return entries


def _rows(frame: pd.DataFrame) -> list[int | None]:
    if ROW_COLUMN not in frame.columns:
        return [None] * len(frame)
    return [None if pd.isna(v) else int(v) for v in frame[ROW_COLUMN]]


def _entry(
    table: str,
    key: str,
    row: int | None,
    change: str,
    columns: Sequence[str],
    old: Mapping[str, object],
    new: Mapping[str, object],
) -> dict[str, object]:
    return {
        "table": table,
        "record": key,
        "row": row,
        "change": change,
        "columns": list(columns),
        "old": old,
        "new": new,
    }
