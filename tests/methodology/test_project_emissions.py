"""redd_audit.methodology.project_emissions: ΔC_P,v = ΔC_P,DefPA,v + GHG_P-E,v."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from redd_audit.methodology.project_emissions import (
    project_emissions_tco2e,
    project_stock_emissions_tco2e,
)


def test_project_emissions_add_stock_change_and_fire() -> None:
    # 925 tCO2e of deforestation + 75 tCO2e of E_BB = 1,000 tCO2e
    assert project_emissions_tco2e(925.0, 75.0) == 1000.0
    assert project_emissions_tco2e(0.0, 0.0) == 0.0


def test_project_stock_emissions_sum_the_cohorts() -> None:
    # 1.5 + 2.25 + 3.0 = 6.75
    assert project_stock_emissions_tco2e([1.5, 2.25, 3.0]) == pytest.approx(6.75)
    assert project_stock_emissions_tco2e(np.zeros(0)) == 0.0


@given(st.lists(st.floats(min_value=0, max_value=1e6), max_size=20))
def test_project_stock_emissions_is_the_plain_sum(values: list[float]) -> None:
    assert project_stock_emissions_tco2e(np.array(values)) == pytest.approx(sum(values))
