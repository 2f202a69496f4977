"""Readers of the project folder's tables (contract.md section 2).

A table ``<name>`` is read from ``<name>.csv``, ``<name>.xlsx`` or, where the schema allows it,
``<name>.geojson`` in the project folder; the ``tables`` setting of ``project.yaml`` may name
another file inside the folder. Each reader returns a :class:`LoadedTable` whose frame holds:

- the schema's columns, coerced: ``str`` -> pandas ``"string"`` (stripped, empty -> ``<NA>``),
  ``float`` -> ``float64`` (empty -> NaN), ``int`` -> ``Int64``, ``date`` -> ``datetime64[ns]``
  at midnight (ISO ``YYYY-MM-DD`` text, or real spreadsheet dates);
- the file's other columns as read (CSV: stripped text; XLSX/GeoJSON: cell/property values);
- for GeoJSON, ``area_source`` (``"attribute"`` or ``"geometry"``, see below);
- :data:`~redd_audit.tables.schemas.ROW_COLUMN`, the record's row number as a spreadsheet shows
  it (header = row 1, first record = row 2; GeoJSON: feature index + 2).

Records whose every cell is empty (blank lines, rows of bare commas, empty spreadsheet rows) are
dropped; the other records keep their row numbers. Anything that cannot be read as specified
raises :class:`~redd_audit.errors.InputError` naming the file, row and column (exit code 2);
value rules (ranges, sets, uniqueness) are left to the data-quality suites.

Size limits (module constants, checked before parsing):

- :data:`MAX_FILE_BYTES` (2 GiB) for CSV and GeoJSON files;
- :data:`MAX_XLSX_BYTES` (200 MiB) for an ``.xlsx`` file on disk, and, read from the zip
  directory before the workbook is opened, :data:`MAX_XLSX_UNCOMPRESSED_BYTES` (1 GiB) for the
  sum of its uncompressed members and :data:`MAX_XLSX_COMPRESSION_RATIO` (200) for any member
  (zip bombs). Every XML member is checked with defusedxml: DTDs, entity declarations and
  external references are refused.

GeoJSON geometries are read only where a feature's ``area_ha`` is absent or null: the area is
then the geodesic area of its Polygon/MultiPolygon on the WGS84 ellipsoid (exterior rings minus
holes), in hectares, and ``area_source`` is ``"geometry"``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import logging
import math
import posixpath
import re
import time
import warnings
import zipfile
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Any
from xml.etree.ElementTree import ParseError

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from redd_audit import progress
from redd_audit.errors import InputError
from redd_audit.project import Project
from redd_audit.tables.schemas import ROW_COLUMN, SCHEMAS, ColumnKind, TableSchema

__all__ = [
    "AREA_SOURCE_COLUMN",
    "MAX_FILE_BYTES",
    "MAX_XLSX_BYTES",
    "MAX_XLSX_COMPRESSION_RATIO",
    "MAX_XLSX_UNCOMPRESSED_BYTES",
    "LoadedTable",
    "load_tables",
    "read_table",
    "resolve_table_path",
    "sha256_file",
]

logger = logging.getLogger(__name__)

#: Largest CSV or GeoJSON file read, in bytes (2 GiB).
MAX_FILE_BYTES = 2 * 1024**3
#: Largest ``.xlsx`` file read, in bytes as stored (compressed): 200 MiB.
MAX_XLSX_BYTES = 200 * 1024**2
#: Largest total of the uncompressed sizes of an ``.xlsx`` file's zip members: 1 GiB.
MAX_XLSX_UNCOMPRESSED_BYTES = 1024**3
#: Largest uncompressed/compressed size ratio of any ``.xlsx`` zip member (zip-bomb guard).
MAX_XLSX_COMPRESSION_RATIO = 200
#: Column added to GeoJSON tables: where ``area_ha`` came from ("attribute" or "geometry").
AREA_SOURCE_COLUMN = "area_source"

_CHUNK_BYTES = 1024**2
#: XML members up to this size are parsed whole with defusedxml; larger ones (big sheets) only
#: up to their root element, which is where a DTD or entity declaration would have to be.
_XML_FULL_PARSE_MAX_BYTES = 8 * 1024**2
_MAX_SHOWN = 60
_ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]+(\.[0-9]{3})*,[0-9]+")
_LINE_NUMBER = re.compile(r"line (\d+)")
#: Datetime64[ns] covers 1677-09-21 to 2262-04-11; whole years inside that range are accepted.
_FIRST_DATE = pd.Timestamp("1678-01-01")
_LAST_DATE = pd.Timestamp("2261-12-31")
_WGS84_CRS_NAMES = {
    "urn:ogc:def:crs:ogc:1.3:crs84",
    "urn:ogc:def:crs:ogc::crs84",
    "urn:ogc:def:crs:epsg::4326",
    "epsg:4326",
    "crs84",
}


@dataclass(frozen=True)
class LoadedTable:
    """One table of the project folder, read and coerced to its schema.

    Attributes
    ----------
    name : str
        Table name, e.g. ``"deforestation_events"``.
    file : str
        Path relative to the project folder, POSIX style, e.g. ``"deforestation_events.csv"``.
    path : Path
        Absolute, resolved path of the file read.
    sha256 : str
        SHA-256 (hex) of the file's bytes.
    size_bytes : int
        Size of the file in bytes.
    rows : int
        Number of records read (fully empty records excluded).
    frame : pandas.DataFrame
        Schema columns (coerced), other columns, and ``_row`` (see the module docstring).
    """

    name: str
    file: str
    path: Path
    sha256: str
    size_bytes: int
    rows: int
    frame: pd.DataFrame


def sha256_file(path: Path) -> str:
    """SHA-256 (hex) of a file's bytes, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


