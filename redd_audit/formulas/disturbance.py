"""Formula builders of :mod:`redd_audit.methodology.disturbance` (M-MON, contract 8.5)."""

from __future__ import annotations

from collections.abc import Mapping

from redd_audit.formulas.expression import operand
from redd_audit.methodology.emission_schedule import POOLS


def disturbance_emission_tco2e_per_ha(
    carbon_tc_per_ha: Mapping[str, str],
    post_disturbance_tc_per_ha: str,
    *,
    co2_per_c: str = "CO2_per_C",
) -> str:
    """``=CO2_per_C*(C_AG+C_BG+C_DW+C_LI−C_P,Dist)``."""
    total = "+".join(operand(carbon_tc_per_ha[p]) for p in POOLS)
    return f"={co2_per_c}*({total}-{operand(post_disturbance_tc_per_ha)})"


def project_stock_change_tco2e(
    project_deforestation_tco2e: str, project_disturbance_tco2e: str
) -> str:
    """``=ΔC_P,DefPA+ΔC_P,DistPA``."""
    return f"={operand(project_deforestation_tco2e)}+{operand(project_disturbance_tco2e)}"
