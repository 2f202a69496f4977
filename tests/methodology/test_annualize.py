"""Annualisation over the monitoring interval (contract.md section 8.3): the contract's hand
tests, interval columns and their refusals, and `even` in the engine."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from redd_audit.errors import InputError
from redd_audit.methodology.annualize import annualized_area_ha, annualized_events
from redd_audit.methodology.engine import recompute
from redd_audit.methodology.vintages import CALENDAR_YEARS, ProjectYears
from tasks.collect import collect

D = dt.date
JULY = ProjectYears(7, 1, "end_year")
GOLDEN = Path(__file__).parents[1] / "golden"


def _events(**extra) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "zone": ["project_area"],
            "stratum_id": ["S1"],
            "area_ha": [30.0],
            "detected_on": pd.to_datetime(["2021-06-30"]),
            "_row": [2],
        }
    )
    for key, value in extra.items():
        frame[key] = value
    return frame


def test_whole_project_years_receive_equal_shares() -> None:
    shares = annualized_events(
        _events(), "deforestation_events", "detected_on", D(2019, 7, 1), D(2021, 6, 30), JULY
    )
    assert shares["vintage"].tolist() == [2020, 2021]
    assert shares["area_ha"].tolist() == [15.0, 15.0]  # not 15.02 / 14.98 by days


def test_partial_last_project_year() -> None:
    # f = 1, 1, 184/365 = 0.504110; 30 / 2.504110 = 11.980306
    fractions = [1.0, 1.0, 184 / 365]
    shares = [annualized_area_ha(30.0, f, fractions) for f in fractions]
    assert shares == pytest.approx([11.980306, 11.980306, 6.039387], abs=5e-7)
    assert sum(shares) == pytest.approx(30.0, rel=1e-15)
    events = annualized_events(
        _events(), "deforestation_events", "detected_on", D(2019, 7, 1), D(2021, 12, 31), JULY
    )
    assert events["vintage"].tolist() == [2020, 2021, 2022]
    assert events["area_ha"].to_numpy() == pytest.approx(shares, rel=1e-15)


def test_row_interval_replaces_the_period() -> None:
    events = _events(interval_start=["2020-01-01"], interval_end=["2020-12-31"])
    period = (D(2019, 1, 1), D(2021, 12, 31))
    shares = annualized_events(
        events, "deforestation_events", "detected_on", *period, CALENDAR_YEARS
    )
    assert shares["vintage"].tolist() == [2020] and shares["area_ha"].tolist() == [30.0]


@pytest.mark.parametrize(
    ("extra", "column"),
    [
        ({"interval_start": ["2020-01-01"]}, "interval_end"),
        ({"interval_start": ["2020-01-01"], "interval_end": [None]}, "interval_end"),
        ({"interval_start": ["2020-06-01"], "interval_end": ["2020-01-01"]}, "interval_end"),
        ({"interval_start": ["2018-01-01"], "interval_end": ["2020-01-01"]}, "interval_start"),
    ],
)
def test_interval_refusals_name_row_and_column(extra: dict, column: str) -> None:
    with pytest.raises(InputError) as caught:
        annualized_events(
            _events(**extra),
            "deforestation_events",
            "detected_on",
            D(2019, 1, 1),
            D(2021, 12, 31),
            CALENDAR_YEARS,
        )
    assert caught.value.column == column and caught.value.file == "deforestation_events"


def test_even_keeps_the_monitored_area_and_spreads_it() -> None:
    collected = collect(GOLDEN / "one-stratum")
    acc = collected.project.accounting
    monitoring = acc.monitoring.model_copy(update={"annualize": "even"})
    even = collected.project.model_copy(
        update={"accounting": acc.model_copy(update={"monitoring": monitoring})}
    )
    start, end = D(2019, 1, 1), D(2020, 12, 31)
    dated = recompute(collected.project, collected.frames, start, end)
    spread = recompute(even, collected.frames, start, end)
    monitored = {}
    for r in (dated, spread):
        cohorts = r.cohorts[r.cohorts["source"] == "monitored"]
        monitored[id(r)] = cohorts.groupby("zone")["area_in_period_ha"].sum()
    pd.testing.assert_series_equal(monitored[id(dated)], monitored[id(spread)])
    cohorts = spread.cohorts[
        (spread.cohorts["source"] == "monitored") & (spread.cohorts["zone"] == "project_area")
    ]
    in_period = cohorts.groupby("cohort_year")["area_in_period_ha"].sum()
    assert in_period[2019] == pytest.approx(in_period[2020], rel=1e-12)  # two whole years
    assert dated.totals["baseline_tco2e"] == spread.totals["baseline_tco2e"]
