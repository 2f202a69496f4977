"""The suites of ``expectations/`` and their run-time parts (parameters, added expectations).

Every ``expectations/*.json`` file is one GX suite; a suite whose name is a collected table
(any table, including ones added later such as ``issuance_history``) validates that table.
Values that depend on the project or the period are GX suite parameters
(``{"$PARAMETER": "stratum_ids"}``), supplied by :func:`suite_parameters`.

Two kinds of expectations are added at run time, so that no column escapes a range check:

* every ``*_fraction`` column that its suite does not range-check gets a 0-1 ``error``
  expectation (contract: fractions are 0-1, never percent); fraction text that is not a number
  is reported as such;
* every numeric column without an ``error`` upper bound in its suite gets one
  (:func:`redd_audit.quality.bounds.upper_bound`, chosen by the column's unit), so ``1e308``
  or ``inf`` is a range finding and never an overflow downstream.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from redd_audit.findings import Finding
from redd_audit.methodology.vintages import project_years
from redd_audit.project import Project
from redd_audit.quality.bounds import upper_bound
from redd_audit.quality.coverage import TableLike
from redd_audit.quality.formatting import format_value
from redd_audit.tables.schemas import ROW_COLUMN, SCHEMAS

REPO_ROOT = Path(__file__).resolve().parents[1]
#: Where the suites live (one GX suite JSON per table, plus the derived suites).
SUITES_DIR = REPO_ROOT / "expectations"

RULE_FRACTION = "contract: quantities named *_fraction are fractions between 0 and 1, never percent"
RULE_BOUND = "plausibility: a number beyond any physical or practical bound (overflow guard)"
BETWEEN = "expect_column_values_to_be_between"


def load_suite_specs(suites_dir: Path = SUITES_DIR) -> dict[str, dict[str, Any]]:
    """Read every ``*.json`` suite of ``suites_dir``, keyed by suite name."""
    specs: dict[str, dict[str, Any]] = {}
    for path in sorted(suites_dir.glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        specs[str(spec.get("name") or path.stem)] = spec
    return specs


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)


def _distinct(frame: pd.DataFrame, column: str) -> list[Any]:
    if column not in frame.columns:
        return []
    return sorted(str(v) for v in frame[column].dropna().unique())


def suite_parameters(
    project: Project,
    period_start: dt.date,
    period_end: dt.date,
    tables: Mapping[str, TableLike] | None = None,
) -> dict[str, Any]:
    """Run-time values of the suites' ``$PARAMETER`` placeholders.

    Dates are ``datetime`` objects (GX compares datetime64 columns with them; string bounds
    misbehave in GX 1.24).
    """
    tables = tables or {}
    crediting = project.crediting_period
    years = project_years(project.accounting)
    inventory = project.inventory
    plots = tables.get("inventory_plots")
    samples = tables.get("accuracy_samples")
    return {
        "stratum_ids": list(project.stratum_ids),
        "fire_stratum_ids": [s.id for s in project.strata if s.fire is not None],
        "crediting_start": _midnight(crediting.start),
        "crediting_end": _midnight(crediting.end),
        # vintage and year columns hold project-year labels (contract 8.2)
        "crediting_start_year": years.label_of(crediting.start),
        "crediting_end_year": years.label_of(crediting.end),
        "period_start": _midnight(period_start),
        "period_end": _midnight(period_end),
        "period_years": list(range(years.label_of(period_start), years.label_of(period_end) + 1)),
        "measured_from": _midnight(inventory.measured_from or dt.date(1900, 1, 1)),
        "measured_to": _midnight(inventory.measured_to or period_end),
        "plot_ids": _distinct(plots.frame, "plot_id") if plots is not None else [],
        "map_classes": _distinct(samples.frame, "map_class") if samples is not None else [],
        "min_samples_per_class": project.map_accuracy.min_samples_per_class,
        "min_overall_accuracy_fraction": project.map_accuracy.min_overall_accuracy_fraction,
        "map_accuracy_severity": project.map_accuracy.severity,
    }


def runtime_spec(spec: Mapping[str, Any], available: Iterable[str]) -> dict[str, Any]:
    """A copy of the suite without the expectations whose ``requires_table`` is absent."""
    present = set(available)
    out = copy.deepcopy(dict(spec))
    out["expectations"] = [
        e
        for e in out.get("expectations", [])
        if not e.get("meta", {}).get("requires_table") or e["meta"]["requires_table"] in present
    ]
    return out


def record_label(frame: pd.DataFrame, id_columns: Sequence[str], pos: int) -> str | None:
    """``event_id=E-1`` (or ``plot_id=P-1, tree_id=T-1``) of the row at position ``pos``."""
    parts = [f"{c}={format_value(frame[c].iat[pos])}" for c in id_columns if c in frame.columns]
    return ", ".join(parts) or None


def _row_number(frame: pd.DataFrame, pos: int) -> int | None:
    """The spreadsheet row of the record at position ``pos`` (None without ``_row``)."""
    if ROW_COLUMN not in frame.columns:
        return None
    return int(frame[ROW_COLUMN].to_numpy()[pos])


def _bounded(spec: Mapping[str, Any], key: str) -> set[str]:
    """Columns that an ``error`` between-expectation of ``spec`` bounds by ``key``."""
    return {
        str(e["kwargs"].get("column"))
        for e in spec["expectations"]
        if e["type"] == BETWEEN
        and e.get("meta", {}).get("severity", "error") == "error"
        and e["kwargs"].get(key) is not None
    }


def add_fraction_checks(
    name: str,
    table: TableLike,
    frame: pd.DataFrame,
    spec: dict[str, Any],
    findings: list[Finding],
    cap: int,
) -> pd.DataFrame:
    """Range-check every ``*_fraction`` column 0–1 that the suite does not check already.

    Fraction text that is not a number is a finding (at most ``cap`` rows) and the column is
    validated as numbers. Returns the frame to validate.
    """
    checked = {
        e["kwargs"].get("column")
        for e in spec["expectations"]
        if e["type"] == BETWEEN and e.get("meta", {}).get("severity") == "error"
    }
    id_columns = (
        [c for c in SCHEMAS[name].id_columns if c in frame.columns] if name in SCHEMAS else []
    )
    for column in [c for c in frame.columns if str(c).endswith("_fraction") and c not in checked]:
        series = frame[column]
        if not pd.api.types.is_numeric_dtype(series):
            parsed = pd.to_numeric(series.astype("string").str.strip(), errors="coerce")
            numeric = parsed.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
            bad = np.flatnonzero(series.notna().to_numpy() & np.isnan(numeric))
            for pos in bad[:cap]:
                findings.append(
                    Finding(
                        severity="error",
                        file=table.file,
                        row=_row_number(frame, int(pos)),
                        record=record_label(frame, id_columns, int(pos)),
                        column=str(column),
                        value=format_value(series.iat[pos]),
                        expectation=BETWEEN,
                        rule=RULE_FRACTION,
                        message=f"'{column}' is not a number (write a fraction 0-1, e.g. 0.15)",
                    )
                )
            frame = frame.assign(**{column: numeric})
        spec["expectations"].append(
            {
                "type": BETWEEN,
                "kwargs": {"column": column, "min_value": 0, "max_value": 1},
                "meta": {
                    "severity": "error",
                    "rule": RULE_FRACTION,
                    "description": f"'{column}' must be a fraction between 0 and 1",
                    "added_at_run_time": True,
                },
            }
        )
    return frame


def add_bound_checks(frame: pd.DataFrame, spec: dict[str, Any]) -> None:
    """Give every numeric column without an ``error`` upper bound one (module docstring)."""
    bounded = _bounded(spec, "max_value")
    for column in frame.columns:
        name = str(column)
        if name == ROW_COLUMN or name in bounded:
            continue
        series = frame[column]
        if pd.api.types.is_bool_dtype(series) or not pd.api.types.is_numeric_dtype(series):
            continue
        bound = upper_bound(name)
        spec["expectations"].append(
            {
                "type": BETWEEN,
                "kwargs": {"column": name, "min_value": -bound, "max_value": bound},
                "meta": {
                    "severity": "error",
                    "rule": RULE_BOUND,
                    "description": (
                        f"'{name}' must be a finite number within ±{format_value(bound)}"
                    ),
                    "added_at_run_time": True,
                },
            }
        )
