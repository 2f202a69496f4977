"""redd_audit.quality.bounds: plausible upper bounds by unit suffix and setting."""

from __future__ import annotations

import pytest

from redd_audit.quality.bounds import (
    AREA_MAX_HA,
    CARBON_MAX_TC_PER_HA,
    GENERIC_MAX,
    TCO2E_MAX,
    setting_bounds,
    upper_bound,
)


@pytest.mark.parametrize(
    ("column", "bound"),
    [
        ("area_ha", AREA_MAX_HA),
        ("above_ground_tc_per_ha", CARBON_MAX_TC_PER_HA),  # not the shorter "_ha"
        ("fuel_t_dm_per_ha", 5_000.0),
        ("stratum_weight_fraction", 1.0),
        ("baseline_tco2e", TCO2E_MAX),
        ("vcus_issued", TCO2E_MAX),
        ("plot_area_m2", 1e10),
        ("dbh_cm", 1e4),
        ("height_m", 1e4),
        ("count", GENERIC_MAX),
    ],
)
def test_upper_bound_by_unit_suffix(column: str, bound: float) -> None:
    assert upper_bound(column) == bound


def test_setting_bounds() -> None:
    assert setting_bounds("accounting.gwp.ch4") == (-GENERIC_MAX, 100.0)
    assert setting_bounds("inventory.environmental_stress_e") == (-10.0, 10.0)
    # an unlisted key falls back to its last part's suffix, else the generic bound
    assert setting_bounds("accounting.buffer.risk_rating_fraction") == (-GENERIC_MAX, 1.0)
    assert setting_bounds("accounting.x.years") == (-GENERIC_MAX, GENERIC_MAX)
