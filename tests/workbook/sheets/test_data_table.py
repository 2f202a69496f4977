"""redd_audit.workbook.sheets.data_table: lossless input-row sheets reconciled with the ledger."""

from __future__ import annotations

import pandas as pd
import pytest

from redd_audit.workbook.layout import NameRegistry, SheetBuilder
from redd_audit.workbook.model import DATE, Formula
from redd_audit.workbook.sheets.data_table import (
    EXCLUDED,
    LEDGER_HEADER_ROW,
    SPARE_ROWS,
    HelperColumn,
    RawColumn,
    _guarded,
    column_index,
    data_table_sheet,
    ledger_entry,
    with_extra_columns,
)
from tests.workbook.spec_helpers import all_text, cell, main_context, main_spec, names_on

RAW = (
    RawColumn("_row", "Row in file", "label"),
    RawColumn("event_id", "event_id", "input"),
    RawColumn("refused", "Refused", "input"),
)


def test_with_extra_columns_keeps_file_order_before_refused() -> None:
    frame = pd.DataFrame(
        {
            "event_id": ["a"],
            "latitude": [1.0],
            "seen": pd.to_datetime(["2020-01-01"]),
            "a_very_long_column_name_indeed": [1],
        }
    )
    cols = with_extra_columns(RAW, frame)
    assert [c.key for c in cols] == [
        "_row", "event_id", "latitude", "seen", "a_very_long_column_name_indeed", "refused",
    ]  # fmt: skip
    lat = cols[2]
    assert (lat.role, lat.minimum, lat.maximum, lat.width) == ("input", -90.0, 90.0, 10.0)
    assert cols[3].fmt == DATE and cols[4].width == 24.0


def test_guarded_helpers() -> None:
    assert _guarded("=YEAR(D{r})", "B") == '=IF(B{r}="",0,YEAR(D{r}))'
    assert _guarded("", "B") == ""


def test_events_sheet_layout() -> None:
    ctx = main_context()
    sheet = main_spec().sheet("Events")
    table = sheet.table
    assert table is not None and sheet.kind == "data"
    n = len(ctx.frames["deforestation_events"])
    assert table.header_row == LEDGER_HEADER_ROW
    assert (table.n_rows, table.blank_rows) == (n + SPARE_ROWS, SPARE_ROWS)
    headers = [c.header for c in table.columns]
    assert "Row ledger: status" in headers and "Row ledger: reason" in headers
    status = table.columns[headers.index("Row ledger: status")].values
    assert status is not None and set(status[:n]) <= {"used", EXCLUDED, "refused"}
    assert status[n:] == [None] * SPARE_ROWS
    refused = table.columns[headers.index("Refused by quality gate (1/0)")].values
    assert refused is not None and refused[n:] == [0] * SPARE_ROWS
    stratum = table.columns[headers.index("stratum_id")]
    assert stratum.allowed == ("TF", "VF")
    key = chr(64 + headers.index("event_id") + 1)  # the first column after the row number
    for helper in (c for c in table.columns if c.template):
        assert helper.template.startswith(f'=IF({key}{{r}}="",0,')  # type: ignore[union-attr]
    first, last = LEDGER_HEADER_ROW + 1, LEDGER_HEADER_ROW + n + SPARE_ROWS
    area = chr(64 + headers.index("area_ha (ha)") + 1)
    assert names_on(main_spec(), "Events")["Ev_Area_ha"] == f"${area}${first}:${area}${last}"
    assert sheet.freeze == f"A{first}"


def test_count_block_against_the_ledger() -> None:
    ctx = main_context()
    entry = ledger_entry(ctx, "deforestation_events")
    assert entry is not None
    sheet = main_spec().sheet("Events")
    assert cell(sheet, 3, 1).value == "Row ledger"  # type: ignore[union-attr]
    assert cell(sheet, 4, 3).value == entry.rows_read  # type: ignore[union-attr]
    assert cell(sheet, 5, 3).value == entry.used  # type: ignore[union-attr]
    assert cell(sheet, 6, 3).value == sum(entry.excluded.values())  # type: ignore[union-attr]
    assert cell(sheet, 7, 3).value == entry.refused  # type: ignore[union-attr]
    assert cell(sheet, 5, 2).value.text.startswith("=COUNTIF($")  # type: ignore[union-attr]
    assert cell(sheet, 7, 4).value == Formula("=B7=C7")  # type: ignore[union-attr]


def _sheet() -> SheetBuilder:
    return SheetBuilder("X", NameRegistry(), "t")


def test_missing_table_and_row_limit() -> None:
    ctx = main_context()
    sh = _sheet()
    result = data_table_sheet(sh, ctx, "no_such_table", RAW, (), {}, 100)
    assert (result.on_sheet, result.provided) == (False, False)
    assert sh.cells[(4, 1)].value == "Table 'no_such_table' was not provided (optional)."
    sh = _sheet()
    result = data_table_sheet(sh, ctx, "deforestation_events", RAW, (), {}, 2)
    assert not result.on_sheet and result.companion is not None
    assert "rows exceed the sheet limit of 2" in str(sh.cells[(4, 1)].value)
    assert result.companion.name in str(sh.cells[(4, 1)].value)


def test_listing_without_ledger_and_names() -> None:
    ctx = main_context()
    frame = pd.DataFrame({"_row": [3, 2], "event_id": ["b", "a"], "refused": [0, 0]})
    sh = _sheet()
    helper = HelperColumn("twice", "Twice", lambda L: f"={L['_row']}{{r}}*2")
    result = data_table_sheet(
        sh, ctx, "listing", RAW, (helper,), {"event_id": "X_Ids"}, 100, frame=frame, header_row=6
    )
    assert result.on_sheet and result.n_rows == 2
    table = sh.table
    assert table is not None and table.header_row == 6 and table.blank_rows == 0
    assert table.columns[1].values == ["a", "b"]  # sorted by file row
    assert table.columns[-1].template == "=A{r}*2"  # not guarded without spare rows
    assert sh.registry.names[0].ref == "$B$7:$B$8"
    assert sh.kind == "calculation" and sh.autofilter == "A6:D8"
    assert column_index(sh, "Twice") == 3
    with pytest.raises(StopIteration):
        column_index(sh, "nope")
    with pytest.raises(KeyError):
        column_index(_sheet(), "Twice")
    assert "Row ledger" not in all_text(sh.spec())
