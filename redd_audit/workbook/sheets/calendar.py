"""The vintages of the monitoring period (block on the Parameters sheet).

Vintages are calendar years clipped to the period (``Vintage_Allocation = calendar_year``), or
project years from ``Project_Year_Start`` labelled by ``Project_Year_Label`` (contract 8.2); the
year fraction ``days / days_in_year`` pro-rates annual quantities. The calculation sheets
(Baseline, Project emissions, Leakage) and the Vintages table read this block, so it is built
before them from ``Period_Start`` and ``Period_End`` only.
"""

from __future__ import annotations

from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import fx, note
from redd_audit.workbook.model import COUNT, DATE, FACTOR, YEAR, Cell
from redd_audit.workbook.refs import CalendarCells as CalendarCells
from redd_audit.workbook.refs import CalendarRow as CalendarRow

PARAMETERS = "Parameters"
COLUMNS = ("vintage", "start", "end", "days", "days_in_year", "year_fraction")
HEADERS = ("Vintage", "Start", "End", "Days", "Days in year", "Year fraction f_v")


def project_year_label(day: str) -> str:
    """The label of the project year holding ``day`` (contract 8.2), as a formula operand:
    ``YEAR(d)−IF(d<DATE(YEAR(d),month,day),1,0)+Project_Year_Label_Offset`` (mirrors
    :meth:`redd_audit.methodology.vintages.ProjectYears.label_of`)."""
    return (
        f"YEAR({day})-IF({day}<DATE(YEAR({day}),Project_Year_Start_Month,"
        f"Project_Year_Start_Day),1,0)+Project_Year_Label_Offset"
    )


def _first_day(label: str, plus: str = "") -> str:
    month_day = "Project_Year_Start_Month,Project_Year_Start_Day"
    return f"DATE({label}-Project_Year_Label_Offset{plus},{month_day})"


def _project_year_cells(i: int, r: int) -> tuple[Cell, ...]:
    """A vintage row under ``vintage_allocation: project_year``: label, clipped dates, days,
    days of the project year (365 or 366) and the year fraction."""
    y = f"$A{r}"
    label = f"={project_year_label('Period_Start')}" if i == 0 else f"=$A{r - 1}+1"
    return (
        fx(label, YEAR),
        fx(f"=MAX(Period_Start,{_first_day(y)})", DATE),
        fx(f"=MIN(Period_End,{_first_day(y, '+1')}-1)", DATE),
        fx(f"=C{r}-B{r}+1", COUNT),
        fx(f"={_first_day(y, '+1')}-{_first_day(y)}", COUNT),
        fx(f"=D{r}/E{r}", FACTOR),
    )


def build(book: Book) -> CalendarCells:
    """Append the calendar block to the Parameters sheet and return its cells."""
    sh = book.sheets[PARAMETERS]
    project_years = book.ctx.project.accounting.vintage_allocation == "project_year"
    top = sh.last_row + 2
    sh.put(
        top,
        1,
        "3. Vintages of the monitoring period (calendar years clipped to the period)"
        if not project_years
        else "3. Vintages of the monitoring period (project years clipped to the period)",
        "subtitle",
    )
    sh.headers(top + 1, 1, HEADERS)
    first = top + 2
    rows = []
    for i in range(len(book.vintages)):
        r = first + i
        y = f"$A{r}"
        if project_years:
            cells = _project_year_cells(i, r)
        else:
            year = "=YEAR(Period_Start)" if i == 0 else f"=$A{r - 1}+1"
            cells = (
                fx(year, YEAR),
                fx(f"=MAX(Period_Start,DATE({y},1,1))", DATE),
                fx(f"=MIN(Period_End,DATE({y}+1,1,1)-1)", DATE),
                fx(f"=C{r}-B{r}+1", COUNT),
                fx(f"=DATE({y}+1,1,1)-DATE({y},1,1)", COUNT),
                fx(f"=D{r}/E{r}", FACTOR),
            )
        sh.put_row(r, 1, cells)
        rows.append(CalendarRow(*(sh.ref(r, c + 1) for c in range(len(COLUMNS)))))
    last = first + len(rows) - 1
    sh.put(
        last + 1,
        1,
        note(
            "Derived from Period_Start and Period_End; read by Baseline, Project emissions, "
            "Leakage and Vintages."
        ).value,
        "note",
    )
    calendar = CalendarCells(tuple(rows), sh.range_ref(first, 1, last, len(COLUMNS)))
    book.calendar = calendar
    return calendar
