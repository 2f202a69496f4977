"""Formula builders of :mod:`redd_audit.methodology.project_emissions` (M-MON, E-BB)."""

from __future__ import annotations

from redd_audit.formulas.expression import operand


def project_emissions_tco2e(project_stock_tco2e: str, project_fire_tco2e: str) -> str:
    """``=ΔC_P,DefPA + E_BB``."""
    return f"={operand(project_stock_tco2e)}+{operand(project_fire_tco2e)}"


def project_stock_emissions_tco2e(cohort_emissions_tco2e: str) -> str:
    """``=SUM(monitored cohort emissions of the vintage)``."""
    return f"=SUM({cohort_emissions_tco2e})"
