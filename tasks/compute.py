"""Compute: recompute the period's emission reductions with the methodology core."""

from __future__ import annotations

import datetime as dt

from prefect import task

from redd_audit import progress
from redd_audit.methodology.engine import Recomputation, recompute
from tasks.collect import Collected


def compute(collected: Collected, start: dt.date, end: dt.date) -> Recomputation:
    progress.report("compute", 0.0, "baseline, project, leakage, uncertainty, buffer")
    result = recompute(collected.project, collected.frames, start, end)
    progress.report("compute", 1.0, f"{len(result.vintages)} vintages")
    return result


recompute_period = task(compute, name="compute", task_run_name="recompute emission reductions")
