"""Baseline emissions ΔC_BSL (BL-UP): ex-ante cohorts × vintages in the project area."""

from __future__ import annotations

from redd_audit.formulas.baseline import baseline_emissions_tco2e
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import HEADER_ROW
from redd_audit.workbook.sheets import fixed_baseline
from redd_audit.workbook.sheets.activity import ActivityCells
from redd_audit.workbook.sheets.cohorts import CohortBlock, block_widths, cohort_block

NAME = "Baseline"


def build(book: Book, activity: ActivityCells) -> CohortBlock:
    sh = book.sheet(
        NAME,
        "Baseline emissions ΔC_BSL (BL-UP): ex-ante cohorts × vintages, project area (tCO2e)",
        "Cohort areas from Activity data (validated ex-ante table); each cell is "
        "f_v·(A·ΔC_i(v − t0)) from the Emission schedule; annual ex-ante quantities and tails "
        "are pro-rated by the vintage's year fraction.",
    )
    if book.ctx.project.accounting.baseline.source == "fixed_table":
        top = fixed_baseline.table_rows(book, sh, HEADER_ROW - 1)
        block = fixed_baseline.block(book, sh, top, "project_area", "Project area (fixed, PD)")
    else:
        block = cohort_block(
            book,
            sh,
            HEADER_ROW - 1,
            "project_area",
            False,
            "Project area",
            activity,
            baseline_emissions_tco2e,
        )
    block_widths(sh, block.n_vintages)
    sh.freeze = f"E{HEADER_ROW + 2}"
    sh.title_rows = f"1:{HEADER_ROW + 1}"
    return block
