"""Formula builders of :mod:`redd_audit.methodology.annualize` (M-MON, contract 8.3)."""

from __future__ import annotations

from redd_audit.formulas.expression import operand


def annualized_area_ha(area_ha: str, year_fraction: str, interval_year_fractions: str) -> str:
    """``=A*f_v/SUM(f_interval)``."""
    return f"={operand(area_ha)}*{operand(year_fraction)}/SUM({interval_year_fractions.strip()})"
