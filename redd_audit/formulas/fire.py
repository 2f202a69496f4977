"""Formula builders of :mod:`redd_audit.methodology.fire` (E-BB, VMD0013)."""

from __future__ import annotations

from redd_audit.formulas.expression import operand


def fire_emission_factor_tco2e_per_t_dm(
    g_ch4_per_kg: str,
    g_n2o_per_kg: str,
    gwp_ch4: str,
    gwp_n2o: str,
    *,
    t_gas_per_g_per_kg: str = "t_gas_per_g_per_kg",
) -> str:
    """``=(G_CH4*GWP_CH4+G_N2O*GWP_N2O)*t_gas_per_g_per_kg``."""
    g4, g2, w4, w2 = (operand(x) for x in (g_ch4_per_kg, g_n2o_per_kg, gwp_ch4, gwp_n2o))
    return f"=({g4}*{w4}+{g2}*{w2})*{operand(t_gas_per_g_per_kg)}"


def fire_non_co2_emissions_tco2e(
    burned_area_ha: str,
    fuel_t_dm_per_ha: str,
    combustion_factor: str,
    emission_factor_tco2e_per_t_dm: str,
) -> str:
    """``=IF(A_burn=0,0,A_burn*B*COMF*EF)`` (no fire: 0 even where B and COMF are not set)."""
    a = operand(burned_area_ha)
    rest = "*".join(
        operand(x) for x in (fuel_t_dm_per_ha, combustion_factor, emission_factor_tco2e_per_t_dm)
    )
    return f"=IF({a}=0,0,{a}*{rest})"
