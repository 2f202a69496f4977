"""redd_audit.methodology.vintages: project years and vintage periods (edges not covered by
tests/methodology/test_project_years.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from redd_audit.methodology.vintages import (
    CALENDAR_YEARS,
    ProjectYears,
    Vintage,
    project_years,
    vintage_periods,
)
from tests.mirror_support import project, project_dict


def test_end_before_start_is_refused_with_both_dates() -> None:
    with pytest.raises(ValueError, match="period end 2021-01-01 is before its start 2021-01-02"):
        vintage_periods(dt.date(2021, 1, 2), dt.date(2021, 1, 1))


def test_one_day_period() -> None:
    (v,) = vintage_periods(dt.date(2020, 2, 29), dt.date(2020, 2, 29))
    assert (v.year, v.days, v.days_in_year) == (2020, 1, 366)
    assert v.year_fraction == pytest.approx(1 / 366)


def test_label_offset() -> None:
    assert CALENDAR_YEARS.label_offset == 0
    assert ProjectYears(7, 1, "end_year").label_offset == 1
    assert ProjectYears(7, 1, "start_year").label_offset == 0
    # a project year from 1 January labelled by its end year is still the calendar year
    assert ProjectYears(1, 1, "end_year").label_offset == 0


def test_first_and_last_day_of_a_july_year() -> None:
    years = ProjectYears(7, 1, "end_year")
    assert years.first_day(2022) == dt.date(2021, 7, 1)
    assert years.last_day(2022) == dt.date(2022, 6, 30)
    assert years.label_of(dt.date(2022, 6, 30)) == 2022
    assert years.label_of(dt.date(2022, 7, 1)) == 2023


def test_full_vintage_fraction_is_one() -> None:
    v = Vintage(2021, dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert v.days == 365 and v.year_fraction == 1.0


def test_project_years_of_the_accounting() -> None:
    assert project_years(project().accounting) == CALENDAR_YEARS
    data = project_dict()
    data["accounting"].update(
        vintage_allocation="project_year",
        project_year_start="07-01",
        project_year_label="start_year",
    )
    from redd_audit.project import Project

    assert project_years(Project.model_validate(data).accounting) == ProjectYears(
        7, 1, "start_year"
    )
