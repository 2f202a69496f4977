"""Data-quality gate: run the Great Expectations suites of ``expectations/`` on the loaded tables.

What runs
---------
* One GX 1.x suite per input table (``expectations/<table>.json``), plus suites on derived
  frames: ``deforestation_annual`` (project-area deforestation per stratum and calendar year,
  beside the stratum's forest area) and ``accuracy_classes`` (one row per map class, with the
  area-weighted overall accuracy of Olofsson et al. 2014).
* Derived columns added before validation (GX's ``UnexpectedRowsExpectation`` is SQL-only):
  ``inventory_trees.height_limit_m`` (= 1.5 * dbh_cm + 5, the height/diameter plausibility
  bound) and ``inventory_plots.tree_count`` (trees per plot).
* Any ``*_fraction`` column of an input table that its suite does not already range-check gets a
  0–1 error expectation at run time (contract: fractions are 0–1, never percent).
* Checks done in pandas and reported like the others: baseline coverage of every year of the
  monitoring period (``expect_baseline_to_cover_period``), trees given without plots, required
  tables missing, ``*_fraction`` text that is not a number.

Suite conventions
-----------------
Every expectation carries ``meta.severity`` (``error`` blocks the run, ``warning`` is reported)
and ``meta.rule`` (the methodology requirement it protects); ``meta.description`` is the finding's
message. Optional meta keys read here: ``requires_table`` (drop the expectation when that table
is absent), ``finding_column`` / ``value_columns`` (what a finding shows as column and value),
``severity_parameter`` (take the severity from a run-time parameter) and ``record`` (record label
of a table-level finding). Values that depend on the project or the period are GX suite
parameters (``{"$PARAMETER": "stratum_ids"}``), supplied to ``Batch.validate(...,
expectation_parameters=...)``; see :func:`suite_parameters` for the full list.

Speed and the row cap (measured on 2 cores, 1,000,000 deforestation events, 22 expectations)
------------------------------------------------------------------------------------------------
GX builds ``unexpected_index_list`` (and, in SUMMARY, the *partial* index list as well) with one
``DataFrame.at`` lookup per failing row and index column: with 1 % bad rows COMPLETE costs ~1 s,
but when a whole column fails (1,000,000 unexpected rows) the same validation takes ~60 s, even
in SUMMARY, once ``unexpected_index_column_names`` is set. So each suite is validated in two
passes on one batch:

1. SUMMARY without index columns and ``partial_unexpected_count = ROW_FINDINGS_CAP`` (1,000):
   GX then returns the first 1,000 failing *positions* cheaply whatever the failure count.
2. The failing row-level expectations with at most ``ROW_FINDINGS_CAP`` unexpected rows are
   validated again in COMPLETE with ``unexpected_index_column_names = [<id columns>, "_row"]``
   and their results replace the SUMMARY ones (so Data Docs show record ids and rows for them).

Findings are built from the frame at the reported positions, so both passes give the same
findings: one per failing row, at most ``ROW_FINDINGS_CAP`` per expectation, plus one summary
finding "... and N more rows" (row ``None``) when an expectation fails on more rows.

This module imports neither Prefect nor (at import time) Great Expectations: ``import
great_expectations`` costs ~3.5 s and happens inside the functions that need it.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import pandas as pd

from redd_audit import progress
from redd_audit.findings import Finding, Severity, sort_findings
from redd_audit.project import Project
from redd_audit.tables.schemas import ROW_COLUMN, SCHEMAS

REPO_ROOT = Path(__file__).resolve().parents[1]
#: Where the suites live (one GX suite JSON per table, plus the derived suites).
SUITES_DIR = REPO_ROOT / "expectations"
#: At most this many row findings per expectation; the rest is summarised in one finding.
ROW_FINDINGS_CAP = 1000
#: ``partial_unexpected_count`` of the COMPLETE pass (what Data Docs show as samples).
PARTIAL_UNEXPECTED_COUNT = 20
#: Name of the Data Docs site added to the ephemeral context.
DOCS_SITE = "redd_audit"

#: Derived suites: suite name -> the input table its findings point at.
DERIVED_FROM = {
    "deforestation_annual": "deforestation_events",
    "accuracy_classes": "accuracy_samples",
}
DERIVED_ID_COLUMNS = {
    "deforestation_annual": ("stratum_id", "year"),
    "accuracy_classes": ("map_class",),
}
REQUIRED_TABLES = tuple(name for name, schema in SCHEMAS.items() if not schema.optional)

RULE_BASELINE_COVERAGE = (
    "VM0007 BL-UP: validated ex-ante baseline for every year of the monitoring period"
)
RULE_INVENTORY = "VM0007 CP-AB (VMD0001): tree biomass from the plot inventory (Chave et al. 2014)"
RULE_FRACTION = "contract: quantities named *_fraction are fractions between 0 and 1, never percent"
RULE_TABLES = "contract 2.2: required tables of the project folder"

_ROW_LEVEL_KEY = "unexpected_count"


class LoadedTableLike(Protocol):
    """What :func:`check_tables` needs of a table (``redd_audit.tables.read.LoadedTable``)."""

    @property
    def name(self) -> str: ...

    @property
    def file(self) -> str: ...

    @property
    def frame(self) -> pd.DataFrame: ...


@dataclass
class QualityReport:
    """Outcome of the data-quality gate."""

    #: Every failed check, sorted with :func:`redd_audit.findings.sort_findings`.
    findings: list[Finding]
    #: Per suite: ``{"suite", "file", "success", "statistics", "evaluated", "rows", "engine"}``;
    #: ``evaluated`` is the number of expectations evaluated, ``rows`` the rows validated.
    validations: list[dict[str, Any]]
    #: The GX ``ExpectationSuiteValidationResult`` objects (input to :func:`build_data_docs`).
    gx_results: list[Any]
    #: The suites as validated (JSON form, placeholders kept), for the Data Docs suite pages.
    suites: list[dict[str, Any]] = field(default_factory=list)
    #: Run name and time shown in Data Docs (derived from the project and period: reproducible).
    run_name: str = "redd-audit"
    run_time: dt.datetime = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")

    @property
    def passed(self) -> bool:
        """True when no error finding blocks the run."""
        return self.errors == 0


@dataclass
class _Job:
    """One suite to validate on one frame."""

    suite: str
    file: str
    frame: pd.DataFrame
    spec: dict[str, Any]
    id_columns: tuple[str, ...]
    #: Whether the frame's ``_row`` are spreadsheet rows (input tables) or synthetic (derived).
    rows_are_records: bool

    @cached_property
    def position_of_row(self) -> pd.Series:
        """Position in ``frame`` of each ``_row`` value (first occurrence)."""
        rows = self.frame[ROW_COLUMN].to_numpy()
        positions = pd.Series(np.arange(len(rows)), index=rows)
        return positions[~positions.index.duplicated()]


# --------------------------------------------------------------------------- suites and params


def load_suite_specs(suites_dir: Path = SUITES_DIR) -> dict[str, dict[str, Any]]:
    """Read every ``*.json`` suite of ``suites_dir``, keyed by suite name."""
    specs: dict[str, dict[str, Any]] = {}
    for path in sorted(suites_dir.glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        specs[str(spec.get("name") or path.stem)] = spec
    return specs


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day)


def suite_parameters(
    project: Project,
    period_start: dt.date,
    period_end: dt.date,
    tables: Mapping[str, LoadedTableLike] | None = None,
) -> dict[str, Any]:
    """Run-time values of the suites' ``$PARAMETER`` placeholders.

    Dates are ``datetime`` objects (GX compares datetime64 columns with them; string bounds
    misbehave in GX 1.24).
    """
    tables = tables or {}
    crediting = project.crediting_period
    inventory = project.inventory
    plots = tables.get("inventory_plots")
    samples = tables.get("accuracy_samples")
    return {
        "stratum_ids": list(project.stratum_ids),
        "fire_stratum_ids": [s.id for s in project.strata if s.fire is not None],
        "crediting_start": _midnight(crediting.start),
        "crediting_end": _midnight(crediting.end),
        "crediting_start_year": crediting.start.year,
        "crediting_end_year": crediting.end.year,
        "period_start": _midnight(period_start),
        "period_end": _midnight(period_end),
        "period_years": list(range(period_start.year, period_end.year + 1)),
        "measured_from": _midnight(inventory.measured_from or dt.date(1900, 1, 1)),
        "measured_to": _midnight(inventory.measured_to or period_end),
        "plot_ids": _distinct(plots.frame, "plot_id") if plots is not None else [],
        "map_classes": _distinct(samples.frame, "map_class") if samples is not None else [],
        "min_samples_per_class": project.map_accuracy.min_samples_per_class,
        "min_overall_accuracy_fraction": project.map_accuracy.min_overall_accuracy_fraction,
        "map_accuracy_severity": project.map_accuracy.severity,
    }


def _distinct(frame: pd.DataFrame, column: str) -> list[Any]:
    if column not in frame.columns:
        return []
    return sorted(str(v) for v in frame[column].dropna().unique())


# --------------------------------------------------------------------------- formatting


def _fmt(value: Any) -> str:
    """A value as a finding shows it: ``null`` for NaN/NA/NaT, ISO dates, plain numbers."""
    if isinstance(value, np.datetime64):
        value = pd.Timestamp(value)
    elif isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or value is pd.NaT:
        return "null"
    if isinstance(value, float):
        # shortest repr after rounding to 12 significant digits: 0.88, not 0.8799999999999999
        return "null" if math.isnan(value) else repr(float(f"{value:.12g}"))
    if isinstance(value, pd.Timestamp | dt.datetime):
        if (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return ", ".join(_fmt(v) for v in value)
    return str(value)


def _label(meta: Mapping[str, Any], kwargs: Mapping[str, Any]) -> str | None:
    if meta.get("finding_column"):
        return str(meta["finding_column"])
    if kwargs.get("column"):
        return str(kwargs["column"])
    if kwargs.get("column_A") and kwargs.get("column_B"):
        return f"{kwargs['column_A']},{kwargs['column_B']}"
    if kwargs.get("column_list"):
        return ",".join(str(c) for c in kwargs["column_list"])
    return None


def _value_columns(meta: Mapping[str, Any], kwargs: Mapping[str, Any]) -> list[str]:
    if meta.get("value_columns"):
        return [str(c) for c in meta["value_columns"]]
    if kwargs.get("column"):
        return [str(kwargs["column"])]
    if kwargs.get("column_A") and kwargs.get("column_B"):
        return [str(kwargs["column_A"]), str(kwargs["column_B"])]
    if kwargs.get("column_list"):
        return [str(c) for c in kwargs["column_list"]]
    return []


def _exception_messages(info: Any) -> list[str]:
    """Exception messages of a GX result's ``exception_info`` (flat or keyed by metric)."""
    if not isinstance(info, Mapping):
        return []
    if "raised_exception" in info:
        if info.get("raised_exception"):
            return [str(info.get("exception_message") or "unknown error")]
        return []
    messages: list[str] = []
    for nested in info.values():
        for message in _exception_messages(nested):
            if message not in messages:
                messages.append(message)
    return messages


