"""Project emissions ΔC_P (M-MON, E-BB): monitored cohorts × vintages and forest fires."""

from __future__ import annotations

from dataclasses import dataclass

from redd_audit.formulas.fire import fire_non_co2_emissions_tco2e
from redd_audit.formulas.project_emissions import (
    project_emissions_tco2e,
    project_stock_emissions_tco2e,
)
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import HEADER_ROW, SheetBuilder, fx, link
from redd_audit.workbook.model import FACTOR, HA, NUMBER, TCO2E, column_letter, quote_sheet
from redd_audit.workbook.sheets import disturbance
from redd_audit.workbook.sheets.activity import ActivityCells
from redd_audit.workbook.sheets.cohorts import (
    V0,
    CohortBlock,
    block_widths,
    cohort_block,
    vintage_header,
)
from redd_audit.workbook.sheets.criteria import Condition, sum_where

NAME = "Project emissions"


@dataclass(frozen=True)
class ProjectCells:
    deforestation: CohortBlock
    fire_first_row: int
    fire_last_row: int
    stock: tuple[str, ...]  # per-vintage ΔC_P,stock (deforestation, plus disturbance: 8.5)
    fire: tuple[str, ...]  # per-vintage E_BB totals
    disturbance: CohortBlock | None = None  # natural disturbance cohorts (contract 8.5)

    def fire_cell(self, index: int, col: int) -> str:
        """The ``index``-th stratum's E_BB cell in column ``col`` (strata in project order)."""
        return f"{quote_sheet(NAME)}!${column_letter(col)}${self.fire_first_row + index}"

    def fire_column(self, col: int) -> str:
        c = column_letter(col)
        return f"{quote_sheet(NAME)}!${c}${self.fire_first_row}:${c}${self.fire_last_row}"


def _burned_areas(book: Book, sh: SheetBuilder, hdr: int, first: int) -> None:
    rc = book.rc
    fires = book.data.get("fire_events")
    even = book.ctx.project.accounting.monitoring.annualize == "even"  # engine's shares (8.3)
    on_sheet = fires is not None and fires.on_sheet and not even
    table = rc.fires.set_index(["stratum_id", "vintage"]) if not rc.fires.empty else None
    nv = len(book.vintages)
    exact = book.ids_need_exact
    for j, s in enumerate(book.ctx.project.strata):
        r = first + j
        sh.put(r, 1, s.id)
        for i, v in enumerate(book.vintages):
            c = column_letter(V0 + i)
            if on_sheet:
                where = [
                    Condition("Fire_Stratum", f"$A{r}", is_id=True),
                    Condition("Fire_Year", f"{c}${hdr}"),
                    Condition("Fire_Counts", "1"),
                ]
                sh.put(
                    r,
                    V0 + i,
                    fx("=" + sum_where("Fire_Area_ha", where, exact)).value,
                    "formula",
                    HA,
                )
            else:
                key = (s.id, v.vintage)
                found = table is not None and key in table.index
                area = (
                    float(str(table.at[key, "burned_area_ha"]))
                    if table is not None and found
                    else 0.0
                )
                sh.put(r, V0 + i, area, "input", HA)
        span = f"{column_letter(V0)}{r}:{column_letter(V0 + nv - 1)}{r}"
        sh.put(r, V0 + nv, fx(f"=SUM({span})").value, "formula", HA)
        source = "engine (annualised, 8.3)" if even else "engine (companion)"
        sh.put(r, V0 + nv + 1, "Fires (Fire_Counts = 1)" if on_sheet else source)


