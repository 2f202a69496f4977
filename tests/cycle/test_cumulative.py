"""redd_audit.cycle.cumulative: the issuance history before the audited period."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from redd_audit.cycle.cumulative import (
    cumulative_position,
    gap_days,
    history_periods,
    issuance_findings,
    shares_a_day,
)

START, END = dt.date(2021, 1, 1), dt.date(2021, 12, 31)


def _history(rows: list[tuple[str, str, int, float, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(
        rows, columns=["period_start", "period_end", "vintage", "vcus_issued", "buffer_tco2e"]
    )
    frame["period_start"] = pd.to_datetime(frame["period_start"])
    frame["period_end"] = pd.to_datetime(frame["period_end"])
    frame["_row"] = range(2, len(frame) + 2)
    return frame


HISTORY = _history(
    [
        ("2019-01-01", "2019-12-31", 2019, 100.0, 10.0),
        ("2020-01-01", "2020-12-31", 2020, 200.0, 20.0),
        ("2020-01-01", "2020-12-31", 2020, 50.0, 5.0),
    ]
)


def test_periods_and_position() -> None:
    assert history_periods(HISTORY) == [
        (dt.date(2019, 1, 1), dt.date(2019, 12, 31)),
        (dt.date(2020, 1, 1), dt.date(2020, 12, 31)),
    ]
    assert cumulative_position(HISTORY, 30.0, 3.0) == {
        "periods": 2,
        "vcus_issued_before": 350.0,
        "buffer_before": 35.0,
        "vcus_to_date": 380.0,
        "buffer_to_date": 38.0,
    }
    assert cumulative_position(HISTORY, None, None)["vcus_to_date"] is None


def test_day_arithmetic() -> None:
    assert shares_a_day(START, END, END, dt.date(2022, 1, 5))
    assert not shares_a_day(START, END, dt.date(2022, 1, 1), dt.date(2022, 1, 5))
    assert gap_days(dt.date(2020, 12, 31), START) == 0
    assert gap_days(dt.date(2020, 12, 30), START) == 1


def test_a_consistent_history_has_no_findings() -> None:
    assert issuance_findings(HISTORY, "issuance_history.csv", START, END) == []


def test_overlap_with_the_audited_period_is_double_issuance() -> None:
    history = _history([("2020-07-01", "2021-06-30", 2021, 10.0, 1.0)])
    (finding,) = issuance_findings(history, "h.csv", START, END)
    assert (finding.severity, finding.row, finding.column) == ("error", 2, "period_start")
    assert finding.record == "period_start=2020-07-01, period_end=2021-06-30, vintage=2021"
    assert finding.message.startswith("double issuance: the history period shares days")


def test_gap_before_the_period() -> None:
    history = _history([("2019-01-01", "2020-06-30", 2020, 10.0, 1.0)])
    (finding,) = issuance_findings(history, "h.csv", START, END)
    # 1 Jul – 31 Dec 2020: 184 days unmonitored
    assert finding.severity == "warning" and finding.column == "period_end"
    assert finding.message.startswith("184 day(s) between the last issued period")


@pytest.mark.parametrize(
    ("row", "expectation", "severity"),
    [
        (("2019-01-01", "2019-12-31", 2019, 10.5, 1.0), "issuance_history_whole_vcus", "error"),
        (
            ("2019-01-01", "2019-12-31", 2017, 10.0, 1.0),
            "issuance_history_vintage_in_period",
            "warning",
        ),
        (
            ("2023-01-01", "2023-12-31", 2023, 10.0, 1.0),
            "issuance_history_before_the_period",
            "warning",
        ),
    ],
)
def test_history_consistency(row: tuple, expectation: str, severity: str) -> None:
    history = _history([("2020-01-01", "2020-12-31", 2020, 1.0, 0.0), row])
    findings = issuance_findings(history, "h.csv", START, END)
    assert [(f.expectation, f.severity, f.row) for f in findings] == [(expectation, severity, 3)]


def test_two_history_periods_sharing_days() -> None:
    history = _history(
        [
            ("2019-01-01", "2019-12-31", 2019, 1.0, 0.0),
            ("2019-07-01", "2020-12-31", 2020, 1.0, 0.0),
        ]
    )
    findings = issuance_findings(history, "h.csv", START, END)
    assert [(f.expectation, f.row) for f in findings] == [("issuance_history_periods_disjoint", 3)]
    assert "shares days with the issued period 2019-01-01 to 2019-12-31" in findings[0].message
