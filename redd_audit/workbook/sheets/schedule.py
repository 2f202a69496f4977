"""Emission schedule ΔC_i(a): tCO2e emitted per hectare cleared, by age since clearing
(BL-UP step 5, per-pool linear schedules). Defines ``Schedule_<s>`` and ``Schedule_Ages``."""

from __future__ import annotations

from redd_audit.formulas.emission_schedule import (
    emission_at_age_tco2e_per_ha,
    lifetime_emissions_tco2e_per_ha,
)
from redd_audit.methodology.emission_schedule import POOLS
from redd_audit.methodology.vintages import project_years
from redd_audit.workbook.book import Book, StratumRef
from redd_audit.workbook.layout import HEADER_ROW, SheetBuilder, fx
from redd_audit.workbook.model import COUNT, TCO2E_PER_HA, YEAR, column_letter
from redd_audit.workbook.sheets import disturbance

NAME = "Emission schedule"
POOL_PREFIX = {"above_ground": "AG", "below_ground": "BG", "dead_wood": "DW", "litter": "LI"}
FIRST_AGE_COL = 4
AGE_ROW = HEADER_ROW + 1


def _stocks(ref: StratumRef) -> dict[str, str]:
    return {p: ref.n(POOL_PREFIX[p]) for p in POOLS}


SCHEDULE_YEARS = {p: f"N_{POOL_PREFIX[p]}" for p in POOLS}


def schedule_cell(ref: StratumRef, age: str) -> str:
    """ΔC_i(a) = CO2_per_C × (Σ_k C_k,i / N_k · 1[a < N_k] − C_post,i · 1[a = 0])."""
    return emission_at_age_tco2e_per_ha(age, _stocks(ref), ref.n("Cpost"), SCHEDULE_YEARS)


def _ages(sh: SheetBuilder, n_ages: int) -> None:
    sh.put(AGE_ROW, 1, "age a", "header")
    for a in range(n_ages):
        col = FIRST_AGE_COL + a
        if a == 0:
            sh.put(AGE_ROW, col, 0, "header", YEAR)
        else:
            sh.put(AGE_ROW, col, fx(f"={column_letter(col - 1)}{AGE_ROW}+1").value, "header", YEAR)


def _stratum_row(book: Book, sh: SheetBuilder, r: int, ref: StratumRef, n_ages: int) -> None:
    last_col = FIRST_AGE_COL + n_ages - 1
    sh.put(r, 1, ref.id)
    for a in range(n_ages):
        col = FIRST_AGE_COL + a
        age = f"{column_letter(col)}${AGE_ROW}"
        sh.put(r, col, fx(schedule_cell(ref, age)).value, "formula", TCO2E_PER_HA)
    first, last = column_letter(FIRST_AGE_COL), column_letter(last_col)
    sh.put(r, 2, fx(f"=SUM({first}{r}:{last}{r})").value, "formula", TCO2E_PER_HA)
    lifetime = lifetime_emissions_tco2e_per_ha(_stocks(ref), ref.n("Cpost"))
    sh.put(r, 3, fx(lifetime).value, "formula", TCO2E_PER_HA)
    sh.put(r, last_col + 1, f"Strata (stocks used {ref.n('AG')} …), Parameters (N_*)", "label")
    sh.define_range(ref.n("Schedule"), r, FIRST_AGE_COL, r, last_col)


def build(book: Book) -> None:
    ctx = book.ctx
    years = ctx.project.accounting.emission_schedule_years.model_dump()
    labels = project_years(ctx.project.accounting)
    first = labels.label_of(ctx.project.crediting_period.start)
    n_ages = max(max(years.values()), labels.label_of(ctx.end) - first + 1)
    sh = book.sheet(
        NAME,
        "Emission schedule ΔC_i(a): tCO2e emitted per hectare cleared, by age a (years since "
        "clearing)",
        "ΔC_i(a) = CO2_per_C × (Σ_k C_k,i / N_k · 1[a < N_k] − C_post,i · 1[a = 0]) (BL-UP "
        "step 5, per-pool linear schedules; N_k from Parameters). Ages beyond the table emit "
        "nothing.",
    )
    last_col = FIRST_AGE_COL + n_ages - 1
    sh.headers(HEADER_ROW, 1, ["Stratum", "Σ over ages (tCO2e ha⁻¹)", "CO2_per_C·(ΣC − C_post)"])
    sh.put(HEADER_ROW, FIRST_AGE_COL, "Age a (years since clearing) →", "header")
    sh.put(HEADER_ROW, last_col + 1, "Source", "header")
    _ages(sh, n_ages)
    for i, s in enumerate(ctx.project.strata):
        _stratum_row(book, sh, AGE_ROW + 1 + i, book.stratum(s.id), n_ages)
    table_row = AGE_ROW + 1 + len(ctx.project.strata) + 1
    sh.put(table_row, 1, "Ages in the table", "key")
    span = f"{column_letter(FIRST_AGE_COL)}{AGE_ROW}:{column_letter(last_col)}{AGE_ROW}"
    sh.put(table_row, 2, fx(f"=COLUMNS({span})").value, "formula", COUNT)
    sh.define("Schedule_Ages", table_row, 2)
    sh.put(
        table_row + 1,
        1,
        "The table covers the longest schedule and every age the period needs (crediting start "
        "to period end); Σ over ages equals CO2_per_C·(ΣC − C_post) when it covers the longest "
        "schedule.",
        "note",
    )
    if disturbance.cohorts(book) is not None:
        disturbance.schedules(book, sh, table_row + 3, AGE_ROW, FIRST_AGE_COL, n_ages)
    sh.widths_from(1, [12, 16, 16])
    for a in range(n_ages):
        sh.width(FIRST_AGE_COL + a, 11)
    sh.width(last_col + 1, 40)
    sh.freeze = f"D{AGE_ROW + 1}"
    sh.title_rows = f"1:{AGE_ROW}"
