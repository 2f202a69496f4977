"""redd_audit.periods: monitoring periods from project.yaml."""

from __future__ import annotations

import datetime as dt

import pytest

from redd_audit.errors import InputError
from redd_audit.periods import (
    Period,
    add_calendar_years,
    latest_ended_period,
    periods_from_rule,
    project_periods,
    resolve_period,
)
from tests.mirror_support import project

D = dt.date


def test_calendar_years_from_29_february() -> None:
    assert add_calendar_years(D(2020, 2, 29), 1) == D(2021, 2, 28)
    assert add_calendar_years(D(2020, 2, 29), 4) == D(2024, 2, 29)


def test_rule_periods_cut_at_the_crediting_end() -> None:
    periods = periods_from_rule(D(2010, 1, 1), D(2014, 6, 30), 2)
    assert periods == [
        Period(D(2010, 1, 1), D(2011, 12, 31)),
        Period(D(2012, 1, 1), D(2013, 12, 31)),
        Period(D(2014, 1, 1), D(2014, 6, 30)),
    ]
    assert periods[0].label() == "2010-01-01..2011-12-31"
    with pytest.raises(InputError, match="monitoring_period_years must be 1 or more, got 0"):
        periods_from_rule(D(2010, 1, 1), D(2014, 6, 30), 0)


def test_explicit_periods_take_precedence_over_the_rule() -> None:
    p = project(
        monitoring_periods=[
            {"start": D(2010, 1, 1), "end": D(2011, 12, 31)},
            {"start": D(2012, 1, 1), "end": D(2013, 12, 31)},
        ],
        monitoring_period_years=5,
    )
    assert [x.start.year for x in project_periods(p)] == [2010, 2012]
    assert project_periods(project()) == []


def test_periods_out_of_order_are_refused() -> None:
    with pytest.raises(ValueError, match="list the periods in order"):
        project(
            monitoring_periods=[
                {"start": D(2012, 1, 1), "end": D(2013, 12, 31)},
                {"start": D(2010, 1, 1), "end": D(2011, 12, 31)},
            ]
        )


def test_latest_ended_period() -> None:
    p = project(monitoring_period_years=2)
    assert latest_ended_period(p, D(2014, 1, 1)) == Period(D(2012, 1, 1), D(2013, 12, 31))
    with pytest.raises(InputError, match=r"has ended by 2011-12-31 \(the first, 2010-01-01"):
        latest_ended_period(p, D(2011, 12, 31))
    with pytest.raises(InputError, match="lists no monitoring_periods"):
        latest_ended_period(project(), D(2014, 1, 1))


def test_resolve_period() -> None:
    p = project(monitoring_period_years=2)
    today = D(2030, 1, 1)
    assert resolve_period(p, D(2021, 3, 1), D(2021, 9, 30), today) == Period(
        D(2021, 3, 1), D(2021, 9, 30)
    )
    assert resolve_period(p, D(2012, 1, 1), None, today).end == D(2013, 12, 31)
    assert resolve_period(p, None, D(2013, 12, 31), today).start == D(2012, 1, 1)
    with pytest.raises(InputError, match="end 2021-01-01 is before start 2021-02-01"):
        resolve_period(p, D(2021, 2, 1), D(2021, 1, 1), today)
    with pytest.raises(InputError, match=r"has start 2012-02-01 .*give both dates"):
        resolve_period(p, D(2012, 2, 1), None, today)
