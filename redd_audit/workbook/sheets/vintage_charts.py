"""The two charts of the Vintages sheet (their values are the table's cells, in whole tonnes)."""

from __future__ import annotations

from collections.abc import Callable

from redd_audit.workbook.book import VINTAGES
from redd_audit.workbook.layout import SheetBuilder
from redd_audit.workbook.model import ChartSpec, RangeRef, SeriesSpec
from redd_audit.workbook.sheets.formats import WHOLE_TCO2E


def add_charts(
    sh: SheetBuilder, first: int, last: int, total_row: int, column: Callable[[str], int]
) -> None:
    cats = RangeRef(VINTAGES, 1, first, 1, last)

    def series(key: str, title: str) -> SeriesSpec:
        col = column(key)
        return SeriesSpec(title, RangeRef(VINTAGES, col, first, col, last))

    sh.charts.append(
        ChartSpec(
            kind="bar",
            title="Baseline, project emissions, leakage and net reductions per vintage (tCO2e)",
            anchor=f"A{total_row + 3}",
            categories=cats,
            series=(
                series("baseline", "Baseline"),
                series("project", "Project"),
                series("leakage", "Leakage"),
                series("ner", "NER"),
            ),
            x_title="Vintage",
            y_title="tCO2e",
            y_number_format=WHOLE_TCO2E,
        )
    )
    sh.charts.append(
        ChartSpec(
            kind="bar",
            title="Net reductions: VCUs, buffer, uncertainty deduction and rounding per vintage "
            "(tCO2e)",
            anchor=f"K{total_row + 3}",
            categories=cats,
            series=(
                series("vcus", "VCUs"),
                series("buffer", "Buffer"),
                series("uncertainty_deduction", "Uncertainty deduction"),
                series("rounding_residue", "Rounding residue"),
            ),
            grouping="stacked",
            x_title="Vintage",
            y_title="tCO2e",
            y_number_format=WHOLE_TCO2E,
        )
    )
