"""The verification-audit flow: collect → check → compute → assemble, plus the validate-only flow.

Entrypoints for ``prefect.yaml``: ``flows/audit.py:verification_audit`` and
``flows/audit.py:quality_check``.

Resilience: ``check`` and ``compute`` persist their results under cache keys made of the
content hashes of their inputs and of the code (``tasks/cache_keys.py``), so a run that was
killed re-reads the tables (``collect`` is cheaper to redo than to cache) and resumes after the
last finished step, writing the same outputs; ``assemble`` is never cached (it writes the
files). Failure states: a blocking data-quality finding ends the
flow run Failed with "data-quality gate failed with N blocking finding(s)" (the outputs that
explain it are still written and published); invalid input ends it Failed with the
``InputError`` message naming file, row and column.

Test hook: ``REDD_AUDIT_TEST_PAUSE_BEFORE_ASSEMBLE=<seconds>`` makes the flow sleep between
``compute`` and ``assemble`` so that a test can kill a run midway (tests/test_prefect_server.py).
It is read when the flow runs, never set by the CLI or the deployments; leave it unset.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

from prefect import flow, get_run_logger
from prefect.task_runners import ThreadPoolTaskRunner

from redd_audit.errors import QualityGateFailed
from tasks.artifacts import publish_artifacts
from tasks.assemble import assemble_outputs
from tasks.collect import collect_inputs
from tasks.compute import recompute_period
from tasks.quality import check_quality

PAUSE_BEFORE_ASSEMBLE_ENV = "REDD_AUDIT_TEST_PAUSE_BEFORE_ASSEMBLE"


def _test_pause_before_assemble() -> None:
    """Sleep when the test hook asks for it (see the module docstring)."""
    seconds = os.environ.get(PAUSE_BEFORE_ASSEMBLE_ENV)
    if seconds:
        get_run_logger().warning("test hook: pausing %s s before assemble", seconds)
        time.sleep(float(seconds))


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
    _test_pause_before_assemble()
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
