"""Carbon stocks from the forest inventory (CP-AB, VMD0001; domain.md §1.3).

Tree above-ground biomass with Chave et al. (2014), below-ground biomass by root-to-shoot
ratio or Mokany et al. (2006), carbon fraction, plot expansion to per hectare and stratum
statistics (mean, standard error, 95 % half-width with Student's t, uncertainty fraction,
plots needed for a target precision). Vectorised over trees and plots.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pandas as pd
from scipy import stats

from redd_audit.methodology.net_reductions import whole_units_up
from redd_audit.parameters import value


def tree_agb_with_height_kg(
    wood_density_g_cm3: npt.ArrayLike, dbh_cm: npt.ArrayLike, height_m: npt.ArrayLike
) -> np.ndarray:
    """Above-ground biomass of a tree with height [kg d.m.].

    Notes
    -----
    ``AGB = 0.0673 · (ρ · D² · H)^0.976`` (Chave et al. 2014, Eq. 4), ρ in g cm⁻³, D in cm,
    H in m.
    """
    agb = value("chave2014_height_coefficient") * (
        np.asarray(wood_density_g_cm3) * np.asarray(dbh_cm) ** 2 * np.asarray(height_m)
    ) ** value("chave2014_height_exponent")
    return np.asarray(agb, dtype=float)


def tree_agb_without_height_kg(
    wood_density_g_cm3: npt.ArrayLike, dbh_cm: npt.ArrayLike, environmental_stress_e: float
) -> np.ndarray:
    """Above-ground biomass of a tree without height [kg d.m.].

    Notes
    -----
    ``AGB = exp(−1.803 − 0.976 E + 0.976 ln ρ + 2.673 ln D − 0.0299 (ln D)²)`` (Chave et al.
    2014, Eq. 7); E is the site's environmental-stress covariate (a project setting).
    """
    ln_d = np.log(np.asarray(dbh_cm, dtype=float))
    agb = np.exp(
        value("chave2014_noheight_intercept")
        + value("chave2014_noheight_e_coefficient") * environmental_stress_e
        + value("chave2014_noheight_density_coefficient") * np.log(np.asarray(wood_density_g_cm3))
        + value("chave2014_noheight_lnd_coefficient") * ln_d
        + value("chave2014_noheight_lnd2_coefficient") * ln_d**2
    )
    return np.asarray(agb, dtype=float)


def tree_agb_kg(
    wood_density_g_cm3: npt.ArrayLike,
    dbh_cm: npt.ArrayLike,
    height_m: npt.ArrayLike,
    environmental_stress_e: float,
) -> np.ndarray:
    """Tree AGB [kg d.m.]: the height equation where a height is given, else the no-height one."""
    height = np.asarray(height_m, dtype=float)
    has_height = np.isfinite(height)
    with np.errstate(invalid="ignore"):
        with_h = tree_agb_with_height_kg(
            wood_density_g_cm3, dbh_cm, np.where(has_height, height, 1.0)
        )
    without_h = tree_agb_without_height_kg(wood_density_g_cm3, dbh_cm, environmental_stress_e)
    return np.asarray(np.where(has_height, with_h, without_h), dtype=float)


def plot_biomass_t_per_ha(
    tree_agb_kg_sum: npt.ArrayLike, plot_area_m2: npt.ArrayLike
) -> np.ndarray:
    """Plot biomass per hectare, ``X_p = Σ_j AGB_j / 1000 · 10 000 / A_plot`` [t d.m. ha⁻¹]."""
    biomass = (
        np.asarray(tree_agb_kg_sum, dtype=float)
        / value("kg_per_t")
        * value("m2_per_ha")
        / np.asarray(plot_area_m2, dtype=float)
    )
    return np.asarray(biomass, dtype=float)


def below_ground_biomass_root_to_shoot_t_per_ha(
    agb_t_per_ha: npt.ArrayLike, root_to_shoot_ratio: float
) -> np.ndarray:
    """BGB = R · AGB [t d.m. ha⁻¹] (IPCC 2006 Vol. 4 Table 4.4; R = 0.37 tropical rain forest)."""
    return root_to_shoot_ratio * np.asarray(agb_t_per_ha, dtype=float)


def below_ground_biomass_mokany_t_per_ha(agb_t_per_ha: npt.ArrayLike) -> np.ndarray:
    """BGB = 0.489 · AGB^0.890 [t d.m. ha⁻¹] (Mokany et al. 2006, Table 3)."""
    return value("mokany2006_coefficient") * np.asarray(agb_t_per_ha, dtype=float) ** value(
        "mokany2006_exponent"
    )


def carbon_tc_per_ha(biomass_t_per_ha: npt.ArrayLike, carbon_fraction: float) -> np.ndarray:
    """C = biomass · CF [tC ha⁻¹] (CF = 0.47, IPCC 2006 Vol. 4 Table 4.3)."""
    return np.asarray(biomass_t_per_ha, dtype=float) * carbon_fraction


def student_t_975(degrees_of_freedom: int) -> float:
    """Two-sided 95 % Student's t quantile, t(0.975, df) (NaN when df < 1)."""
    if degrees_of_freedom < 1:
        return math.nan
    return float(stats.t.ppf(1.0 - value("ci_two_sided_alpha") / 2.0, degrees_of_freedom))


