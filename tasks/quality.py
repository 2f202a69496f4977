"""Check: the Great Expectations data-quality gate, and the row ledger (nothing lost)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from prefect import task

from redd_audit import progress
from redd_audit.cycle.cumulative import issuance_findings
from redd_audit.findings import Finding, sort_findings
from redd_audit.ledger import FileLedger, build_ledger
from redd_audit.methodology.accuracy import change_class_bias_finding, change_class_of
from redd_audit.tables.schemas import ROW_COLUMN
from tasks.cache_keys import check_cache_key
from tasks.collect import Collected
from tasks.progress_artifact import with_progress_artifact

if TYPE_CHECKING:
    from tasks.gx_checks import QualityReport


@dataclass
class QualityOutcome:
    """The gate's findings and row ledger, with the GX report kept for the Data Docs."""

    report: QualityReport
    ledger: list[FileLedger]

    @property
    def findings(self) -> list[Finding]:
        return self.report.findings

    @property
    def validations(self) -> list[dict[str, Any]]:
        return self.report.validations

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity == "warning")


def check(collected: Collected, start: dt.date, end: dt.date) -> QualityOutcome:
    """Run every suite in ``expectations/`` and classify every row."""
    from tasks.gx_checks import check_tables  # GX is slow to import: only when checking

    progress.report("check", 0.0, "Great Expectations suites")
    report = check_tables(collected.tables, collected.project, start, end)
    cycle = _cycle_findings(collected, start, end)
    if cycle:
        report.findings = sort_findings([*report.findings, *cycle])
    refused: dict[str, set[int]] = {}
    for f in report.findings:
        if f.severity == "error" and f.row is not None:
            refused.setdefault(f.file, set()).add(f.row)
    ledger = build_ledger(collected.tables.values(), collected.project, start, end, refused)
    bias = _map_bias_finding(collected, refused)
    if bias is not None:
        report.findings = sort_findings([*report.findings, bias])
    progress.report("check", 1.0, f"{report.errors} errors, {report.warnings} warnings")
    return QualityOutcome(report, ledger)


def _cycle_findings(collected: Collected, start: dt.date, end: dt.date) -> list[Finding]:
    """Contract 5.3: double issuance (error: the gate fails) and a gap before the period
    (warning), from issuance_history."""
    table = collected.tables.get("issuance_history")
    if table is None:
        return []
    frame = table.frame
    if not {"period_start", "period_end"} <= set(frame.columns):
        return []
    return issuance_findings(frame, table.file, start, end)


def _map_bias_finding(collected: Collected, refused: dict[str, set[int]]) -> Finding | None:
    """Contract 5.6: a warning when the change class's mapped proportion lies outside its
    area-adjusted 95 % CI (on the accuracy samples the gate did not refuse)."""
    table = collected.tables.get("accuracy_samples")
    if table is None:
        return None
    frame = table.frame
    if refused.get(table.file) and ROW_COLUMN in frame.columns:
        frame = frame[~frame[ROW_COLUMN].isin(refused[table.file])]
    return change_class_bias_finding(frame, table.file, change_class_of(collected.project))


check_quality = task(
    name="check",
    task_run_name="check",
    cache_key_fn=check_cache_key,
    persist_result=True,
)(with_progress_artifact("check", "Great Expectations suites and row ledger")(check))
