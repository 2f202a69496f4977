"""redd_audit.formulas.project_emissions: ΔC_P,v and the monitored cohort sum."""

from __future__ import annotations

from redd_audit.formulas.project_emissions import (
    project_emissions_tco2e,
    project_stock_emissions_tco2e,
)
from redd_audit.methodology import project_emissions as mp
from tests.formula_eval import evaluate


def test_formula_text() -> None:
    assert project_emissions_tco2e("D7", "E7") == "=D7+E7"
    assert project_stock_emissions_tco2e("H5:H9") == "=SUM(H5:H9)"
    assert project_emissions_tco2e("SUM(A1:A3)", "B1+B2") == "=SUM(A1:A3)+(B1+B2)"


def test_evaluates_like_python() -> None:
    assert evaluate(project_emissions_tco2e("S", "F"), {"S": 925.0, "F": 75.0}) == (
        mp.project_emissions_tco2e(925.0, 75.0)
    )
