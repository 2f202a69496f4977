"""The audit's steps called in-process as the flow calls them (no Prefect engine), for tests
that need a run's outputs and its assessment without the CLI."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from redd_audit.assessment import PeriodAssessment
from redd_audit.methodology.engine import Recomputation
from tasks.assemble import assemble
from tasks.assess import assess
from tasks.collect import collect
from tasks.compute import compute
from tasks.quality import check


def audit_in_process(
    project: Path, start: dt.date, end: dt.date, out: Path
) -> tuple[dict, Path, PeriodAssessment, Recomputation | None]:
    """collect → check → compute → assess → assemble; returns summary.json, the period
    folder, the assessment (its ``recomputation`` holds the figures the outputs report) and
    the recomputation as computed (before a deduction rule sized on draws)."""
    collected = collect(project)
    quality = check(collected, start, end)
    recomputation = compute(collected, start, end) if quality.errors == 0 else None
    assessment = assess(collected, quality, recomputation, start, end, out)
    outputs = assemble(collected, quality, recomputation, assessment, start, end, out)
    folder = Path(outputs.output_dir)
    summary = json.loads((folder / "summary.json").read_text("utf-8"))
    return summary, folder, assessment, recomputation
