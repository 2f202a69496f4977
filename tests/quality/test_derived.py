"""redd_audit.quality.derived: the derived frames the suites validate."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from redd_audit.quality.derived import (
    CLASS_COLUMNS,
    accuracy_classes,
    deforestation_annual,
    height_limit_m,
    overall_accuracy_fraction,
    tree_counts,
)
from tests.mirror_support import project


def test_deforestation_annual_share_of_the_stratum() -> None:
    events = pd.DataFrame(
        {
            "zone": [
                "project_area",
                "project_area",
                "project_area",
                "leakage_belt",
                "project_area",
            ],
            "stratum_id": ["S1", "S1", "S1", "S1", "S9"],
            "detected_on": ["2021-03-01", "2021-09-01", "2022-01-01", "2021-03-01", "2021-03-01"],
            "area_ha": [10.0, 15.0, 5.0, 99.0, 99.0],
        }
    )
    annual = deforestation_annual(events, project())
    # S1 has 1,000 ha: 25/1,000 in 2021, 5/1,000 in 2022; belt and unknown strata left out
    assert annual["year"].tolist() == [2021, 2022]
    assert annual["area_ha"].tolist() == [25.0, 5.0]
    assert annual["share_fraction"].tolist() == pytest.approx([0.025, 0.005])
    assert deforestation_annual(pd.DataFrame({"zone": []}), project()).empty


def _samples(weights: list[float | None]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "map_class": ["forest", "forest", "defo", "defo"],
            "reference_class": ["forest", "defo", "defo", "defo"],
            "stratum_weight": weights,
        }
    )


def test_overall_accuracy_is_normalised_by_the_weights() -> None:
    # forest W 0.9 with 1 of 2 correct, defo W 0.1 with 2 of 2: 0.45 + 0.1 = 0.55
    assert overall_accuracy_fraction(_samples([0.9, 0.9, 0.1, 0.1])) == 0.55
    # weights summing to 2 (each doubled): the same accuracy, not 1.1
    assert overall_accuracy_fraction(_samples([1.8, 1.8, 0.2, 0.2])) == 0.55
    assert math.isnan(overall_accuracy_fraction(_samples([None, None, None, None])))


def test_accuracy_classes_rows() -> None:
    table = accuracy_classes(_samples([0.9, 0.8, 0.1, 0.1]))
    assert list(table.columns) == CLASS_COLUMNS
    forest = table[table["map_class"] == "forest"].iloc[0]
    assert (forest["samples"], forest["correct"]) == (2, 1)
    assert forest["stratum_weight_spread"] == pytest.approx(0.1)
    assert forest["user_accuracy_fraction"] == 0.5


def test_tree_counts_and_height_limit() -> None:
    plots = pd.DataFrame({"plot_id": ["P1", "P2"]})
    trees = pd.DataFrame({"plot_id": ["P1", "P1", "P3"], "dbh_cm": ["10", "x", None]})
    assert tree_counts(plots, trees).tolist() == [2, 0]
    limits = height_limit_m(trees)
    # 1.5 · 10 + 5 = 20 m
    assert limits.iloc[0] == 20.0 and limits.iloc[1:].isna().all()
