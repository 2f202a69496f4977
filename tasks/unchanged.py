"""Unchanged: does this run repeat the current revision? (contract 5.1)

Between collect and check: a run whose inputs, settings and seed equal those of the outputs
already in its folder makes no new revision (:mod:`redd_audit.cycle.unchanged`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from prefect import task
from prefect.cache_policies import NO_CACHE

from redd_audit import __version__, parameters
from redd_audit.bundle.keys import load_signing_key
from redd_audit.cycle.unchanged import CurrentRevision, run_fingerprint, unchanged_since
from redd_audit.outputs import previous_period_summary, run_dir
from tasks.collect import Collected


def fingerprint(
    collected: Collected,
    start: dt.date,
    end: dt.date,
    out_dir: Path,
    kind: str,
    signing_keyid: str | None,
) -> str:
    """The run's fingerprint (:func:`redd_audit.cycle.unchanged.run_fingerprint`)."""
    project = collected.project
    tables = [(t.file, t.sha256) for t in collected.tables.values()]
    return run_fingerprint(
        kind=kind,
        project_id=project.id,
        start=start,
        end=end,
        inputs=[("project.yaml", collected.project_sha256), *tables],
        software_version=__version__,
        parameters_version=parameters.version(),
        signing_keyid=signing_keyid,
        previous_period=previous_period_summary(Path(out_dir), project.id, start),
    )


def unchanged(
    collected: Collected,
    start: dt.date,
    end: dt.date,
    out_dir: Path,
    kind: str,
    *,
    sample_seed: int | None = None,
    signing_key: str | None = None,
    mc_seed: int | None = None,
) -> CurrentRevision | None:
    """The current revision this run would repeat, or None (then the run makes a new one)."""
    keyid = load_signing_key(Path(signing_key)).keyid if signing_key else None
    sha256 = fingerprint(collected, start, end, out_dir, kind, keyid)
    folder = run_dir(Path(out_dir), collected.project.id, start, end, kind)
    return unchanged_since(folder, sha256, sample_seed, mc_seed)


# Not cached: it reads the output folder, which changes between runs.
unchanged_check = task(
    name="unchanged-check",
    task_run_name="unchanged-check",
    cache_policy=NO_CACHE,
    persist_result=False,
)(unchanged)
