"""Formula builders of :mod:`redd_audit.methodology.fixed_baseline` (BL-UP, contract 8.4)."""

from __future__ import annotations

from redd_audit.formulas.expression import operand


def fixed_baseline_tco2e(baseline_tco2e: str, year_fraction: str) -> str:
    """``=SUM(baseline_tco2e)*f_v`` (the rows of the zone and vintage, e.g. a SUMIFS)."""
    return f"=SUM({baseline_tco2e.strip()})*{operand(year_fraction)}"
