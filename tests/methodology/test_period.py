"""redd_audit.methodology.period: vintage series → figures → totals with hand-made series."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from redd_audit.methodology.period import (
    VintageSeries,
    period_totals,
    period_uncertainty,
    vintage_figures,
    vintage_series,
)
from redd_audit.methodology.vintages import vintage_periods
from redd_audit.project import Project
from tests.mirror_support import project, project_dict

VINTAGES = vintage_periods(dt.date(2021, 1, 1), dt.date(2022, 12, 31))


def _series(**overrides: np.ndarray) -> VintageSeries:
    values = {
        "baseline_tco2e": np.array([1000.0, 1000.0]),
        "project_stock_tco2e": np.array([90.0, 90.0]),
        "project_fire_tco2e": np.array([10.0, 10.0]),
        "leakage_belt_tco2e": np.array([60.0, 0.0]),
        "leakage_belt_baseline_tco2e": np.array([10.0, 20.0]),
        "project_disturbance_tco2e": np.zeros(2),
        "baseline_area_ha": np.zeros(2),
        "project_deforestation_ha": np.zeros(2),
        "belt_deforestation_ha": np.zeros(2),
    }
    values.update(overrides)
    return VintageSeries(**values)


def test_project_emissions_of_the_series() -> None:
    assert list(_series().project_tco2e) == [100.0, 100.0]


def test_per_vintage_netting_and_ner() -> None:
    # leakage 2021: max(0, 60 − 10) = 50; 2022: max(0, 0 − 20) = 0 → NER 850 and 900
    figures = vintage_figures(VINTAGES, _series(), 1.0, project().accounting)
    assert [f.leakage_tco2e for f in figures] == [50.0, 0.0]
    assert [f.ner_tco2e for f in figures] == [850.0, 900.0]
    for f in figures:
        assert f.vcus == math.floor(f.adjusted_ner_tco2e - f.buffer_tco2e)
        assert not f.reversal


def test_per_period_netting_spreads_by_days() -> None:
    # period: max(0, 60 − 30) = 30 over 730 days → 15 each (365 days)
    data = project_dict()
    data["accounting"]["rules"] = {"leakage_netting": "per_period"}
    accounting = Project.model_validate(data).accounting
    figures = vintage_figures(VINTAGES, _series(), 1.0, accounting)
    assert [f.leakage_tco2e for f in figures] == pytest.approx([15.0, 15.0])


def test_reversal_vintage_issues_nothing() -> None:
    series = _series(baseline_tco2e=np.array([50.0, 1000.0]))
    figures = vintage_figures(VINTAGES, series, 0.9, project().accounting)
    # 2021: 50 − 100 − 50 = −100, not adjusted (reversal_deduction none)
    assert figures[0].ner_tco2e == -100.0 and figures[0].adjusted_ner_tco2e == -100.0
    assert figures[0].reversal and figures[0].vcus == 0
    totals = period_totals(figures, period_uncertainty_of_nothing())
    assert totals["ner_tco2e"] == pytest.approx(-100.0 + 900.0)
    assert totals["vcus"] == figures[1].vcus


def period_uncertainty_of_nothing():
    stocks = pd.DataFrame({"stratum_id": ["S1"], "uncertainty_fraction": [0.1]})
    empty = pd.DataFrame(columns=["zone", "source", "stratum_id", "emissions_tco2e"])
    fires = pd.DataFrame(columns=["stratum_id", "emissions_tco2e"])
    zero = _series(baseline_tco2e=np.zeros(2), project_stock_tco2e=np.zeros(2),
                   project_fire_tco2e=np.zeros(2))  # fmt: skip
    return period_uncertainty(project().accounting, stocks, empty, fires, zero)


def test_uncertainty_without_emissions_deducts_nothing() -> None:
    result = period_uncertainty_of_nothing()
    assert result.baseline_fraction == 0.0 and result.project_fraction == 0.0
    assert result.ner_error_fraction == 0.0 and result.deduction_factor == 1.0
    assert result.baseline_fraction_source == "propagated"


def test_uncertainty_weights_of_two_strata() -> None:
    # U_BSL = √((0.1·300)² + (0.2·400)²)/700; U_WPS from the monitored 100 of S1 alone = 0.1
    stocks = pd.DataFrame({"stratum_id": ["S1", "S2"], "uncertainty_fraction": [0.1, 0.2]})
    emissions = pd.DataFrame(
        {
            "zone": ["project_area"] * 3,
            "source": ["baseline", "baseline", "monitored"],
            "stratum_id": ["S1", "S2", "S1"],
            "emissions_tco2e": [300.0, 400.0, 100.0],
        }
    )
    fires = pd.DataFrame(columns=["stratum_id", "emissions_tco2e"])
    series = _series(
        baseline_tco2e=np.array([700.0, 0.0]),
        project_stock_tco2e=np.array([100.0, 0.0]),
        project_fire_tco2e=np.zeros(2),
    )
    result = period_uncertainty(project().accounting, stocks, emissions, fires, series)
    assert result.baseline_fraction == pytest.approx(math.sqrt(7300.0) / 700.0)
    assert result.project_fraction == pytest.approx(0.1)
    assert list(result.strata["project_tco2e"]) == [100.0, 0.0]


def test_vintage_series_sums_cohort_emissions() -> None:
    emissions = pd.DataFrame(
        {
            "source": ["baseline", "baseline", "monitored", "baseline"],
            "zone": ["project_area", "project_area", "project_area", "leakage_belt"],
            "vintage": [2021, 2021, 2022, 2022],
            "emissions_tco2e": [1.5, 2.5, 7.0, 3.0],
        }
    )
    fires = pd.DataFrame({"vintage": [2022], "emissions_tco2e": [0.5]})
    series = vintage_series(emissions, fires, VINTAGES)
    assert list(series.baseline_tco2e) == [4.0, 0.0]
    assert list(series.project_stock_tco2e) == [0.0, 7.0]
    assert list(series.project_fire_tco2e) == [0.0, 0.5]
    assert list(series.leakage_belt_baseline_tco2e) == [0.0, 3.0]