# --------------------------------------------------------------------------------------------
# Locating the files
# --------------------------------------------------------------------------------------------


def _suffixes(schema: TableSchema) -> tuple[str, ...]:
    return (".csv", ".xlsx", ".geojson") if schema.geojson_allowed else (".csv", ".xlsx")


def _check_overrides(project: Project) -> None:
    for key in project.tables:
        if key not in SCHEMAS:
            raise InputError(
                f"setting 'tables.{key}': unknown table; known tables: {', '.join(SCHEMAS)}",
                file="project.yaml",
            )


def _inside(path: Path, root: Path) -> bool:
    return path == root or path.is_relative_to(root)


def _override(root: Path, schema: TableSchema, given: str) -> tuple[Path, str]:
    setting = f"setting 'tables.{schema.name}' = {given!r}"
    text = given.strip().replace("\\", "/")
    if not text:
        raise InputError(f"{setting}: expected a file path", file="project.yaml")
    windows = PureWindowsPath(given)
    if PurePosixPath(text).is_absolute() or windows.is_absolute() or windows.drive:
        raise InputError(
            f"{setting}: must be a path relative to the project folder, not an absolute path",
            file="project.yaml",
        )
    relative = posixpath.normpath(text)
    resolved = (root / text).resolve()
    if not _inside(resolved, root):
        raise InputError(
            f"{setting}: resolves outside the project folder ({resolved}); refused",
            file="project.yaml",
        )
    suffix = PurePosixPath(relative).suffix.lower()
    allowed = _suffixes(schema)
    if suffix not in allowed:
        raise InputError(
            f"{setting}: unsupported file type {suffix or '(none)'!r}; "
            f"use one of {', '.join(allowed)}",
            file="project.yaml",
        )
    if not resolved.exists():
        raise InputError(f"{setting}: file not found in the project folder", file="project.yaml")
    if not resolved.is_file():
        raise InputError(f"{setting}: not a regular file", file="project.yaml")
    return resolved, relative


def _locate(project_dir: Path, project: Project, table: str) -> tuple[Path, str] | None:
    """Resolved path and relative POSIX name of a table's file, or None when absent."""
    schema = SCHEMAS.get(table)
    if schema is None:
        raise InputError(f"unknown table {table!r}; known tables: {', '.join(SCHEMAS)}")
    _check_overrides(project)
    root = project_dir.resolve()
    if table in project.tables:
        return _override(root, schema, project.tables[table])
    candidates = [f"{table}{suffix}" for suffix in _suffixes(schema)]
    present = [name for name in candidates if (root / name).is_symlink() or (root / name).exists()]
    if len(present) > 1:
        raise InputError(
            f"table '{table}' is given by more than one file: {' and '.join(present)}; "
            f"keep one, or choose one with the setting 'tables.{table}' in project.yaml"
        )
    if not present:
        if schema.optional:
            return None
        raise InputError(
            f"required table '{table}' is missing; expected one of {', '.join(candidates)} "
            f"in the project folder {project_dir}"
        )
    name = present[0]
    resolved = (root / name).resolve()
    if not _inside(resolved, root):
        raise InputError(
            f"the file is a symbolic link that resolves outside the project folder "
            f"({resolved}); refused",
            file=name,
        )
    if not resolved.is_file():
        raise InputError("not a regular file (or a broken symbolic link)", file=name)
    return resolved, name


def resolve_table_path(project_dir: Path, project: Project, table: str) -> Path | None:
    """Absolute resolved path of a table's file, or None when an optional table is absent.

    Parameters
    ----------
    project_dir : Path
        The project folder.
    project : Project
        The project definition; ``project.tables`` overrides the default file names.
    table : str
        A table name from :data:`~redd_audit.tables.schemas.SCHEMAS`.

    Raises
    ------
    InputError
        Unknown table; two candidate files; a required table missing; an override that is
        absolute, resolves outside the folder, has an unsupported suffix or does not exist; a
        default file that is a symbolic link leading outside the folder.
    """
    located = _locate(project_dir, project, table)
    return None if located is None else located[0]


# --------------------------------------------------------------------------------------------
# Raw tables: what each format reader hands to the common coercion
# --------------------------------------------------------------------------------------------


@dataclass
class _Raw:
    """Columns as read: ``names[i]`` labels ``columns[i]``; blank names are dropped later.

    ``native`` is False for CSV (``columns`` are pandas "string" Series, stripped, empty ->
    NA) and True for XLSX/GeoJSON (``columns`` are object arrays of cell/property values).
    """

    names: list[str]
    columns: list[Any]
    rows: np.ndarray
    native: bool
    header_row: int | None
    extra: dict[str, pd.Series | np.ndarray] | None = None


def _shown(value: object) -> str:
    text = value if isinstance(value, str) else _native_text(value)
    if len(text) > _MAX_SHOWN:
        text = text[: _MAX_SHOWN - 3] + "..."
    return repr(text)


