"""The pure quality checks of redd_audit/quality/ (no Great Expectations): derived frames,
physically impossible settings, plausible bounds of every number, baseline area."""

from __future__ import annotations

import datetime as dt
import math
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))  # fixtures_quality under any import mode

from fixtures_quality import good_records, project, table

from redd_audit.methodology.accuracy import assess_map_accuracy
from redd_audit.quality.bounds import AREA_MAX_HA, setting_bounds, upper_bound
from redd_audit.quality.coverage import baseline_coverage
from redd_audit.quality.derived import accuracy_classes, overall_accuracy_fraction
from redd_audit.quality.formatting import format_value
from redd_audit.quality.plausibility import (
    baseline_area_findings,
    cumulative_baseline_ha,
    project_findings,
    setting_range_findings,
    stock_findings,
)

STRATA = [
    {
        "id": "TF",
        "area_ha": 1000,
        "carbon_tc_per_ha": {"above_ground": 121, "below_ground": 30, "dead_wood": 9},
        "post_deforestation_tc_per_ha": 5,
    },
    {"id": "AL", "area_ha": 400, "carbon_tc_per_ha": {"above_ground": 100}},
]


FUEL = "fire.fuel_t_dm_per_ha"


def _strata(**changes):
    strata = [dict(s) for s in STRATA]
    strata[0] = {**strata[0], **changes}
    return strata


# ------------------------------------------------------------------------------ accuracy


def test_overall_accuracy_is_the_methodology_estimate():
    """One estimator: the gate's overall accuracy is assess_map_accuracy's (weights sum to 1)."""
    samples = table("accuracy_samples", good_records()["accuracy_samples"]).frame
    expected = assess_map_accuracy(samples).overall_accuracy
    assert overall_accuracy_fraction(samples) == pytest.approx(expected, abs=1e-12)
    classes = accuracy_classes(samples)
    assert set(classes["overall_accuracy_fraction"]) == {overall_accuracy_fraction(samples)}


def test_overall_accuracy_by_hand_and_normalised_by_the_weights():
    rows = [("f", "f", 0.6)] * 3 + [("f", "d", 0.6)] + [("d", "d", 0.3), ("d", "f", 0.3)]
    frame = pd.DataFrame(rows, columns=["map_class", "reference_class", "stratum_weight"])
    # (0.6 · 3/4 + 0.3 · 1/2) / (0.6 + 0.3) = 0.6 / 0.9
    assert overall_accuracy_fraction(frame) == pytest.approx(0.6 / 0.9)
    frame.loc[frame["map_class"] == "d", "stratum_weight"] = None  # class without a weight
    assert overall_accuracy_fraction(frame) == pytest.approx(0.75)
    assert math.isnan(overall_accuracy_fraction(frame.iloc[0:0]))


# ------------------------------------------------------------------------------ stocks


def test_post_deforestation_stock_above_the_forest_stock_is_blocking():
    findings = stock_findings(project(strata=_strata(post_deforestation_tc_per_ha=161)))
    assert [(f.severity, f.file, f.record, f.column) for f in findings] == [
        ("error", "project.yaml", "stratum_id=TF", "post_deforestation_tc_per_ha")
    ]
    assert "161.0" in findings[0].value and "160.0" in findings[0].value
    assert "negative emissions" in findings[0].message


def test_post_deforestation_stock_equal_to_the_forest_stock_is_allowed():
    assert stock_findings(project(strata=_strata(post_deforestation_tc_per_ha=160))) == []
    assert project_findings(project()) == []


# ------------------------------------------------------------------------------ ranges


@pytest.mark.parametrize(
    ("change", "column", "value"),
    [
        ({"area_ha": 1e308}, "area_ha", "1e+308"),
        ({"area_ha": math.inf}, "area_ha", "inf"),
        ({"carbon_tc_per_ha": {"above_ground": 1e300}}, "carbon_tc_per_ha.above_ground", None),
        ({"post_deforestation_tc_per_ha": math.inf}, "post_deforestation_tc_per_ha", "inf"),
        ({"fire": {"fuel_t_dm_per_ha": 1e20, "combustion_factor": 0}}, FUEL, None),
    ],
)
def test_stratum_numbers_beyond_any_bound_are_range_errors(change, column, value):
    findings = project_findings(project(strata=_strata(**change)))
    assert [(f.severity, f.file, f.record, f.column) for f in findings] == [
        ("error", "project.yaml", "stratum_id=TF", column)
    ]
    assert findings[0].expectation == "expect_setting_to_be_between"
    if value is not None:
        assert findings[0].value == value


