"""redd_audit.workbook.sheets.calendar: the vintages block on the Parameters sheet."""

from __future__ import annotations

from redd_audit.workbook.book import Book
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets import calendar, parameters
from redd_audit.workbook.sheets.calendar import HEADERS, project_year_label
from tests.workbook.case import make_context, make_frames, make_project
from tests.workbook.spec_helpers import cell, find, main_context, main_spec


def _top(sheet_name: str = "Parameters") -> int:
    sheet = main_spec().sheet(sheet_name)
    row, col = find(sheet, "3. Vintages of the monitoring period", exact=False)
    assert col == 1
    return row


def test_calendar_year_block() -> None:
    sheet = main_spec().sheet(calendar.PARAMETERS)
    top = _top()
    assert "calendar years clipped" in str(cell(sheet, top, 1).value)  # type: ignore[union-attr]
    assert tuple(cell(sheet, top + 1, c).value for c in range(1, 7)) == HEADERS  # type: ignore[union-attr]
    r1, r2 = top + 2, top + 3
    expected = {
        (r1, 1): "=YEAR(Period_Start)",
        (r2, 1): f"=$A{r1}+1",
        (r1, 2): f"=MAX(Period_Start,DATE($A{r1},1,1))",
        (r1, 3): f"=MIN(Period_End,DATE($A{r1}+1,1,1)-1)",
        (r1, 4): f"=C{r1}-B{r1}+1",
        (r1, 5): f"=DATE($A{r1}+1,1,1)-DATE($A{r1},1,1)",
        (r2, 6): f"=D{r2}/E{r2}",
    }
    for (r, c), text in expected.items():
        assert cell(sheet, r, c).value == Formula(text), (r, c)  # type: ignore[union-attr]
    assert cell(sheet, top + 4, 1).role == "note"  # type: ignore[union-attr]


def test_calendar_cells_returned() -> None:
    book = Book(ctx=main_context(), row_limit=1000)
    parameters.build(book)
    cells = calendar.build(book)
    assert book.calendar is cells and len(cells) == 2
    top = book.sheets["Parameters"].last_row - 3
    assert cells.rows[0].vintage == f"Parameters!$A${top + 1}"
    assert cells.rows[1].year_fraction == f"Parameters!$F${top + 2}"
    assert cells.source == f"Parameters!$A${top + 1}:$F${top + 2}"


def test_project_year_label_formula() -> None:
    assert project_year_label("B5") == (
        "YEAR(B5)-IF(B5<DATE(YEAR(B5),Project_Year_Start_Month,Project_Year_Start_Day),1,0)"
        "+Project_Year_Label_Offset"
    )


def test_project_year_block() -> None:
    project = make_project(vintage_allocation="project_year", project_year_start="07-01")
    frames = make_frames()
    frames.pop("claimed_vintages")  # claims are by calendar year in the case
    book = Book(ctx=make_context(project, frames), row_limit=1000)
    parameters.build(book)
    cells = calendar.build(book)
    sheet = book.sheets["Parameters"].spec()
    row, _ = find(sheet, "3. Vintages of the monitoring period (project years", exact=False)
    r = row + 2
    assert cell(sheet, r, 1).value == Formula(f"={project_year_label('Period_Start')}")  # type: ignore[union-attr]
    assert cell(sheet, r, 2).value == Formula(  # type: ignore[union-attr]
        f"=MAX(Period_Start,DATE($A{r}-Project_Year_Label_Offset,"
        "Project_Year_Start_Month,Project_Year_Start_Day))"
    )
    assert cell(sheet, r + 1, 1).value == Formula(f"=$A{r}+1")  # type: ignore[union-attr]
    assert len(cells) == len(book.vintages)