def _native_text(value: object) -> str:
    """Text of a spreadsheet cell or JSON value, as a user would read it."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _normalise_text(series: pd.Series) -> pd.Series:
    """Strip surrounding whitespace and turn empty strings into <NA> (pandas "string")."""
    text = series if isinstance(series.dtype, pd.StringDtype) else series.astype("string")
    text = text.str.strip()
    return text.mask(text == "")


def _native_is_empty(values: np.ndarray) -> np.ndarray:
    return np.fromiter(
        (v is None or (isinstance(v, str) and not v.strip()) for v in values),
        dtype=bool,
        count=len(values),
    )


def _native_clean(values: np.ndarray) -> np.ndarray:
    """Cells as read, with strings stripped and empty strings as None (extra columns)."""
    out = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        out[i] = (v.strip() or None) if isinstance(v, str) else v
    return out


# --------------------------------------------------------------------------------------------
# Coercion to the schema kinds
# --------------------------------------------------------------------------------------------


def _first_bad(bad: np.ndarray) -> int | None:
    hits = np.flatnonzero(bad)
    return int(hits[0]) if hits.size else None


class _Column:
    """One schema column being coerced: text part (Series) plus, for native cells, numbers."""

    def __init__(self, name: str, text: pd.Series, numbers: np.ndarray | None) -> None:
        self.name = name
        self.text = text
        self.numbers = numbers

    def shown(self, index: int) -> str:
        value = self.text.iloc[index]
        if value is pd.NA and self.numbers is not None:
            return _shown(float(self.numbers[index]))
        return _shown(value)


def _native_for_kind(values: np.ndarray, kind: ColumnKind) -> tuple[pd.Series, np.ndarray | None]:
    """Split native cells into text (coerced like CSV text) and, for numbers, float values."""
    n = len(values)
    text: list[str | None] = [None] * n
    if kind in ("float", "int"):
        numbers = np.full(n, np.nan)
        for i, v in enumerate(values):
            if v is None or isinstance(v, bool):
                text[i] = None if v is None else _native_text(v)
            elif isinstance(v, int | float):
                try:
                    number = float(v)
                except OverflowError:
                    text[i] = str(v)
                    continue
                if math.isfinite(number):
                    numbers[i] = number
                else:
                    text[i] = repr(v)
            else:
                text[i] = v if isinstance(v, str) else _native_text(v)
        return _normalise_text(pd.Series(text, dtype="string")), numbers
    for i, v in enumerate(values):
        if v is None or isinstance(v, str):
            text[i] = v
        elif kind == "date" and isinstance(v, dt.date):  # datetimes too: the date part
            text[i] = (v.date() if isinstance(v, dt.datetime) else v).isoformat()
        else:
            text[i] = _native_text(v)
    return _normalise_text(pd.Series(text, dtype="string")), None


def _number_message(kind: ColumnKind, shown: str, raw: object) -> str:
    expected = "a whole number" if kind == "int" else "a number"
    message = f"expected {expected}, got {shown}"
    if isinstance(raw, str):
        if _DECIMAL_COMMA.fullmatch(raw):
            return f"{message}: it looks like a decimal comma; the decimal separator must be '.'"
        if raw.lower().lstrip("+-") in {"inf", "infinity"}:
            return f"expected a finite number, got {shown}"
    return message


def _coerce_numbers(column: _Column, kind: ColumnKind, rows: np.ndarray, file: str) -> np.ndarray:
    text = column.text
    present = text.notna().to_numpy()
    if present.any():
        parsed = pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    else:
        parsed = np.full(len(text), np.nan)
    index = _first_bad(present & ~np.isfinite(parsed))
    if index is not None:
        raw = text.iloc[index]
        raise InputError(
            _number_message(kind, column.shown(index), raw),
            file=file,
            row=int(rows[index]),
            column=column.name,
        )
    values = parsed if column.numbers is None else np.where(present, parsed, column.numbers)
    if kind == "int":
        finite = np.isfinite(values)
        with np.errstate(invalid="ignore"):
            fractional = finite & (values != np.trunc(values))
            too_big = finite & (np.abs(values) >= 2.0**63)
        index = _first_bad(fractional | too_big)
        if index is not None:
            what = "a whole number" if fractional[index] else "a whole number within ±2^63"
            raise InputError(
                f"expected {what}, got {column.shown(index)}",
                file=file,
                row=int(rows[index]),
                column=column.name,
            )
    return values


def _coerce_dates(column: _Column, rows: np.ndarray, file: str) -> np.ndarray:
    text = column.text
    present = text.notna().to_numpy()
    if not present.any():
        return np.full(len(text), np.datetime64("NaT"), dtype="datetime64[ns]")
    shaped = text.str.fullmatch(_ISO_DATE).fillna(False).to_numpy(dtype=bool)
    parsed = pd.to_datetime(text.where(shaped), format="%Y-%m-%d", errors="coerce")
    parsed_ok = parsed.notna().to_numpy()
    in_range = parsed_ok & ((parsed >= _FIRST_DATE) & (parsed <= _LAST_DATE)).to_numpy(bool)
    index = _first_bad(present & ~in_range)
    if index is not None:
        message = f"expected an ISO date YYYY-MM-DD, got {column.shown(index)}"
        if shaped[index] and not parsed_ok[index]:
            message += " (not a calendar date)"
        elif parsed_ok[index]:
            message += f" (outside the supported range {_FIRST_DATE.date()} to {_LAST_DATE.date()})"
        elif re.fullmatch(r"[0-9]+(\.[0-9]+)?", str(text.iloc[index])):
            message += " (a number; in a spreadsheet, format the cell as a date)"
        raise InputError(message, file=file, row=int(rows[index]), column=column.name)
    return parsed.to_numpy(dtype="datetime64[ns]")


def _coerce(
    name: str, kind: ColumnKind, values: Any, native: bool, rows: np.ndarray, file: str
) -> pd.Series | np.ndarray:
    if native:
        text, numbers = _native_for_kind(values, kind)
    else:
        text, numbers = values, None
    if kind == "str":
        return text
    column = _Column(name, text, numbers)
    if kind == "date":
        return _coerce_dates(column, rows, file)
    values = _coerce_numbers(column, kind, rows, file)
    if kind == "int":
        return pd.array(values, dtype="Float64").astype("Int64")
    return values


def _frame(schema: TableSchema, raw: _Raw, file: str) -> pd.DataFrame:
    """Check the header and coerce the schema columns; see the module docstring."""
    kept = [(i, name) for i, name in enumerate(raw.names) if name]
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
        found = [name for _, name in kept]
        shown = ", ".join(found[:40]) + (", ..." if len(found) > 40 else "")
        message = (
            f"missing required column(s): {', '.join(missing)}; found columns: {shown or '(none)'}"
        )
        lowered = {f.lower(): f for f in found}
        near = [f"{lowered[m.lower()]!r}" for m in missing if m.lower() in lowered]
        if near:
            message += f" (column names are case-sensitive; found {', '.join(near)})"
        raise InputError(
            message,
            file=file,
            row=raw.header_row,
            column=missing[0] if len(missing) == 1 else None,
        )
    by_name = {name: raw.columns[i] for i, name in kept}
    rows = raw.rows
    extra = dict(raw.extra or {})
    if len(rows):
        empty = np.ones(len(rows), dtype=bool)
        for values in by_name.values():
            empty &= _native_is_empty(values) if raw.native else values.isna().to_numpy()
        if empty.any():
            keep = ~empty
            rows = rows[keep]
            by_name = {
                k: (v[keep] if raw.native else v[keep].reset_index(drop=True))
                for k, v in by_name.items()
            }
            extra = {k: v[keep] for k, v in extra.items()}
    data: dict[str, Any] = {}
    for name, kind in schema.columns.items():
        data[name] = _coerce(name, kind, by_name[name], raw.native, rows, file)
    for name, values in by_name.items():
        if name not in schema.columns:
            data[name] = _native_clean(values) if raw.native else values
    for name, values in extra.items():
        data[name] = pd.array(np.asarray(values, dtype=object), dtype="string")
    data[ROW_COLUMN] = rows.astype("int64")
    frame = pd.DataFrame({k: _plain(v) for k, v in data.items()})
    return frame


def _plain(values: Any) -> Any:
    """Series -> array so that DataFrame construction does not align on an index."""
    return values.array if isinstance(values, pd.Series) else values


def _empty_raw(schema: TableSchema, header_row: int | None) -> _Raw:
    names = list(schema.columns)
    columns = [pd.Series([], dtype="string") for _ in names]
    return _Raw(names, columns, np.zeros(0, dtype="int64"), False, header_row)


# --------------------------------------------------------------------------------------------
# Text files: encoding
# --------------------------------------------------------------------------------------------


def _check_size(path: Path, file: str, limit: int, what: str) -> int:
    size = path.stat().st_size
    if size > limit:
        raise InputError(
            f"the file is {size:,} bytes; the limit for {what} files is {limit:,} bytes", file=file
        )
    return size


def _check_encoding(data: bytes, file: str) -> None:
    """Refuse anything but UTF-8 without BOM, with a hint about what the file looks like."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise InputError(
            "the file starts with a UTF-8 byte-order mark (BOM); "
            "save it as UTF-8 without BOM (in Excel: 'CSV UTF-8' adds one; use a text editor)",
            file=file,
        )
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or head.count(b"\x00") > len(head) // 10:
        raise InputError("the file looks like UTF-16; save it as UTF-8", file=file)
    if head.startswith(b"PK\x03\x04"):
        raise InputError(
            "the file looks like a zip archive (an .xlsx workbook?), not text", file=file
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError(
            "the file looks like a legacy .xls workbook, not text; save it as .xlsx or CSV",
            file=file,
        )
    if b"\x00" in data:
        line = data.count(b"\n", 0, data.index(b"\x00")) + 1
        raise InputError(
            f"the file contains a NUL byte at line {line}; it is not a text file", file=file
        )
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        byte = f"byte 0x{data[exc.start]:02x} at line {line}"
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            raise InputError(f"not UTF-8 ({byte}); save it as UTF-8", file=file) from None
        raise InputError(
            f"not UTF-8; it looks like Latin-1/Windows-1252 ({byte}); save it as UTF-8",
            file=file,
        ) from None


# --------------------------------------------------------------------------------------------
# CSV
# --------------------------------------------------------------------------------------------


def _csv_header(data: bytes, file: str) -> list[str]:
    first = data[: data.find(b"\n")] if b"\n" in data else data
    line = first.decode("utf-8").rstrip("\r")
    if not line.strip():
        raise InputError("line 1 is empty; the header must be on line 1", file=file, row=1)
    if "," not in line:
        for mark, label in ((";", "semicolon"), ("\t", "tab")):
            if mark in line:
                raise InputError(
                    f"the file appears to be {label}-separated; it must be comma-separated "
                    "(',' between values, '.' as decimal separator)",
                    file=file,
                    row=1,
                )
    head = data[: 4 * _CHUNK_BYTES].decode("utf-8", errors="replace")
    try:
        header = next(csv.reader(io.StringIO(head)), [])
    except csv.Error as exc:
        raise InputError(f"malformed header: {exc}", file=file, row=1) from None
    return [name.strip() for name in header]


def _line_of(data: bytes, text: str) -> int | None:
    needle = text.encode("utf-8")[:200]
    start = 0
    while needle:
        position = data.find(needle, start)
        if position < 0:
            return None
        if position == 0 or data[position - 1 : position] in (b"\n", b"\r"):
            return data.count(b"\n", 0, position) + 1
        start = position + 1
    return None


def _pyarrow_csv(data: bytes, count: int, handler: Callable[[Any], str], threads: bool) -> pa.Table:
    names = [f"c{i}" for i in range(count)]
    return pa_csv.read_csv(
        io.BytesIO(data),
        read_options=pa_csv.ReadOptions(
            column_names=names, skip_rows=1, use_threads=threads, block_size=16 * _CHUNK_BYTES
        ),
        parse_options=pa_csv.ParseOptions(
            newlines_in_values=b'"' in data,
            ignore_empty_lines=False,
            invalid_row_handler=handler,
        ),
        convert_options=pa_csv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
            quoted_strings_can_be_null=False,
            check_utf8=False,
        ),
    )


