"""The draws table of ``deduct``: CSV (UTF-8, header, BOM accepted), XLSX (first sheet) or
Parquet, checked as contract 7.7 asks of ``simulation_draws``.

Rows are numbered as a spreadsheet shows them: the header is row 1, the first draw row 2 (for
Parquet too). The draws are put in the order of their ids (the running means of the
convergence check follow it). Every column other than the draw column whose values are
numbers is a series; a column with no number at all (a label column) is not a series and is
listed as ignored; a column mixing numbers with anything else (text, an empty cell, NaN, ±inf)
is refused naming the first bad row and the column.
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from redd_audit.errors import InputError

UTF8_BOM = b"\xef\xbb\xbf"
FIRST_DATA_ROW = 2


@dataclass(frozen=True)
class DrawsTable:
    """The checked table: draw ids and one float64 array per series, in file order."""

    file: str
    sha256: str
    size_bytes: int
    draw_column: str
    draws: NDArray[np.int64]
    series: dict[str, NDArray[np.float64]]
    ignored_columns: tuple[str, ...]
    bom: bool = False

    @property
    def rows(self) -> int:
        return int(self.draws.size)

    @property
    def columns(self) -> list[str]:
        return [self.draw_column, *self.series]


def _number(value: object) -> float | None:
    """The cell as a float, or None when it is not a number (text, empty, boolean)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float | np.integer | np.floating):
        return float(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            return float(text)
        except ValueError:
            return None
    return None


def _csv_cells(data: bytes, file: str) -> tuple[list[str], list[list[object]]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"not UTF-8 text (byte {exc.start}); save it as UTF-8", file=file
        ) from None
    records = list(csv.reader(io.StringIO(text, newline="")))
    records = [r for r in records if any(cell.strip() for cell in r)]
    if not records:
        raise InputError("the file is empty: a header row and draws are needed", file=file)
    header = [h.strip() for h in records[0]]
    rows: list[list[object]] = []
    for i, record in enumerate(records[1:]):
        if len(record) != len(header):
            raise InputError(
                f"{len(record)} fields where the header has {len(header)}",
                file=file,
                row=i + FIRST_DATA_ROW,
            )
        rows.append(list(record))
    return header, rows


def _xlsx_cells(path: Path, file: str) -> tuple[list[str], list[list[object]]]:
    import pandas as pd

    from redd_audit.tables.xlsx_archive import check_archive

    _, uncached, _ = check_archive(path, file)
    if uncached:
        raise InputError(
            f"formula cells without a cached value ({', '.join(uncached[:5])}): open and save "
            "the file in a spreadsheet, or paste values",
            file=file,
        )
    try:
        frame = pd.read_excel(path, sheet_name=0, header=None, dtype=object, engine="openpyxl")
    except Exception as exc:  # openpyxl raises many kinds on a malformed workbook
        raise InputError(f"cannot read the spreadsheet ({exc})", file=file) from None
    values = [[None if _missing(v) else v for v in row] for row in frame.itertuples(index=False)]
    values = [r for r in values if any(v is not None for v in r)]
    if not values:
        raise InputError("the first sheet is empty: a header row and draws are needed", file=file)
    header = ["" if v is None else str(v).strip() for v in values[0]]
    return header, values[1:]


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _parquet_columns(path: Path, file: str) -> tuple[list[str], list[list[object]]]:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises ArrowInvalid, OSError, ...
        raise InputError(f"not a readable Parquet file ({exc})", file=file) from None
    header = [str(n) for n in table.column_names]
    columns = [table.column(i).to_pylist() for i in range(table.num_columns)]
    return header, [list(r) for r in zip(*columns, strict=True)] if columns else []


def _draw_ids(values: Sequence[object], column: str, file: str) -> NDArray[np.int64]:
    ids: list[int] = []
    seen: dict[int, int] = {}
    for i, value in enumerate(values):
        row = i + FIRST_DATA_ROW
        number = _number(value)
        if number is None or not math.isfinite(number) or not number.is_integer():
            raise InputError(
                f"draw id {value!r} is not an integer", file=file, row=row, column=column
            )
        draw = int(number)
        if draw in seen:
            raise InputError(
                f"draw id {draw} is repeated (first at row {seen[draw]})",
                file=file,
                row=row,
                column=column,
            )
        seen[draw] = row
        ids.append(draw)
    return np.asarray(ids, dtype=np.int64)


def _series(values: Sequence[object], column: str, file: str) -> NDArray[np.float64] | None:
    """The column as floats; None when it holds no number at all (not a series)."""
    try:  # the common case at numpy's speed; the loop below names the first bad cell
        quick = np.asarray(values, dtype=float)
        if np.all(np.isfinite(quick)) and not any(isinstance(v, bool) for v in values):
            return quick
    except (TypeError, ValueError):
        pass
    numbers = [_number(v) for v in values]
    if all(n is None for n in numbers):
        return None
    for i, (value, number) in enumerate(zip(values, numbers, strict=True)):
        if number is None or not math.isfinite(number):
            shown = "an empty cell" if value is None or value == "" else f"{value!r}"
            raise InputError(
                f"{shown} is not a finite number", file=file, row=i + FIRST_DATA_ROW, column=column
            )
    return np.asarray(numbers, dtype=float)


def read_draws(path: Path, draw_column: str = "draw") -> DrawsTable:
    """Read and check a draws table; :class:`InputError` (exit 2) names file, row and column."""
    file = path.name
    if not path.is_file():
        raise InputError("no such file", file=str(path))
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    bom = data.startswith(UTF8_BOM)
    suffix = path.suffix.lower()
    text = data[len(UTF8_BOM) :] if bom else data
    if suffix in (".xlsx", ".xlsm"):
        header, rows = _xlsx_cells(path, file)
    elif suffix in (".parquet", ".pq"):
        header, rows = _parquet_columns(path, file)
    elif suffix in (".csv", ".txt"):
        header, rows = _csv_cells(text, file)
    else:
        raise InputError("unknown file type: use .csv, .xlsx or .parquet", file=file)
    header = [h.lstrip("\ufeff") for h in header]
    if draw_column not in header:
        raise InputError(
            f"no draw column {draw_column!r} (columns: {', '.join(header) or 'none'}); "
            "name it with --draw-column",
            file=file,
            row=1,
        )
    duplicates = sorted({h for h in header if h and header.count(h) > 1})
    if duplicates:
        raise InputError(f"repeated column names: {', '.join(duplicates)}", file=file, row=1)
    if len(rows) < 2:
        raise InputError(f"{len(rows)} draw row(s): at least 2 are needed", file=file)
    columns = {name: [r[i] for r in rows] for i, name in enumerate(header) if name}
    draws = _draw_ids(columns.pop(draw_column), draw_column, file)
    series: dict[str, NDArray[np.float64]] = {}
    ignored: list[str] = []
    for name, values in columns.items():
        parsed = _series(values, name, file)
        if parsed is None:
            ignored.append(name)
        else:
            series[name] = parsed
    if not series:
        raise InputError("no numeric column besides the draw column: nothing to deduct", file=file)
    order = np.argsort(draws, kind="stable")
    if np.any(np.diff(draws) < 0):  # running means follow the draw ids, not the file's order
        draws = draws[order]
        series = {name: values[order] for name, values in series.items()}
    return DrawsTable(
        file=file,
        sha256=digest,
        size_bytes=len(data),
        draw_column=draw_column,
        draws=draws,
        series=series,
        ignored_columns=tuple(ignored),
        bom=bom,
    )
