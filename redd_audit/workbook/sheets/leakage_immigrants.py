"""Leakage outside the belt (LK-ASU, contract 8.6): the Leakage sheet's block for immigrants.

Built when ``accounting.leakage.immigrants.enabled``. Named inputs ``LK_Prop_Imm_Fraction``,
``LK_C_OLB_tCO2e_per_ha`` (a formula when the stock is given in tC/ha), ``LK_Actual_Area``
(text) and ``LK_Floor_At_Zero``; one column per vintage with A_BSL,PA (ex-ante areas × f_v,
or the fixed table's ``baseline_area_ha`` × f_v), A_DefPA and A_DefLB (the Activity data
sheet's areas dated in the period), A_LK-IMM, A_LK-ACT-IMM, A_LK-OLB, ΔC_LK-ASU-OLB, the
belt's ΔC_LK-ASU-LB and their sum ΔC_LK. Names
``Total_Leakage_Belt_tCO2e`` and ``Total_Leakage_Immigrants_tCO2e``.
"""

from __future__ import annotations

from redd_audit.formulas.expression import text_literal
from redd_audit.formulas.fixed_baseline import fixed_baseline_tco2e
from redd_audit.formulas.leakage import (
    captured_immigrant_deforestation_ha,
    immigrant_deforestation_ha,
    outside_belt_deforestation_ha,
    outside_belt_emission_factor_tco2e_per_ha,
    outside_belt_leakage_tco2e,
    total_leakage_tco2e,
)
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import SheetBuilder, fx, link
from redd_audit.workbook.model import FRACTION, HA, TCO2E, TCO2E_PER_HA, Cell, column_letter
from redd_audit.workbook.sheets.activity import ActivityCells
from redd_audit.workbook.sheets.cohorts import V0, vintage_header

ROWS = (
    ("baseline", "A_BSL,PA baseline deforestation of the project area (ha)", HA),
    ("def_pa", "A_DefPA monitored deforestation, project area (ha)", HA),
    ("def_lb", "A_DefLB monitored deforestation, leakage belt (ha)", HA),
    ("imm", "A_LK-IMM = PROP_IMM × A_BSL,PA (ha)", HA),
    ("act", "A_LK-ACT-IMM captured in the project area and belt (ha)", HA),
    ("olb", "A_LK-OLB = max(0, A_LK-IMM − A_LK-ACT-IMM) (ha)", HA),
    ("lk_olb", "ΔC_LK-ASU-OLB = A_LK-OLB × C_OLB (tCO2e)", TCO2E),
    ("lk_lb", "ΔC_LK-ASU-LB leakage in the belt (tCO2e)", TCO2E),
    ("total", "ΔC_LK = ΔC_LK-ASU-LB + ΔC_LK-ASU-OLB (tCO2e)", TCO2E),
)


def _inputs(book: Book, sh: SheetBuilder, top: int) -> int:
    settings = book.ctx.project.accounting.leakage.immigrants
    sh.put(top, 1, "PROP_IMM (fraction)", "label")
    sh.put(top, 2, settings.prop_imm_fraction, "input", FRACTION)
    sh.define("LK_Prop_Imm_Fraction", top, 2)
    if settings.outside_belt_emission_tco2e_per_ha is not None:
        sh.put(top + 1, 1, "C_OLB (tCO2e/ha)", "label")
        sh.put(top + 1, 2, settings.outside_belt_emission_tco2e_per_ha, "input", TCO2E_PER_HA)
    else:
        sh.put(top + 1, 1, "C_OLB given in tC/ha; × CO2_per_C (tCO2e/ha)", "label")
        sh.put(top + 1, 3, settings.outside_belt_emission_tc_per_ha, "input", TCO2E_PER_HA)
        sh.define("LK_C_OLB_tC_per_ha", top + 1, 3)
        formula = outside_belt_emission_factor_tco2e_per_ha("LK_C_OLB_tC_per_ha")
        sh.put(top + 1, 2, fx(formula).value, "formula", TCO2E_PER_HA)
    sh.define("LK_C_OLB_tCO2e_per_ha", top + 1, 2)
    sh.put(top + 2, 1, "Actual area (project_and_belt or belt_only)", "label")
    codes = ("project_and_belt", "belt_only")  # a list in the sheet; another value gives #N/A
    sh.put_row(top + 2, 2, [Cell(settings.actual_area, "input", allowed=codes)])
    sh.define("LK_Actual_Area", top + 2, 2)
    sh.put(top + 3, 1, "A_LK-OLB floored at 0", "label")
    sh.put(top + 3, 2, settings.floor_at_zero, "input")
    sh.define("LK_Floor_At_Zero", top + 3, 2)
    return top + 5