def _fire_block(book: Book, sh: SheetBuilder, top: int) -> tuple[int, int, int]:
    """Burned areas and E_BB per stratum and vintage; returns (first, last, total) E_BB rows."""
    nv = len(book.vintages)
    k = len(book.ctx.project.strata)
    calendar = book.calendar
    assert calendar is not None
    sh.put(top, 1, "2. Forest fires in the project area (E-BB)", "subtitle")
    hdr = top + 1
    sh.headers(hdr, 1, ["Stratum", "Fuel B (t d.m. ha⁻¹)", "COMF (−)"])
    vintage_header(sh, hdr, calendar, fractions=False)
    sh.put(hdr, V0 + nv, "Period total", "header")
    sh.put(hdr, V0 + nv + 1, "Source", "header")
    sh.put(hdr + 1, 1, "Burned forest area A_burn (ha)", "note")
    area_first = hdr + 2
    _burned_areas(book, sh, hdr, area_first)
    sh.put(area_first + k, 1, "E_BB = A_burn · B · COMF · Fire_EF_tCO2e_per_t_dm (tCO2e)", "note")
    first = area_first + k + 1
    for j, s in enumerate(book.ctx.project.strata):
        r, a = first + j, area_first + j
        ref = book.stratum(s.id)
        sh.put(r, 1, s.id)
        sh.put(r, 2, link(f"={ref.n('Fuel')}").value, "link", NUMBER)
        sh.put(r, 3, link(f"={ref.n('COMF')}").value, "link", FACTOR)
        for i in range(nv):
            c = column_letter(V0 + i)
            cell = fire_non_co2_emissions_tco2e(
                f"{c}{a}", f"$B{r}", f"$C{r}", "Fire_EF_tCO2e_per_t_dm"
            )
            sh.put(r, V0 + i, fx(cell).value, "formula", TCO2E)
        span = f"{column_letter(V0)}{r}:{column_letter(V0 + nv - 1)}{r}"
        sh.put(r, V0 + nv, fx(f"=SUM({span})").value, "formula", TCO2E)
        sh.put(r, V0 + nv + 1, f"row {a}; Strata ({ref.n('Fuel')}, {ref.n('COMF')}); Parameters")
    last = first + k - 1
    total = last + 1
    sh.put(total, 1, "Total E_BB", "key")
    for i in range(nv + 1):
        c = column_letter(V0 + i)
        sh.put(total, V0 + i, fx(f"=SUM({c}{first}:{c}{last})").value, "formula", TCO2E)
    fires = book.data.get("fire_events")
    if fires is None or not fires.provided:
        sh.put(total + 1, 1, "fire_events was not provided: no E-BB emissions.", "note")
    elif not fires.on_sheet and fires.companion is not None:
        sh.put(
            total + 1,
            1,
            f"Burned areas are input cells: the fire events are in {fires.companion.name}.",
            "note",
        )
    return first, last, total


def build(book: Book, activity: ActivityCells) -> ProjectCells:
    nv = len(book.vintages)
    sh = book.sheet(
        NAME,
        "Project emissions ΔC_P (M-MON, E-BB): monitored cohorts × vintages and forest fires "
        "(tCO2e)",
        "Deforestation: A_in·ΔC_i(0) in the clearing year (area dated in the period) and "
        "f_v·(A·ΔC_i(v − t0)) for later years. Fires: E_BB = A_burn · B · COMF · Fire_EF "
        "(non-CO2 only; forest fires in the project area dated in the period).",
    )
    block = cohort_block(
        book,
        sh,
        HEADER_ROW - 1,
        "project_area",
        True,
        "1. Deforestation in the project area",
        activity,
        project_stock_emissions_tco2e,
    )
    disturbed = disturbance.cohorts(book)
    dist = (
        None if disturbed is None else disturbance.block(book, sh, block.total_row + 2, disturbed)
    )
    fire_first, fire_last, fire_total = _fire_block(
        book, sh, (dist.total_row if dist is not None else block.total_row) + 2
    )
    tot = fire_total + 3
    sh.put(tot - 1, 1, "3. Project emissions per vintage", "subtitle")
    stock_row = block.total_row
    stock = tuple(sh.ref(block.total_row, V0 + i) for i in range(nv))
    if dist is not None:
        stock_row, tot = tot, tot + 1
        stock = disturbance.stock_row(sh, stock_row, block.total_row, dist.total_row, nv)
    sh.put(
        tot,
        1,
        "ΔC_P = ΔC_P,stock + E_BB (tCO2e)" if dist else "ΔC_P = deforestation + E_BB (tCO2e)",
        "key",
    )
    for i in range(nv + 1):
        c = column_letter(V0 + i)
        sh.put(
            tot,
            V0 + i,
            fx(project_emissions_tco2e(f"{c}{stock_row}", f"{c}{fire_total}")).value,
            "formula",
            TCO2E,
        )
    sh.put(tot, V0 + nv + 1, f"rows {stock_row} and {fire_total}")
    block_widths(sh, nv)
    sh.freeze = f"E{HEADER_ROW + 2}"
    sh.title_rows = f"1:{HEADER_ROW + 1}"
    return ProjectCells(
        block,
        fire_first,
        fire_last,
        stock,
        tuple(sh.ref(fire_total, V0 + i) for i in range(nv)),
        dist,
    )
