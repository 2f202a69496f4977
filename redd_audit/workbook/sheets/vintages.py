"""Vintages: the monitoring report's table of vintages. Every column links to an earlier sheet
or combines the cells of its own row; the totals carry the contract names (contract section 4:
``Total_Baseline_tCO2e`` … ``Total_VCUs``)."""

from __future__ import annotations

from redd_audit.formulas.expression import nested
from redd_audit.formulas.net_reductions import (
    adjusted_net_emission_reductions_tco2e,
    deducts_reversals,
    is_reversal,
    net_emission_reductions_tco2e,
    verified_carbon_units,
)
from redd_audit.formulas.project_emissions import project_emissions_tco2e
from redd_audit.quantities import QUANTITIES
from redd_audit.workbook.book import VINTAGES, Book
from redd_audit.workbook.layout import FIRST_ROW, HEADER_ROW, SheetBuilder, fx, link
from redd_audit.workbook.model import COUNT, DATE, FACTOR, YEAR, Cell, Highlight, column_letter
from redd_audit.workbook.refs import VINTAGE_COLUMNS as COLUMNS
from redd_audit.workbook.refs import RuleCells
from redd_audit.workbook.refs import VintageCells as VintageCells
from redd_audit.workbook.refs import VintageRow as VintageRow
from redd_audit.workbook.sheets import vintage_reported
from redd_audit.workbook.sheets.buffer import BufferCells
from redd_audit.workbook.sheets.cohorts import CohortBlock
from redd_audit.workbook.sheets.formats import WHOLE_TCO2E
from redd_audit.workbook.sheets.leakage import LeakageCells
from redd_audit.workbook.sheets.project_emissions import ProjectCells
from redd_audit.workbook.sheets.vintage_charts import add_charts

#: column -> (header, source); quantity columns take their label and symbol from the quantities
#: registry (:func:`_header`), the others are the calendar and derived columns of this table
SOURCES = {
    "vintage": ("Vintage", "Parameters (vintages)"),
    "start": ("Start", "Parameters (vintages)"),
    "end": ("End", "Parameters (vintages)"),
    "days": ("Days", "Parameters (vintages)"),
    "days_in_year": ("Days in year", "Parameters (vintages)"),
    "year_fraction": ("Year fraction f_v", "Parameters (vintages)"),
    "baseline": ("", "Baseline, Total row"),
    "project_stock": ("", "Project emissions, section 1"),
    "project_fire": ("", "Project emissions, section 2"),
    "project": ("", "this row"),
    "lb_monitored": ("", "Leakage, section 3"),
    "lb_baseline": ("", "Leakage, section 3"),
    "leakage": ("", "Leakage, section 3"),
    "ner": ("", "this row"),
    "adjusted_ner": ("", "this row; Uncertainty (Deduction_Factor)"),
    "uncertainty_deduction": ("Uncertainty deduction (tCO2e)", "this row"),
    "buffer_base": ("", "Buffer"),
    "buffer": ("", "Buffer"),
    "vcus": ("VCUs (whole units)", "this row"),
    "rounding_residue": ("Rounding residue (tCO2e)", "this row"),
    "reversal": ("Reversal (NER < 0)", "this row"),
}
_BY_KEY = {q.vintage_key: q for q in QUANTITIES if q.vintage_key}


def _header(key: str) -> str:
    text = SOURCES[key][0]
    quantity = _BY_KEY.get(key)
    if text or quantity is None:
        return text
    symbol = "" if quantity.symbol in quantity.label else f" {quantity.symbol}"
    return f"{quantity.label}{symbol} ({quantity.unit})"


HEADERS = {key: (_header(key), source) for key, (_, source) in SOURCES.items()}
#: Vintages column -> defined name of its period total (quantities registry, contract §4 names)
TOTAL_NAMES = {
    **{q.vintage_key: q.workbook_name for q in QUANTITIES if q.vintage_key and q.workbook_name},
    "year_fraction": "Period_Years",
}
#: Vintages column -> report number format (quantities registry; calendar columns added)
REPORT_FORMATS = {q.vintage_key: q.report_format for q in QUANTITIES if q.vintage_key}
NOT_SUMMED = ("vintage", "start", "end", "days_in_year", "reversal")
FORMATS = {**REPORT_FORMATS, "days": COUNT, "year_fraction": FACTOR, "days_in_year": COUNT}


def adjusted_ner_cell(ner: str, rule: RuleCells | None = None, vintage: int = 0) -> str:
    """NER × Deduction_Factor; a reversal (NER < 0) is left unadjusted unless
    Reversal_Deduction = apply_factor. Under a rule sized on draws (contract 7.3): NER × the
    rule's share kept (``vcs-xunc``, ``fcpf``), or NER − UNC_t (``art-trees``, also in a
    reversal year)."""
    if rule is not None and rule.kept is None:
        return f"={ner}-{rule.deductions[vintage]}"
    kept = "Deduction_Factor" if rule is None or rule.kept is None else rule.kept
    return adjusted_net_emission_reductions_tco2e(
        ner, kept, nested(deducts_reversals("Reversal_Deduction"))
    )


def cal_year(book: Book, i: int) -> int:
    """The label of the ``i``-th vintage."""
    return book.vintages[i].vintage


def vcus_cell(ner: str, adjusted: str, buffer: str) -> str:
    """ROUNDDOWN(ROUND(adjusted NER − buffer, guard), 0) when NER > 0, never negative."""
    return verified_carbon_units(adjusted, buffer, ner)


