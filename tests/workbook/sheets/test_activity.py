"""redd_audit.workbook.sheets.activity: areas per zone, stratum and cohort year."""

from __future__ import annotations

import pytest

from redd_audit.workbook.book import Book
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets import activity, data_inputs
from redd_audit.workbook.sheets.activity import HEADERS, SUMMARY_COL, ActivityCells, CohortArea
from redd_audit.workbook.sheets.criteria import Condition, sum_where
from tests.workbook.spec_helpers import all_text, cell, main_context, main_spec

# 2 zones × 2 strata × 11 cohort years (2010-2020): rows 5-48
LAST = 48


def test_cells_lookup() -> None:
    area = CohortArea("a", "b", "c")
    cells = ActivityCells({("project_area", "TF", 2019): area})
    assert cells.area("project_area", "TF", 2019) is area
    with pytest.raises(KeyError):
        cells.area("leakage_belt", "TF", 2019)


def test_rows_and_sums_over_the_input_sheets() -> None:
    sheet = main_spec().sheet(activity.NAME)
    assert [cell(sheet, 4, c).value for c in range(1, 8)] == HEADERS  # type: ignore[union-attr]
    assert [cell(sheet, 5, c).value for c in (1, 2, 3)] == ["project_area", "TF", 2010]  # type: ignore[union-attr]
    assert [cell(sheet, LAST, c).value for c in (1, 2, 3)] == ["leakage_belt", "VF", 2020]  # type: ignore[union-attr]
    assert cell(sheet, LAST + 1, 1) is None
    exb = [
        Condition("Exb_Zone", "$A5"),
        Condition("Exb_Stratum", "$B5", is_id=True),
        Condition("Exb_Year", "$C5"),
        Condition("Exb_Refused", "0"),
    ]
    assert cell(sheet, 5, 4).value == Formula("=" + sum_where("Exb_Area_ha", exb, False))  # type: ignore[union-attr]
    ev = [
        Condition("Ev_Zone", "$A5"),
        Condition("Ev_Stratum", "$B5", is_id=True),
        Condition("Ev_Year", "$C5"),
    ]
    assert cell(sheet, 5, 5).value == Formula(  # type: ignore[union-attr]
        "=" + sum_where("Ev_Area_ha", [*ev, Condition("Ev_Accounted", "1")], False)
    )
    assert cell(sheet, 5, 6).value == Formula(  # type: ignore[union-attr]
        "=" + sum_where("Ev_Area_ha", [*ev, Condition("Ev_In_Period", "1")], False)
    )
    assert cell(sheet, 5, 7).value == "Ex-ante baseline, Events"  # type: ignore[union-attr]
    assert sheet.autofilter == f"A4:G{LAST}"


def test_summary_and_chart() -> None:
    sheet = main_spec().sheet(activity.NAME)
    sc = SUMMARY_COL
    assert cell(sheet, 5, sc).value == 2010 and cell(sheet, 15, sc).value == 2020  # type: ignore[union-attr]
    rng = {c: f"${c}$5:${c}${LAST}" for c in "ACDE"}
    assert cell(sheet, 5, sc + 1).value == Formula(  # type: ignore[union-attr]
        f'=SUMIFS({rng["D"]},{rng["A"]},"project_area",{rng["C"]},$I5)'
    )
    assert cell(sheet, 5, sc + 4).value == Formula(  # type: ignore[union-attr]
        f'=SUMIFS({rng["E"]},{rng["A"]},"leakage_belt",{rng["C"]},$I5)'
    )
    (chart,) = sheet.charts
    assert len(chart.series) == 4 and chart.categories.max_row == 15


def test_events_in_a_companion_become_inputs() -> None:
    book = Book(ctx=main_context(), row_limit=1)
    data_inputs.build(book)
    cells = activity.build(book)
    sheet = book.sheets[activity.NAME].spec()
    area = cell(sheet, 5, 5)
    assert area is not None and area.role == "input" and isinstance(area.value, float)
    assert cell(sheet, 5, 7).value == "Ex-ante baseline, engine (companion)"  # type: ignore[union-attr]
    assert "Monitored areas are input cells: the events are in" in all_text(sheet)
    assert cells.area("project_area", "TF", 2010).monitored == "'Activity data'!$E$5"
    rc = main_context().recomputation
    assert rc is not None
    monitored = rc.cohorts[rc.cohorts["source"] == "monitored"]
    total = sum(
        x.value  # type: ignore[misc]
        for r in range(5, LAST + 1)
        if (x := cell(sheet, r, 5)) is not None and isinstance(x.value, float)
    )
    assert total == pytest.approx(float(monitored["area_ha"].sum()))
