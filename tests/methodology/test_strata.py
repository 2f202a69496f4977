"""redd_audit.methodology.strata: per-stratum stocks and emission schedules."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from redd_audit.errors import InputError
from redd_audit.methodology.figures import InventoryResult
from redd_audit.methodology.strata import inventory_result, stratum_schedules, stratum_stocks
from redd_audit.parameters import CO2_PER_C
from tests.mirror_support import project, project_dict


def test_validated_stocks_by_default() -> None:
    stocks = stratum_stocks(project(), None)
    row = stocks.iloc[0]
    assert row["stratum_id"] == "S1"
    assert row["above_ground_tc_per_ha"] == 121.0
    assert row["stock_source"] == "validated"
    assert row["uncertainty_fraction"] == 0.1
    assert row["fuel_t_dm_per_ha"] == 150.0


def test_inventory_stocks_replace_above_and_below_ground_only() -> None:
    data = project_dict()
    data["accounting"]["carbon_stock_source"] = "inventory"
    inventory = InventoryResult(
        plots=pd.DataFrame(),
        strata=pd.DataFrame(
            {
                "stratum_id": ["S1"],
                "above_ground_tc_per_ha": [100.0],
                "below_ground_tc_per_ha": [20.0],
                "uncertainty_fraction": [0.07],
            }
        ),
    )
    from redd_audit.project import Project

    row = stratum_stocks(Project.model_validate(data), inventory).iloc[0]
    assert (row["above_ground_tc_per_ha"], row["below_ground_tc_per_ha"]) == (100.0, 20.0)
    assert row["dead_wood_tc_per_ha"] == 10.0
    assert row["uncertainty_fraction"] == 0.07
    assert row["stock_source"] == "inventory"


def test_inventory_source_without_plots_names_the_stratum_and_setting() -> None:
    data = project_dict()
    data["accounting"]["carbon_stock_source"] = "inventory"
    from redd_audit.project import Project

    with pytest.raises(InputError, match="stratum 'S1' has no inventory plots") as info:
        stratum_stocks(Project.model_validate(data), None)
    assert info.value.file == "project.yaml"
    assert info.value.column == "accounting.carbon_stock_source"


def test_no_fire_parameters_give_nan() -> None:
    data = project_dict()
    del data["strata"][0]["fire"]
    from redd_audit.project import Project

    row = stratum_stocks(Project.model_validate(data), None).iloc[0]
    assert math.isnan(row["fuel_t_dm_per_ha"]) and math.isnan(row["combustion_factor"])


def test_schedules_have_the_longest_length_and_the_tails() -> None:
    p = project()
    schedules = stratum_schedules(p, stratum_stocks(p, None))
    schedule = schedules["S1"]
    # 10 ages (below ground over 10 years); age 0 = 44/12·(121 − 5 + 3 + 10), ages 1..9 = 44/12·3
    assert len(schedule) == 10
    assert schedule[0] == pytest.approx(CO2_PER_C * (121 - 5 + 3 + 10))
    assert schedule[9] == pytest.approx(CO2_PER_C * 3)


def test_inventory_result_without_tables_is_none() -> None:
    assert inventory_result(project(), {}) is None
    assert inventory_result(project(), {"inventory_plots": pd.DataFrame()}) is None
