"""redd_audit.formulas.disturbance: ΔC_P,Dist per hectare and the project stock change."""

from __future__ import annotations

import pytest

from redd_audit.formulas.disturbance import (
    disturbance_emission_tco2e_per_ha,
    project_stock_change_tco2e,
)
from redd_audit.methodology import disturbance as md
from tests.formula_eval import evaluate_with_names

POOLS = {"above_ground": "C5", "below_ground": "D5", "dead_wood": "E5", "litter": "F5"}


def test_formula_text() -> None:
    assert disturbance_emission_tco2e_per_ha(POOLS, "G5") == "=CO2_per_C*(C5+D5+E5+F5-G5)"
    assert project_stock_change_tco2e("H7", "I7") == "=H7+I7"


def test_evaluates_like_python() -> None:
    carbon = {"above_ground": 121.0, "below_ground": 30.0, "dead_wood": 10.0, "litter": 0.0}
    values = {POOLS[k]: v for k, v in carbon.items()} | {"G5": 11.0}
    value = evaluate_with_names(disturbance_emission_tco2e_per_ha(POOLS, "G5"), values)
    assert value == pytest.approx(md.disturbance_emission_tco2e_per_ha(carbon, 11.0))
