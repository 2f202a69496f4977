"""redd_audit.quality.plausibility: findings on project.yaml's numbers and the baseline area."""

from __future__ import annotations

import pandas as pd

from redd_audit.project import Project
from redd_audit.quality.plausibility import (
    baseline_area_findings,
    cumulative_baseline_ha,
    project_findings,
    setting_range_findings,
    stock_findings,
)
from tests.mirror_support import project, project_dict


def test_a_plausible_project_has_no_findings() -> None:
    assert project_findings(project()) == []


def test_setting_above_its_maximum_names_stratum_and_key() -> None:
    data = project_dict()
    data["strata"][0]["carbon_tc_per_ha"]["above_ground"] = 5_000.0
    (finding,) = setting_range_findings(Project.model_validate(data))
    assert finding.record == "stratum_id=S1"
    assert finding.column == "carbon_tc_per_ha.above_ground"
    assert finding.message == (
        "'strata.carbon_tc_per_ha.above_ground' = 5000.0 is above the plausible maximum 2000.0"
    )


def test_post_deforestation_stock_above_the_forest_stock() -> None:
    data = project_dict()
    data["strata"][0]["post_deforestation_tc_per_ha"] = 200.0  # forest total 161
    (finding,) = stock_findings(Project.model_validate(data))
    assert finding.severity == "error" and finding.column == "post_deforestation_tc_per_ha"
    assert "200.0 tC/ha is above the forest stock 161.0 tC/ha" in finding.message


def test_out_of_range_post_stock_is_reported_once() -> None:
    data = project_dict()
    data["strata"][0]["post_deforestation_tc_per_ha"] = 3_000.0
    findings = project_findings(Project.model_validate(data))
    assert [f.expectation for f in findings] == ["expect_setting_to_be_between"]


def _baseline() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "zone": ["project_area", "project_area", "leakage_belt", "project_area"],
            "stratum_id": ["S1", "S1", "S1", "S1"],
            "year": [2011, 2012, 2011, 2050],
            "area_ha": [600.0, 500.0, 1500.0, 9999.0],
        }
    )


def test_cumulative_baseline_within_years() -> None:
    totals = cumulative_baseline_ha(_baseline(), 2010, 2040)
    assert totals.to_dict("records") == [
        {"zone": "leakage_belt", "stratum_id": "S1", "area_ha": 1500.0, "first_year": 2011,
         "last_year": 2011},
        {"zone": "project_area", "stratum_id": "S1", "area_ha": 1100.0, "first_year": 2011,
         "last_year": 2012},
    ]  # fmt: skip


def test_baseline_clearing_more_than_the_stratum() -> None:
    # S1 has 1,000 ha: the project area clears 1,100 (error), the belt 1,500 (warning)
    findings = baseline_area_findings(project(), _baseline(), "baseline_exante.csv")
    assert [(f.severity, f.record) for f in findings] == [
        ("warning", "zone=leakage_belt, stratum_id=S1"),
        ("error", "zone=project_area, stratum_id=S1"),
    ]
    assert "clears 1100.0 ha over 2011-2012, more than the stratum's 1000.0 ha" in (
        findings[1].message
    )
    assert "leakage belt's own forest area is not a setting" in findings[0].message
