"""Nothing lost: every input row ends as used, excluded by a named rule, or refused.

A row is *refused* when the quality gate reported an error finding on it; otherwise it is
*excluded* when an accounting rule leaves it out (with the rule as the reason), else *used*.
The counts per file and reason add up to the rows read; they appear in ``summary.json``, the
manifest and the workbook's Provenance sheet.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np
import pandas as pd

from redd_audit.methodology.emission_schedule import POOLS
from redd_audit.methodology.vintages import ProjectYears, project_years
from redd_audit.project import Project
from redd_audit.tables.schemas import ACCOUNTING_ZONES, ROW_COLUMN

USED = "used"
BEFORE_CREDITING = "dated before the crediting period began"
AFTER_CREDITING = "dated after the crediting period ends"
AFTER_PERIOD = "dated after the monitoring period ends"
OUTSIDE_PERIOD = "dated outside the monitoring period"
BEFORE_PERIOD = "dated before the monitoring period"
EMISSIONS_COMPLETED = "cleared so early that its emission schedule ended before the period"
OTHER_ZONE = "zone outside the accounting (reference region or outside)"
FIRE_OUTSIDE_PA = "fire outside the project area (E-BB counts project-area fires only)"
NON_FOREST_FIRE = "non-forest fire (E-BB counts forest fires only)"
NOT_LIVE_TREE = "not a live tree (live-tree biomass only)"
VINTAGE_OUTSIDE = "vintage outside the monitoring period"
YEAR_OUTSIDE = "year outside the monitoring period"
CCB_OUTSIDE = "reporting period does not overlap the monitoring period"


class TableLike(Protocol):
    """What the ledger needs of a table (``redd_audit.tables.read.LoadedTable``, frozen)."""

    @property
    def name(self) -> str: ...

    @property
    def file(self) -> str: ...

    @property
    def frame(self) -> pd.DataFrame: ...


@dataclass
class FileLedger:
    table: str
    file: str
    rows_read: int
    used: int
    excluded: dict[str, int] = field(default_factory=dict)
    refused: int = 0

    def to_dict(self) -> dict[str, object]:
        return {
            "table": self.table,
            "file": self.file,
            "rows_read": self.rows_read,
            "used": self.used,
            "excluded": dict(self.excluded),
            "excluded_total": sum(self.excluded.values()),
            "refused": self.refused,
        }

    @property
    def balanced(self) -> bool:
        return self.used + sum(self.excluded.values()) + self.refused == self.rows_read


def last_emitting_age_by_stratum(project: Project) -> dict[str, int]:
    """Largest age (years after clearing) at which a stratum's cleared hectare still emits."""
    years = project.accounting.emission_schedule_years.model_dump()
    ages = {}
    for s in project.strata:
        pools = s.carbon_tc_per_ha.model_dump()
        emitting = [years[p] - 1 for p in POOLS if pools[p] > 0]
        ages[s.id] = max(emitting) if emitting else 0
    return ages


def _last_age(stratum: pd.Series, ages: Mapping[str, int]) -> np.ndarray:
    """Last emitting age of each row's stratum (unknown strata: the largest of any stratum)."""
    # look the age up once per distinct stratum (factorize), not once per row
    codes, uniques = pd.factorize(stratum.astype(str))
    default = max(ages.values(), default=0)
    lookup = np.array([ages.get(u, default) for u in uniques] + [default], dtype=float)
    last_age: np.ndarray = lookup[codes]  # code -1 (missing stratum) picks the trailing default
    return last_age


def _cohort_contributes(
    cohort_year: np.ndarray,
    stratum: pd.Series,
    ages: Mapping[str, int],
    first_year: int,
    last_year: int,
) -> np.ndarray:
    """Whether a cohort cleared before the period still emits in one of the period's years
    (years are vintage labels: calendar or project years, contract 8.2)."""
    last_age = _last_age(stratum, ages)
    first_tail_year = np.maximum(first_year, cohort_year + 1)
    contributes: np.ndarray = (first_tail_year <= last_year) & (
        first_tail_year - cohort_year <= last_age
    )
    return contributes


def _labels(dates: pd.Series, labels: ProjectYears) -> pd.Series:
    """The project-year label of every date (missing dates stay missing)."""
    known = dates.notna().to_numpy(dtype=bool)
    out = pd.Series(pd.NA, index=dates.index, dtype="Float64")
    if known.any():
        out[known] = labels.labels_of(dates[known]).astype(float)
    return out


