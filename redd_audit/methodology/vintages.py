"""Vintage periods: calendar or project years clipped to the monitoring period (domain.md §1.10;
contract.md section 8.2).

A project year starts on ``project_year_start`` (MM-DD) and ends the day before it one year
later; its label is the calendar year in which it ends (``end_year``) or starts
(``start_year``). With ``01-01`` a project year is the calendar year, so calendar vintages are
the project years of :data:`CALENDAR_YEARS`. A partial year's annual quantities (ex-ante
baseline, tails of earlier cohorts) are pro-rated by ``days / days_in_year`` of the project
year; dated events count in the vintage whose dates contain them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from redd_audit.project_settings import Accounting


@dataclass(frozen=True)
class ProjectYears:
    """The years vintages follow: they start on ``month``-``day`` and carry a label.

    Parameters
    ----------
    month, day : int
        First day of every project year (never 29 February).
    label : {"end_year", "start_year"}
        The calendar year in which a project year ends, or starts, names it.
    """

    month: int = 1
    day: int = 1
    label: Literal["end_year", "start_year"] = "end_year"

    @property
    def label_offset(self) -> int:
        """Label minus the calendar year in which the project year starts (0 or 1)."""
        starts_in_january_first = (self.month, self.day) == (1, 1)
        return 1 if self.label == "end_year" and not starts_in_january_first else 0

    def first_day(self, label: int) -> dt.date:
        """First day of the project year ``label``."""
        return dt.date(label - self.label_offset, self.month, self.day)

    def last_day(self, label: int) -> dt.date:
        """Last day of the project year ``label``."""
        return self.first_day(label + 1) - dt.timedelta(days=1)

    def days_in_year(self, label: int) -> int:
        """Days of the project year ``label``: 366 when it holds a 29 February, else 365."""
        return (self.first_day(label + 1) - self.first_day(label)).days

    def label_of(self, day: dt.date) -> int:
        """Label of the project year holding ``day`` (the last start on or before it)."""
        before_start = (day.month, day.day) < (self.month, self.day)
        return day.year - int(before_start) + self.label_offset

    def labels_of(self, dates: pd.Series) -> np.ndarray:
        """:meth:`label_of` of every date of a datetime column (no missing dates)."""
        stamps = pd.to_datetime(dates)
        month_day = stamps.dt.month.to_numpy() * 100 + stamps.dt.day.to_numpy()
        before_start = month_day < self.month * 100 + self.day
        return np.asarray(
            stamps.dt.year.to_numpy(dtype=np.int64) - before_start + self.label_offset,
            dtype=np.int64,
        )


#: Calendar years: project years from 1 January, labelled by their year.
CALENDAR_YEARS = ProjectYears()


def project_years(accounting: Accounting) -> ProjectYears:
    """The project years of ``accounting`` (calendar years under ``calendar_year``)."""
    if accounting.vintage_allocation == "calendar_year" or accounting.project_year_start is None:
        return CALENDAR_YEARS
    month, day = (int(part) for part in accounting.project_year_start.split("-"))
    return ProjectYears(month, day, accounting.project_year_label)


@dataclass(frozen=True)
class Vintage:
    """One vintage: the part of project year ``year`` (its label) inside the monitoring period."""

    year: int
    start: dt.date
    end: dt.date
    years: ProjectYears = CALENDAR_YEARS

    @property
    def days(self) -> int:
        """Days of the vintage, both ends included."""
        return (self.end - self.start).days + 1

    @property
    def days_in_year(self) -> int:
        """Days of the whole project year (365 or 366)."""
        return self.years.days_in_year(self.year)

    @property
    def year_fraction(self) -> float:
        """Share of the project year covered, ``days / days_in_year`` (1.0 for a full year)."""
        return self.days / self.days_in_year


def vintage_periods(
    start: dt.date, end: dt.date, years: ProjectYears = CALENDAR_YEARS
) -> list[Vintage]:
    """Split the monitoring period ``[start, end]`` into vintages.

    Parameters
    ----------
    start, end : datetime.date
        First and last day of the monitoring period (both included).
    years : ProjectYears
        The project years (default: calendar years).

    Returns
    -------
    list of Vintage
        One per project year touched, clipped to the period; their days sum to the period's.
    """
    if end < start:
        raise ValueError(f"period end {end} is before its start {start}")
    return [
        Vintage(label, max(start, years.first_day(label)), min(end, years.last_day(label)), years)
        for label in range(years.label_of(start), years.label_of(end) + 1)
    ]
