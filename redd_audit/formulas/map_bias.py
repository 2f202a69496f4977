"""Formula builders of :mod:`redd_audit.methodology.map_bias` (contract 5.9)."""

from __future__ import annotations

from redd_audit.formulas.expression import operand


def implied_unrecorded_area_ha(
    adjusted_proportion: str, mapped_proportion: str, mapped_area_ha: str
) -> str:
    """``=(p_adjusted-p_mapped)*A_map``."""
    p, w, a = operand(adjusted_proportion), operand(mapped_proportion), operand(mapped_area_ha)
    return f"=({p}-{w})*{a}"


def area_weighted_emission_factor_tco2e_per_ha(
    areas_ha: str, net_stocks_tc_per_ha: str, *, co2_per_c: str = "CO2_per_C"
) -> str:
    """``=IF(SUM(A)>0,CO2_per_C*SUMPRODUCT(A,net)/SUM(A),0)`` (two ranges of equal shape)."""
    a, n = areas_ha, net_stocks_tc_per_ha
    return f"=IF(SUM({a})>0,{co2_per_c}*SUMPRODUCT({a},{n})/SUM({a}),0)"


def implied_emissions_tco2e(area_ha: str, emission_factor_tco2e_per_ha: str) -> str:
    """``=area*EF``."""
    return f"={operand(area_ha)}*{operand(emission_factor_tco2e_per_ha)}"
