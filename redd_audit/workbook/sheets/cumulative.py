"""The "Cumulative position" sheet (contract 5.3): the registry's issuance history by period
and vintage (inputs), this period's vintages, and the position to date (names
``Cumulative_VCUs_To_Date`` and ``Cumulative_Buffer_To_Date``)."""

from __future__ import annotations

import pandas as pd

from redd_audit.tables.schemas import ROW_COLUMN
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import FIRST_ROW, HEADER_ROW, column_values, fx, inp, label, link
from redd_audit.workbook.model import COUNT, DATE, YEAR, Cell
from redd_audit.workbook.sheets.cycle_cells import vintage_ref
from redd_audit.workbook.sheets.formats import WHOLE_TCO2E

SHEET = "Cumulative position"
HEADERS = [
    "Period start",
    "Period end",
    "Vintage",
    "VCUs issued",
    "Buffer (tCO2e)",
    "First row of its period (1/0)",
    "Source",
]


def _history_rows(book: Book, history: pd.DataFrame) -> int:
    """Write the history (inputs, in file order); returns the last row written."""
    sh = book.sheets[SHEET]
    columns = ["period_start", "period_end", "vintage", "vcus_issued", "buffer_tco2e"]
    values = {c: column_values(history, c) for c in columns}
    rows = column_values(history, ROW_COLUMN)
    r = FIRST_ROW
    for i in range(len(history)):
        sh.put_row(
            r,
            1,
            [
                inp(values["period_start"][i], DATE),
                inp(values["period_end"][i], DATE),
                inp(values["vintage"][i], YEAR),
                inp(values["vcus_issued"][i], COUNT),
                inp(values["buffer_tco2e"][i], WHOLE_TCO2E),
                fx(f"=IF(COUNTIFS(A${FIRST_ROW}:A{r},A{r},B${FIRST_ROW}:B{r},B{r})=1,1,0)", COUNT),
                label(f"issuance_history row {rows[i]}"),
            ],
        )
        r += 1
    return r - 1


def build(book: Book) -> None:
    """Build the sheet; without issuance_history it says so and defines no name."""
    ctx = book.ctx
    sh = book.sheet(
        SHEET,
        "Cumulative position: VCUs and buffer issued before this period and to date",
        "History rows are inputs from issuance_history; this period's figures link to the "
        "recomputation. To date = issued before + this period.",
    )
    sh.widths_from(1, [14, 14, 9, 16, 16, 14, 28])
    history = ctx.frames.get("issuance_history")
    if history is None:
        sh.put(HEADER_ROW, 1, "issuance_history was not provided: no earlier issuance.", "note")
        return
    sh.headers(HEADER_ROW, 1, HEADERS)
    last = _history_rows(book, history)
    has_rows = last >= FIRST_ROW
    r = last + 2
    sh.put(r, 1, "This period by vintage", "subtitle")
    r += 1
    sh.headers(r, 1, ["Period start", "Period end", "Vintage", "VCUs", "Buffer (tCO2e)"])
    r += 1
    vintages = ctx.recomputation.vintages if ctx.recomputation is not None else []
    for f in vintages:
        vcus, buffer = (
            vintage_ref(book, "vcus", f.vintage),
            vintage_ref(book, "buffer_tco2e", f.vintage),
        )
        sh.put_row(
            r,
            1,
            [
                label(ctx.start, DATE),
                label(ctx.end, DATE),
                label(f.vintage, YEAR),
                link(f"={vcus}", COUNT) if vcus else label(f.vcus, COUNT),
                link(f"={buffer}", WHOLE_TCO2E) if buffer else label(f.buffer_tco2e, WHOLE_TCO2E),
            ],
        )
        r += 1
    r += 1
    sh.put(r, 1, "Position", "subtitle")
    r += 1
    span = f"{FIRST_ROW}:{{c}}{last}"

    def total(col: str) -> Cell:
        return fx(f"=SUM({col}{span.format(c=col)})", COUNT) if has_rows else inp(0, COUNT)

    before = r
    rows: list[tuple[str, Cell, str | None]] = [
        ("Distinct periods issued before", total("F"), None),
        ("VCUs issued before", total("D"), None),
        ("Buffer issued before (tCO2e)", total("E"), None),
    ]
    if ctx.recomputation is not None:
        rows += [
            ("VCUs this period", link("=Total_VCUs", COUNT), None),
            ("Buffer this period (tCO2e)", link("=Total_Buffer_tCO2e", WHOLE_TCO2E), None),
            ("VCUs to date", fx(f"=C{before + 1}+C{before + 3}", COUNT), "Cumulative_VCUs_To_Date"),
            (
                "Buffer to date (tCO2e)",
                fx(f"=C{before + 2}+C{before + 4}", WHOLE_TCO2E),
                "Cumulative_Buffer_To_Date",
            ),
        ]
    for text, cell, name in rows:
        sh.put(r, 1, text, "key" if name else "label")
        sh.put_row(r, 3, [cell])
        if name:
            sh.define(name, r, 3, text)
        r += 1
    if ctx.recomputation is None:
        sh.put(r, 1, "No figures for this period: the data-quality gate failed.", "note")
    sh.freeze = f"A{FIRST_ROW}"