# --------------------------------------------------------------------------- frames


def _gx_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame GX sees: positional RangeIndex (so GX's indices are positions) and a _row."""
    index = frame.index
    if not (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1):
        frame = frame.reset_index(drop=True)
    if ROW_COLUMN not in frame.columns:
        frame = frame.assign(**{ROW_COLUMN: np.arange(2, len(frame) + 2, dtype="int64")})
    return frame


def _add_fraction_checks(
    name: str,
    table: LoadedTableLike,
    frame: pd.DataFrame,
    spec: dict[str, Any],
    findings: list[Finding],
) -> pd.DataFrame:
    """Range-check every ``*_fraction`` column 0–1 that the suite does not check already."""
    checked = {
        e["kwargs"].get("column")
        for e in spec["expectations"]
        if e["type"] == "expect_column_values_to_be_between"
        and e.get("meta", {}).get("severity") == "error"
    }
    id_columns = (
        [c for c in SCHEMAS[name].id_columns if c in frame.columns] if name in SCHEMAS else []
    )
    for column in [c for c in frame.columns if str(c).endswith("_fraction") and c not in checked]:
        series = frame[column]
        if not pd.api.types.is_numeric_dtype(series):
            numeric = pd.to_numeric(series.astype("string").str.strip(), errors="coerce")
            numeric = numeric.astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
            bad = np.flatnonzero(series.notna().to_numpy() & np.isnan(numeric))
            for pos in bad[:ROW_FINDINGS_CAP]:
                findings.append(
                    Finding(
                        severity="error",
                        file=table.file,
                        row=int(frame[ROW_COLUMN].iat[pos]) if ROW_COLUMN in frame else None,
                        record=_record(frame, id_columns, int(pos)),
                        column=str(column),
                        value=_fmt(series.iat[pos]),
                        expectation="expect_column_values_to_be_between",
                        rule=RULE_FRACTION,
                        message=f"'{column}' is not a number (write a fraction 0-1, e.g. 0.15)",
                    )
                )
            frame = frame.assign(**{column: numeric})
        spec["expectations"].append(
            {
                "type": "expect_column_values_to_be_between",
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


def _record(frame: pd.DataFrame, id_columns: Sequence[str], pos: int) -> str | None:
    parts = [f"{c}={_fmt(frame[c].iat[pos])}" for c in id_columns if c in frame.columns]
    return ", ".join(parts) or None


def deforestation_annual(events: pd.DataFrame, project: Project) -> pd.DataFrame:
    """Project-area deforestation per stratum and calendar year of ``detected_on``.

    Columns: ``stratum_id, year, area_ha, forest_area_ha, share_fraction`` (forest area from
    ``project.yaml`` ``strata[].area_ha``). Events with an unknown stratum, no date or no area are
    left out (their own suite reports them).
    """
    columns = ["stratum_id", "year", "area_ha", "forest_area_ha", "share_fraction"]
    needed = {"zone", "stratum_id", "detected_on", "area_ha"}
    if not needed <= set(events.columns):
        return pd.DataFrame({c: [] for c in columns})
    forest = {s.id: float(s.area_ha) for s in project.strata}
    stratum = events["stratum_id"].astype("string")
    dates = pd.to_datetime(events["detected_on"], errors="coerce")
    area = pd.to_numeric(events["area_ha"], errors="coerce")
    zone = events["zone"].astype("string")
    mask = (
        (zone == "project_area").fillna(False)
        & stratum.isin(list(forest)).fillna(False)
        & dates.notna()
        & area.notna()
    ).to_numpy(dtype=bool)
    grouped = (
        pd.DataFrame(
            {
                "stratum_id": stratum[mask].astype(object),
                "year": dates[mask].dt.year.astype("int64"),
                "area_ha": area[mask].astype("float64"),
            }
        )
        .groupby(["stratum_id", "year"], sort=True, as_index=False)["area_ha"]
        .sum()
    )
    grouped["stratum_id"] = grouped["stratum_id"].astype("string")
    grouped["forest_area_ha"] = grouped["stratum_id"].map(forest).astype("float64")
    grouped["share_fraction"] = grouped["area_ha"] / grouped["forest_area_ha"]
    return grouped[columns].reset_index(drop=True)


def accuracy_classes(samples: pd.DataFrame) -> pd.DataFrame:
    """One row per map class: samples, correct samples, class weight, user's accuracy.

    ``overall_accuracy_fraction`` (the same on every row) is the area-weighted overall accuracy
    of Olofsson et al. (2014): ``sum_i W_i * n_ii / n_i.``, with ``W_i`` the class's
    ``stratum_weight`` (mean over its samples), divided by ``sum_i W_i`` (a no-op when the
    weights sum to 1; when they do not, that is its own error finding and the accuracy is not
    distorted by it). Rounded to 12 decimals so a threshold of 0.9 is met by 0.9.
    """
    columns = [
        "map_class",
        "samples",
        "correct",
        "stratum_weight",
        "stratum_weight_min",
        "stratum_weight_max",
        "stratum_weight_spread",
        "user_accuracy_fraction",
        "overall_accuracy_fraction",
    ]
    if not {"map_class", "reference_class", "stratum_weight"} <= set(samples.columns):
        return pd.DataFrame({c: [] for c in columns})
    map_class = samples["map_class"].astype("string")
    keep = map_class.notna().to_numpy(dtype=bool)
    ref = samples["reference_class"].astype("string")
    frame = pd.DataFrame(
        {
            "map_class": map_class[keep].astype(object),
            "correct": (ref[keep] == map_class[keep]).fillna(False).astype("int64"),
            "weight": pd.to_numeric(samples["stratum_weight"][keep], errors="coerce").astype(
                "float64"
            ),
        }
    )
    grouped = frame.groupby("map_class", sort=True)
    out = pd.DataFrame(
        {
            "samples": grouped.size().astype("int64"),
            "correct": grouped["correct"].sum().astype("int64"),
            "stratum_weight": grouped["weight"].mean(),
            "stratum_weight_min": grouped["weight"].min(),
            "stratum_weight_max": grouped["weight"].max(),
        }
    ).reset_index()
    out["map_class"] = out["map_class"].astype("string")
    out["stratum_weight_spread"] = out["stratum_weight_max"] - out["stratum_weight_min"]
    out["user_accuracy_fraction"] = out["correct"] / out["samples"]
    weighted = (out["stratum_weight"] * out["user_accuracy_fraction"]).sum(min_count=1)
    overall = float(weighted / out["stratum_weight"].sum(min_count=1))
    out["overall_accuracy_fraction"] = round(overall, 12) if math.isfinite(overall) else overall
    return out[columns]


def tree_counts(plots: pd.DataFrame, trees: pd.DataFrame) -> pd.Series:
    """Number of trees of each plot (aligned with ``plots``)."""
    if "plot_id" not in plots.columns or "plot_id" not in trees.columns:
        return pd.Series(np.zeros(len(plots), dtype="int64"), index=plots.index)
    counts = trees["plot_id"].astype("string").value_counts()
    mapped = plots["plot_id"].astype("string").map(counts)
    return mapped.fillna(0).astype("int64")


def baseline_coverage(
    baseline: LoadedTableLike, period_start: dt.date, period_end: dt.date
) -> tuple[list[Finding], int]:
    """Every (zone, stratum_id) of the baseline must cover every year of the monitoring period,
    and the project area must appear. Returns the findings and the number of checks made."""
    frame = baseline.frame
    if not {"zone", "stratum_id", "year"} <= set(frame.columns):
        return [], 0
    valid = frame.dropna(subset=["zone", "stratum_id", "year"])
    present = {
        (str(z), str(s), int(y))
        for z, s, y in zip(valid["zone"], valid["stratum_id"], valid["year"], strict=True)
    }
    pairs = sorted({(z, s) for z, s, _ in present})
    years = range(period_start.year, period_end.year + 1)
    findings = [
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


# --------------------------------------------------------------------------- GX validation


def _context() -> Any:
    import great_expectations as gx
    from great_expectations.data_context.types.base import ProgressBarsConfig

    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    return context


def _runtime_spec(spec: Mapping[str, Any], available: Iterable[str]) -> dict[str, Any]:
    """A copy of the suite without the expectations whose ``requires_table`` is absent."""
    available = set(available)
    out = copy.deepcopy(dict(spec))
    out["expectations"] = [
        e
        for e in out.get("expectations", [])
        if not e.get("meta", {}).get("requires_table") or e["meta"]["requires_table"] in available
    ]
    return out


def _validate(datasource: Any, context: Any, job: _Job, params: dict[str, Any]) -> Any:
    """Validate one suite in the two passes described in the module docstring."""
    import great_expectations as gx

    suite = context.suites.add(gx.ExpectationSuite(**copy.deepcopy(job.spec)))
    batch = (
        datasource.add_dataframe_asset(job.suite)
        .add_batch_definition_whole_dataframe("all")
        .get_batch(batch_parameters={"dataframe": job.frame})
    )
    result = batch.validate(
        suite,
        result_format={"result_format": "SUMMARY", "partial_unexpected_count": ROW_FINDINGS_CAP},
        expectation_parameters=params,
    )
    by_id = {e.id: e for e in suite.expectations}
    again = [
        r.expectation_config.id
        for r in result.results
        if not r.success
        and not _exception_messages(r.exception_info)
        and 0 < int((r.result or {}).get(_ROW_LEVEL_KEY) or 0) <= ROW_FINDINGS_CAP
    ]
    if again:
        index_columns = [c for c in job.id_columns if c in job.frame.columns]
        sub = gx.ExpectationSuite(
            name=f"{job.suite}__complete",
            expectations=[by_id[i].configuration.to_json_dict() for i in again],
        )
        complete = batch.validate(
            sub,
            result_format={
                "result_format": "COMPLETE",
                "unexpected_index_column_names": [*index_columns, ROW_COLUMN],
                "partial_unexpected_count": PARTIAL_UNEXPECTED_COUNT,
            },
            expectation_parameters=params,
        )
        replacement = {r.expectation_config.id: r for r in complete.results}
        result.results = [replacement.get(r.expectation_config.id, r) for r in result.results]
    return result


def _positions(job: _Job, result: Mapping[str, Any]) -> list[int]:
    """Positions (in ``job.frame``) of the failing rows a result reports."""
    items = result.get("unexpected_index_list")
    if items is None:
        items = result.get("partial_unexpected_index_list") or []
    items = list(items)[:ROW_FINDINGS_CAP]
    if not items:
        return []
    if isinstance(items[0], Mapping):  # COMPLETE pass: dicts of id columns and _row
        lookup = job.position_of_row
        wanted = [item.get(ROW_COLUMN) for item in items]
        return [int(lookup[w]) for w in wanted if w in lookup.index]
    return [int(i) for i in items]  # SUMMARY pass: positions (the GX frame has a RangeIndex)


def _findings_of(job: _Job, suite_result: Any, params: Mapping[str, Any]) -> list[Finding]:
    findings: list[Finding] = []
    frame = job.frame
    for r in suite_result.results:
        config = r.expectation_config
        meta: dict[str, Any] = dict(config.meta or {})
        kwargs: dict[str, Any] = dict(config.kwargs or {})
        severity: Severity = "error" if meta.get("severity", "error") == "error" else "warning"
        if meta.get("severity_parameter") in params:
            severity = "warning" if params[meta["severity_parameter"]] == "warning" else "error"
        rule = str(meta.get("rule", ""))
        column = _label(meta, kwargs)
        description = str(meta.get("description") or f"{config.type} failed")
        errors = _exception_messages(r.exception_info)
        if errors:
            findings.append(
                Finding(
                    severity="error",
                    file=job.file,
                    row=None,
                    record=None,
                    column=column,
                    value=None,
                    expectation=config.type,
                    rule=rule,
                    message=(
                        f"the expectation could not be evaluated ({description}): "
                        + "; ".join(errors)
                    ),
                )
            )
            continue
        if r.success:
            continue
        result = r.result or {}
        if _ROW_LEVEL_KEY not in result:
            observed = result.get("observed_value")
            findings.append(
                Finding(
                    severity=severity,
                    file=job.file,
                    row=None,
                    record=meta.get("record"),
                    column=column,
                    value=None if observed is None else _fmt(observed),
                    expectation=config.type,
                    rule=rule,
                    message=description,
                )
            )
            continue
        count = int(result.get(_ROW_LEVEL_KEY) or 0)
        positions = _positions(job, result)
        values = [c for c in _value_columns(meta, kwargs) if c in frame.columns]
        single = len(values) == 1 and not meta.get("value_columns")
        arrays = {c: frame[c].to_numpy() for c in {*values, *job.id_columns} if c in frame}
        rows = frame[ROW_COLUMN].to_numpy()
        ids = [c for c in job.id_columns if c in arrays]
        for pos in positions:
            if single:
                value = _fmt(arrays[values[0]][pos])
            else:
                value = ", ".join(f"{c}={_fmt(arrays[c][pos])}" for c in values)
            findings.append(
                Finding(
                    severity=severity,
                    file=job.file,
                    row=int(rows[pos]) if job.rows_are_records else None,
                    record=", ".join(f"{c}={_fmt(arrays[c][pos])}" for c in ids) or None,
                    column=column,
                    value=value,
                    expectation=config.type,
                    rule=rule,
                    message=description,
                )
            )
        if count > len(positions):
            more = count - len(positions)
            findings.append(
                Finding(
                    severity=severity,
                    file=job.file,
                    row=None,
                    record=None,
                    column=column,
                    value=f"{more} more rows",
                    expectation=config.type,
                    rule=rule,
                    message=(
                        f"{description} ... and {more} more rows "
                        f"({count} in all; only the first {len(positions)} are listed)"
                    ),
                )
            )
    return findings


# --------------------------------------------------------------------------- entry points


def check_tables(
    tables: Mapping[str, LoadedTableLike],
    project: Project,
    period_start: dt.date,
    period_end: dt.date,
    suites_dir: Path = SUITES_DIR,
) -> QualityReport:
    """Validate the loaded tables (keyed by table name) against the suites of ``suites_dir``.

    Tables without a suite are ignored. Returns every finding (errors block the run).
    """
    specs = load_suite_specs(suites_dir)
    params = suite_parameters(project, period_start, period_end, tables)
    findings: list[Finding] = []
    validations: list[dict[str, Any]] = []
    jobs: list[_Job] = []
    present = set(tables)

    for name in REQUIRED_TABLES:
        if name not in tables:
            findings.append(
                Finding(
                    severity="error",
                    file=name,
                    row=None,
                    record=None,
                    column=None,
                    value=None,
                    expectation="expect_table_to_exist",
                    rule=RULE_TABLES,
                    message=f"required table {name} is missing",
                )
            )

    for name in sorted(tables):
        table = tables[name]
        spec = specs.get(name)
        if spec is None or name in DERIVED_FROM:
            continue
        spec = _runtime_spec(spec, present)
        frame = _gx_frame(table.frame)
        if name == "inventory_trees":
            if {"dbh_cm", "height_m"} <= set(frame.columns):
                limit = 1.5 * pd.to_numeric(frame["dbh_cm"], errors="coerce") + 5.0
                frame = frame.assign(height_limit_m=limit.astype("float64"))
            if "inventory_plots" not in tables:
                findings.append(
                    Finding(
                        severity="error",
                        file=table.file,
                        row=None,
                        record=None,
                        column="plot_id",
                        value=None,
                        expectation="expect_column_values_to_be_in_set",
                        rule=RULE_INVENTORY,
                        message="inventory_trees is given without inventory_plots: the trees' "
                        "plots (stratum, area) are unknown",
                    )
                )
        if name == "inventory_plots" and "inventory_trees" in tables:
            frame = frame.assign(tree_count=tree_counts(frame, tables["inventory_trees"].frame))
        frame = _add_fraction_checks(name, table, frame, spec, findings)
        schema = SCHEMAS.get(name)
        jobs.append(_Job(name, table.file, frame, spec, schema.id_columns if schema else (), True))

    derived = {
        "deforestation_annual": lambda frame: deforestation_annual(frame, project),
        "accuracy_classes": accuracy_classes,
    }
    for suite_name, build in derived.items():
        source = tables.get(DERIVED_FROM[suite_name])
        if source is None or suite_name not in specs:
            continue
        frame = build(source.frame)
        if suite_name == "accuracy_classes" and not len(frame):
            continue  # no usable samples: accuracy_samples' own suite reports why
        spec = _runtime_spec(specs[suite_name], present)
        ids = DERIVED_ID_COLUMNS[suite_name]
        jobs.append(_Job(suite_name, source.file, _gx_frame(frame), spec, ids, False))

    baseline = tables.get("baseline_exante")
    if baseline is not None:
        coverage, checks = baseline_coverage(baseline, period_start, period_end)
        findings.extend(coverage)
        validations.append(
            {
                "suite": "baseline_coverage",
                "file": baseline.file,
                "success": not coverage,
                "statistics": {
                    "evaluated_expectations": checks,
                    "successful_expectations": checks - len(coverage),
                    "unsuccessful_expectations": len(coverage),
                },
                "evaluated": checks,
                "rows": len(baseline.frame),
                "engine": "pandas",
            }
        )

    gx_results: list[Any] = []
    if jobs:
        context = _context()
        datasource = context.data_sources.add_pandas("redd_audit")
        for index, job in enumerate(jobs):
            progress.report("check", index / len(jobs), job.suite)
            result = _validate(datasource, context, job, params)
            gx_results.append(result)
            findings.extend(_findings_of(job, result, params))
            statistics = {k: _plain(v) for k, v in dict(result.statistics).items()}
            validations.append(
                {
                    "suite": job.suite,
                    "file": job.file,
                    "success": bool(result.success),
                    "statistics": statistics,
                    "evaluated": int(statistics.get("evaluated_expectations", 0)),
                    "rows": len(job.frame),
                    "engine": "great_expectations",
                }
            )

    return QualityReport(
        findings=sort_findings(findings),
        validations=validations,
        gx_results=gx_results,
        suites=[job.spec for job in jobs],
        run_name=f"{project.id}_{period_start.isoformat()}_{period_end.isoformat()}",
        run_time=dt.datetime.combine(period_end, dt.time(), tzinfo=dt.UTC),
    )


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def build_data_docs(report: QualityReport, out_dir: Path) -> Path:
    """Build the GX Data Docs site of ``report`` into ``out_dir``; returns its ``index.html``.

    Uses a fresh ephemeral context: the report's suites go into its suite store and its
    validation results into its validation-results store under a run id derived from the
    project and period (so paths repeat between runs), then GX's SiteBuilder renders them.
    Nothing is fetched at build time; the pages reference CSS/JS on CDNs, so offline viewers
    see them unstyled but complete.
    """
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    context = _context()
    context.add_data_docs_site(
        site_name=DOCS_SITE,
        site_config={
            "class_name": "SiteBuilder",
            "store_backend": {
                "class_name": "TupleFilesystemStoreBackend",
                "base_directory": str(out_dir.resolve()),
            },
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        },
    )
    for spec in report.suites:
        context.suites.add(gx.ExpectationSuite(**copy.deepcopy(spec)))
    run_id = RunIdentifier(run_name=report.run_name, run_time=report.run_time)
    for result in report.gx_results:
        result.meta["run_id"] = run_id
        markers = result.meta.get("batch_markers")
        if isinstance(markers, dict) and "ge_load_time" in markers:  # wall clock: pin it
            markers["ge_load_time"] = report.run_time.strftime("%Y%m%dT%H%M%S.%fZ")
        key = ValidationResultIdentifier(
            expectation_suite_identifier=ExpectationSuiteIdentifier(name=result.suite_name),
            run_id=run_id,
            batch_identifier=result.suite_name,
        )
        context.validation_results_store.store_validation_results(result, key)
    context.build_data_docs(site_names=[DOCS_SITE])
    return out_dir / "index.html"
