"""Compute: recompute the period's emission reductions with the methodology core."""

from __future__ import annotations

import datetime as dt

from prefect import task

from redd_audit import progress
from redd_audit.methodology.engine import Recomputation, recompute
from tasks.cache_keys import compute_cache_key
from tasks.collect import Collected
from tasks.progress_artifact import with_progress_artifact


def compute(collected: Collected, start: dt.date, end: dt.date) -> Recomputation:
    progress.report("compute", 0.0, "baseline, project, leakage, uncertainty, buffer")
    result = recompute(collected.project, collected.frames, start, end)
    progress.report("compute", 1.0, f"{len(result.vintages)} vintages")
    return result


recompute_period = task(
    name="compute",
    task_run_name="compute",
    cache_key_fn=compute_cache_key,
    persist_result=True,
)(with_progress_artifact("compute", "recompute the emission reductions")(compute))