def _area_sum(refs: list[str]) -> str:
    return "+".join(refs) if refs else "0"


def build(book: Book, sh: SheetBuilder, top: int, activity: ActivityCells,
          belt: tuple[str, ...]) -> tuple[str, ...]:  # fmt: skip
    """Write the block at ``top``; return the references of ΔC_LK (belt + outside) per vintage."""
    calendar = book.calendar
    assert calendar is not None
    sh.put(top, 1, "4. Leakage outside the belt (LK-ASU)", "subtitle")
    hdr = _inputs(book, sh, top + 1)
    nv = len(calendar)
    sh.put(hdr, 1, "Quantity", "header")
    vintage_header(sh, hdr, calendar, fractions=False)
    sh.put(hdr, V0 + nv, "Period total", "header")
    rows = {key: hdr + 1 + i for i, (key, _, _) in enumerate(ROWS)}
    for key, text, _ in ROWS:
        sh.put(rows[key], 1, text, "key" if key == "total" else "label")
    strata = [s.id for s in book.ctx.project.strata]
    fixed = book.ctx.project.accounting.baseline.source == "fixed_table"
    for i, (cal, vintage) in enumerate(zip(calendar.rows, book.vintages, strict=True)):
        c = column_letter(V0 + i)
        year = vintage.vintage

        def areas(zone: str, field: str, year: int = year) -> str:
            return _area_sum([getattr(activity.area(zone, s, year), field) for s in strata])

        r = {k: f"{c}{row}" for k, row in rows.items()}
        cells = {
            "baseline": fixed_baseline_tco2e(
                f"SUMIFS(Fixb_Area_ha,Fixb_Zone,{text_literal('project_area')},"
                f"Fixb_Vintage,{cal.vintage})",
                cal.year_fraction,
            )
            if fixed
            else f"=({areas('project_area', 'exante')})*{cal.year_fraction}",
            "def_pa": f"={areas('project_area', 'in_period')}",
            "def_lb": f"={areas('leakage_belt', 'in_period')}",
            "imm": immigrant_deforestation_ha("LK_Prop_Imm_Fraction", r["baseline"]),
            "act": captured_immigrant_deforestation_ha(
                "LK_Prop_Imm_Fraction", r["def_pa"], r["def_lb"], "LK_Actual_Area"
            ),
            "olb": outside_belt_deforestation_ha(r["imm"], r["act"], "LK_Floor_At_Zero"),
            "lk_olb": outside_belt_leakage_tco2e(r["olb"], "LK_C_OLB_tCO2e_per_ha"),
            "lk_lb": f"={belt[i]}",
            "total": total_leakage_tco2e(r["lk_lb"], r["lk_olb"]),
        }
        for key, _, fmt in ROWS:
            cell = link(cells[key], fmt) if key == "lk_lb" else fx(cells[key], fmt)
            sh.put(rows[key], V0 + i, cell.value, cell.role, fmt)
    a, z = column_letter(V0), column_letter(V0 + nv - 1)
    for key, _, fmt in ROWS:
        sh.put(rows[key], V0 + nv, fx(f"=SUM({a}{rows[key]}:{z}{rows[key]})").value, "formula", fmt)
    sh.define("Total_Leakage_Belt_tCO2e", rows["lk_lb"], V0 + nv)
    sh.define("Total_Leakage_Immigrants_tCO2e", rows["lk_olb"], V0 + nv)
    return tuple(sh.ref(rows["total"], V0 + i) for i in range(nv))
