"""Non-CO2 emissions of biomass burning, E-BB (VMD0013; IPCC 2006 Vol. 4 Eq. 2.27)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from redd_audit.errors import InputError
from redd_audit.methodology.annualize import INTERVAL_COLUMNS, annualized_events
from redd_audit.methodology.vintages import Vintage
from redd_audit.parameters import value


def fire_emission_factor_tco2e_per_t_dm(
    g_ch4_per_kg: float,
    g_n2o_per_kg: float,
    gwp_ch4: float,
    gwp_n2o: float,
    *,
    t_gas_per_g_per_kg: float | None = None,
) -> float:
    """CO2-equivalent non-CO2 emission per tonne of dry matter burnt [tCO2e t⁻¹ d.m.].

    Notes
    -----
    ``(G_CH4 · GWP_CH4 + G_N2O · GWP_N2O) · 10⁻³`` with G in g gas per kg d.m. (IPCC 2006
    Eq. 2.27 as used by VMD0013 E-BB); the 10⁻³ is the cited ``t_gas_per_g_per_kg`` (taken
    from redd_audit/data/parameters.yaml when not given).
    """
    if t_gas_per_g_per_kg is None:
        t_gas_per_g_per_kg = value("t_gas_per_g_per_kg")
    return (g_ch4_per_kg * gwp_ch4 + g_n2o_per_kg * gwp_n2o) * t_gas_per_g_per_kg


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


def fire_vintage_emissions(
    fires: pd.DataFrame | None,
    stocks: pd.DataFrame,
    vintages: list[Vintage],
    emission_factor: float,
    annualize: str = "dated",
) -> pd.DataFrame:
    """E-BB per stratum and vintage: forest fires in the project area dated in the period.

    A fire counts in the vintage (project year) holding its date; under ``annualize="even"``
    its burned area is spread over the vintages of its monitoring interval (contract 8.3).
    """
    columns = [
        "stratum_id",
        "vintage",
        "burned_area_ha",
        "fuel_t_dm_per_ha",
        "combustion_factor",
        "emissions_tco2e",
    ]
    if fires is None or fires.empty:
        return pd.DataFrame(columns=columns)
    start, end = vintages[0].start, vintages[-1].end
    dates = fires["burned_on"]
    keep = (
        (
            (fires["zone"].astype("string") == "project_area")
            & (fires["land_cover"].astype("string") == "forest")
            & (dates >= pd.Timestamp(start))
            & (dates <= pd.Timestamp(end))
        )
        .fillna(False)
        .to_numpy(dtype=bool)
    )
    wanted = ["zone", "stratum_id", "area_ha", *INTERVAL_COLUMNS]
    selected = fires.loc[keep, [c for c in wanted if c in fires.columns]].copy()
    if selected.empty:
        return pd.DataFrame(columns=columns)
    selected["stratum_id"] = selected["stratum_id"].astype(str)
    years = vintages[0].years
    if annualize == "even":
        selected = annualized_events(selected, "fire_events", "burned_on", start, end, years)
    else:
        selected["vintage"] = years.labels_of(dates[keep])
    grouped = selected.groupby(["stratum_id", "vintage"], sort=True)["area_ha"].sum().reset_index()
    grouped = grouped.rename(columns={"area_ha": "burned_area_ha"})
    params = stocks.set_index("stratum_id")
    missing = sorted(set(grouped["stratum_id"]) - set(params.index))
    if missing:
        raise InputError(
            f"stratum_id {', '.join(missing)} not defined in project.yaml",
            file="fire_events",
            column="stratum_id",
        )
    grouped["fuel_t_dm_per_ha"] = grouped["stratum_id"].map(params["fuel_t_dm_per_ha"])
    grouped["combustion_factor"] = grouped["stratum_id"].map(params["combustion_factor"])
    no_params = grouped[grouped["fuel_t_dm_per_ha"].isna()]
    if not no_params.empty:
        raise InputError(
            f"forest fires in the project area of stratum {no_params['stratum_id'].iloc[0]} but "
            "the stratum has no 'fire' parameters (fuel_t_dm_per_ha, combustion_factor)",
            file="project.yaml",
            column=f"strata.{no_params['stratum_id'].iloc[0]}.fire",
        )
    grouped["emissions_tco2e"] = fire_non_co2_emissions_tco2e(
        grouped["burned_area_ha"].to_numpy(),
        grouped["fuel_t_dm_per_ha"].to_numpy(),
        grouped["combustion_factor"].to_numpy(),
        emission_factor,
    )
    return grouped[columns]
