"""Vintage periods: calendar years clipped to the monitoring period (domain.md §1.10).

A partial year's annual quantities (ex-ante baseline, tails of earlier cohorts) are pro-rated
by ``days / days_in_year``; dated events count in the vintage whose dates contain them.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Vintage:
    """One vintage: the part of calendar year ``year`` inside the monitoring period."""

    year: int
    start: dt.date
    end: dt.date

    @property
    def days(self) -> int:
        """Days of the vintage, both ends included."""
        return (self.end - self.start).days + 1

    @property
    def days_in_year(self) -> int:
        return 366 if calendar.isleap(self.year) else 365

    @property
    def year_fraction(self) -> float:
        """Share of the calendar year covered, ``days / days_in_year`` (1.0 for a full year)."""
        return self.days / self.days_in_year


def vintage_periods(start: dt.date, end: dt.date) -> list[Vintage]:
    """Split the monitoring period ``[start, end]`` into calendar-year vintages.

    Parameters
    ----------
    start, end : datetime.date
        First and last day of the monitoring period (both included).

    Returns
    -------
    list of Vintage
        One per calendar year touched, clipped to the period; their days sum to the period's.
    """
    if end < start:
        raise ValueError(f"period end {end} is before its start {start}")
    return [
        Vintage(year, max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31)))
        for year in range(start.year, end.year + 1)
    ]
