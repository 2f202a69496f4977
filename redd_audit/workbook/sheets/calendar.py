"""The vintages of the monitoring period (block on the Parameters sheet).

Vintages are calendar years clipped to the period (``Vintage_Allocation = calendar_year``); the
year fraction ``days / days_in_year`` pro-rates annual quantities. The calculation sheets
(Baseline, Project emissions, Leakage) and the Vintages table read this block, so it is built
before them from ``Period_Start`` and ``Period_End`` only.
"""

from __future__ import annotations

from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import fx, note
from redd_audit.workbook.model import COUNT, DATE, FACTOR, YEAR
from redd_audit.workbook.refs import CalendarCells as CalendarCells
from redd_audit.workbook.refs import CalendarRow as CalendarRow

PARAMETERS = "Parameters"
COLUMNS = ("vintage", "start", "end", "days", "days_in_year", "year_fraction")
HEADERS = ("Vintage", "Start", "End", "Days", "Days in year", "Year fraction f_v")


def build(book: Book) -> CalendarCells:
    """Append the calendar block to the Parameters sheet and return its cells."""
    sh = book.sheets[PARAMETERS]
    top = sh.last_row + 2
    sh.put(
        top,
        1,
        "3. Vintages of the monitoring period (calendar years clipped to the period)",
        "subtitle",
    )
    sh.headers(top + 1, 1, HEADERS)
    first = top + 2
    rows = []
    for i in range(len(book.vintages)):
        r = first + i
        y = f"$A{r}"
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
