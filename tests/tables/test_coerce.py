"""redd_audit.tables.coerce: text and native cells coerced to the schema kinds."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from redd_audit.errors import InputError
from redd_audit.tables.coerce import (
    coerce,
    empty_records,
    native_for_kind,
    number_message,
    record_labeller,
)
from redd_audit.tables.raw import Problems


def _text(*values: str | None) -> pd.Series:
    return pd.Series(list(values), dtype="string")


def _coerce(kind: str, values: object, native: bool = False):
    problems = Problems("t.csv")
    n = len(values)
    result = coerce("c", kind, values, native, np.arange(2, n + 2), lambda i: None, problems)
    return result, problems


def test_numbers_with_problems_named_by_row() -> None:
    values, problems = _coerce("float", _text("1.5", None, "1,5", "inf", "x"))
    assert values[0] == 1.5 and np.isnan(values[1:]).all()
    assert [(p.row, p.column) for p in problems.items] == [(4, "c"), (5, "c"), (6, "c")]
    assert "decimal comma" in problems.items[0].message
    assert problems.items[1].message == "expected a finite number, got 'inf'"


def test_whole_numbers() -> None:
    values, problems = _coerce("int", _text("3", "3.0", "3.5", "1e19"))
    assert str(values.dtype) == "Int64"
    assert values[:2].tolist() == [3, 3]
    assert [p.message for p in problems.items] == [
        "expected a whole number, got '3.5'",
        "expected a whole number within ±2^63, got '1e19'",
    ]


def test_dates_and_their_hints() -> None:
    values, problems = _coerce("date", _text("2021-05-01", "2021-02-30", "44197", "1500-01-01"))
    assert values[0] == np.datetime64("2021-05-01")
    messages = [p.message for p in problems.items]
    assert messages[0].endswith("(not a calendar date)")
    assert messages[1].endswith("(a number; in a spreadsheet, format the cell as a date)")
    assert "outside the supported range 1678-01-01 to 2261-12-31" in messages[2]
    with pytest.raises(InputError, match="3 value"):
        problems.raise_if_any()


def test_native_cells() -> None:
    cells = np.array([1, 2.5, None, True, "x", float("nan")], dtype=object)
    text, numbers = native_for_kind(cells, "float")
    assert numbers[:2].tolist() == [1.0, 2.5]
    assert text.tolist()[3:5] == ["TRUE", "x"] and text.tolist()[5] == "nan"
    dates, _ = native_for_kind(np.array([dt.datetime(2021, 5, 1, 13, 0)], dtype=object), "date")
    assert dates.tolist() == ["2021-05-01"]


def test_number_message_plain() -> None:
    assert number_message("int", "'x'", "x") == "expected a whole number, got 'x'"


def test_record_labels_and_empty_records() -> None:
    by_name = {"event_id": _text(" E-1 ", None), "zone": _text("a", None)}
    label = record_labeller(("event_id",), by_name, native=False)
    assert label(0) == "event_id=E-1" and label(1) is None
    assert empty_records(by_name, native=False, n=2).tolist() == [False, True]