def _row(
    book: Book,
    i: int,
    c: dict[str, str],
    p: ProjectCells,
    b: CohortBlock,
    lk: LeakageCells,
    bf: BufferCells,
) -> dict[str, Cell]:
    cal = book.calendar.rows[i]  # type: ignore[union-attr]
    t = WHOLE_TCO2E
    return {
        "vintage": link(f"={cal.vintage}", YEAR),
        "start": link(f"={cal.start}", DATE),
        "end": link(f"={cal.end}", DATE),
        "days": link(f"={cal.days}", COUNT),
        "days_in_year": link(f"={cal.days_in_year}", COUNT),
        "year_fraction": link(f"={cal.year_fraction}", FACTOR),
        "baseline": link(f"={b.total(i)}", t),
        "project_stock": link(f"={p.stock[i]}", t),
        "project_fire": link(f"={p.fire[i]}", t),
        "project": fx(project_emissions_tco2e(c["project_stock"], c["project_fire"]), t),
        "lb_monitored": link(f"={lk.monitored[i]}", t),
        "lb_baseline": link(f"={lk.baseline[i]}", t),
        "leakage": link(f"={lk.leakage[i]}", t),
        "ner": fx(net_emission_reductions_tco2e(c["baseline"], c["project"], c["leakage"]), t),
        "adjusted_ner": fx(adjusted_ner_cell(c["ner"], book.rule_cells, cal_year(book, i)), t),
        "uncertainty_deduction": fx(f"={c['ner']}-{c['adjusted_ner']}", t),
        "buffer_base": link(f"={bf.base[i]}", t),
        "buffer": link(f"={bf.buffer[i]}", t),
        "vcus": fx(vcus_cell(c["ner"], c["adjusted_ner"], c["buffer"]), COUNT),
        "rounding_residue": fx(
            f"=IF({c['ner']}>0,{c['adjusted_ner']}-{c['buffer']}-{c['vcus']},0)", t
        ),
        "reversal": fx(is_reversal(c["ner"])),
    }


def _totals(sh: SheetBuilder, nv: int) -> dict[str, str]:
    tot = FIRST_ROW + nv
    first, last = FIRST_ROW, FIRST_ROW + nv - 1
    sh.put(tot, 1, "Period", "key")
    sh.put(tot, COLUMNS.index("start") + 1, link("=Period_Start").value, "link", DATE)
    sh.put(tot, COLUMNS.index("end") + 1, link("=Period_End").value, "link", DATE)
    totals = {}
    for j, key in enumerate(COLUMNS, start=1):
        if key in NOT_SUMMED:
            continue
        col = column_letter(j)
        fmt = FORMATS.get(key, WHOLE_TCO2E)
        sh.put(tot, j, fx(f"=SUM({col}{first}:{col}{last})").value, "formula", fmt)
        totals[key] = sh.ref(tot, j)
        if key in TOTAL_NAMES:
            sh.define(TOTAL_NAMES[key], tot, j)
    return totals


def build(
    book: Book,
    baseline: CohortBlock,
    project: ProjectCells,
    leakage: LeakageCells,
    buffer: BufferCells,
) -> VintageCells:
    sh = book.sheet(
        VINTAGES,
        "Vintages: the monitoring report's table of vintages (tCO2e, shown in whole tonnes)",
        "Calendar years clipped to the period. NER = ΔC_BSL − ΔC_P − ΔC_LK; adjusted NER = NER × "
        "Deduction_Factor (a reversal, NER < 0, is left unadjusted unless Reversal_Deduction = "
        "apply_factor); VCUs = ROUNDDOWN(ROUND(adjusted NER − buffer, guard), 0) when NER > 0.",
    )
    sh.put(HEADER_ROW - 1, 1, "Source →", "note")
    for j, key in enumerate(COLUMNS, start=1):
        sh.put(HEADER_ROW, j, HEADERS[key][0], "header")
        if j > 1:
            sh.put(HEADER_ROW - 1, j, HEADERS[key][1], "note")
    L = {k: column_letter(j) for j, k in enumerate(COLUMNS, start=1)}
    nv = len(book.vintages)
    rows = []
    for i in range(nv):
        r = FIRST_ROW + i
        c = {k: f"{v}{r}" for k, v in L.items()}
        cells = _row(book, i, c, project, baseline, leakage, buffer)
        for j, key in enumerate(COLUMNS, start=1):
            sh.cells[(r, j)] = cells[key]
        rows.append(VintageRow(*(sh.ref(r, j) for j in range(1, len(COLUMNS) + 1))))
    totals = _totals(sh, nv)
    first, last = FIRST_ROW, FIRST_ROW + nv - 1
    sh.highlights.append(Highlight(f"{L['ner']}{first}:{L['ner']}{last}", f"{L['ner']}{first}<0"))
    rev = L["reversal"]
    sh.highlights.append(Highlight(f"{rev}{first}:{rev}{last}", f"{rev}{first}=TRUE"))
    reported_total = vintage_reported.build(
        sh, FIRST_ROW + nv + 2, nv, lambda key, i: f"{L[key]}{FIRST_ROW + i}"
    )
    add_charts(sh, first, last, reported_total, VintageCells.column)
    sh.widths_from(1, [9, 11, 11, 7, 8, 10] + [16] * 15)
    sh.freeze = f"B{FIRST_ROW}"
    sh.title_rows = f"1:{HEADER_ROW}"
    provided = VintageCells(tuple(rows), totals)
    book.vintage_cells = provided
    return provided
