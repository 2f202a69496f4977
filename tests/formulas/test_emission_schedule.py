"""redd_audit.formulas.emission_schedule: schedule and cohort formulas."""

from __future__ import annotations

import pytest

from redd_audit.formulas import emission_schedule as fe
from redd_audit.methodology import emission_schedule as me
from tests.formula_eval import evaluate_with_names

CARBON_CELLS = {"above_ground": "C5", "below_ground": "D5", "dead_wood": "E5", "litter": "F5"}
YEAR_CELLS = {"above_ground": "N_AG", "below_ground": "N_BG", "dead_wood": "N_DW", "litter": "N_LI"}


def test_cohort_formula_text() -> None:
    assert fe.cohort_emissions_tco2e("D5", "E5", "$K5:$T5") == (
        "=IF(AND(E5>=0,E5<COLUMNS($K5:$T5)),D5*INDEX($K5:$T5,E5+1),0)"
    )
    assert fe.cohort_sum_tco2e("G5:G9") == "=SUM(G5:G9)"
    assert fe.lifetime_emissions_tco2e_per_ha(CARBON_CELLS, "G5") == ("=CO2_per_C*(C5+D5+E5+F5-G5)")


def test_age_terms_per_pool() -> None:
    formula = fe.emission_at_age_tco2e_per_ha("A", CARBON_CELLS, "G5", YEAR_CELLS)
    assert formula == (
        "=CO2_per_C*(IF(A<N_AG,C5/N_AG,0)+IF(A<N_BG,D5/N_BG,0)+IF(A<N_DW,E5/N_DW,0)"
        "+IF(A<N_LI,F5/N_LI,0)-IF(A=0,G5,0))"
    )


@pytest.mark.parametrize("age", [0, 1, 9, 10])
def test_emission_at_age_evaluates_like_python(age: int) -> None:
    carbon = {"above_ground": 121.0, "below_ground": 30.0, "dead_wood": 10.0, "litter": 0.0}
    years = {"above_ground": 1, "below_ground": 10, "dead_wood": 1, "litter": 1}
    values = {CARBON_CELLS[k]: v for k, v in carbon.items()}
    values |= {YEAR_CELLS[k]: v for k, v in years.items()} | {"G5": 5.0, "A": age}
    formula = fe.emission_at_age_tco2e_per_ha("A", CARBON_CELLS, "G5", YEAR_CELLS)
    expected = me.emission_at_age_tco2e_per_ha(age, carbon, 5.0, years)
    assert evaluate_with_names(formula, values) == pytest.approx(expected)


def test_monitored_cohort_evaluates_like_python() -> None:
    schedule = [10.0, 2.0, 1.0]
    formula = fe.monitored_cohort_emissions_tco2e("A", "I", "G", "F", "S")
    for age in (0, 1, 3):
        values = {"A": 100.0, "I": 40.0, "G": age, "F": 0.5, "S": schedule}
        import numpy as np

        expected = me.monitored_cohort_emissions_tco2e(
            [100.0], [40.0], [age], 0.5, np.array(schedule)
        )[0]
        assert evaluate_with_names(formula, values) == pytest.approx(expected)