def _field_count_error(data: bytes, file: str, expected: int, actual: int, text: str) -> InputError:
    line = _line_of(data, text)
    where = f" on line {line}" if line is not None else f" in the line {_shown(text)}"
    message = f"found {actual} values{where}, but the header has {expected} columns"
    if actual > expected:
        message += " (an unquoted ',' inside a value, e.g. a decimal comma?)"
    return InputError(message, file=file, row=line)


def _csv_columns(data: bytes, count: int, file: str) -> list[pd.Series]:
    """Parse with pyarrow (all text); on an odd file fall back to pandas' C engine."""
    invalid: list[tuple[int, int, str]] = []

    def collect(row: Any) -> str:
        if not invalid:
            invalid.append((row.expected_columns, row.actual_columns, row.text))
        return "skip"

    try:
        table = _pyarrow_csv(data, count, collect, threads=True)
        if invalid:
            invalid.clear()  # the first one in file order: parse again on one thread
            _pyarrow_csv(data, count, collect, threads=False)
            raise _field_count_error(data, file, *invalid[0])
        frame = table.to_pandas(types_mapper={pa.string(): pd.StringDtype("pyarrow")}.get)
        return [frame[c] for c in frame.columns]
    except InputError:
        raise
    except (pa.ArrowException, ValueError) as exc:
        logger.debug("pyarrow could not parse %s (%s); using the C engine", file, exc)
    try:
        frame = pd.read_csv(
            io.BytesIO(data),
            engine="c",
            header=None,
            skiprows=1,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            encoding="utf-8",
        )
    except pd.errors.EmptyDataError:
        return [pd.Series([], dtype="string") for _ in range(count)]
    except (pd.errors.ParserError, ValueError, csv.Error) as exc:
        match = _LINE_NUMBER.search(str(exc))
        row = int(match.group(1)) if match else None
        detail = str(exc).replace("Error tokenizing data. C error: ", "")
        raise InputError(f"malformed CSV: {detail}", file=file, row=row) from None
    if frame.shape[1] != count:
        raise InputError(
            f"found {frame.shape[1]} values in some lines, but the header has {count} columns",
            file=file,
        )
    return [frame[c].astype("string") for c in frame.columns]