def _reasons(
    table: str, frame: pd.DataFrame, project: Project, start: dt.date, end: dt.date
) -> np.ndarray:
    n = len(frame)
    reason = np.full(n, USED, dtype=object)
    labels = project_years(project.accounting)  # vintage labels (contract 8.2)
    first, last = labels.label_of(start), labels.label_of(end)

    def mark(mask: pd.Series | np.ndarray, text: str) -> None:
        m = np.asarray(pd.Series(mask).fillna(False), dtype=bool)
        reason[(reason == USED) & m] = text

    def mark_completed_cohorts(before_period: pd.Series, cohort_year: pd.Series) -> None:
        """Rows dated before the period that emit nothing in it.

        The reason is "emission schedule ended" only for a multi-year schedule that ran out
        in an earlier year; a row whose emissions all fall in its own year (a one-year
        schedule, or cleared earlier in the period's first year) is "dated before the period".
        """
        early = before_period.fillna(False).to_numpy(dtype=bool)
        if early.any():
            year = cohort_year.astype("Float64").fillna(0).to_numpy(dtype=float)
            ages = last_emitting_age_by_stratum(project)
            last_age = _last_age(frame["stratum_id"], ages)
            silent = early & ~_cohort_contributes(year, frame["stratum_id"], ages, first, last)
            ran_out = (last_age >= 1) & (year + last_age < first)
            mark(silent & ran_out, EMISSIONS_COMPLETED)
            mark(silent, BEFORE_PERIOD)

    cp_start = pd.Timestamp(project.crediting_period.start)
    if table == "baseline_exante":
        year = frame["year"].astype("Float64")
        mark(~frame["zone"].astype("string").isin(ACCOUNTING_ZONES), OTHER_ZONE)
        mark(year < labels.label_of(project.crediting_period.start), BEFORE_CREDITING)
        mark(year > labels.label_of(project.crediting_period.end), AFTER_CREDITING)
        mark(year > last, AFTER_PERIOD)
        mark_completed_cohorts(year < first, year)
    elif table == "deforestation_events":
        date = frame["detected_on"]
        mark(~frame["zone"].astype("string").isin(ACCOUNTING_ZONES), OTHER_ZONE)
        mark(date < cp_start, BEFORE_CREDITING)
        mark(date > pd.Timestamp(end), AFTER_PERIOD)
        mark_completed_cohorts(date < pd.Timestamp(start), _labels(date, labels))
    elif table == "fire_events":
        date = frame["burned_on"]
        mark((date < pd.Timestamp(start)) | (date > pd.Timestamp(end)), OUTSIDE_PERIOD)
        mark(frame["zone"].astype("string") != "project_area", FIRE_OUTSIDE_PA)
        mark(frame["land_cover"].astype("string") != "forest", NON_FOREST_FIRE)
    elif table == "inventory_trees":
        mark(frame["status"].astype("string") != "alive", NOT_LIVE_TREE)
    elif table == "claimed_vintages":
        vintage = frame["vintage"].astype("Float64")
        mark((vintage < first) | (vintage > last), VINTAGE_OUTSIDE)
    elif table == "exante_estimates":
        year = frame["year"].astype("Float64")
        mark((year < first) | (year > last), YEAR_OUTSIDE)
    elif table == "ccb_indicators":
        mark(
            (frame["period_end"] < pd.Timestamp(start))
            | (frame["period_start"] > pd.Timestamp(end)),
            CCB_OUTSIDE,
        )
    return reason


def build_ledger(
    tables: Iterable[TableLike],
    project: Project,
    start: dt.date,
    end: dt.date,
    refused_rows: Mapping[str, set[int]],
) -> list[FileLedger]:
    """Classify every row of every table.

    Parameters
    ----------
    tables : loaded tables (``name``, ``file``, ``frame`` with the ``_row`` column)
    refused_rows : file -> row numbers carrying an error finding
    """
    ledgers = []
    for t in tables:
        frame = t.frame
        reason = (
            _reasons(t.name, frame, project, start, end)
            if len(frame)
            else np.array([], dtype=object)
        )
        refused_set = refused_rows.get(t.file, set())
        if refused_set and len(frame):
            refused_mask = frame[ROW_COLUMN].isin(refused_set).to_numpy()
            reason[refused_mask] = "refused"
        tally = {str(v): int(c) for v, c in Counter(reason.tolist()).items()}
        ledger = FileLedger(
            table=t.name,
            file=t.file,
            rows_read=len(frame),
            used=tally.pop(USED, 0),
            refused=tally.pop("refused", 0),
            excluded=dict(sorted(tally.items())),
        )
        ledgers.append(ledger)
    return ledgers


REFUSED = "refused"


def row_outcomes(
    table: str,
    frame: pd.DataFrame,
    project: Project,
    start: dt.date,
    end: dt.date,
    refused_rows: set[int],
) -> np.ndarray:
    """Per row, what :func:`build_ledger` counts it as: ``"used"``, ``"refused"`` or the
    exclusion reason (for the workbook's data sheets, which show the ledger row by row)."""
    if not len(frame):
        return np.array([], dtype=object)
    reason = _reasons(table, frame, project, start, end)
    if refused_rows and ROW_COLUMN in frame.columns:
        reason[frame[ROW_COLUMN].isin(refused_rows).to_numpy()] = REFUSED
    return reason
