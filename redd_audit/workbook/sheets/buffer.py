"""Buffer withholding (AFOLU Non-Permanence Risk Tool) per vintage.

Buffer = Risk_Rating_Fraction × base when NER > 0 (never negative); the base is the
carbon-stock change ΔC_BSL − ΔC_P,stock (fire non-CO2 gases and leakage excluded), multiplied by
the deduction factor when Buffer_Base = adjusted_stock_change; the NER when Buffer_Base =
after_leakage; the adjusted NER when Buffer_Base = net (contract 7.4). The sign test needs the
NER, computed here from the earlier sheets (the Vintages table computes it the same way).
"""

from __future__ import annotations

from dataclasses import dataclass

from redd_audit.formulas.buffer import buffer_base_tco2e, buffer_withholding_tco2e
from redd_audit.formulas.net_reductions import (
    net_emission_reductions_tco2e,
)
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import FIRST_ROW, HEADER_ROW, fx, label, link
from redd_audit.workbook.model import FRACTION, TCO2E, YEAR, column_letter
from redd_audit.workbook.refs import vintage_cell
from redd_audit.workbook.sheets.cohorts import CohortBlock
from redd_audit.workbook.sheets.leakage import LeakageCells
from redd_audit.workbook.sheets.project_emissions import ProjectCells

NAME = "Buffer"
HEADERS = [
    "Vintage",
    "ΔC_BSL (tCO2e)",
    "ΔC_P,stock (tCO2e)",
    "E_BB fire (tCO2e)",
    "ΔC_LK leakage (tCO2e)",
    "Stock change ΔC_BSL − ΔC_P,stock (tCO2e)",
    "Buffer base (tCO2e)",
    "NER (tCO2e)",
    "Buffer (tCO2e)",
    "Source",
]


@dataclass(frozen=True)
class BufferCells:
    base: tuple[str, ...]
    buffer: tuple[str, ...]


def build(
    book: Book, baseline: CohortBlock, project: ProjectCells, leakage: LeakageCells
) -> BufferCells:
    calendar = book.calendar
    assert calendar is not None and book.uncertainty_cells is not None
    sh = book.sheet(
        NAME,
        "Buffer withholding (AFOLU Non-Permanence Risk Tool)",
        "Buffer = Risk_Rating_Fraction × (ΔC_BSL − ΔC_P,stock) when NER > 0 (never negative); "
        "fire non-CO2 gases and leakage are excluded from the base. With Buffer_Base = "
        "adjusted_stock_change the base is multiplied by the deduction factor; after_leakage "
        "takes the NER, net the adjusted NER (contract 7.4).",
    )
    sh.put(HEADER_ROW - 1, 1, "Risk rating (fraction)", "key")
    sh.put(HEADER_ROW - 1, 3, link("=Risk_Rating_Fraction").value, "link", FRACTION)
    sh.headers(HEADER_ROW, 1, HEADERS)
    nv = len(calendar)
    for i, cal in enumerate(calendar.rows):
        r = FIRST_ROW + i
        sh.put_row(
            r,
            1,
            [
                link(f"={cal.vintage}", YEAR),
                link(f"={baseline.total(i)}", TCO2E),
                link(f"={project.stock[i]}", TCO2E),
                link(f"={project.fire[i]}", TCO2E),
                link(f"={leakage.leakage[i]}", TCO2E),
                fx(f"=B{r}-C{r}", TCO2E),
                fx(
                    buffer_base_tco2e(
                        f"B{r}",
                        f"C{r}",
                        "Deduction_Factor",
                        "Buffer_Base",
                        f"H{r}",
                        vintage_cell("adjusted_ner", i),
                    ),
                    TCO2E,
                ),
                fx(net_emission_reductions_tco2e(f"B{r}", f"C{r}+D{r}", f"E{r}"), TCO2E),
                fx(buffer_withholding_tco2e("Risk_Rating_Fraction", f"G{r}", f"H{r}"), TCO2E),
                label("Baseline, Project emissions, Leakage; Uncertainty (Deduction_Factor)"),
            ],
        )
    tot = FIRST_ROW + nv
    sh.put(tot, 1, "Total", "key")
    for col in range(2, 10):
        c = column_letter(col)
        sh.put(tot, col, fx(f"=SUM({c}{FIRST_ROW}:{c}{tot - 1})").value, "formula", TCO2E)
    sh.widths_from(1, [10, 16, 16, 14, 14, 20, 16, 16, 16, 44])
    sh.freeze = f"B{FIRST_ROW}"
    sh.title_rows = f"1:{HEADER_ROW}"
    return BufferCells(
        tuple(sh.ref(FIRST_ROW + i, 7) for i in range(nv)),
        tuple(sh.ref(FIRST_ROW + i, 9) for i in range(nv)),
    )
