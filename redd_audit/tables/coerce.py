"""Coercion of a raw table's cells to the schema kinds (contract.md section 2.2).

``str`` -> pandas ``"string"`` (stripped, empty -> ``<NA>``), ``float`` -> ``float64`` (empty
-> NaN), ``int`` -> ``Int64``, ``date`` -> ``datetime64[ns]`` at midnight (ISO ``YYYY-MM-DD``
text, or real spreadsheet dates). Every value that cannot be coerced is a
:class:`~redd_audit.tables.raw.Problem` naming its row, record and column; the caller refuses
the file listing them all (up to a cap).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from redd_audit.tables.raw import (
    MAX_LISTED,
    Problem,
    Problems,
    native_is_empty,
    native_text,
    normalise_text,
    shown,
)
from redd_audit.tables.schemas import ColumnKind

_ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_DECIMAL_COMMA = re.compile(r"[+-]?[0-9]+(\.[0-9]{3})*,[0-9]+")
#: Datetime64[ns] covers 1677-09-21 to 2262-04-11; whole years inside that range are accepted.
FIRST_DATE = pd.Timestamp("1678-01-01")
LAST_DATE = pd.Timestamp("2261-12-31")

#: index of a record -> its label, e.g. ``event_id=E-1`` (None when it has no id)
RecordLabel = Callable[[int], "str | None"]


class Column:
    """One schema column being coerced: text part (Series) plus, for native cells, numbers."""

    def __init__(
        self,
        name: str,
        text: pd.Series,
        numbers: np.ndarray | None,
        rows: np.ndarray,
        label: RecordLabel,
    ) -> None:
        self.name = name
        self.text = text
        self.numbers = numbers
        self.rows = rows
        self.label = label

    def shown(self, index: int) -> str:
        value = self.text.iloc[index]
        if value is pd.NA and self.numbers is not None:
            return shown(float(self.numbers[index]))
        return shown(value)

    def report(self, bad: np.ndarray, message: Callable[[int], str], problems: Problems) -> None:
        """Add one problem per bad cell (messages built only for those listed)."""
        hits = np.flatnonzero(bad)
        for k, index in enumerate(hits):
            if len(problems.items) >= MAX_LISTED:
                problems.add(Problem(None, self.name, ""), count=len(hits) - k)
                return
            i = int(index)
            problems.add(Problem(int(self.rows[i]), self.name, message(i), self.label(i)))


def native_for_kind(values: np.ndarray, kind: ColumnKind) -> tuple[pd.Series, np.ndarray | None]:
    """Split native cells into text (coerced like CSV text) and, for numbers, float values."""
    n = len(values)
    text: list[str | None] = [None] * n
    if kind in ("float", "int"):
        numbers = np.full(n, np.nan)
        for i, v in enumerate(values):
            if v is None or isinstance(v, bool):
                text[i] = None if v is None else native_text(v)
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
                text[i] = v if isinstance(v, str) else native_text(v)
        return normalise_text(pd.Series(text, dtype="string")), numbers
    for i, v in enumerate(values):
        if v is None or isinstance(v, str):
            text[i] = v
        elif kind == "date" and isinstance(v, dt.date):  # datetimes too: the date part
            text[i] = (v.date() if isinstance(v, dt.datetime) else v).isoformat()
        else:
            text[i] = native_text(v)
    return normalise_text(pd.Series(text, dtype="string")), None


def number_message(kind: ColumnKind, shown_value: str, raw: object) -> str:
    expected = "a whole number" if kind == "int" else "a number"
    message = f"expected {expected}, got {shown_value}"
    if isinstance(raw, str):
        if _DECIMAL_COMMA.fullmatch(raw):
            return f"{message}: it looks like a decimal comma; the decimal separator must be '.'"
        if raw.lower().lstrip("+-") in {"inf", "infinity"}:
            return f"expected a finite number, got {shown_value}"
    return message


def coerce_numbers(column: Column, kind: ColumnKind, problems: Problems) -> np.ndarray:
    text = column.text
    present = text.notna().to_numpy()
    if present.any():
        parsed = pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    else:
        parsed = np.full(len(text), np.nan)
    bad = present & ~np.isfinite(parsed)
    column.report(bad, lambda i: number_message(kind, column.shown(i), text.iloc[i]), problems)
    values = parsed if column.numbers is None else np.where(present, parsed, column.numbers)
    values = np.where(bad, np.nan, values)
    if kind == "int":
        finite = np.isfinite(values)
        with np.errstate(invalid="ignore"):
            fractional = finite & (values != np.trunc(values))
            too_big = finite & (np.abs(values) >= 2.0**63)

        def message(i: int) -> str:
            what = "a whole number" if fractional[i] else "a whole number within ±2^63"
            return f"expected {what}, got {column.shown(i)}"

        column.report(fractional | too_big, message, problems)
        values = np.where(fractional | too_big, np.nan, values)
    return values


def coerce_dates(column: Column, problems: Problems) -> np.ndarray:
    text = column.text
    present = text.notna().to_numpy()
    if not present.any():
        return np.full(len(text), np.datetime64("NaT"), dtype="datetime64[ns]")
    shaped = text.str.fullmatch(_ISO_DATE).fillna(False).to_numpy(dtype=bool)
    parsed = pd.to_datetime(text.where(shaped), format="%Y-%m-%d", errors="coerce")
    parsed_ok = parsed.notna().to_numpy()
    in_range = parsed_ok & ((parsed >= FIRST_DATE) & (parsed <= LAST_DATE)).to_numpy(bool)
    bad = present & ~in_range

    def message(i: int) -> str:
        text_i = f"expected an ISO date YYYY-MM-DD, got {column.shown(i)}"
        if shaped[i] and not parsed_ok[i]:
            return text_i + " (not a calendar date)"
        if parsed_ok[i]:
            span = f"{FIRST_DATE.date()} to {LAST_DATE.date()}"
            return text_i + f" (outside the supported range {span})"
        if re.fullmatch(r"[0-9]+(\.[0-9]+)?", str(text.iloc[i])):
            return text_i + " (a number; in a spreadsheet, format the cell as a date)"
        return text_i

    column.report(bad, message, problems)
    values = parsed.to_numpy(dtype="datetime64[ns]")
    values[bad] = np.datetime64("NaT")
    return values


def coerce(
    name: str,
    kind: ColumnKind,
    values: Any,
    native: bool,
    rows: np.ndarray,
    label: RecordLabel,
    problems: Problems,
) -> Any:
    """One schema column coerced to its kind; unreadable cells are added to ``problems``."""
    if native:
        text, numbers = native_for_kind(values, kind)
    else:
        text, numbers = values, None
    if kind == "str":
        return text
    column = Column(name, text, numbers, rows, label)
    if kind == "date":
        return coerce_dates(column, problems)
    numbers_out = coerce_numbers(column, kind, problems)
    if kind == "int":
        return pd.array(numbers_out, dtype="Float64").astype("Int64")
    return numbers_out


def record_labeller(
    id_columns: tuple[str, ...], by_name: dict[str, Any], native: bool
) -> RecordLabel:
    """A function: record index -> ``event_id=E-1`` (id columns as written in the file)."""
    present = [c for c in id_columns if c in by_name]

    def text_at(column: str, index: int) -> str | None:
        value = by_name[column][index] if native else by_name[column].iloc[index]
        if value is None or value is pd.NA:
            return None
        if native:
            value = native_text(value)
        value = str(value).strip()
        return value or None

    def label(index: int) -> str | None:
        parts = []
        for column in present:
            value = text_at(column, index)
            if value is not None:
                parts.append(f"{column}={shown(value)[1:-1]}")
        return ", ".join(parts) or None

    return label


def empty_records(by_name: dict[str, Any], native: bool, n: int) -> np.ndarray:
    """Records whose every cell is empty."""
    empty = np.ones(n, dtype=bool)
    for values in by_name.values():
        empty &= native_is_empty(values) if native else values.isna().to_numpy()
    return empty
