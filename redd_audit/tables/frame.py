"""From a raw table to the typed frame: header checks, empty records, coercion, record ids.

The frame holds the schema's columns (coerced, see :mod:`redd_audit.tables.coerce`), the
file's other columns as read (CSV: stripped text; XLSX/GeoJSON: cell/property values), any
columns the reader adds (GeoJSON ``area_source``) and
:data:`~redd_audit.tables.schemas.ROW_COLUMN`.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from redd_audit.errors import InputError
from redd_audit.tables.coerce import coerce, empty_records, record_labeller
from redd_audit.tables.ids import check_ids
from redd_audit.tables.raw import (
    Problems,
    Raw,
    check_width,
    invisible_characters,
    native_clean,
    native_is_empty,
    shown,
    visible,
)
from redd_audit.tables.schemas import ROW_COLUMN, TableSchema

#: Column added to GeoJSON tables: where ``area_ha`` came from ("attribute" or "geometry").
AREA_SOURCE_COLUMN = "area_source"
_BOM = "\ufeff"


def _strip_invisible(name: str) -> str:
    return "".join(c for c in name if not invisible_characters(c))


def _missing_message(missing: list[str], found: list[str]) -> str:
    """Missing required columns, explaining near misses (letter case, invisible characters)."""
    for name in found:
        invisible = invisible_characters(name)
        if invisible and _strip_invisible(name).strip() in missing:
            return (
                f"column {visible(name)} has an invisible character {', '.join(invisible)}; "
                f"delete it so that the column reads '{_strip_invisible(name).strip()}'"
            )
    listed = ", ".join(visible(f)[1:-1] for f in found[:40]) + (", ..." if len(found) > 40 else "")
    message = (
        f"missing required column(s): {', '.join(missing)}; found columns: {listed or '(none)'}"
    )
    lowered = {f.lower(): f for f in found}
    near = [f"{lowered[m.lower()]!r}" for m in missing if m.lower() in lowered]
    if near:
        message += f" (column names are case-sensitive; found {', '.join(near)})"
    return message


def _check_header(schema: TableSchema, raw: Raw, file: str) -> list[tuple[int, str]]:
    names = list(raw.names)
    if names and names[0].startswith(_BOM):  # a byte-order mark kept in the first header cell
        names[0] = names[0].lstrip(_BOM).strip()
        raw.notes["bom"] = True
        raw.names = names
    check_width(len(names), file, raw.header_row)
    kept = [(i, name) for i, name in enumerate(names) if name]
    _refuse_unnamed_data(raw, names, file)
    positions: dict[str, list[int]] = {}
    for i, name in kept:
        positions.setdefault(name, []).append(i + 1)
    reserved = {ROW_COLUMN} | ({AREA_SOURCE_COLUMN} if raw.extra else set())
    for name, where in positions.items():
        if len(where) > 1:
            numbers = " and ".join(str(p) for p in where)
            raise InputError(
                f"duplicated column name {name!r} (columns {numbers})",
                file=file,
                row=raw.header_row,
                column=name,
            )
        if name in reserved:
            raise InputError(
                f"column name {name!r} is reserved for the reader; rename the column",
                file=file,
                row=raw.header_row,
                column=name,
            )
    missing = [c for c in schema.columns if c not in positions]
    if missing:
        raise InputError(
            _missing_message(missing, [name for _, name in kept]),
            file=file,
            row=raw.header_row,
            column=missing[0] if len(missing) == 1 else None,
        )
    return kept


def _column_letters(index: int) -> str:
    """Spreadsheet column letters of a 0-based column index (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _refuse_unnamed_data(raw: Raw, names: list[str], file: str) -> None:
    """A column without a header name (a merged header cell, a stray value right of the table)
    would be dropped: refused when any of its cells holds a value, naming the column and the
    first such row."""
    for i, name in enumerate(names):
        if name or i >= len(raw.columns):
            continue
        values = raw.columns[i]
        empty = native_is_empty(values) if raw.native else values.isna().to_numpy()
        if empty.all():
            continue
        first = int(np.flatnonzero(~empty)[0])
        value = values[first] if raw.native else values.iloc[first]
        where = f"column {i + 1}" + (f" ({_column_letters(i)})" if raw.native else "")
        raise InputError(
            f"{where} has no name in the header row but holds values (row "
            f"{int(raw.rows[first])}: {shown(value)}); name the column, or delete its values "
            "(a merged header cell leaves the columns after its first without a name)",
            file=file,
            row=raw.header_row,
        )


def build_frame(schema: TableSchema, raw: Raw, file: str) -> pd.DataFrame:
    """Check the header, drop empty records, coerce the schema columns, check the ids.

    Raises
    ------
    InputError
        A duplicated, reserved or missing column; unreadable values (all of them listed, up to
        a cap); ids holding invisible characters or differing only in letter case.
    """
    kept = _check_header(schema, raw, file)
    by_name = {name: raw.columns[i] for i, name in kept}
    rows = raw.rows
    extra = dict(raw.extra or {})
    if len(rows) and raw.drop_empty:
        empty = empty_records(by_name, raw.native, len(rows))
        if empty.any():
            keep = ~empty
            rows = rows[keep]
            by_name = {
                k: (v[keep] if raw.native else v[keep].reset_index(drop=True))
                for k, v in by_name.items()
            }
            extra = {k: v[keep] for k, v in extra.items()}
    label = record_labeller(schema.id_columns, by_name, raw.native)
    problems = Problems(file)
    data: dict[str, Any] = {}
    for name, kind in schema.columns.items():
        data[name] = coerce(name, kind, by_name[name], raw.native, rows, label, problems)
    problems.raise_if_any()
    for name, values in by_name.items():
        if name not in schema.columns:
            data[name] = native_clean(values) if raw.native else values
    for name, values in extra.items():
        data[name] = pd.array(np.asarray(values, dtype=object), dtype="string")
    data[ROW_COLUMN] = rows.astype("int64")
    frame = pd.DataFrame({k: _plain(v) for k, v in data.items()})
    for column, codes in schema.vocabularies.items():
        frame[column] = canonical_codes(frame[column], codes)
    check_ids(frame, schema, file)
    return frame


def canonical_codes(values: pd.Series, codes: tuple[str, ...]) -> pd.Series:
    """Each value trimmed and, when it equals one of ``codes`` ignoring case, that code's own
    spelling; other values (unknown codes, empty cells) are returned as read."""
    by_fold = {code.casefold(): code for code in codes}

    def one(value: object) -> object:
        if not isinstance(value, str):
            return value
        return by_fold.get(value.strip().casefold(), value)

    return values.map(one).astype(values.dtype)


def _plain(values: Any) -> Any:
    """Series -> array so that DataFrame construction does not align on an index."""
    return values.array if isinstance(values, pd.Series) else values
