"""Coverage of the monitoring period by the validated ex-ante baseline (VM0007 BL-UP)."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

import pandas as pd

from redd_audit.findings import Finding
from redd_audit.methodology.vintages import CALENDAR_YEARS, ProjectYears

RULE_BASELINE_COVERAGE = (
    "VM0007 BL-UP: validated ex-ante baseline for every year of the monitoring period"
)


class TableLike(Protocol):
    """What the checks need of a table (``redd_audit.tables.read.LoadedTable``)."""

    @property
    def name(self) -> str: ...

    @property
    def file(self) -> str: ...

    @property
    def frame(self) -> pd.DataFrame: ...


def baseline_coverage(
    baseline: TableLike,
    period_start: dt.date,
    period_end: dt.date,
    crediting_end: dt.date | None = None,
    project_years: ProjectYears = CALENDAR_YEARS,
) -> tuple[list[Finding], int]:
    """Every (zone, stratum_id) of the baseline must cover every year of the monitoring period,
    and the project area must appear. Returns the findings and the number of checks made.

    Years are the labels of ``project_years`` (calendar years by default; contract 8.2).
    Years after ``crediting_end`` (when given) are not asked of the baseline: a period that runs
    past the crediting period gets one finding saying so, not one per missing year.
    """
    frame = baseline.frame
    if not {"zone", "stratum_id", "year"} <= set(frame.columns):
        return [], 0
    valid = frame.dropna(subset=["zone", "stratum_id", "year"])
    present = {
        (str(z), str(s), int(y))
        for z, s, y in zip(valid["zone"], valid["stratum_id"], valid["year"], strict=True)
    }
    pairs = sorted({(z, s) for z, s, _ in present})
    last_year = project_years.label_of(period_end)
    findings: list[Finding] = []
    if crediting_end is not None and period_end > crediting_end:
        last_year = project_years.label_of(crediting_end)
        findings.append(
            Finding(
                severity="error",
                file=baseline.file,
                row=None,
                record=f"period={period_start}..{period_end}",
                column="year",
                value=period_end.isoformat(),
                expectation="expect_period_within_crediting_period",
                rule=RULE_BASELINE_COVERAGE,
                message=(
                    f"the monitoring period {period_start}..{period_end} ends after the "
                    f"crediting period ({crediting_end}): nothing after it can be credited"
                ),
            )
        )
    years = range(project_years.label_of(period_start), last_year + 1)
    findings += [
        Finding(
            severity="error",
            file=baseline.file,
            row=None,
            record=f"zone={zone}, stratum_id={stratum}, year={year}",
            column="year",
            value=None,
            expectation="expect_baseline_to_cover_period",
            rule=RULE_BASELINE_COVERAGE,
            message=(
                f"no ex-ante baseline for {zone}, stratum {stratum} in {year}, a year of the "
                f"monitoring period {period_start}..{period_end}"
            ),
        )
        for zone, stratum in pairs
        for year in years
        if (zone, stratum, year) not in present
    ]
    if not any(zone == "project_area" for zone, _ in pairs):
        findings.append(
            Finding(
                severity="error",
                file=baseline.file,
                row=None,
                record="zone=project_area",
                column="zone",
                value=None,
                expectation="expect_baseline_to_cover_period",
                rule=RULE_BASELINE_COVERAGE,
                message="the ex-ante baseline has no rows for the project area",
            )
        )
    return findings, len(pairs) * len(years) + 1
