"""Project-year vintages (contract.md section 8.2): hand tests of the contract, and calendar
years as project years from 01-01 (identical outputs)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from redd_audit.methodology.engine import recompute
from redd_audit.methodology.vintages import (
    CALENDAR_YEARS,
    ProjectYears,
    project_years,
    vintage_periods,
)
from tasks.collect import collect

D = dt.date
JULY = ProjectYears(7, 1, "end_year")
GOLDEN = Path(__file__).parents[1] / "golden"


def test_two_whole_project_years_from_july() -> None:
    v20, v21 = vintage_periods(D(2019, 7, 1), D(2021, 6, 30), JULY)
    assert (v20.year, v20.start, v20.end, v20.days) == (2020, D(2019, 7, 1), D(2020, 6, 30), 366)
    assert (v21.year, v21.start, v21.end, v21.days) == (2021, D(2020, 7, 1), D(2021, 6, 30), 365)
    assert v20.year_fraction == 1.0 and v21.year_fraction == 1.0


def test_calendar_period_cut_by_july_project_years() -> None:
    v20, v21 = vintage_periods(D(2020, 1, 1), D(2020, 12, 31), JULY)
    assert (v20.year, v20.start, v20.end) == (2020, D(2020, 1, 1), D(2020, 6, 30))
    assert (v21.year, v21.start, v21.end) == (2021, D(2020, 7, 1), D(2020, 12, 31))
    assert v20.days == 182 and v20.days_in_year == 366
    assert v20.year_fraction == pytest.approx(0.497268, abs=5e-7)
    assert v21.days == 184 and v21.days_in_year == 365
    assert v21.year_fraction == pytest.approx(0.504110, abs=5e-7)
    # a fixed baseline of 1,200,000 tCO2e for project year 2021 counts 604,931.51 here
    assert 1_200_000 * v21.year_fraction == pytest.approx(604_931.51, abs=0.005)


def test_labels_end_year_and_start_year() -> None:
    assert JULY.label_of(D(2019, 6, 30)) == 2019
    assert JULY.label_of(D(2019, 7, 1)) == 2020
    starts = ProjectYears(7, 1, "start_year")
    assert starts.label_of(D(2019, 7, 1)) == 2019 and starts.label_of(D(2020, 6, 30)) == 2019
    assert starts.first_day(2019) == D(2019, 7, 1) and starts.last_day(2019) == D(2020, 6, 30)
    # 01-01: the project year is the calendar year under either label
    assert ProjectYears(1, 1, "start_year").label_of(D(2020, 5, 5)) == 2020
    assert CALENDAR_YEARS.label_of(D(2020, 12, 31)) == 2020


def test_vectorised_labels_match_single_labels() -> None:
    days = [D(2019, 6, 30), D(2019, 7, 1), D(2020, 2, 29), D(2020, 12, 31), D(2021, 1, 1)]
    years = ProjectYears(8, 8, "end_year")
    labels = years.labels_of(pd.Series(pd.to_datetime(days)))
    assert labels.tolist() == [years.label_of(d) for d in days] == [2019, 2019, 2020, 2021, 2021]


def test_days_in_project_year_hold_29_february() -> None:
    assert JULY.days_in_year(2020) == 366  # 2019-07-01..2020-06-30
    assert JULY.days_in_year(2021) == 365
    march = ProjectYears(3, 1, "end_year")
    assert march.days_in_year(2020) == 366  # 2019-03-01..2020-02-29
    assert march.days_in_year(2021) == 365  # 2020-03-01..2021-02-28


def test_vintage_days_sum_to_the_period() -> None:
    for years in (CALENDAR_YEARS, JULY, ProjectYears(8, 8, "start_year")):
        vintages = vintage_periods(D(2018, 3, 15), D(2023, 9, 1), years)
        assert sum(v.days for v in vintages) == (D(2023, 9, 1) - D(2018, 3, 15)).days + 1
        assert all(0 < v.year_fraction <= 1 for v in vintages)


def _accounting(collected, **changes):
    acc = collected.project.accounting.model_copy(update=changes)
    return collected.project.model_copy(update={"accounting": acc})


@pytest.mark.parametrize("name", ["one-stratum", "two-strata-partial"])
def test_calendar_year_is_project_year_from_january_first(name: str) -> None:
    collected = collect(GOLDEN / name)
    calendar = collected.project
    project_year = _accounting(
        collected, vintage_allocation="project_year", project_year_start="01-01"
    )
    assert project_years(project_year.accounting) == CALENDAR_YEARS
    start, end = D(2018, 7, 1), D(2021, 3, 31)
    a = recompute(calendar, collected.frames, start, end)
    b = recompute(project_year, collected.frames, start, end)
    assert [dataclasses.astuple(v) for v in a.vintages] == [
        dataclasses.astuple(v) for v in b.vintages
    ]
    assert a.totals == b.totals
    pd.testing.assert_frame_equal(a.emissions, b.emissions)
