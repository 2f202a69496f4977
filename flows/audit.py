"""The verification-audit flow: collect → check → compute → assemble, plus the validate-only flow.

Entrypoints for ``prefect.yaml``: ``flows/audit.py:verification_audit`` and
``flows/audit.py:quality_check``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.task_runners import ThreadPoolTaskRunner

from redd_audit.errors import QualityGateFailed
from tasks.artifacts import publish_artifacts
from tasks.assemble import assemble_outputs
from tasks.collect import collect_inputs
from tasks.compute import recompute_period
from tasks.quality import check_quality


@flow(
    name="verification-audit",
    task_runner=ThreadPoolTaskRunner(max_workers=4),
    flow_run_name="{project_dir} {start}..{end}",
    validate_parameters=True,
)
def verification_audit(
    project_dir: str,
    start: dt.date,
    end: dt.date,
    out_dir: str = "reports",
    figures: bool = True,
) -> dict:
    """Audit one monitoring period of one project and publish its outputs.

    Parameters
    ----------
    project_dir : project folder (contract.md section 2)
    start, end : first and last day of the monitoring period
    out_dir : output root; outputs go to ``<out_dir>/<project-id>/<start>_<end>/``
    figures : False runs collection and the data-quality gate only (``redd-audit validate``)
    """
    logger = get_run_logger()
    collected = collect_inputs(Path(project_dir))
    logger.info("collected %d tables of %s", len(collected.tables), collected.project.id)
    quality = check_quality(collected, start, end)
    logger.info("quality gate: %d errors, %d warnings", quality.errors, quality.warnings)
    recomputation = None
    if quality.errors == 0 and figures:
        recomputation = recompute_period(collected, start, end)
    outputs = assemble_outputs(collected, quality, recomputation, start, end, Path(out_dir))
    summary = outputs.summary
    publish_artifacts(summary, outputs)
    logger.info("outputs in %s", outputs.output_dir)
    if quality.errors:
        raise QualityGateFailed(quality.errors, str(outputs.output_dir))
    return summary


@flow(name="quality-check", flow_run_name="validate {project_dir} {start}..{end}")
def quality_check(project_dir: str, start: dt.date, end: dt.date, out_dir: str = "reports") -> dict:
    """Collection and data-quality checks only (no emission figures)."""
    return verification_audit.fn(project_dir, start, end, out_dir, figures=False)
