"""redd_audit.workbook.sheets.change_log: differences to the previous period's summary."""

from __future__ import annotations

import dataclasses

from redd_audit.workbook.book import Book
from redd_audit.workbook.model import Formula, column_letter
from redd_audit.workbook.refs import VINTAGE_COLUMNS, VintageCells, VintageRow
from redd_audit.workbook.sheets import change_log
from redd_audit.workbook.sheets.change_log import TOTAL_CELLS, VINTAGE_KEYS, _number
from tests.workbook.spec_helpers import all_text, cell, main_context, main_spec

PREVIOUS = {
    "period": {"start": "2018-01-01", "end": "2019-06-30"},
    "status": "passed",
    "totals": {"baseline_tco2e": 1000.0, "vcus": "10"},
    "vintages": [
        {"vintage": 2018, "baseline_tco2e": 500.0, "vcus": 5},
        {"vintage": 2019, "baseline_tco2e": "n/a"},
        {"no": "vintage"},
    ],
}


def _book() -> Book:
    book = Book(ctx=dataclasses.replace(main_context(), previous_summary=PREVIOUS), row_limit=9)
    rows = tuple(
        VintageRow(*[f"Vintages!${column_letter(j + 1)}${5 + i}" for j in range(21)])
        for i in range(2)
    )
    book.vintage_cells = VintageCells(rows, {})
    change_log.build(book)
    return book


def test_number() -> None:
    assert _number("12.5") == 12.5 and _number(3) == 3.0
    assert _number(True) is None and _number(None) is None and _number("x") is None


def test_first_period() -> None:
    sheet = main_spec().sheet(change_log.NAME)
    assert "First period in this output folder" in all_text(sheet)
    assert not sheet.protected


def test_totals_compare_inputs_with_the_names() -> None:
    sheet = _book().sheets[change_log.NAME].spec()
    assert "Previous period 2018-01-01 to 2019-06-30; status passed" in all_text(sheet)
    assert [cell(sheet, 4, c).value for c in range(1, 5)] == [  # type: ignore[union-attr]
        "Total", "Previous", "Current", "Current − previous",
    ]  # fmt: skip
    keys = list(TOTAL_CELLS)
    r = 5 + keys.index("baseline_tco2e")
    assert cell(sheet, r, 2).value == 1000.0 and cell(sheet, r, 2).role == "input"  # type: ignore[union-attr]
    assert cell(sheet, r, 3).value == Formula("=Total_Baseline_tCO2e")  # type: ignore[union-attr]
    assert cell(sheet, r, 4).value == Formula(f'=IF(ISNUMBER(B{r}),C{r}-B{r},"")')  # type: ignore[union-attr]
    v = 5 + keys.index("vcus")
    assert cell(sheet, v, 2).value == 10.0  # text "10" read as a number  # type: ignore[union-attr]
    missing = 5 + keys.index("leakage_tco2e")
    assert cell(sheet, missing, 2).value is None  # type: ignore[union-attr]


def test_per_vintage_union_of_years() -> None:
    sheet = _book().sheets[change_log.NAME].spec()
    top = 5 + len(TOTAL_CELLS) + 1
    assert cell(sheet, top, 1).value == "Per vintage"  # type: ignore[union-attr]
    years = [cell(sheet, top + 2 + k, 1).value for k in range(3)]  # type: ignore[union-attr]
    assert years == [2018, 2019, 2020]
    j = list(VINTAGE_KEYS).index("baseline_tco2e")
    col = 2 + 3 * j
    r2018, r2019 = top + 2, top + 3
    assert cell(sheet, r2018, col).value == 500.0  # type: ignore[union-attr]
    assert cell(sheet, r2018, col + 1).value is None  # 2018 is not in this period  # type: ignore[union-attr]
    assert cell(sheet, r2019, col).value is None  # "n/a" is not a number  # type: ignore[union-attr]
    key = VINTAGE_KEYS["baseline_tco2e"]
    letter = column_letter(VINTAGE_COLUMNS.index(key) + 1)
    assert cell(sheet, r2019, col + 1).value == Formula(f"=Vintages!${letter}$5")  # type: ignore[union-attr]
    pa, ca = f"{column_letter(col)}{r2019}", f"{column_letter(col + 1)}{r2019}"
    assert cell(sheet, r2019, col + 2).value == Formula(  # type: ignore[union-attr]
        f'=IF(AND(ISNUMBER({pa}),ISNUMBER({ca})),{ca}-{pa},"")'
    )
    assert VintageCells.column(key) == VINTAGE_COLUMNS.index(key) + 1
