"""Number formats of the report tables (the calculation sheets keep the decimals of
:mod:`redd_audit.workbook.model`): whole tonnes, percentages, counts."""

from __future__ import annotations

from redd_audit.quantities import TCO2E_REPORT
from redd_audit.workbook.model import COUNT, FRACTION

#: tCO2e in report tables and charts: whole tonnes (the cells keep every decimal)
WHOLE_TCO2E = TCO2E_REPORT
#: fractions shown as percentages
PERCENT = FRACTION
#: counts shown as counts ("402", not "402.000")
COUNT_FORMAT = COUNT
