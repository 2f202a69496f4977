"""What every format reader hands to the common coercion, and the text helpers they share.

A reader returns a :class:`Raw` table: column names as found in the header, the columns' cells
(CSV: pandas "string" Series, stripped, empty -> NA; XLSX/GeoJSON: object arrays of native
cell/property values) and each record's row number as a spreadsheet shows it. Problems that
concern many records are gathered in a :class:`Problems` list so that one refusal names them
all (up to :data:`MAX_LISTED`), not only the first.
"""

from __future__ import annotations

import datetime as dt
import json
import unicodedata
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from redd_audit.errors import InputError

#: Most problems listed in one refusal; the message gives the total beyond it.
MAX_LISTED = 50
#: Most columns a table may have (the header's cells, named or not); Excel's sheet holds 16,384.
MAX_COLUMNS = 1000
_MAX_SHOWN = 60


@dataclass
class Raw:
    """Columns as read: ``names[i]`` labels ``columns[i]``; blank names are dropped later.

    ``native`` is False for CSV (``columns`` are pandas "string" Series, stripped, empty ->
    NA) and True for XLSX/GeoJSON (``columns`` are object arrays of cell/property values).
    ``drop_empty`` says whether records whose every cell is empty are dropped (blank lines of
    a CSV, empty spreadsheet rows); a GeoJSON feature is always a record.
    """

    names: list[str]
    columns: list[Any]
    rows: np.ndarray
    native: bool
    header_row: int | None
    extra: dict[str, pd.Series | np.ndarray] | None = None
    drop_empty: bool = True
    #: provenance noted by the reader (e.g. ``bom``, ``formula_cells``)
    notes: dict[str, Any] = field(default_factory=dict)


def empty_raw(names: list[str], header_row: int | None) -> Raw:
    columns = [pd.Series([], dtype="string") for _ in names]
    return Raw(list(names), columns, np.zeros(0, dtype="int64"), False, header_row)


def check_width(count: int, file: str, header_row: int | None = 1) -> None:
    """Refuse a header of more than :data:`MAX_COLUMNS` cells before the columns are parsed."""
    if count > MAX_COLUMNS:
        raise InputError(
            f"the header has {count:,} columns; at most {MAX_COLUMNS:,} are read "
            "(a table of this tool has a few dozen: is this the right file?)",
            file=file,
            row=header_row,
        )


def invisible_characters(text: str) -> list[str]:
    """Control and format characters (Unicode Cc, Cf) of ``text``, as ``U+200B`` labels."""
    found: list[str] = []
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf"):
            label = f"U+{ord(char):04X}"
            name = unicodedata.name(char, "")
            if label not in (f.split(" ")[0] for f in found):
                found.append(f"{label} ({name})" if name else label)
    return found


def visible(text: str) -> str:
    """``text`` quoted, with control and format characters written as escapes (``\\u200b``).

    Safe to print on a terminal: an escape sequence in an input cannot act on the screen.
    """
    out = []
    for char in text:
        if unicodedata.category(char) in ("Cc", "Cf") or char == "\\":
            if char == "\\":
                out.append("\\\\")
            elif ord(char) <= 0xFF:
                out.append(f"\\x{ord(char):02x}")
            else:
                out.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
        else:
            out.append(char)
    return "'" + "".join(out).replace("'", "\\'") + "'"


def shown(value: object) -> str:
    """A cell value as the user would read it, shortened and with invisibles made visible."""
    text = value if isinstance(value, str) else native_text(value)
    if len(text) > _MAX_SHOWN:
        text = text[: _MAX_SHOWN - 3] + "..."
    return visible(text)


def native_text(value: object) -> str:
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


def normalise_text(series: pd.Series) -> pd.Series:
    """Strip surrounding whitespace and turn empty strings into <NA> (pandas "string")."""
    text = series if isinstance(series.dtype, pd.StringDtype) else series.astype("string")
    text = text.str.strip()
    return text.mask(text == "")


def native_is_empty(values: np.ndarray) -> np.ndarray:
    return np.fromiter(
        (v is None or (isinstance(v, str) and not v.strip()) for v in values),
        dtype=bool,
        count=len(values),
    )


def native_clean(values: np.ndarray) -> np.ndarray:
    """Cells as read, with strings stripped and empty strings as None (extra columns)."""
    out = np.empty(len(values), dtype=object)
    for i, v in enumerate(values):
        out[i] = (v.strip() or None) if isinstance(v, str) else v
    return out


@dataclass
class Problem:
    row: int | None
    column: str | None
    message: str
    record: str | None = None

    def line(self) -> str:
        parts = [f"row {self.row}"] if self.row is not None else []
        if self.record:
            parts.append(self.record)
        if self.column:
            parts.append(f"column '{self.column}'")
        return f"{', '.join(parts)}: {self.message}" if parts else self.message


class Problems:
    """Problems of one file, gathered so that one refusal lists them all (up to a cap)."""

    def __init__(self, file: str, what: str = "value(s) cannot be read") -> None:
        self.file = file
        self.what = what
        self.items: list[Problem] = []
        self.total = 0

    def add(self, problem: Problem, count: int = 1) -> None:
        """Record a problem; ``count`` > 1 when it stands for more occurrences not listed."""
        self.total += count
        if len(self.items) < MAX_LISTED:
            self.items.append(problem)

    def raise_if_any(self) -> None:
        """Raise one InputError: a single problem as before, several as a list."""
        if not self.items:
            return
        first = self.items[0]
        if self.total == 1:
            raise InputError(
                first.message,
                file=self.file,
                row=first.row,
                column=first.column,
                record=first.record,
            )
        listed = len(self.items)
        more = f"; the first {listed} are listed" if self.total > listed else ""
        raise InputError(
            f"{self.total} {self.what}{more} (fix them all before the next run)",
            file=self.file,
            row=first.row,
            column=first.column,
            record=first.record,
            details=[p.line() for p in self.items],
        )