def _read_csv(data: bytes, schema: TableSchema, file: str) -> _Raw:
    _check_encoding(data, file)
    if not data.strip():
        if schema.optional:
            return _empty_raw(schema, header_row=1)
        raise InputError("the file is empty: no header line", file=file, row=1)
    names = _csv_header(data, file)
    if not data.endswith((b"\n", b"\r")):
        data += b"\n"
    columns = [_normalise_text(c) for c in _csv_columns(data, len(names), file)]
    rows = np.arange(2, len(columns[0]) + 2 if columns else 2, dtype="int64")
    return _Raw(names, columns, rows, native=False, header_row=1)


# --------------------------------------------------------------------------------------------
# XLSX
# --------------------------------------------------------------------------------------------


class _RootReached(Exception):
    """Raised by the prolog check once the root element starts: no DTD can follow."""


class _StopAtRoot:
    def start(self, tag: str, attrib: dict[str, str]) -> None:
        raise _RootReached

    def end(self, tag: str) -> None:
        """Nothing to do."""

    def data(self, data: str) -> None:
        """Nothing to do."""

    def close(self) -> None:
        """Nothing to do."""


def _check_xml_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    import defusedxml.ElementTree as safe_xml

    flags = {"forbid_dtd": True, "forbid_entities": True, "forbid_external": True}
    if info.file_size <= _XML_FULL_PARSE_MAX_BYTES:
        safe_xml.fromstring(archive.read(info), **flags)
        return
    parser = safe_xml.DefusedXMLParser(target=_StopAtRoot(), **flags)
    with archive.open(info) as stream:
        try:
            while chunk := stream.read(_CHUNK_BYTES):
                parser.feed(chunk)
            parser.close()
        except _RootReached:
            return


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attribute(element: Any, name: str) -> str | None:
    for key, value in element.attrib.items():
        if _local(key) == name:
            return str(value)
    return None


