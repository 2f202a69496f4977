"""redd_audit.workbook.sheets.formats: the report formats are whole tonnes, percent, counts."""

from __future__ import annotations

from redd_audit.quantities import TCO2E_REPORT
from redd_audit.workbook.model import COUNT, FRACTION, TCO2E
from redd_audit.workbook.sheets.formats import COUNT_FORMAT, PERCENT, WHOLE_TCO2E
from tests.workbook.spec_helpers import main_spec


def test_formats() -> None:
    assert WHOLE_TCO2E == TCO2E_REPORT and "." not in WHOLE_TCO2E
    assert TCO2E.startswith(WHOLE_TCO2E)  # the same thousands grouping, fewer decimals
    assert PERCENT == FRACTION and PERCENT.endswith("%")
    assert COUNT_FORMAT == COUNT == "#,##0"


def test_vintage_charts_use_whole_tonnes() -> None:
    charts = main_spec().sheet("Vintages").charts
    assert charts and all(c.y_number_format == WHOLE_TCO2E for c in charts)
