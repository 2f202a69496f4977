"""redd_audit.methodology.carbon_stocks: the inventory chain trees → plots → strata and the
edge cases of the statistics (the single equations are in tests/test_methodology.py)."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from redd_audit.methodology.carbon_stocks import (
    carbon_tc_per_ha,
    inventory_carbon_stocks,
    plots_needed,
    stratum_statistics,
    student_t_975,
)


def test_t_quantile_is_nan_without_degrees_of_freedom() -> None:
    assert math.isnan(student_t_975(0))
    assert student_t_975(1) == pytest.approx(12.7062, abs=1e-4)


def test_plots_needed_of_nan_inputs_is_zero() -> None:
    assert plots_needed(math.nan, 0.3, 0.1) == 0
    assert plots_needed(2.0, math.nan, 0.1) == 0


def test_one_plot_statistics() -> None:
    stats = stratum_statistics(pd.Series([100.0]), 0.1)
    assert stats["n_plots"] == 1 and stats["mean_tc_per_ha"] == 100.0
    assert math.isnan(stats["sd_tc_per_ha"]) and math.isnan(stats["uncertainty_fraction"])
    assert stats["plots_needed"] == 0


def test_carbon_fraction() -> None:
    assert list(carbon_tc_per_ha([100.0, 0.0], 0.47)) == pytest.approx([47.0, 0.0])


def test_dead_trees_are_left_out_and_plots_without_live_trees_are_zero() -> None:
    plots = pd.DataFrame(
        {"plot_id": ["P1", "P2"], "stratum_id": ["S1", "S1"], "plot_area_m2": [1000.0, 1000.0]}
    )
    # 0.0673·(0.6·30²·25)^0.976 kg for the live tree of P1; the dead tree of P2 does not count
    trees = pd.DataFrame(
        {
            "plot_id": ["P1", "P2"],
            "status": ["alive", "dead"],
            "wood_density_g_cm3": [0.6, 0.6],
            "dbh_cm": [30.0, 30.0],
            "height_m": [25.0, 25.0],
        }
    )
    live, plot_table, strata = inventory_carbon_stocks(
        plots,
        trees,
        carbon_fraction=0.5,
        below_ground_method="root_to_shoot",
        root_to_shoot_ratio=0.25,
        environmental_stress_e=0.0,
        target_precision=0.1,
    )
    agb_kg = 0.0673 * (0.6 * 30.0**2 * 25.0) ** 0.976
    assert list(live["agb_equation"]) == ["chave2014_height"]
    assert list(plot_table["n_live_trees"]) == [1, 0]
    # kg per 1,000 m² → t/ha: agb_kg / 1000 · 10 = agb_kg / 100
    assert plot_table["agb_t_per_ha"].iloc[0] == pytest.approx(agb_kg / 100)
    assert plot_table["agb_t_per_ha"].iloc[1] == 0.0
    assert plot_table["below_ground_tc_per_ha"].iloc[0] == pytest.approx(agb_kg / 100 * 0.25 * 0.5)
    row = strata.iloc[0]
    assert row["n_plots"] == 2
    assert row["above_ground_tc_per_ha"] == pytest.approx(agb_kg / 100 * 0.5 / 2)
