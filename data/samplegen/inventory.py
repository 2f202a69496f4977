"""The sample's 2021 forest inventory: plots and trees whose Chave et al. (2014) biomass (the
core's equation) averages each stratum's validated above-ground stock."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd

from redd_audit.methodology.carbon_stocks import tree_agb_with_height_kg
from samplegen.events import largest_remainder
from samplegen.spec import (
    CARBON_FRACTION,
    HIGHWAY_END,
    HIGHWAY_START,
    KM_PER_DEG_LAT,
    KM_PER_DEG_LON,
    SPECIES,
    ScaleOptions,
    StratumSpec,
)
from samplegen.spec import rng as _rng


def height_m(dbh_cm: np.ndarray, factor: float, rng: np.random.Generator) -> np.ndarray:
    """Feldpausch-like Weibull height–diameter curve with multiplicative noise."""
    expected = 45.0 * (1.0 - np.exp(-0.045 * dbh_cm**0.83)) * factor
    return np.maximum(expected * np.exp(0.12 * rng.standard_normal(dbh_cm.shape)), 4.0)


def chave2014_agb_kg(rho: np.ndarray, dbh: np.ndarray, height: np.ndarray) -> np.ndarray:
    """Above-ground biomass with height [kg] (the core's Chave et al. 2014 Eq. 4)."""
    return tree_agb_with_height_kg(rho, dbh, height)


def _draw_trees(
    rng: np.random.Generator, s: StratumSpec, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """n candidate trees of stratum s: species index, DBH, height, wood density."""
    names = [name for name, _ in s.species]
    weights = np.array([w for _, w in s.species], dtype=float)
    sp = rng.choice(len(names), size=n, p=weights / weights.sum())
    dbh = 10.0 + rng.exponential(s.dbh_scale_cm, n)
    dbh = np.where(dbh > 95.0, 10.0 + rng.exponential(s.dbh_scale_cm, n), dbh)
    for j, name in enumerate(names):
        palm = SPECIES[name][1]
        if palm is not None:
            mask = sp == j
            dbh[mask] = rng.uniform(palm[0], palm[1], int(mask.sum()))
    rho = np.array([SPECIES[name][0] for name in names])[sp]
    h = height_m(dbh, s.height_factor, rng)
    return sp, dbh, h, rho


#: Approximate stems per hectare (live and dead, DBH >= 10 cm) over the strata mix; only used
#: to choose the plot-size mix of the scale case.
STEMS_PER_HA = 590.0


def inventory(
    strata: tuple[StratumSpec, ...], seed: int, scale: ScaleOptions | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Plots (2021 campaign) and trees whose Chave 2014 plot carbon averages each stratum's
    validated above-ground stock, with a between-plot CV of about 20–35 %.

    Each plot gets a target biomass (stratum mean × a lognormal factor, factors normalised to
    mean 1 within the stratum); trees are drawn from the stratum's reverse-J diameter
    distribution until the plot's live biomass reaches the target. Terra-firme plots of
    2,500 m² may hold Brazil-nut emergents (DBH 100–200 cm). About 3 % of trees are dead
    (not counted in the target) and about 3 % of heights are left unmeasured.
    """
    rng_p = _rng(seed, "plots")
    rng = _rng(seed, "trees")
    if scale is None:
        plots_per_stratum = np.array([s.plots for s in strata])
    else:
        plots_per_stratum = largest_remainder(
            np.array([s.baseline_share for s in strata]) + 0.05, scale.plots
        )
    plot_rows = []
    tree_parts = []
    for i, s in enumerate(strata):
        n_plots = int(plots_per_stratum[i])
        if scale is None:
            large_share = 0.5
        else:  # plot-size mix that gives about scale.trees trees in all
            per_plot = scale.trees / scale.plots
            large_share = min(1.0, max(0.0, (per_plot / STEMS_PER_HA - 0.1) / 0.15))
        area_m2 = np.where(rng_p.uniform(size=n_plots) < large_share, 2500.0, 1000.0)
        sigma = math.sqrt(math.log(1.0 + s.plot_cv**2))
        factor = np.exp(sigma * rng_p.standard_normal(n_plots))
        factor /= factor.mean()
        target_t_per_ha = s.above_ground / CARBON_FRACTION * factor
        along = rng_p.uniform(0.05, 0.95, n_plots)
        dist = 2.0 + rng_p.exponential(8.0, n_plots)
        side = np.where(rng_p.uniform(size=n_plots) < 0.5, -1.0, 1.0)
        dy = (HIGHWAY_END[0] - HIGHWAY_START[0]) * KM_PER_DEG_LAT
        dx = (HIGHWAY_END[1] - HIGHWAY_START[1]) * KM_PER_DEG_LON
        length = math.hypot(dx, dy)
        lat = HIGHWAY_START[0] + (along * dy + side * dist * dx / length) / KM_PER_DEG_LAT
        lon = HIGHWAY_START[1] + (along * dx - side * dist * dy / length) / KM_PER_DEG_LON
        lat = np.clip(lat, -12.8, -10.9)
        lon = np.clip(lon, -70.3, -68.8)
        day = rng_p.integers(0, (dt.date(2021, 9, 30) - dt.date(2021, 6, 1)).days + 1, n_plots)
        measured = np.datetime64("2021-06-01") + day
        for p in range(n_plots):
            plot_id = f"PLT-{s.id}-{p + 1:04d}"
            plot_rows.append(
                (
                    plot_id,
                    s.id,
                    round(float(lat[p]), 5),
                    round(float(lon[p]), 5),
                    area_m2[p],
                    str(measured[p]),
                )
            )
            target_kg = target_t_per_ha[p] * 1000.0 * area_m2[p] / 10_000.0
            sp_idx: list[np.ndarray] = []
            dbhs: list[np.ndarray] = []
            hs: list[np.ndarray] = []
            rhos: list[np.ndarray] = []
            species_names: list[str] = [name for name, _ in s.species]
            acc = 0.0
            if s.id in ("TF", "TS") and area_m2[p] == 2500.0:
                n_emergent = int(rng.choice([0, 1, 2], p=[0.45, 0.40, 0.15]))
                if s.id == "TS":
                    n_emergent = min(n_emergent, 1)
                for _ in range(n_emergent):
                    d = rng.uniform(100.0, 200.0)
                    rho_b = SPECIES["Bertholletia excelsa"][0]
                    hb = float(height_m(np.array([d]), s.height_factor, rng)[0])
                    agb = float(chave2014_agb_kg(rho_b, d, hb))
                    while agb > 0.45 * target_kg - acc and d > 100.0:
                        d = max(100.0, d - 10.0)
                        agb = float(chave2014_agb_kg(rho_b, d, hb))
                    if agb > 0.45 * target_kg - acc:
                        continue
                    sp_idx.append(np.array([species_names.index("Bertholletia excelsa")]))
                    dbhs.append(np.array([d]))
                    hs.append(np.array([hb]))
                    rhos.append(np.array([rho_b]))
                    acc += agb
            while True:
                batch = max(40, int(area_m2[p] / 10.0))
                sp, dbh, h, rho = _draw_trees(rng, s, batch)
                agb = chave2014_agb_kg(rho, dbh, h)
                cum = acc + np.cumsum(agb)
                k = int(np.searchsorted(cum, target_kg))
                if k < batch:
                    # stop at the tree whose addition gets closest to the target
                    before = cum[k - 1] if k > 0 else acc
                    take = k + 1 if abs(cum[k] - target_kg) < abs(before - target_kg) else k
                    sp_idx.append(sp[:take])
                    dbhs.append(dbh[:take])
                    hs.append(h[:take])
                    rhos.append(rho[:take])
                    break
                sp_idx.append(sp)
                dbhs.append(dbh)
                hs.append(h)
                rhos.append(rho)
                acc = float(cum[-1])
            sp_all = np.concatenate(sp_idx)
            dbh_all = np.concatenate(dbhs)
            h_all = np.concatenate(hs)
            rho_all = np.concatenate(rhos)
            n_live = len(dbh_all)
            n_dead = int(rng.binomial(n_live, 0.03))
            if n_dead:
                sp_d, dbh_d, h_d, rho_d = _draw_trees(rng, s, n_dead)
                sp_all = np.concatenate([sp_all, sp_d])
                dbh_all = np.concatenate([dbh_all, dbh_d])
                h_all = np.concatenate([h_all, h_d * rng.uniform(0.4, 1.0, n_dead)])
                rho_all = np.concatenate([rho_all, rho_d])
            status = np.array(["alive"] * n_live + ["dead_standing"] * n_dead, dtype=object)
            if n_dead:
                fallen = rng.uniform(size=n_dead) < 0.35
                status[n_live:][fallen] = "dead_fallen"
            # shuffle so that tree numbers do not reveal the draw order
            order = rng.permutation(len(dbh_all))
            missing_h = rng.uniform(size=len(dbh_all)) < 0.03
            h_out = np.where(missing_h, np.nan, np.round(h_all[order], 1))
            tree_parts.append(
                pd.DataFrame(
                    {
                        "plot_id": plot_id,
                        "tree_id": [f"{plot_id}-T{j + 1:04d}" for j in range(len(dbh_all))],
                        "dbh_cm": np.round(dbh_all[order], 1),
                        "height_m": h_out,
                        "wood_density_g_cm3": np.round(rho_all[order], 3),
                        "species": np.array(species_names, dtype=object)[sp_all[order]],
                        "status": status[order],
                    }
                )
            )
    plots = pd.DataFrame(
        plot_rows,
        columns=["plot_id", "stratum_id", "latitude", "longitude", "plot_area_m2", "measured_on"],
    )
    plots["plot_area_m2"] = plots["plot_area_m2"].astype(int)
    trees = pd.concat(tree_parts, ignore_index=True)
    plots = plots.sort_values("plot_id", kind="stable").reset_index(drop=True)
    trees = trees.sort_values("tree_id", kind="stable").reset_index(drop=True)
    return plots, trees


def plot_carbon_tc_per_ha(plots: pd.DataFrame, trees: pd.DataFrame) -> pd.Series:
    """Live-tree above-ground carbon per plot [tC/ha] (Chave 2014 with height; trees without a
    height are left out — a quick check, not the engine's estimate)."""
    live = trees[(trees["status"] == "alive") & trees["height_m"].notna()]
    agb = chave2014_agb_kg(
        live["wood_density_g_cm3"].to_numpy(),
        live["dbh_cm"].to_numpy(),
        live["height_m"].to_numpy(),
    )
    total = pd.Series(agb, index=live["plot_id"].to_numpy()).groupby(level=0).sum()
    area = plots.set_index("plot_id")["plot_area_m2"]
    return total / 1000.0 * 10_000.0 / area.loc[total.index] * CARBON_FRACTION
