"""Cells of other sheets that the verification-cycle sheets (Revisions, Period materiality,
Cumulative position, Findings) read: the contract's total names and, where the Vintages sheet
provides them, the per-vintage cells."""

from __future__ import annotations

from redd_audit.workbook.book import Book

#: summary quantity -> (key of the Vintages sheet's cells, contract total name)
QUANTITY_CELLS = {
    "baseline_tco2e": ("baseline", "Total_Baseline_tCO2e"),
    "project_tco2e": ("project", "Total_Project_tCO2e"),
    "leakage_tco2e": ("leakage", "Total_Leakage_tCO2e"),
    "buffer_tco2e": ("buffer", "Total_Buffer_tCO2e"),
    "vcus": ("vcus", "Total_VCUs"),
    "uncertainty_deduction_tco2e": ("uncertainty_deduction", "Total_Uncertainty_Deduction_tCO2e"),
}


def total_name(quantity: str) -> str:
    """The workbook name of the period total of ``quantity`` (contract section 4)."""
    return QUANTITY_CELLS[quantity][1]


def vintage_ref(book: Book, quantity: str, vintage: int) -> str | None:
    """Reference to this run's ``quantity`` cell of ``vintage`` on the Vintages sheet, or None
    when the vintage is not in the period."""
    if book.ctx.recomputation is None:
        return None
    index = {f.vintage: i for i, f in enumerate(book.ctx.recomputation.vintages)}
    if vintage not in index:
        return None
    cells = book.vintage_cells
    if cells is None:  # the Vintages sheet is built before the cycle sheets
        return None
    return cells.ref(QUANTITY_CELLS[quantity][0], index[vintage])
