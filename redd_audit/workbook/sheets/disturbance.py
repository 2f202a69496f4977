"""Natural disturbance in the project area (contract 8.5) on the Emission schedule and Project
emissions sheets, built when the recomputation holds disturbance cohorts.

Each stratum gets a schedule of a disturbed hectare (``Dist_Schedule_<s>``: the pools'
schedules with C_P,Dist, an input cell, in place of the post-deforestation stock). The cohort
areas are the engine's (input cells: the selection and any annualisation are the engine's, the
emission arithmetic is re-performed); each cell is ``monitored_cohort_emissions_tco2e`` on the
disturbance schedule, and ΔC_P,stock = ΔC_P,DefPA + ΔC_P,DistPA (``project_stock_change_tco2e``).
"""

from __future__ import annotations

import pandas as pd

from redd_audit.formulas.disturbance import project_stock_change_tco2e
from redd_audit.formulas.emission_schedule import (
    emission_at_age_tco2e_per_ha,
    monitored_cohort_emissions_tco2e,
)
from redd_audit.formulas.project_emissions import project_stock_emissions_tco2e
from redd_audit.methodology.emission_schedule import POOLS
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import SheetBuilder, fx
from redd_audit.workbook.model import HA, TC_PER_HA, TCO2E, TCO2E_PER_HA, YEAR, column_letter
from redd_audit.workbook.sheets.cohorts import V0, CohortBlock, vintage_header

POOL_PREFIX = {"above_ground": "AG", "below_ground": "BG", "dead_wood": "DW", "litter": "LI"}
SCHEDULE_YEARS = {p: f"N_{POOL_PREFIX[p]}" for p in POOLS}


def cohorts(book: Book) -> pd.DataFrame | None:
    """The engine's disturbance cohorts, or None when there is none."""
    rc = book.ctx.recomputation
    table = rc.disturbance if rc is not None else None
    return None if table is None or table.empty else table


def schedules(book: Book, sh: SheetBuilder, top: int, age_row: int, first_age: int,
              n_ages: int) -> None:  # fmt: skip
    """A schedule row per stratum below the deforestation schedules (from row ``top``)."""
    sh.put(top, 1, "Disturbed hectare ΔC_P,Dist,i(a) (C_P,Dist in place of C_post)", "subtitle")
    last_age = first_age + n_ages - 1
    sh.put(top, last_age + 2, "C_P,Dist (tC ha⁻¹)", "header")
    for k, s in enumerate(book.ctx.project.strata):
        r = top + 1 + k
        ref = book.stratum(s.id)
        stocks = {p: ref.n(POOL_PREFIX[p]) for p in POOLS}
        sh.put(r, 1, s.id)
        post = sh.ref(r, last_age + 2)
        sh.put(r, last_age + 2, s.post_disturbance_tc_per_ha, "input", TC_PER_HA)
        for a in range(n_ages):
            col = first_age + a
            age = f"{column_letter(col)}${age_row}"
            cell = emission_at_age_tco2e_per_ha(age, stocks, post, SCHEDULE_YEARS)
            sh.put(r, col, fx(cell).value, "formula", TCO2E_PER_HA)
        sh.define_range(f"Dist_Schedule_{ref.suffix}", r, first_age, r, last_age)


def block(book: Book, sh: SheetBuilder, top: int, table: pd.DataFrame) -> CohortBlock:
    """Disturbance cohorts × vintages at ``top`` (areas as inputs, emissions as formulas)."""
    calendar = book.calendar
    assert calendar is not None
    nv = len(calendar)
    hdr, frac = top + 1, top + 2
    sh.put(top, 1, "1b. Natural disturbance in the project area (contract 8.5)", "subtitle")
    sh.headers(hdr, 1, ["Stratum", "Cohort year t0", "Area A (ha)", "Area dated in period (ha)"])
    vintage_header(sh, hdr, calendar, fractions=True)
    sh.put(hdr, V0 + nv, "Period total (tCO2e)", "header")
    sh.put(frac, 1, "Year fraction f_v = days / days_in_year", "note")
    first = r = frac + 1
    areas = {
        (str(row["stratum_id"]), int(row["cohort_year"])): (
            float(row["area_ha"]),
            float(row["area_in_period_ha"]),
        )
        for row in table.to_dict("records")
    }
    for s in book.ctx.project.strata:
        schedule = f"Dist_Schedule_{book.stratum(s.id).suffix}"
        for year in book.cohort_years:
            area, in_period = areas.get((s.id, year), (0.0, 0.0))
            sh.put(r, 1, s.id)
            sh.put(r, 2, year, "label", YEAR)
            sh.put(r, 3, area, "input", HA)
            sh.put(r, 4, in_period, "input", HA)
            for i in range(nv):
                c = column_letter(V0 + i)
                cell = monitored_cohort_emissions_tco2e(
                    f"$C{r}", f"$D{r}", f"{c}${hdr}-$B{r}", f"{c}${frac}", schedule
                )
                sh.put(r, V0 + i, fx(cell).value, "formula", TCO2E)
            span = f"{column_letter(V0)}{r}:{column_letter(V0 + nv - 1)}{r}"
            sh.put(r, V0 + nv, fx(f"=SUM({span})").value, "formula", TCO2E)
            r += 1
    last, total = r - 1, r
    sh.put(total, 1, "Total ΔC_P,DistPA", "key")
    for i in range(nv + 1):
        c = column_letter(V0 + i)
        cell = project_stock_emissions_tco2e(f"{c}{first}:{c}{last}")
        sh.put(total, V0 + i, fx(cell).value, "formula", TCO2E)
    sh.define("Total_Project_Disturbance_tCO2e", total, V0 + nv, "ΔC_P,DistPA over the period")
    return CohortBlock(sh.name, first, last, total, nv, len(book.cohort_years))


def stock_row(sh: SheetBuilder, row: int, deforestation_total: int, disturbance_total: int,
              nv: int) -> tuple[str, ...]:  # fmt: skip
    """ΔC_P,stock = deforestation + disturbance per vintage at ``row``; returns its cells."""
    sh.put(row, 1, "ΔC_P,stock = ΔC_P,DefPA + ΔC_P,DistPA (tCO2e)", "key")
    for i in range(nv + 1):
        c = column_letter(V0 + i)
        cell = project_stock_change_tco2e(f"{c}{deforestation_total}", f"{c}{disturbance_total}")
        sh.put(row, V0 + i, fx(cell).value, "formula", TCO2E)
    return tuple(sh.ref(row, V0 + i) for i in range(nv))
