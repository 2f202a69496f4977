"""redd_audit.workbook.sheets.vintage_charts: the two bar charts of the Vintages sheet."""

from __future__ import annotations

from redd_audit.workbook.layout import NameRegistry, SheetBuilder
from redd_audit.workbook.refs import VintageCells
from redd_audit.workbook.sheets.formats import WHOLE_TCO2E
from redd_audit.workbook.sheets.vintage_charts import add_charts
from tests.workbook.spec_helpers import main_spec


def test_charts_read_the_vintage_columns() -> None:
    sh = SheetBuilder("Vintages", NameRegistry(), "t")
    add_charts(sh, 5, 6, 7, VintageCells.column)
    first, second = sh.charts
    assert first.kind == second.kind == "bar"
    assert (first.grouping, second.grouping) == ("clustered", "stacked")
    assert (first.anchor, second.anchor) == ("A10", "K10")
    assert (first.categories.min_col, first.categories.min_row) == (1, 5)
    assert first.categories.max_row == 6
    assert [s.title for s in first.series] == ["Baseline", "Project", "Leakage", "NER"]
    assert [s.values.min_col for s in first.series] == [
        VintageCells.column(k) for k in ("baseline", "project", "leakage", "ner")
    ]
    assert [s.title for s in second.series] == [
        "VCUs",
        "Buffer",
        "Uncertainty deduction",
        "Rounding residue",
    ]
    assert all(s.values.sheet == "Vintages" for s in first.series + second.series)
    assert first.y_number_format == WHOLE_TCO2E


def test_vintages_sheet_has_them() -> None:
    charts = main_spec().sheet("Vintages").charts
    assert len(charts) == 2
    # two vintages: rows 5 and 6
    assert (charts[0].categories.min_row, charts[0].categories.max_row) == (5, 6)