def _part_path(base: str, target: str) -> str:
    """Zip member named by a relationship target, relative to the part ``base``."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(base), target))


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type, member) of a package part (an empty dict when it has none)."""
    import defusedxml.ElementTree as safe_xml

    rels = posixpath.join(posixpath.dirname(part), "_rels", posixpath.basename(part) + ".rels")
    if rels not in archive.namelist():
        return {}
    root = safe_xml.fromstring(archive.read(rels), forbid_dtd=True)
    found: dict[str, tuple[str, str]] = {}
    for element in root:
        target = element.get("Target")
        if _local(element.tag) == "Relationship" and target is not None:
            found[element.get("Id", "")] = (element.get("Type", ""), _part_path(part, target))
    return found


def _first_sheet_name(archive: zipfile.ZipFile, file: str) -> str:
    """Name of the workbook's first sheet, refusing a workbook whose first sheet is missing."""
    import defusedxml.ElementTree as safe_xml

    workbook_part = "xl/workbook.xml"
    for kind, member in _relationships(archive, "").values():
        if kind.endswith("/officeDocument"):
            workbook_part = member
    names = set(archive.namelist())
    if workbook_part not in names:
        raise InputError(f"not a valid .xlsx file: {workbook_part} is missing", file=file)
    root = safe_xml.fromstring(archive.read(workbook_part), forbid_dtd=True)
    sheets = [e for e in root.iter() if _local(e.tag) == "sheet"]
    if not sheets:
        raise InputError(
            "the workbook has no sheet; the table must be on the first sheet", file=file
        )
    first = sheets[0]
    name = first.get("name") or ""
    kind, member = _relationships(archive, workbook_part).get(
        _attribute(first, "id") or "", ("", "")
    )
    if not member or member not in names:
        raise InputError(
            f"the first sheet {name!r} is missing from the file ({member or 'no part'}); "
            "the table must be on the first sheet",
            file=file,
        )
    if not kind.endswith("/worksheet"):
        raise InputError(
            f"the first sheet {name!r} is not a worksheet (a chart sheet?); "
            "the table must be on the first sheet",
            file=file,
        )
    return name


def _check_xlsx_archive(path: Path, file: str) -> str:
    """Zip-bomb and hostile-XML checks, from the zip directory, before openpyxl opens it.

    Returns the name of the first sheet.
    """
    from defusedxml import DefusedXmlException

    with path.open("rb") as handle:
        magic = handle.read(8)
    if not magic.startswith(b"PK"):
        hint = ""
        if magic.startswith(b"\xd0\xcf\x11\xe0"):
            hint = "; it looks like a legacy .xls workbook: save it as .xlsx"
        raise InputError(f"not a valid .xlsx (zip) file{hint}", file=file)
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            total = sum(info.file_size for info in infos)
            if total > MAX_XLSX_UNCOMPRESSED_BYTES:
                raise InputError(
                    f"refused: the spreadsheet expands to {total:,} bytes when uncompressed; "
                    f"the limit is {MAX_XLSX_UNCOMPRESSED_BYTES:,} (possible zip bomb)",
                    file=file,
                )
            for info in infos:
                if info.file_size and (
                    info.compress_size == 0
                    or info.file_size / info.compress_size > MAX_XLSX_COMPRESSION_RATIO
                ):
                    ratio = info.file_size / max(info.compress_size, 1)
                    raise InputError(
                        f"refused: member {info.filename} has a compression ratio of "
                        f"{ratio:,.0f}; the limit is {MAX_XLSX_COMPRESSION_RATIO} "
                        "(possible zip bomb)",
                        file=file,
                    )
            for info in infos:
                if not info.filename.endswith((".xml", ".rels")):
                    continue
                try:
                    _check_xml_member(archive, info)
                except DefusedXmlException:
                    raise InputError(
                        "refused: the spreadsheet contains an XML DTD or entity declaration "
                        f"(possible entity-expansion attack) in {info.filename}",
                        file=file,
                    ) from None
                except ParseError as exc:
                    raise InputError(
                        f"not a valid .xlsx file: malformed XML in {info.filename} ({exc})",
                        file=file,
                    ) from None
            return _first_sheet_name(archive, file)
    except InputError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError) as exc:
        raise InputError(f"not a valid .xlsx (zip) file ({exc})", file=file) from None
    except (RuntimeError, NotImplementedError) as exc:  # encrypted or unsupported members
        raise InputError(f"cannot read the .xlsx archive ({exc})", file=file) from None
    except (ParseError, ValueError) as exc:
        raise InputError(f"not a valid .xlsx file: {exc}", file=file) from None


