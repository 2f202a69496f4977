"""CSV tables: comma-separated, UTF-8 (with or without BOM), header on line 1.

Parsed with pyarrow as text (every column a string; coercion follows in
:mod:`redd_audit.tables.coerce`); an odd file that pyarrow refuses falls back to pandas' C
engine. A line with the wrong number of values is refused naming the first such line.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pa_csv

from redd_audit.errors import InputError
from redd_audit.tables.raw import Raw, check_width, empty_raw, normalise_text, shown
from redd_audit.tables.schemas import TableSchema
from redd_audit.tables.text_files import (
    bare_cr_line,
    check_encoding,
    check_line_endings,
    strip_bom,
)

logger = logging.getLogger(__name__)

_CHUNK_BYTES = 1024**2
_LINE_NUMBER = re.compile(r"line (\d+)")


def _bare_cr_error(data: bytes, file: str) -> InputError:
    line = bare_cr_line(data)
    return InputError(
        "a line ends with a bare carriage return (CR, a classic Mac line ending)"
        + (f" on line {line}" if line else "")
        + "; save the file with LF or CRLF line endings",
        file=file,
        row=line,
    )


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
        if "new-line" in str(exc):
            raise _bare_cr_error(data, file) from None
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


def pyarrow_csv(data: bytes, count: int, handler: Callable[[Any], str], threads: bool) -> pa.Table:
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
    where = f" on line {line}" if line is not None else f" in the line {shown(text)}"
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
        table = pyarrow_csv(data, count, collect, threads=True)
        if invalid:
            invalid.clear()  # the first one in file order: parse again on one thread
            pyarrow_csv(data, count, collect, threads=False)
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
        if "new-line" in str(exc):
            raise _bare_cr_error(data, file) from None
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


def read_csv(data: bytes, schema: TableSchema, file: str) -> Raw:
    """The file's bytes as a raw table (text columns); ``notes['bom']`` when it had a BOM."""
    data, bom = strip_bom(data)
    check_encoding(data, file)
    if not data.strip():
        if schema.optional:
            raw = empty_raw(list(schema.columns), header_row=1)
            raw.notes["bom"] = bom
            return raw
        raise InputError("the file is empty: no header line", file=file, row=1)
    check_line_endings(data, file)
    names = _csv_header(data, file)
    check_width(len(names), file)
    if not data.endswith((b"\n", b"\r")):
        data += b"\n"
    columns = [normalise_text(c) for c in _csv_columns(data, len(names), file)]
    rows = np.arange(2, len(columns[0]) + 2 if columns else 2, dtype="int64")
    return Raw(names, columns, rows, native=False, header_row=1, notes={"bom": bom})
