"""Materiality, cumulative position and the verification summary of one run, gathered from the
recomputation and the collected tables (contract 5.2–5.4), with the findings they raise."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from redd_audit.cycle.cumulative import cumulative_position
from redd_audit.cycle.findings_register import verification_summary
from redd_audit.cycle.json_values import as_int
from redd_audit.cycle.materiality import coverage_finding, period_materiality, unclaimed_vintages
from redd_audit.findings import Finding
from redd_audit.methodology.engine import Recomputation
from redd_audit.tables.schemas import ROW_COLUMN


@dataclass
class CycleAssessment:
    """summary.json ``materiality``, ``cumulative`` (None without issuance_history) and
    ``verification``, and the warnings they add to the run's findings."""

    materiality: list[dict[str, object]]
    cumulative: dict[str, object] | None
    verification: dict[str, object]
    findings: list[Finding] = field(default_factory=list)


def claims_by_vintage(claimed: pd.DataFrame | None) -> dict[int, dict[str, object]]:
    """The claimed quantities of each vintage (first row of a vintage; the gate refuses
    duplicates)."""
    claims: dict[int, dict[str, object]] = {}
    if claimed is None or claimed.empty:
        return claims
    for record in claimed.drop(columns=[ROW_COLUMN], errors="ignore").to_dict("records"):
        vintage = record.get("vintage")
        if vintage is not None and vintage == vintage:
            claims.setdefault(int(vintage), {str(k): v for k, v in record.items()})
    return claims


def assess_cycle(
    *,
    frames: Mapping[str, pd.DataFrame],
    files: Mapping[str, str],
    recomputation: Recomputation | None,
    materiality_fraction: float,
    accuracy: Mapping[str, object] | None,
    change_class: str = "deforestation",
) -> CycleAssessment:
    """Assess the period (contract 5.2–5.4).

    ``files`` maps table names to their file (relative to the project folder), for findings.
    Without a recomputation (failed gate, validate) ``materiality`` is ``[]``, ``cumulative``
    has no ``*_to_date`` figures and ``verification`` is computed from the register alone.
    """
    findings: list[Finding] = []
    materiality: list[dict[str, object]] = []
    if recomputation is not None:
        vintages = [f.summary_dict() for f in recomputation.vintages]
        claims = claims_by_vintage(frames.get("claimed_vintages"))
        materiality = period_materiality(vintages, claims, materiality_fraction)
        missing = unclaimed_vintages([as_int(v["vintage"]) for v in vintages], claims)
        if missing:
            file = files.get("claimed_vintages", "claimed_vintages")
            findings.append(coverage_finding(file, missing))
    history = frames.get("issuance_history")
    cumulative = None
    if history is not None:
        totals = recomputation.totals if recomputation is not None else None
        cumulative = cumulative_position(
            history,
            float(totals["vcus"]) if totals else None,
            float(totals["buffer_tco2e"]) if totals else None,
        )
    verification = verification_summary(
        frames.get("verification_findings"),
        materiality,
        accuracy,
        figures=recomputation is not None,
        change_class=change_class,
    )
    return CycleAssessment(materiality, cumulative, verification, findings)
