"""redd_audit.methodology.cohorts: baseline and monitored cohorts and their vintage emissions."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from redd_audit.errors import InputError
from redd_audit.methodology.cohorts import (
    baseline_cohorts,
    cohort_table,
    cohort_vintage_emissions,
    emissions_table,
    monitored_cohorts,
)
from redd_audit.methodology.vintages import vintage_periods
from tests.mirror_support import project

START, END = dt.date(2021, 1, 1), dt.date(2021, 12, 31)
SCHEDULES = {"S1": np.array([10.0, 2.0])}


def _events(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["zone", "stratum_id", "area_ha", "detected_on"])
    frame["detected_on"] = pd.to_datetime(frame["detected_on"])
    return frame


def test_monitored_cohorts_split_tails_from_the_period() -> None:
    events = _events(
        [
            ("project_area", "S1", 4.0, "2020-05-01"),  # tail cohort
            ("project_area", "S1", 3.0, "2021-05-01"),
            ("project_area", "S1", 1.0, "2022-01-01"),  # after the period
            ("outside", "S1", 9.0, "2021-05-01"),  # not a zone of the accounting
        ]
    )
    cohorts = monitored_cohorts(events, project(), START, END)
    assert list(cohorts["cohort_year"]) == [2020, 2021]
    assert list(cohorts["area_ha"]) == [4.0, 3.0]
    assert list(cohorts["area_in_period_ha"]) == [0.0, 3.0]


def test_unknown_stratum_names_table_and_column() -> None:
    events = _events([("project_area", "S7", 1.0, "2021-05-01")])
    with pytest.raises(InputError, match="stratum_id S7 not defined") as info:
        monitored_cohorts(events, project(), START, END)
    assert (info.value.file, info.value.column) == ("deforestation_events", "stratum_id")


def test_no_events_give_empty_cohorts() -> None:
    assert monitored_cohorts(None, project(), START, END).empty


def test_baseline_cohorts_from_crediting_start_to_period_end() -> None:
    baseline = pd.DataFrame(
        {
            "zone": ["project_area", "project_area", "project_area", "leakage_belt"],
            "stratum_id": ["S1", "S1", "S1", "S1"],
            "year": [2009, 2020, 2022, 2021],
            "area_ha": [1.0, 2.0, 3.0, 5.0],
        }
    )
    cohorts = baseline_cohorts(baseline, project(), END)
    assert list(zip(cohorts["zone"], cohorts["cohort_year"], cohorts["area_ha"], strict=True)) == [
        ("leakage_belt", 2021, 5.0),
        ("project_area", 2020, 2.0),
    ]


def test_vintage_emissions_of_exante_and_dated_cohorts() -> None:
    vintages = vintage_periods(START, END)
    baseline = pd.DataFrame(
        {"zone": ["project_area"], "stratum_id": ["S1"], "cohort_year": [2020], "area_ha": [5.0]}
    )
    monitored = pd.DataFrame(
        {
            "zone": ["project_area"],
            "stratum_id": ["S1"],
            "cohort_year": [2021],
            "area_ha": [3.0],
            "area_in_period_ha": [3.0],
        }
    )
    # baseline: 5 ha at age 1 → 5 · 2 = 10; monitored: 3 ha at age 0 → 3 · 10 = 30
    table = emissions_table(baseline, monitored, SCHEDULES, vintages)
    assert dict(zip(table["source"], table["emissions_tco2e"], strict=True)) == {
        "baseline": 10.0,
        "monitored": 30.0,
    }
    assert list(cohort_table(baseline, monitored)["source"]) == ["baseline", "monitored"]


def test_no_cohorts_give_an_empty_emissions_frame() -> None:
    empty = pd.DataFrame(columns=["zone", "stratum_id", "cohort_year", "area_ha"])
    result = cohort_vintage_emissions(empty, SCHEDULES, vintage_periods(START, END), dated=False)
    assert result.empty and "emissions_tco2e" in result.columns
