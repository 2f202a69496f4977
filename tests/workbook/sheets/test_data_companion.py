"""redd_audit.workbook.sheets.data_companion: deterministic, neutralised companion CSV files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

import pandas as pd

from redd_audit.workbook.sheets.data_columns import RawColumn
from redd_audit.workbook.sheets.data_companion import (
    _csv_column,
    _csv_text,
    companion_csv,
    file_stem,
)
from tests.workbook.spec_helpers import main_context


def test_csv_text() -> None:
    assert _csv_text(None) == "" and _csv_text(float("nan")) == ""
    assert _csv_text(True) == "true" and _csv_text(0.1) == "0.1"
    assert _csv_text(dt.date(2020, 1, 2)) == "2020-01-02"
    assert _csv_text(7) == "7" and _csv_text("x") == "x"


def test_csv_column_vectorised_dtypes() -> None:
    frame = pd.DataFrame(
        {
            "d": pd.to_datetime(["2020-01-02", None]),
            "f": [0.1, float("inf")],
            "i": pd.array([3, None], dtype="Int64"),
            "b": [True, False],
            "s": pd.array(["a", None], dtype="string"),
            "o": [dt.date(2021, 5, 6), None],
        }
    )
    assert _csv_column(frame, "d") == ["2020-01-02", ""]
    assert _csv_column(frame, "f") == ["0.1", ""]
    assert _csv_column(frame, "i") == ["3", ""]
    assert _csv_column(frame, "b") == ["true", "false"]
    assert _csv_column(frame, "s") == ["a", ""]
    assert _csv_column(frame, "o") == ["2021-05-06", ""]
    assert _csv_column(frame, "missing") == ["", ""]


def test_file_stem_replaces_unsafe_characters() -> None:
    ctx = main_context()
    assert file_stem(ctx) == "TEST-1_2019-07-01_2020-12-31"
    odd = dataclasses.replace(ctx, project=ctx.project.model_copy(update={"id": "A/B C"}))
    assert file_stem(odd) == "A_B_C_2019-07-01_2020-12-31"


def test_companion_csv_bytes() -> None:
    ctx = main_context()
    frame = pd.DataFrame(
        {"_row": [2, 3], "event_id": ["=HYPERLINK(1)", "E-2"], "area_ha": [-1.5, 2.0]}
    )
    raw = (
        RawColumn("_row", "Row", "label"),
        RawColumn("event_id", "event_id", "input"),
        RawColumn("area_ha", "area", "input"),
        RawColumn("refused", "Refused", "input"),
    )
    companion = companion_csv(ctx, "events_x", raw, frame, flags=[0, 1])
    assert companion.content == (
        b"_row,event_id,area_ha,refused\n2,'=HYPERLINK(1),-1.5,0\n3,E-2,2.0,1\n"
    )
    assert companion.sha256 == hashlib.sha256(companion.content).hexdigest()
    assert companion.name == "TEST-1_2019-07-01_2020-12-31_events_x.csv"
    assert (companion.rows, companion.table) == (2, "events_x")
    assert companion.description == "all 2 rows of events_x (too many for a sheet)"
    plain = companion_csv(ctx, "events_x", raw[:2], frame)
    assert plain.content.splitlines()[0] == b"_row,event_id"