def test_accounting_numbers_beyond_any_bound_are_range_errors():
    accounting = {"buffer": {"risk_rating_fraction": 0.15}, "gwp": {"ch4": 1e308, "n2o": 298}}
    findings = setting_range_findings(project(accounting=accounting))
    assert [(f.record, f.column, f.value) for f in findings] == [
        (None, "accounting.gwp.ch4", "1e+308")
    ]


@settings(max_examples=60, deadline=None)
@given(st.floats(min_value=0, allow_nan=False, allow_infinity=True, exclude_min=True))
def test_stratum_area_is_flagged_exactly_when_beyond_its_bound(area_ha):
    findings = setting_range_findings(project(strata=_strata(area_ha=area_ha)))
    flagged = [f for f in findings if f.column == "area_ha"]
    assert bool(flagged) == (not math.isfinite(area_ha) or area_ha > AREA_MAX_HA)


def test_bounds_follow_the_unit_suffix():
    assert upper_bound("area_ha") == AREA_MAX_HA
    assert upper_bound("canopy_fraction") == 1.0
    assert upper_bound("vcus_tco2e") == upper_bound("vcus_issued") == 1e9
    assert upper_bound("plot_area_m2") == 1e10
    assert upper_bound("note_count") == 1e12
    assert setting_bounds("strata.area_ha") == (-1e12, AREA_MAX_HA)
    assert setting_bounds("inventory.environmental_stress_e") == (-10.0, 10.0)
    assert format_value(float("inf")) == "inf" and format_value(float("nan")) == "null"


# ------------------------------------------------------------------------------ baseline area


def _baseline(rows):
    return pd.DataFrame(rows, columns=["zone", "stratum_id", "year", "area_ha"])


def test_cumulative_baseline_counts_the_crediting_years_only():
    frame = _baseline(
        [("project_area", "AL", 2009, 900.0)]  # before the crediting period: reference data
        + [("project_area", "AL", y, 100.0) for y in range(2010, 2014)]
        + [("project_area", "AL", 2041, 900.0)]  # after it
    )
    totals = cumulative_baseline_ha(frame, 2010, 2040)
    assert totals.to_dict("records") == [
        {
            "zone": "project_area",
            "stratum_id": "AL",
            "area_ha": 400.0,
            "first_year": 2010,
            "last_year": 2013,
        }
    ]
    assert baseline_area_findings(project(), frame, "baseline_exante.csv") == []


def test_a_baseline_clearing_more_than_the_stratum_is_blocking_in_the_project_area():
    frame = _baseline(
        [("project_area", "AL", y, 100.0) for y in range(2010, 2015)]  # 500 ha > 400 ha
        + [("leakage_belt", "AL", y, 100.0) for y in range(2010, 2015)]
        + [("project_area", "TF", y, 100.0) for y in range(2010, 2015)]  # 500 < 250,000 ha
        + [("project_area", "XX", 2010, 1e9)]  # unknown stratum: its own suite reports it
    )
    findings = baseline_area_findings(project(), frame, "baseline_exante.csv")
    assert [(f.severity, f.file, f.record, f.column) for f in findings] == [
        ("warning", "baseline_exante.csv", "zone=leakage_belt, stratum_id=AL", "area_ha"),
        ("error", "baseline_exante.csv", "zone=project_area, stratum_id=AL", "area_ha"),
    ]
    assert findings[1].value == "cumulative area_ha=500.0 (2010-2014), stratum area_ha=400.0"


def test_a_period_after_the_crediting_period_says_so():
    frame = _baseline([("project_area", "TF", y, 1.0) for y in range(2038, 2041)])
    baseline = type("T", (), {"file": "b.csv", "frame": frame, "name": "baseline_exante"})()
    start, end = dt.date(2039, 1, 1), dt.date(2042, 12, 31)
    findings, _ = baseline_coverage(baseline, start, end, crediting_end=dt.date(2040, 12, 31))
    assert [f.expectation for f in findings] == ["expect_period_within_crediting_period"]
    assert "ends after the crediting period" in findings[0].message
