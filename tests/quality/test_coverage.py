"""redd_audit.quality.coverage: the ex-ante baseline covers the monitoring period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from redd_audit.methodology.vintages import ProjectYears
from redd_audit.quality.coverage import baseline_coverage


@dataclass
class Table:
    frame: pd.DataFrame
    name: str = "baseline_exante"
    file: str = "baseline_exante.csv"


def _baseline(rows: list[tuple[str, str, int]]) -> Table:
    return Table(pd.DataFrame(rows, columns=["zone", "stratum_id", "year"]))


START, END = dt.date(2021, 1, 1), dt.date(2022, 12, 31)


def test_full_coverage_has_no_findings() -> None:
    table = _baseline([("project_area", "S1", 2021), ("project_area", "S1", 2022)])
    findings, checks = baseline_coverage(table, START, END)
    assert findings == [] and checks == 1 * 2 + 1


def test_missing_year_is_named_with_zone_and_stratum() -> None:
    table = _baseline([("project_area", "S1", 2021), ("leakage_belt", "S1", 2022)])
    findings, checks = baseline_coverage(table, START, END)
    assert checks == 2 * 2 + 1
    assert [f.record for f in findings] == [
        "zone=leakage_belt, stratum_id=S1, year=2021",
        "zone=project_area, stratum_id=S1, year=2022",
    ]
    assert findings[0].file == "baseline_exante.csv" and findings[0].severity == "error"
    assert "a year of the monitoring period 2021-01-01..2022-12-31" in findings[0].message


def test_no_project_area_rows() -> None:
    findings, _ = baseline_coverage(_baseline([("leakage_belt", "S1", 2021)]), START, START)
    assert [f.record for f in findings] == ["zone=project_area"]


def test_period_past_the_crediting_end_is_one_finding() -> None:
    table = _baseline([("project_area", "S1", 2021)])
    findings, _ = baseline_coverage(table, START, END, crediting_end=dt.date(2021, 12, 31))
    assert len(findings) == 1
    assert findings[0].expectation == "expect_period_within_crediting_period"
    assert "ends after the crediting period (2021-12-31)" in findings[0].message


def test_project_year_labels() -> None:
    # 1 Jul 2021 – 30 Jun 2022 is project year 2022 (end-year labels from 07-01)
    table = _baseline([("project_area", "S1", 2022)])
    years = ProjectYears(7, 1, "end_year")
    findings, _ = baseline_coverage(
        table, dt.date(2021, 7, 1), dt.date(2022, 6, 30), project_years=years
    )
    assert findings == []


def test_table_without_the_columns_is_not_checked() -> None:
    assert baseline_coverage(Table(pd.DataFrame({"zone": []})), START, END) == ([], 0)
