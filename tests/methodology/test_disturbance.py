"""redd_audit.methodology.disturbance: natural disturbance in the project area (contract 8.5)."""

from __future__ import annotations

import pandas as pd
import pytest

from redd_audit.methodology.disturbance import (
    disturbance_emission_tco2e_per_ha,
    disturbance_overlap_problems,
    disturbance_schedules,
    project_area_disturbance,
    project_stock_change_tco2e,
)
from redd_audit.methodology.strata import stratum_stocks
from redd_audit.parameters import CO2_PER_C
from tests.mirror_support import project

CARBON = {"above_ground": 121.0, "below_ground": 30.0, "dead_wood": 10.0, "litter": 0.0}


def test_disturbed_hectare_emits_everything_above_the_post_disturbance_stock() -> None:
    # 44/12 · (161 − 0) and 44/12 · (161 − 11)
    assert disturbance_emission_tco2e_per_ha(CARBON, 0.0) == pytest.approx(CO2_PER_C * 161)
    assert disturbance_emission_tco2e_per_ha(CARBON, 11.0) == pytest.approx(CO2_PER_C * 150)
    assert project_stock_change_tco2e(925.0, 75.0) == 1000.0


def test_overlap_problems_only_for_breaching_vintages() -> None:
    problems = disturbance_overlap_problems([2021, 2022], [10.0, 1500.0], [100.0, 1200.0])
    assert problems == [
        "vintage 2022: disturbance in the project area since the crediting start (1,500.00 ha) "
        "exceeds the baseline deforestation it must overlap (1,200.00 ha)"
    ]
    assert disturbance_overlap_problems([2021], [100.0 + 1e-12], [100.0]) == []


def test_schedules_use_the_post_disturbance_stock() -> None:
    p = project()
    schedule = disturbance_schedules(p, stratum_stocks(p, None))["S1"]
    # C_P,Dist defaults to 0: the whole 161 tC/ha is emitted (deforestation would keep 5)
    assert schedule.sum() == pytest.approx(
        CO2_PER_C * (161 - p.strata[0].post_disturbance_tc_per_ha)
    )


def test_rows_outside_and_delineation_below_area_are_reported() -> None:
    events = pd.DataFrame(
        {
            "zone": ["project_area", "leakage_belt", "project_area"],
            "area_ha": [5.0, 3.0, 4.0],
            "delineated_area_ha": [5.0, 3.0, 2.5],
            "_row": [2, 3, 4],
        }
    )
    kept, notes = project_area_disturbance(events)
    assert list(kept["_row"]) == [2, 4]
    assert [n.severity for n in notes] == ["warning", "error"]
    assert notes[0].message.startswith("1 disturbance row(s) outside the project area excluded")
    assert notes[1].message == (
        "delineated_area_ha 2.5 is below area_ha 4.0: the overlap cannot exceed the disturbance"
    )
    assert (notes[1].file, notes[1].column, notes[1].row) == (
        "disturbance_events",
        "delineated_area_ha",
        4,
    )


def test_no_events_no_notes() -> None:
    assert project_area_disturbance(None) == (None, [])
