"""Everything the workbook shows, gathered by the assemble step (no I/O, no openpyxl here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from redd_audit.findings import Finding
from redd_audit.ledger import FileLedger
from redd_audit.methodology.engine import Recomputation
from redd_audit.project import Project
from redd_audit.sampling.monetary_unit import EvidenceSample
from redd_audit.workbook.monte_carlo_sheets import MonteCarloSheets


@dataclass
class InputRecord:
    """One input file as collected: path relative to the project folder, fingerprint, rows."""

    table: str
    file: str
    sha256: str
    rows: int
    size_bytes: int
    #: the CSV/GeoJSON file started with a UTF-8 byte-order mark (removed before reading)
    bom: bool = False
    #: XLSX: formula cells read as the values the spreadsheet cached when it was saved
    formula_cells: int = 0


@dataclass
class WorkbookContext:
    project: Project
    start: dt.date
    end: dt.date
    status: Literal["passed", "failed_quality_gate"]
    #: None when the quality gate failed: then no emission figure may appear anywhere.
    recomputation: Recomputation | None
    findings: list[Finding]
    ledger: list[FileLedger]
    inputs: list[InputRecord]
    #: typed tables by name (as read; the ``_row`` column holds the spreadsheet row number)
    frames: dict[str, pd.DataFrame]
    #: package -> version (redd-audit, prefect, great-expectations, pandas, openpyxl, python)
    software: dict[str, str]
    #: the rule set in force (RuleSet.model_dump() plus the accounting settings)
    rule_set: dict[str, object]
    parameters_version: str
    #: deterministic run identifier derived from the inputs (never wall-clock time)
    run_id: str
    #: summary.json of the previous monitoring period of the same project, when one exists
    previous_summary: dict[str, object] | None = None
    #: tables not provided (optional ones), so the workbook can say so
    missing_tables: list[str] = field(default_factory=list)
    #: summary.json "sampling" (contract 5.5, with the re-check selections); None: no sample
    sampling: dict[str, object] | None = None
    #: the drawn evidence sample (redd_audit.sampling.monetary_unit.EvidenceSample)
    evidence_sample: EvidenceSample | None = None
    #: summary.json "revision" (contract 5.1): number, reason, previous, changes
    revision: dict[str, object] | None = None
    #: summary.json "materiality" (contract 5.2); [] when the claims do not cover the period
    materiality: list[dict[str, object]] | None = None
    #: summary.json "cumulative" (contract 5.3); None without issuance_history
    cumulative: dict[str, object] | None = None
    #: summary.json "verification" (contract 5.4): register counts, draft findings, readiness
    verification: dict[str, object] | None = None
    #: summary.json "bundle" (contract 9.2): whether the run is signed, and by which key id
    bundle: dict[str, object] | None = None
    #: the simulated period's Monte Carlo sheets (contract 7.5.3); None without a simulation
    monte_carlo: MonteCarloSheets | None = None
