"""Cohort × vintage emission blocks (Baseline, Project emissions, Leakage).

Baseline (ex-ante, annual): ``f_v · (A · ΔC(v − t0))`` for v ≥ t0. Monitored (dated):
``A_in · ΔC(0)`` for v = t0 and ``f_v · (A · ΔC(v − t0))`` for v > t0. The vintage years and
year fractions link to the calendar on the Parameters sheet.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from redd_audit.formulas.emission_schedule import (
    cohort_sum_tco2e,
    exante_cohort_emissions_tco2e,
    monitored_cohort_emissions_tco2e,
)
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import SheetBuilder, fx, link
from redd_audit.workbook.model import FACTOR, HA, TCO2E, YEAR, column_letter, quote_sheet
from redd_audit.workbook.refs import CalendarCells
from redd_audit.workbook.sheets.activity import ActivityCells

V0 = 5  # first vintage column


@dataclass(frozen=True)
class CohortBlock:
    """Where a block's rows and totals are, for the sheets that read it."""

    sheet: str
    first_row: int
    last_row: int
    total_row: int
    n_vintages: int
    rows_per_stratum: int  # cohort years; strata follow the project's order

    def total(self, i: int) -> str:
        """Reference to the block's total of vintage ``i``."""
        return f"{quote_sheet(self.sheet)}!${column_letter(V0 + i)}${self.total_row}"

    def column(self, col: int) -> str:
        """Absolute range of one column over the block's stratum rows."""
        c = column_letter(col)
        return f"{quote_sheet(self.sheet)}!${c}${self.first_row}:${c}${self.last_row}"

    @property
    def strata_column(self) -> str:
        return self.column(1)

    @property
    def period_column(self) -> str:
        """Per-row period totals (sum over the vintages)."""
        return self.column(V0 + self.n_vintages)

    def stratum_period_rows(self, index: int) -> str:
        """The period totals of the ``index``-th stratum's cohorts (no id matching needed)."""
        c = column_letter(V0 + self.n_vintages)
        first = self.first_row + index * self.rows_per_stratum
        last = first + self.rows_per_stratum - 1
        return f"{quote_sheet(self.sheet)}!${c}${first}:${c}${last}"


def vintage_header(sh: SheetBuilder, row: int, calendar: CalendarCells, fractions: bool) -> None:
    for i, cal in enumerate(calendar.rows):
        sh.put(row, V0 + i, link(f"={cal.vintage}").value, "link", YEAR)
        if fractions:
            sh.put(row + 1, V0 + i, link(f"={cal.year_fraction}").value, "link", FACTOR)


def _cell(dated: bool, c: str, hdr: int, frac: int, r: int, sched: str) -> str:
    age, fraction = f"{c}${hdr}-$B{r}", f"{c}${frac}"
    if dated:
        return monitored_cohort_emissions_tco2e(f"$C{r}", f"$D{r}", age, fraction, sched)
    return exante_cohort_emissions_tco2e(f"$C{r}", age, fraction, sched)


def cohort_block(
    book: Book,
    sh: SheetBuilder,
    top: int,
    zone: str,
    dated: bool,
    title: str,
    activity: ActivityCells,
    total: Callable[[str], str] = cohort_sum_tco2e,
) -> CohortBlock:
    """Write a cohort × vintage matrix at ``top``; ``dated``: monitored events (clearing year
    from the area dated in the period), else the ex-ante baseline. ``total`` builds the
    per-vintage total from the column of cohort emissions."""
    calendar = book.calendar
    assert calendar is not None, "the calendar is built before the cohort blocks"
    nv = len(calendar)
    hdr, frac = top + 1, top + 2
    sh.put(top, 1, title, "subtitle")
    sh.headers(hdr, 1, ["Stratum", "Cohort year t0", "Area A (ha)"])
    if dated:
        sh.put(hdr, 4, "Area dated in period A_in (ha)", "header")
    vintage_header(sh, hdr, calendar, fractions=True)
    sh.put(hdr, V0 + nv, "Period total (tCO2e)", "header")
    sh.put(hdr, V0 + nv + 1, "Source", "header")
    sh.put(frac, 1, "Year fraction f_v = days / days_in_year", "note")
    first = r = frac + 1
    for s in book.ctx.project.strata:
        sched = book.stratum(s.id).n("Schedule")
        for year in book.cohort_years:
            area = activity.area(zone, s.id, year)
            sh.put(r, 1, s.id)
            sh.put(r, 2, year, "label", YEAR)
            sh.put(r, 3, link(f"={area.monitored if dated else area.exante}").value, "link", HA)
            if dated:
                sh.put(r, 4, link(f"={area.in_period}").value, "link", HA)
            for i in range(nv):
                c = column_letter(V0 + i)
                sh.put(r, V0 + i, fx(_cell(dated, c, hdr, frac, r, sched)).value, "formula", TCO2E)
            span = f"{column_letter(V0)}{r}:{column_letter(V0 + nv - 1)}{r}"
            sh.put(r, V0 + nv, fx(f"=SUM({span})").value, "formula", TCO2E)
            row_of = (area.monitored if dated else area.exante).split("!")[1].split("$")[-1]
            sh.put(r, V0 + nv + 1, f"Activity data row {row_of}; {sched}")
            r += 1
    last, total_row = r - 1, r
    sh.put(total_row, 1, "Total", "key")
    for i in range(nv + 1):
        c = column_letter(V0 + i)
        sh.put(total_row, V0 + i, fx(total(f"{c}{first}:{c}{last}")).value, "formula", TCO2E)
    return CohortBlock(sh.name, first, last, total_row, nv, len(book.cohort_years))


def block_widths(sh: SheetBuilder, nv: int) -> None:
    sh.widths_from(1, [12, 12, 14, 16])
    for i in range(nv + 1):
        sh.width(V0 + i, 16)
    sh.width(V0 + nv + 1, 34)
