"""Non-CO2 emissions of biomass burning, E-BB (VMD0013; IPCC 2006 Vol. 4 Eq. 2.27)."""

from __future__ import annotations

import numpy as np

from redd_audit.parameters import value


def fire_emission_factor_tco2e_per_t_dm(
    g_ch4_per_kg: float, g_n2o_per_kg: float, gwp_ch4: float, gwp_n2o: float
) -> float:
    """CO2-equivalent non-CO2 emission per tonne of dry matter burnt [tCO2e t⁻¹ d.m.].

    Notes
    -----
    ``(G_CH4 · GWP_CH4 + G_N2O · GWP_N2O) · 10⁻³`` with G in g gas per kg d.m. (IPCC 2006
    Eq. 2.27 as used by VMD0013 E-BB); the 10⁻³ is the cited ``t_gas_per_g_per_kg``.
    """
    return (g_ch4_per_kg * gwp_ch4 + g_n2o_per_kg * gwp_n2o) * value("t_gas_per_g_per_kg")


def fire_non_co2_emissions_tco2e(
    burned_area_ha: np.ndarray | float,
    fuel_t_dm_per_ha: np.ndarray | float,
    combustion_factor: np.ndarray | float,
    emission_factor_tco2e_per_t_dm: float,
) -> np.ndarray | float:
    """E_BB: non-CO2 emissions of forest fires [tCO2e].

    Parameters
    ----------
    burned_area_ha : burned forest area A_burn [ha]
    fuel_t_dm_per_ha : available fuel B [t d.m. ha⁻¹]
    combustion_factor : COMF [-]
    emission_factor_tco2e_per_t_dm : from :func:`fire_emission_factor_tco2e_per_t_dm`

    Notes
    -----
    ``E_BB = A_burn · B · COMF · (G_CH4 · GWP_CH4 + G_N2O · GWP_N2O) · 10⁻³`` (VMD0013; IPCC
    2006 Eq. 2.27). CO2 of the burnt biomass is a stock change and is not counted here.
    """
    return burned_area_ha * fuel_t_dm_per_ha * combustion_factor * emission_factor_tco2e_per_t_dm
