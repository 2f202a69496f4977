"""redd_audit.deduct.figures: statistics, convergence and the rule for every series."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from redd_audit.deduct.figures import RECOMMENDED_DRAWS, compute, constants, deduction_json
from redd_audit.deduct.options import DeductOptions, rule_settings
from redd_audit.deduct.table import read_draws
from redd_audit.errors import InputError
from tests.deduct.tables import CONTRACT_SERIES_KEYS, draws, write_csv


@pytest.fixture
def table(tmp_path: Path):
    return read_draws(write_csv(tmp_path / "d.csv", draws(200)))


def test_vcs_figures_and_json(table) -> None:
    settings = rule_settings(DeductOptions(rule="vcs-xunc", buffer_fraction=0.1))
    figures = compute(table, settings, {}, None)
    assert [f.statistics.name for f in figures.series] == list(table.series)
    assert f"200 draws: fewer than {RECOMMENDED_DRAWS:,}" in figures.warnings
    first = figures.series[0]
    assert first.statistics.mean_tco2e == pytest.approx(
        np.mean(table.series["gross_er_tco2e_2021"])
    )
    data = deduction_json(figures)
    assert data["rule"] == "vcs-xunc" and data["constants"] == {"allowable_fraction": 0.15}
    assert data["draws"]["rows"] == 200 and data["draws"]["columns"][0] == "draw"
    assert set(data["series"][0]) >= CONTRACT_SERIES_KEYS
    assert data["settings"]["period_column"] is None


def test_period_column_must_be_a_series(table) -> None:
    settings = rule_settings(DeductOptions(rule="art-trees"))
    with pytest.raises(InputError, match="--period-column 'total' is not a series") as info:
        compute(table, settings, {}, "total")
    assert info.value.row == 1


def test_deterministic_center_needs_every_series(table) -> None:
    settings = rule_settings(DeductOptions(rule="vcs-xunc", center="deterministic"))
    with pytest.raises(InputError, match="needs --deterministic-value for gross_er_tco2e_2022"):
        compute(table, settings, {"gross_er_tco2e_2021": 1.0, "gross_er_tco2e_period": 1.0}, None)


def test_art_trees_warns_off_10000_and_trues_up_the_period(table) -> None:
    settings = rule_settings(DeductOptions(rule="art-trees"))
    figures = compute(table, settings, {}, "gross_er_tco2e_period")
    assert "TREES 2.0 requires a simulation n of 10,000" in figures.warnings
    period = [f for f in figures.series if f.is_period]
    assert len(period) == 1 and period[0].true_up_tco2e is not None
    assert set(constants(settings)) == {"ua_scale", "t90"}
    assert set(constants(rule_settings(DeductOptions(rule="fcpf")))) == {"bounds", "factors"}
