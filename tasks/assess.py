"""Assess: the period's conclusions beyond the figures (evidence sample, map accuracy and
bias, materiality, cumulative position, findings register), between compute and assemble."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from redd_audit import progress
from redd_audit.assessment import PeriodAssessment, assess_period
from redd_audit.methodology.engine import Recomputation
from redd_audit.outputs import period_dir
from redd_audit.sampling.plan import previous_plan
from tasks.collect import Collected
from tasks.progress_artifact import with_progress_artifact
from tasks.quality import QualityOutcome


def assess(
    collected: Collected,
    quality: QualityOutcome,
    recomputation: Recomputation | None,
    start: dt.date,
    end: dt.date,
    out_dir: Path,
    *,
    sample_seed: int | None = None,
    mc_seed: int | None = None,
) -> PeriodAssessment:
    """Assess the period (:func:`redd_audit.assessment.assess_period`).

    The period folder under ``out_dir`` is read, never written: its earlier revisions fix the
    evidence sample's seed (contract 5.9).
    """
    progress.report("assess", 0.0, "evidence sample, accuracy, materiality, findings")
    events = collected.tables.get("deforestation_events")
    inputs = collected.tables.get("uncertainty_inputs")
    result = assess_period(
        project=collected.project,
        frames=collected.frames,
        files={name: t.file for name, t in collected.tables.items()},
        quality_findings=quality.findings,
        recomputation=recomputation,
        start=start,
        end=end,
        events_sha256=events.sha256 if events is not None else None,
        sample_seed=sample_seed,
        previous=previous_plan(period_dir(Path(out_dir), collected.project.id, start, end)),
        uncertainty_inputs_sha256=inputs.sha256 if inputs is not None else None,
        mc_seed=mc_seed,
    )
    size = (result.sampling or {}).get("size", 0)
    progress.report("assess", 1.0, f"{len(result.findings)} finding(s); sample of {size}")
    return result


# Not cached: the assessment reads the period folder's earlier revisions (the fixed sample plan).
assess_period_task = task(
    name="assess",
    task_run_name="assess",
    cache_policy=NO_CACHE,
    persist_result=False,
)(with_progress_artifact("assess", "evidence sample, accuracy, materiality, findings")(assess))
