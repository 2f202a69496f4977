"""prefect.yaml end to end: work pool, `prefect deploy`, a run of the ad-hoc deployment picked up
by a process worker started from the repo root, and its outputs."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import (
    ROOT,
    SAMPLE_END,
    SAMPLE_START,
    executable,
    flow_runs_writing_to,
    output_fingerprint,
    task_runs_of,
)

pytestmark = pytest.mark.slow

POOL = "redd-audit-process"  # prefect.yaml definitions.work_pools.process


def _prefect(args: list[str], env: dict[str, str], timeout: float = 120) -> str:
    proc = subprocess.run(
        [executable("prefect"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert proc.returncode == 0, f"prefect {' '.join(args)}:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout + proc.stderr


def test_adhoc_deployment_runs_through_a_process_worker(
    prefect_env, prefect_api, tmp_path, reference_run
):
    env = dict(prefect_env, PWD=str(ROOT))  # as in a shell that did `cd` to the repo root
    _prefect(["work-pool", "create", POOL, "--type", "process", "--overwrite"], env)
    deployed = _prefect(["--no-prompt", "deploy", "--all"], env)
    for name in ("verification-audit/adhoc", "verification-audit/pre-verification",
                 "verification-audit/on-new-data", "watch-monitoring-data/watch",
                 "quality-check/validate", "portfolio-audit/portfolio"):  # fmt: skip
        assert name in deployed

    out = tmp_path / "out"
    _prefect(
        ["deployment", "run", "verification-audit/adhoc",
         "--param", "project_dir=data/raw/vcs-868",  # relative: resolved in the repo root
         "--param", f"start={SAMPLE_START}", "--param", f"end={SAMPLE_END}",
         "--param", f"out_dir={out}"],
        env,
    )  # fmt: skip
    _prefect(["worker", "start", "--pool", POOL, "--run-once"], env, timeout=240)

    (flow_run,) = flow_runs_writing_to("verification-audit", out)
    assert flow_run.deployment_id is not None
    assert flow_run.state.is_completed(), flow_run.state
    assert {"collect", "check", "gate", "compute", "assess", "assemble"} <= set(
        task_runs_of(flow_run.id)
    )
    assert flow_run.name == f"VCS-868 {SAMPLE_START}..{SAMPLE_END} run"
    period = out / "VCS-868" / f"{SAMPLE_START}_{SAMPLE_END}"
    assert output_fingerprint(period) == output_fingerprint(reference_run.period_dir())