def plots_needed(t_value: float, coefficient_of_variation: float, target_precision: float) -> int:
    """Plots required for the target precision, ``n = ⌈(t · CV / E)²⌉`` (VMD0001 / domain §1.3)."""
    if not (math.isfinite(t_value) and math.isfinite(coefficient_of_variation)):
        return 0
    # the same floating-point guard as VCUs (the workbook's ROUNDUP(ROUND(·, guard), 0))
    return whole_units_up((t_value * coefficient_of_variation / target_precision) ** 2)


def stratum_statistics(values: pd.Series, target_precision: float) -> dict[str, float]:
    """Mean, SD, SE, t, 95 % half-width, uncertainty fraction and plots needed of plot values.

    Notes
    -----
    ``SE = s/√n``, ``HW95 = t(0.975, n−1) · SE``, ``U = HW95 / mean`` (VMD0001, VMD0017).
    """
    x = values.to_numpy(dtype=float)
    n = int(x.size)
    mean = float(x.mean()) if n else math.nan
    sd = float(x.std(ddof=1)) if n > 1 else math.nan
    se = sd / math.sqrt(n) if n > 1 else math.nan
    t_value = student_t_975(n - 1)
    half_width = t_value * se if n > 1 else math.nan
    uncertainty = half_width / mean if n > 1 and mean > 0 else math.nan
    cv = sd / mean if n > 1 and mean > 0 else math.nan
    return {
        "n_plots": n,
        "mean_tc_per_ha": mean,
        "sd_tc_per_ha": sd,
        "se_tc_per_ha": se,
        "t_975": t_value,
        "half_width_95_tc_per_ha": half_width,
        "uncertainty_fraction": uncertainty,
        "plots_needed": plots_needed(t_value, cv, target_precision),
    }


def inventory_carbon_stocks(
    plots: pd.DataFrame,
    trees: pd.DataFrame,
    *,
    carbon_fraction: float,
    below_ground_method: str,
    root_to_shoot_ratio: float,
    environmental_stress_e: float,
    target_precision: float,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Trees → plots → strata.

    Returns
    -------
    (tree_table, plot_table, stratum_table)
        ``tree_table``: live trees with ``agb_kg`` and ``agb_equation``; ``plot_table``: per
        plot AGB/BGB biomass and carbon per hectare; ``stratum_table``: per stratum statistics
        of above-ground and total (above + below ground) carbon.
    """
    live = trees[trees["status"].astype("string") == "alive"].copy()
    height = live["height_m"].to_numpy(dtype=float)
    live["agb_kg"] = tree_agb_kg(
        live["wood_density_g_cm3"].to_numpy(dtype=float),
        live["dbh_cm"].to_numpy(dtype=float),
        height,
        environmental_stress_e,
    )
    live["agb_equation"] = np.where(np.isfinite(height), "chave2014_height", "chave2014_no_height")
    agb_sum = live.groupby("plot_id", sort=False, observed=True)["agb_kg"].sum()
    plot_table = plots[["plot_id", "stratum_id", "plot_area_m2"]].copy()
    plot_table["n_live_trees"] = (
        plot_table["plot_id"]
        .map(live.groupby("plot_id", observed=True).size())
        .fillna(0)
        .astype(int)
    )
    plot_table["agb_kg"] = plot_table["plot_id"].map(agb_sum).fillna(0.0).astype(float)
    plot_table["agb_t_per_ha"] = plot_biomass_t_per_ha(
        plot_table["agb_kg"], plot_table["plot_area_m2"]
    )
    if below_ground_method == "mokany_2006":
        bgb = below_ground_biomass_mokany_t_per_ha(plot_table["agb_t_per_ha"])
    else:
        bgb = below_ground_biomass_root_to_shoot_t_per_ha(
            plot_table["agb_t_per_ha"], root_to_shoot_ratio
        )
    plot_table["bgb_t_per_ha"] = bgb
    plot_table["above_ground_tc_per_ha"] = carbon_tc_per_ha(
        plot_table["agb_t_per_ha"], carbon_fraction
    )
    plot_table["below_ground_tc_per_ha"] = carbon_tc_per_ha(
        plot_table["bgb_t_per_ha"], carbon_fraction
    )
    plot_table["tree_carbon_tc_per_ha"] = (
        plot_table["above_ground_tc_per_ha"] + plot_table["below_ground_tc_per_ha"]
    )
    rows = []
    for stratum_id, group in plot_table.groupby("stratum_id", sort=True, observed=True):
        above = stratum_statistics(group["above_ground_tc_per_ha"], target_precision)
        total = stratum_statistics(group["tree_carbon_tc_per_ha"], target_precision)
        rows.append(
            {
                "stratum_id": str(stratum_id),
                "n_plots": above["n_plots"],
                "above_ground_tc_per_ha": above["mean_tc_per_ha"],
                "below_ground_tc_per_ha": float(group["below_ground_tc_per_ha"].mean()),
                "tree_carbon_tc_per_ha": total["mean_tc_per_ha"],
                "sd_tc_per_ha": total["sd_tc_per_ha"],
                "se_tc_per_ha": total["se_tc_per_ha"],
                "t_975": total["t_975"],
                "half_width_95_tc_per_ha": total["half_width_95_tc_per_ha"],
                "uncertainty_fraction": total["uncertainty_fraction"],
                "above_ground_uncertainty_fraction": above["uncertainty_fraction"],
                "plots_needed": total["plots_needed"],
            }
        )
    return live, plot_table, pd.DataFrame(rows)
