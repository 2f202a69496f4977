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


def record_keys(frame: pd.DataFrame, id_columns: tuple[str, ...]) -> pd.Series:
    """``"col=value, col=value"`` per row (as findings name records), unique within the frame."""
    if frame.empty:
        return pd.Series([], dtype=object, index=frame.index)
    parts = [
        frame[c].map(lambda v, c=c: f"{c}={'' if json_value(v) is None else json_value(v)}")
        for c in id_columns
    ]
    keys = parts[0]
    for part in parts[1:]:
        keys = keys + ", " + part
    occurrence = keys.groupby(keys).cumcount()
    return keys.where(occurrence == 0, keys + " #" + (occurrence + 1).astype(str))


def _same(old: pd.Series, new: pd.Series) -> np.ndarray:
    both_missing = old.isna().to_numpy() & new.isna().to_numpy()
    equal = np.asarray(old.to_numpy(object) == new.to_numpy(object), dtype=bool)
    return both_missing | equal


def diff_records(
    table: str, previous: pd.DataFrame, current: pd.DataFrame, limit: int | None = None
) -> list[dict]:
    """Added, removed and changed records of ``table`` between two readings.

    Returns entries ``{"table", "record", "row", "change", "columns", "old", "new"}``: ``row``
    the record's spreadsheet row (in the current file; in the previous one when removed),
    ``columns`` the
    names of the changed columns (all columns for added/removed records), ``old``/``new`` their
    values (``{}`` on the side where the record does not exist). Order: the current file's
    order (added and changed records), then removed records in the previous file's order.
    With ``limit``, at most that many entries are described (the first ones in this order).
    """
    ids = record_id_columns(table, current if not current.empty else previous)
    columns = [c for c in dict.fromkeys([*current.columns, *previous.columns]) if c != ROW_COLUMN]
    prev = previous.reindex(columns=columns).set_axis(record_keys(previous, ids).to_list())
    cur = current.reindex(columns=columns).set_axis(record_keys(current, ids).to_list())
    prev_rows = _rows(previous)
    cur_rows = _rows(current)
    common = cur.index.intersection(prev.index, sort=False)
    changed_mask = pd.DataFrame(False, index=common, columns=columns)
    for column in columns:
        old, new = prev.loc[common, column], cur.loc[common, column]
        changed_mask[column] = ~_same(old, new)
    entries: list[dict] = []
    added = ~cur.index.isin(prev.index)
    changed = changed_mask.any(axis=1).reindex(cur.index, fill_value=False).to_numpy(bool)
    for pos in np.flatnonzero(added | changed):
        if limit is not None and len(entries) >= limit:
            return entries
        key = cur.index[pos]
        if added[pos]:
            row = cur.loc[key]
            entries.append(
                _entry(table, key, cur_rows[pos], "added", columns, {}, _values(row, columns))
            )
        else:
            flags = changed_mask.loc[key]
            cols = [c for c in columns if flags[c]]
            entries.append(
                _entry(
                    table,
                    key,
                    cur_rows[pos],
                    "changed",
                    cols,
                    _values(prev.loc[key], cols),
                    _values(cur.loc[key], cols),
                )
            )
    for pos in np.flatnonzero(~prev.index.isin(cur.index)):
        if limit is not None and len(entries) >= limit:
            return entries
        key = prev.index[pos]
        old = _values(prev.loc[key], columns)
        entries.append(_entry(table, key, prev_rows[pos], "removed", columns, old, {}))
    return entries


def _values(row: pd.Series, columns: list[str]) -> dict[str, object]:
    return {c: json_value(row[c]) for c in columns}


def _rows(frame: pd.DataFrame) -> list[int | None]:
    if ROW_COLUMN not in frame.columns:
        return [None] * len(frame)
    return [None if pd.isna(v) else int(v) for v in frame[ROW_COLUMN]]


def _entry(table, key, row, change, columns, old, new) -> dict[str, object]:
    return {
        "table": table,
        "record": key,
        "row": row,
        "change": change,
        "columns": list(columns),
        "old": old,
        "new": new,
    }