def _xlsx_cells(
    path: Path, sheet_name: str, file: str
) -> tuple[list[Any] | None, list[Sequence[Any]]]:
    """Header cells (None when the sheet is empty) and record rows of the first sheet."""
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
            try:
                sheet = workbook[sheet_name]
                sheet.reset_dimensions()
                cells = sheet.iter_rows(values_only=True)
                header = next(cells, None)
                records = list(cells)
            finally:
                workbook.close()
    except InputError:
        raise
    except KeyError as exc:
        raise InputError(
            f"the spreadsheet's first sheet is missing from the file ({exc})", file=file
        ) from None
    except Exception as exc:  # openpyxl raises many kinds on a malformed workbook
        raise InputError(
            f"cannot read the spreadsheet: {type(exc).__name__}: {exc}", file=file
        ) from None
    return (list(header) if header is not None else None), records


def _read_xlsx(path: Path, schema: TableSchema, file: str) -> _Raw:
    sheet_name = _check_xlsx_archive(path, file)
    header, records = _xlsx_cells(path, sheet_name, file)
    if header is None or all(v is None or not str(v).strip() for v in header):
        if header is None and not records:
            if schema.optional:
                return _empty_raw(schema, header_row=1)
            raise InputError("the first sheet is empty: no header in row 1", file=file, row=1)
        raise InputError(
            "row 1 of the first sheet is empty; the header must be in row 1", file=file, row=1
        )
    names = ["" if v is None else _native_text(v).strip() for v in header]
    width = len(names)
    columns = []
    for j in range(width):
        column = np.empty(len(records), dtype=object)
        column[:] = [row[j] if j < len(row) else None for row in records]
        columns.append(column)
    rows = np.arange(2, len(records) + 2, dtype="int64")
    return _Raw(names, columns, rows, native=True, header_row=1)


# --------------------------------------------------------------------------------------------
# GeoJSON
# --------------------------------------------------------------------------------------------


def _geometry_error(message: str, file: str, row: int) -> InputError:
    return InputError(f"malformed geometry: {message}", file=file, row=row, column="geometry")


def _ring_area_m2(ring: object, geod: Any, file: str, row: int) -> float:
    if not isinstance(ring, list) or len(ring) < 4:
        raise _geometry_error("a linear ring needs at least 4 positions", file, row)
    lons: list[float] = []
    lats: list[float] = []
    for position in ring:
        if (
            not isinstance(position, list | tuple)
            or len(position) < 2
            or not all(
                isinstance(c, int | float) and not isinstance(c, bool) and math.isfinite(c)
                for c in position[:2]
            )
        ):
            raise _geometry_error(f"invalid position {_shown(position)}", file, row)
        lon, lat = float(position[0]), float(position[1])
        if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
            raise InputError(
                f"coordinates ({lon}, {lat}) are not WGS84 longitude/latitude degrees; "
                "GeoJSON must use EPSG:4326 (RFC 7946)",
                file=file,
                row=row,
                column="geometry",
            )
        lons.append(lon)
        lats.append(lat)
    if (lons[0], lats[0]) != (lons[-1], lats[-1]):
        raise _geometry_error(
            "a linear ring is not closed (first and last positions differ)", file, row
        )
    area, _ = geod.polygon_area_perimeter(lons, lats)
    return abs(float(area))


def _polygon_area_m2(rings: object, geod: Any, file: str, row: int) -> float:
    if not isinstance(rings, list) or not rings:
        raise _geometry_error("a Polygon needs a list of linear rings", file, row)
    areas = [_ring_area_m2(ring, geod, file, row) for ring in rings]
    area = areas[0] - sum(areas[1:])
    if area < 0:
        raise _geometry_error("the holes of a polygon are larger than its exterior", file, row)
    return area


def _geometry_area_ha(geometry: object, geod: Any, file: str, row: int) -> float | None:
    """Geodesic area (WGS84 ellipsoid) of a (Multi)Polygon in hectares; None for others."""
    if geometry is None:
        return None
    if not isinstance(geometry, dict) or not isinstance(geometry.get("type"), str):
        raise _geometry_error("expected an object with a 'type'", file, row)
    kind = geometry["type"]
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        return _polygon_area_m2(coordinates, geod, file, row) / 1e4
    if kind == "MultiPolygon":
        if not isinstance(coordinates, list):
            raise _geometry_error("a MultiPolygon needs a list of polygons", file, row)
        return sum(_polygon_area_m2(p, geod, file, row) for p in coordinates) / 1e4
    return None


def _crs_name(document: dict[str, Any]) -> str | None:
    crs = document.get("crs")
    if not isinstance(crs, dict):
        return None
    properties = crs.get("properties")
    name = properties.get("name") if isinstance(properties, dict) else None
    return str(name) if name is not None else json.dumps(crs)


