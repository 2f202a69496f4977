"""redd_audit.workbook.sheets.data_columns: the rows of a table refused by the quality gate."""

from __future__ import annotations

import dataclasses

import pandas as pd

from redd_audit.findings import Finding
from redd_audit.workbook.sheets.data_columns import RawColumn, refused_flags, refused_rows
from tests.workbook.spec_helpers import main_context


def _finding(severity: str, file: str, row: int | None) -> Finding:
    return Finding(severity, file, row, None, "area_ha", "-1", "check", "expected", "message")


def test_refused_rows_only_errors_of_the_tables_file() -> None:
    ctx = main_context()
    file = next(i.file for i in ctx.inputs if i.table == "deforestation_events")
    ctx = dataclasses.replace(
        ctx,
        findings=[
            _finding("error", file, 5),
            _finding("warning", file, 6),
            _finding("error", file, None),
            _finding("error", "other.csv", 7),
        ],
    )
    assert refused_rows(ctx, "deforestation_events") == {5}
    frame = pd.DataFrame({"_row": [4, 5, 6]})
    assert refused_flags(ctx, "deforestation_events", frame) == [0, 1, 0]
    assert refused_flags(ctx, "deforestation_events", pd.DataFrame({"x": [1, 2]})) == [0, 0]
    assert refused_flags(ctx, "fire_events", frame) == [0, 0, 0]


def test_raw_column_defaults() -> None:
    column = RawColumn("area_ha", "Area (ha)", "input")
    assert column.width == 12.0 and column.fmt is None and column.allowed is None
