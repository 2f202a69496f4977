"""Formula builders of :mod:`redd_audit.methodology.baseline` (BL-UP)."""

from __future__ import annotations


def baseline_emissions_tco2e(cohort_emissions_tco2e: str) -> str:
    """``=SUM(ex-ante cohort emissions of the vintage)``."""
    return f"=SUM({cohort_emissions_tco2e})"