def _read_geojson(data: bytes, schema: TableSchema, file: str) -> _Raw:
    _check_encoding(data, file)
    if not data.strip():
        if schema.optional:
            return _empty_raw(schema, header_row=None)
        raise InputError("the file is empty", file=file)
    try:
        document = json.loads(data)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", file=file
        ) from None
    except RecursionError:
        raise InputError("malformed JSON: nested too deeply", file=file) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        got = document.get("type") if isinstance(document, dict) else type(document).__name__
        raise InputError(f"expected a GeoJSON FeatureCollection, got {_shown(got)}", file=file)
    features = document.get("features")
    if not isinstance(features, list):
        raise InputError("a FeatureCollection needs a 'features' list", file=file)
    n = len(features)
    if n == 0:
        raw = _empty_raw(schema, header_row=None)
        if "area_ha" in schema.columns:
            raw.extra = {AREA_SOURCE_COLUMN: np.empty(0, dtype=object)}
        return raw
    columns: dict[str, np.ndarray] = {}
    for index, feature in enumerate(features):
        row = index + 2
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise InputError("expected a GeoJSON Feature object", file=file, row=row)
        properties = feature.get("properties")
        if properties is None:
            continue
        if not isinstance(properties, dict):
            raise InputError("'properties' must be an object", file=file, row=row)
        seen: set[str] = set()
        for key, value in properties.items():
            name = str(key).strip()
            if name in seen and name:
                raise InputError(
                    f"duplicated property name {name!r}", file=file, row=row, column=name
                )
            seen.add(name)
            if name not in columns:
                columns[name] = np.full(n, None, dtype=object)
            columns[name][index] = value
    extra: dict[str, pd.Series | np.ndarray] | None = None
    if "area_ha" in schema.columns:
        area, source = _derive_areas(document, features, columns.get("area_ha"), file)
        columns["area_ha"] = area
        extra = {AREA_SOURCE_COLUMN: source}
    rows = np.arange(2, n + 2, dtype="int64")
    names = list(columns)
    return _Raw(names, [columns[k] for k in names], rows, True, None, extra)


def _derive_areas(
    document: dict[str, Any], features: list[Any], given: np.ndarray | None, file: str
) -> tuple[np.ndarray, np.ndarray]:
    """area_ha per feature (attribute, else geometry) and where each value came from."""
    n = len(features)
    area = np.full(n, None, dtype=object) if given is None else given.copy()
    source = np.full(n, None, dtype=object)
    missing = _native_is_empty(area)
    source[~missing] = "attribute"
    if not missing.any():
        return area, source
    from pyproj import Geod

    geod = Geod(ellps="WGS84")
    crs = _crs_name(document)
    for index in np.flatnonzero(missing):
        row = int(index) + 2
        area[index] = None
        geometry = features[index].get("geometry")
        if geometry is None:
            continue
        if crs is not None and crs.lower() not in _WGS84_CRS_NAMES:
            raise InputError(
                f"area_ha cannot be derived from the geometry: the file declares CRS {crs!r}; "
                "GeoJSON coordinates must be WGS84 longitude/latitude (EPSG:4326)",
                file=file,
                row=row,
                column="area_ha",
            )
        hectares = _geometry_area_ha(geometry, geod, file, row)
        if hectares is not None:
            area[index] = hectares
            source[index] = "geometry"
    return area, source


# --------------------------------------------------------------------------------------------
# Public entry points
# --------------------------------------------------------------------------------------------


def read_table(project_dir: Path, project: Project, schema: TableSchema) -> LoadedTable | None:
    """Read one table of the project folder and coerce it to its schema.

    Parameters
    ----------
    project_dir : Path
        The project folder.
    project : Project
        The project definition (``project.tables`` may override the file name).
    schema : TableSchema
        The table's schema.

    Returns
    -------
    LoadedTable or None
        None when an optional table has no file.

    Raises
    ------
    InputError
        The file cannot be located, read or coerced (see the module docstring).
    """
    located = _locate(project_dir, project, schema.name)
    if located is None:
        return None
    path, file = located
    started = time.perf_counter()
    suffix = PurePosixPath(file).suffix.lower()
    if suffix == ".xlsx":
        size = _check_size(path, file, MAX_XLSX_BYTES, ".xlsx")
        digest = sha256_file(path)
        raw = _read_xlsx(path, schema, file)
    elif suffix in (".csv", ".geojson"):
        _check_size(path, file, MAX_FILE_BYTES, suffix)
        data = path.read_bytes()
        size = len(data)
        digest = hashlib.sha256(data).hexdigest()
        if suffix == ".csv":
            raw = _read_csv(data, schema, file)
        else:
            raw = _read_geojson(data, schema, file)
        del data
    else:
        raise InputError(f"unsupported file type {suffix!r}", file=file)
    frame = _frame(schema, raw, file)
    logger.debug("read %s: %d rows in %.2f s", file, len(frame), time.perf_counter() - started)
    return LoadedTable(
        name=schema.name,
        file=file,
        path=path,
        sha256=digest,
        size_bytes=size,
        rows=len(frame),
        frame=frame,
    )


def load_tables(project_dir: Path, project: Project) -> dict[str, LoadedTable]:
    """Read every table of :data:`~redd_audit.tables.schemas.SCHEMAS` that is present.

    Required tables must be present; optional ones are left out when absent. The result keeps
    the order of ``SCHEMAS``.

    Raises
    ------
    InputError
        A ``tables`` setting names an unknown table, or a table cannot be read.
    """
    _check_overrides(project)
    tables: dict[str, LoadedTable] = {}
    for index, schema in enumerate(SCHEMAS.values()):
        progress.report("collect", index / len(SCHEMAS), schema.name)
        loaded = read_table(project_dir, project, schema)
        if loaded is not None:
            tables[schema.name] = loaded
    return tables
