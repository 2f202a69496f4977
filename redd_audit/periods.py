"""Monitoring periods of a project, from ``project.yaml`` rather than from literals.

A project lists its monitoring periods explicitly (``monitoring_periods: [{start, end}]``) or
gives a rule (``monitoring_period_years: N``: consecutive periods of N calendar years from the
start of the crediting period, the last one cut at the crediting period's end). A scheduled
audit takes the latest period that has ended, so a schedule never audits a stale period;
a run may also name its period explicitly, or by its first or last day alone.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, NamedTuple

from redd_audit.errors import InputError

if TYPE_CHECKING:
    from redd_audit.project import Project


class Period(NamedTuple):
    """First and last day of a monitoring period (both inclusive)."""

    start: dt.date
    end: dt.date

    def label(self) -> str:
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


def add_calendar_years(day: dt.date, years: int) -> dt.date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def periods_from_rule(crediting_start: dt.date, crediting_end: dt.date, years: int) -> list[Period]:
    """Consecutive periods of ``years`` calendar years from ``crediting_start``.

    The last period ends at ``crediting_end`` at the latest. With a crediting start of
    2010-01-01 and two years: 2010-01-01..2011-12-31, 2012-01-01..2013-12-31, ...
    """
    if years < 1:
        raise InputError(f"project.yaml: monitoring_period_years must be 1 or more, got {years}")
    periods: list[Period] = []
    start = crediting_start
    while start <= crediting_end:
        end = min(add_calendar_years(start, years) - dt.timedelta(days=1), crediting_end)
        periods.append(Period(start, end))
        start = end + dt.timedelta(days=1)
    return periods


def project_periods(project: Project) -> list[Period]:
    """The project's monitoring periods, in order (explicit list first, else the rule).

    Returns an empty list when ``project.yaml`` gives neither.
    """
    if project.monitoring_periods:
        return sorted(Period(p.start, p.end) for p in project.monitoring_periods)
    if project.monitoring_period_years:
        crediting = project.crediting_period
        return periods_from_rule(crediting.start, crediting.end, project.monitoring_period_years)
    return []


def latest_ended_period(project: Project, today: dt.date) -> Period:
    """The latest monitoring period whose last day is before ``today``."""
    periods = project_periods(project)
    if not periods:
        raise InputError(
            f"project.yaml of {project.id} lists no monitoring_periods and no "
            "monitoring_period_years: give the period's start and end"
        )
    ended = [p for p in periods if p.end < today]
    if not ended:
        raise InputError(
            f"no monitoring period of {project.id} has ended by {today.isoformat()} "
            f"(the first, {periods[0].label()}, ends on {periods[0].end.isoformat()})"
        )
    return ended[-1]


def resolve_period(
    project: Project, start: dt.date | None, end: dt.date | None, today: dt.date
) -> Period:
    """The period to audit: as given, or completed from the project's periods.

    Both given: that period. Neither: the latest period that has ended by ``today``. One
    given: the project's period that starts (or ends) on that day.
    """
    if start is not None and end is not None:
        if end < start:
            raise InputError(f"end {end} is before start {start}")
        return Period(start, end)
    if start is None and end is None:
        return latest_ended_period(project, today)
    periods = project_periods(project)
    for period in periods:
        if period.start == start or period.end == end:
            return period
    given = f"start {start}" if start is not None else f"end {end}"
    known = ", ".join(p.label() for p in periods) or "none listed"
    raise InputError(
        f"no monitoring period of {project.id} has {given} (periods: {known}); give both dates"
    )
