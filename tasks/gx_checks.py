"""Data-quality gate: run the Great Expectations suites of ``expectations/`` on the loaded tables.

What runs
---------
* One GX 1.x suite per collected table (``expectations/<table>.json``; any table with a suite
  file, so suites added for new tables run without code changes), plus suites on derived
  frames built in the core (:mod:`redd_audit.quality.derived`): ``deforestation_annual``
  (project-area deforestation per stratum and calendar year beside the stratum's forest area)
  and ``accuracy_classes`` (one row per map class, with the area-weighted overall accuracy).
* Derived columns added before validation: ``inventory_trees.height_limit_m`` and
  ``inventory_plots.tree_count``.
* Run-time expectations (:mod:`tasks.gx_suites`): 0–1 for ``*_fraction`` columns and an upper
  bound for every numeric column a suite does not bound.
* Checks done in pandas in the core and reported like the others: physically impossible
  project settings and out-of-range numbers of project.yaml, an ex-ante baseline clearing more
  than a stratum holds (:mod:`redd_audit.quality.plausibility`), baseline coverage of the
  monitoring period (:mod:`redd_audit.quality.coverage`), trees without plots, required tables
  missing.

Speed, the two validation passes and the row cap: :mod:`tasks.gx_validate`. Findings from GX
results: :mod:`tasks.gx_findings`. Data Docs: :mod:`tasks.gx_docs`.

This module imports neither Prefect nor (at import time) Great Expectations.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from redd_audit import progress
from redd_audit.findings import Finding, sort_findings
from redd_audit.methodology.vintages import project_years
from redd_audit.project import Project
from redd_audit.quality.audd import audd_findings
from redd_audit.quality.coverage import RULE_BASELINE_COVERAGE, TableLike, baseline_coverage
from redd_audit.quality.derived import (
    accuracy_classes,
    deforestation_annual,
    height_limit_m,
    tree_counts,
)
from redd_audit.quality.plausibility import baseline_area_findings, project_findings
from redd_audit.tables.schemas import SCHEMAS
from tasks.gx_docs import DOCS_SITE, build_data_docs
from tasks.gx_findings import findings_of
from tasks.gx_suites import (
    SUITES_DIR,
    add_bound_checks,
    add_fraction_checks,
    load_suite_specs,
    runtime_spec,
    suite_parameters,
)
from tasks.gx_validate import Job, gx_context, gx_frame, validate

__all__ = [
    "DOCS_SITE",
    "ROW_FINDINGS_CAP",
    "RULE_BASELINE_COVERAGE",
    "SUITES_DIR",
    "QualityReport",
    "accuracy_classes",
    "baseline_coverage",
    "build_data_docs",
    "check_tables",
    "deforestation_annual",
    "load_suite_specs",
    "suite_parameters",
    "tree_counts",
]

#: At most this many row findings per expectation; the rest is summarised in one finding.
ROW_FINDINGS_CAP = 1000
#: Loaded tables are any objects with ``name``, ``file`` and ``frame``.
LoadedTableLike = TableLike

#: Derived suites: suite name -> the input table its findings point at, and its id columns.
DERIVED_FROM = {
    "deforestation_annual": "deforestation_events",
    "accuracy_classes": "accuracy_samples",
}
DERIVED_ID_COLUMNS = {
    "deforestation_annual": ("stratum_id", "year"),
    "accuracy_classes": ("map_class",),
}
REQUIRED_TABLES = tuple(name for name, schema in SCHEMAS.items() if not schema.optional)

RULE_INVENTORY = "VM0007 CP-AB (VMD0001): tree biomass from the plot inventory (Chave et al. 2014)"
RULE_TABLES = "contract 2.2: required tables of the project folder"


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


def _table_finding(
    file: str, column: str | None, expectation: str, rule: str, message: str
) -> Finding:
    return Finding(
        severity="error",
        file=file,
        row=None,
        record=None,
        column=column,
        value=None,
        expectation=expectation,
        rule=rule,
        message=message,
    )


def _table_jobs(
    tables: Mapping[str, TableLike],
    specs: Mapping[str, dict[str, Any]],
    findings: list[Finding],
) -> list[Job]:
    """One job per collected table with a suite (derived columns and run-time checks added)."""
    jobs = []
    for name in sorted(tables):
        table = tables[name]
        if name not in specs or name in DERIVED_FROM:
            continue
        spec = runtime_spec(specs[name], tables)
        frame = gx_frame(table.frame)
        frame = add_fraction_checks(name, table, frame, spec, findings, ROW_FINDINGS_CAP)
        add_bound_checks(frame, spec)
        if name == "inventory_trees":
            if {"dbh_cm", "height_m"} <= set(frame.columns):
                frame = frame.assign(height_limit_m=height_limit_m(frame))
            if "inventory_plots" not in tables:
                findings.append(
                    _table_finding(
                        table.file,
                        "plot_id",
                        "expect_column_values_to_be_in_set",
                        RULE_INVENTORY,
                        "inventory_trees is given without inventory_plots: the trees' "
                        "plots (stratum, area) are unknown",
                    )
                )
        if name == "baseline_emissions" and "stratum_id" in frame.columns:
            for expectation in spec["expectations"]:  # rows per stratum (contract 8.4)
                if expectation["type"] == "expect_compound_columns_to_be_unique":
                    expectation["kwargs"]["column_list"] = ["zone", "vintage", "stratum_id"]
        if name == "inventory_plots" and "inventory_trees" in tables:
            frame = frame.assign(tree_count=tree_counts(frame, tables["inventory_trees"].frame))
        schema = SCHEMAS.get(name)
        jobs.append(Job(name, table.file, frame, spec, schema.id_columns if schema else (), True))
    return jobs


def _derived_jobs(
    tables: Mapping[str, TableLike], specs: Mapping[str, dict[str, Any]], project: Project
) -> list[Job]:
    jobs = []
    builders = {
        "deforestation_annual": lambda frame: deforestation_annual(frame, project),
        "accuracy_classes": accuracy_classes,
    }
    for suite_name, build in builders.items():
        source = tables.get(DERIVED_FROM[suite_name])
        if source is None or suite_name not in specs:
            continue
        frame = build(source.frame)
        if suite_name == "accuracy_classes" and not len(frame):
            continue  # no usable samples: accuracy_samples' own suite reports why
        spec = runtime_spec(specs[suite_name], tables)
        ids = DERIVED_ID_COLUMNS[suite_name]
        jobs.append(Job(suite_name, source.file, gx_frame(frame), spec, ids, False))
    return jobs


def _pandas_validation(suite: str, file: str, found: int, checks: int, rows: int) -> dict[str, Any]:
    return {
        "suite": suite,
        "file": file,
        "success": not found,
        "statistics": {
            "evaluated_expectations": checks,
            "successful_expectations": checks - found,
            "unsuccessful_expectations": found,
        },
        "evaluated": checks,
        "rows": rows,
        "engine": "pandas",
    }


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def check_tables(
    tables: Mapping[str, TableLike],
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
    findings: list[Finding] = project_findings(project)
    validations: list[dict[str, Any]] = []
    fixed = project.accounting.baseline.source == "fixed_table"
    for name in REQUIRED_TABLES:
        if name == "baseline_exante" and fixed:
            continue  # shown, not used, under a baseline fixed from the PD (contract 8.4)
        if name not in tables:
            message = f"required table {name} is missing"
            exists = "expect_table_to_exist"
            findings.append(_table_finding(name, None, exists, RULE_TABLES, message))

    jobs = _table_jobs(tables, specs, findings) + _derived_jobs(tables, specs, project)

    findings.extend(audd_findings(project, tables, period_start, period_end))
    baseline = tables.get("baseline_exante")
    if baseline is not None:
        crediting_end = project.crediting_period.end
        years = project_years(project.accounting)
        coverage, checks = baseline_coverage(
            baseline, period_start, period_end, crediting_end, years
        )
        if project.accounting.baseline.source == "fixed_table":
            coverage = []  # baseline_exante is shown, not used (contract 8.4)
        findings.extend(coverage)
        rows = len(baseline.frame)
        validations.append(
            _pandas_validation("baseline_coverage", baseline.file, len(coverage), checks, rows)
        )
        cleared = baseline_area_findings(project, baseline.frame, baseline.file)
        findings.extend(cleared)
        validations.append(
            _pandas_validation(
                "baseline_area", baseline.file, len(cleared), len(project.strata) * 2, rows
            )
        )

    gx_results: list[Any] = []
    if jobs:
        context = gx_context()
        datasource = context.data_sources.add_pandas("redd_audit")
        for index, job in enumerate(jobs):
            progress.report("check", index / len(jobs), job.suite)
            result = validate(datasource, context, job, params, ROW_FINDINGS_CAP)
            gx_results.append(result)
            findings.extend(findings_of(job, result, params, ROW_FINDINGS_CAP))
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
