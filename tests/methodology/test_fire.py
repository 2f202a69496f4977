"""redd_audit.methodology.fire: selection of fires and E-BB per stratum and vintage."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from redd_audit.errors import InputError
from redd_audit.methodology.fire import (
    fire_emission_factor_tco2e_per_t_dm,
    fire_vintage_emissions,
)
from redd_audit.methodology.vintages import vintage_periods

VINTAGES = vintage_periods(dt.date(2021, 1, 1), dt.date(2022, 12, 31))
STOCKS = pd.DataFrame(
    {
        "stratum_id": ["S1", "S2"],
        "fuel_t_dm_per_ha": [200.0, float("nan")],
        "combustion_factor": [0.5, float("nan")],
    }
)


def _fires(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["zone", "land_cover", "stratum_id", "area_ha", "burned_on"])
    frame["burned_on"] = pd.to_datetime(frame["burned_on"])
    return frame


def test_emission_factor_with_an_explicit_unit_factor() -> None:
    # (6.8·25 + 0.2·298) · 1 = 229.6 with the factor 1 instead of 10⁻³
    assert fire_emission_factor_tco2e_per_t_dm(6.8, 0.2, 25, 298, t_gas_per_g_per_kg=1.0) == (
        pytest.approx(229.6)
    )


def test_no_fires_give_an_empty_table_with_the_columns() -> None:
    table = fire_vintage_emissions(None, STOCKS, VINTAGES, 0.2296)
    assert table.empty and "emissions_tco2e" in table.columns


def test_only_forest_fires_of_the_project_area_in_the_period_count() -> None:
    fires = _fires(
        [
            ("project_area", "forest", "S1", 10.0, "2021-03-01"),
            ("project_area", "forest", "S1", 5.0, "2021-09-01"),
            ("project_area", "forest", "S1", 2.0, "2022-01-01"),
            ("leakage_belt", "forest", "S1", 100.0, "2021-03-01"),
            ("project_area", "non_forest", "S1", 100.0, "2021-03-01"),
            ("project_area", "forest", "S1", 100.0, "2020-12-31"),
        ]
    )
    table = fire_vintage_emissions(fires, STOCKS, VINTAGES, 0.2296)
    assert list(table["vintage"]) == [2021, 2022]
    assert list(table["burned_area_ha"]) == [15.0, 2.0]
    # 15 ha · 200 t/ha · 0.5 · 0.2296 = 344.4
    assert table.iloc[0]["emissions_tco2e"] == pytest.approx(344.4)


def test_unknown_stratum_is_refused_naming_the_table() -> None:
    fires = _fires([("project_area", "forest", "S9", 1.0, "2021-03-01")])
    with pytest.raises(InputError, match=r"stratum_id S9 not defined in project\.yaml") as info:
        fire_vintage_emissions(fires, STOCKS, VINTAGES, 0.2296)
    assert (info.value.file, info.value.column) == ("fire_events", "stratum_id")


def test_stratum_without_fire_parameters_is_refused() -> None:
    fires = _fires([("project_area", "forest", "S2", 1.0, "2021-03-01")])
    with pytest.raises(InputError, match="stratum S2 but the stratum has no 'fire'") as info:
        fire_vintage_emissions(fires, STOCKS, VINTAGES, 0.2296)
    assert info.value.column == "strata.S2.fire"
