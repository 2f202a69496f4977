"""Runs against a real Prefect server: recorded states, task runs, artifacts, failure states,
and a run killed midway that resumes from its cached steps with identical outputs.

Every run here is the real CLI (``redd-audit run``) in a subprocess with ``PREFECT_API_URL``
set to the session's server (tests/conftest.py); the tests then read the server's records
through the Prefect client.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import (
    ROOT,
    SAMPLE,
    artifacts_of,
    audit_args,
    copy_project,
    executable,
    flow_runs_writing_to,
    output_fingerprint,
    read_flow_run,
    run_cli,
    task_runs_of,
)
from tests.test_prefect_ops import run_logs

pytestmark = pytest.mark.slow

STEPS = ("collect", "check", "gate", "compute", "assess", "assemble", "publish-artifacts")
KEY = "vcs-868-2021-01-01-2022-12-31-run"  # artifact keys: project, period, kind


def _edit_csv_cell(path: Path, line: int, column: str, value: str) -> None:
    """Set one cell of a simple (unquoted) CSV file, keeping everything else byte for byte."""
    lines = path.read_text("utf-8").split("\n")
    header = lines[0].split(",")
    cells = lines[line].split(",")
    cells[header.index(column)] = value
    lines[line] = ",".join(cells)
    path.write_text("\n".join(lines), "utf-8")


def test_a_run_is_recorded_completed_with_task_runs_and_artifacts(reference_run, prefect_api):
    (flow_run,) = flow_runs_writing_to("verification-audit", reference_run.out_dir)
    assert flow_run.state.is_completed(), flow_run.state
    task_runs = task_runs_of(flow_run.id)
    assert set(STEPS) <= set(task_runs)
    for step in STEPS:
        assert task_runs[step].state.is_completed(), (step, task_runs[step].state)
    assert task_runs["gate"].state.name == "Gate passed"

    artifacts = artifacts_of(flow_run.id)
    by_key = {a.key: a for a in artifacts if a.key}
    assert by_key[f"{KEY}-summary"].type == "markdown"
    assert "VCS-868" in by_key[f"{KEY}-summary"].data
    assert by_key[f"{KEY}-vintages"].type == "table"
    assert by_key[f"{KEY}-findings"].type == "table"
    workbook = by_key[f"{KEY}-workbook"]  # no base URL configured: a path to copy, no file://
    assert workbook.type == "markdown"
    assert "file://" not in workbook.data and "_verification.xlsx" in workbook.data
    progress = [a for a in artifacts if a.type == "progress"]
    assert len(progress) == 5  # collect, check, compute, assess, assemble
    assert all(float(a.data) == 100.0 for a in progress)

    period = reference_run.period_dir()
    assert (period / "summary.json").is_file()
    summary = json.loads((period / "summary.json").read_text("utf-8"))
    assert summary["status"] == "passed"


def test_gate_failure_is_a_failed_run_with_the_gate_message(prefect_env, prefect_api, tmp_path):
    project = copy_project(tmp_path, "defective")
    events = project / "deforestation_events.csv"
    _edit_csv_cell(events, 5, "stratum_id", "XX")  # not a stratum of project.yaml
    _edit_csv_cell(events, 7, "area_ha", "-1.5")  # area must be positive
    out = tmp_path / "out"
    run = run_cli(audit_args(project, out), prefect_env, out)
    assert run.returncode == 1, run.stderr
    assert "data-quality gate failed with 2 blocking finding(s)" in run.stderr
    assert "Traceback" not in run.stderr + run.stdout

    (flow_run,) = flow_runs_writing_to("verification-audit", out)
    assert flow_run.state.is_failed()
    assert "data-quality gate failed with 2 blocking finding(s)" in flow_run.state.message
    task_runs = task_runs_of(flow_run.id)
    assert "compute" not in task_runs  # no emission figures
    assert task_runs["gate"].state.is_failed()  # the step that blocked the run shows it
    assert task_runs["assemble"].state.is_completed()  # the outputs explaining the failure
    summary = json.loads((run.period_dir() / "summary.json").read_text("utf-8"))
    assert summary["status"] == "failed_quality_gate"
    assert summary["quality"]["errors"] == 2
    keys = {a.key for a in artifacts_of(flow_run.id)}
    assert {f"{KEY}-summary", f"{KEY}-findings", f"{KEY}-workbook"} <= keys


def test_invalid_input_is_a_failed_run_with_the_input_message(prefect_env, prefect_api, tmp_path):
    project = copy_project(tmp_path, "invalid")
    _edit_csv_cell(project / "deforestation_events.csv", 9, "detected_on", "2021-13-45")
    out = tmp_path / "out"
    run = run_cli(audit_args(project, out), prefect_env, out)
    message = re.compile(
        r"deforestation_events\.csv, row 10, (event_id=\S+, )?column 'detected_on'"
    )
    assert run.returncode == 2, run.stderr
    assert message.search(run.stderr), run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert not out.exists() or not any(out.rglob("*.xlsx"))

    (flow_run,) = flow_runs_writing_to("verification-audit", out)
    assert flow_run.state.is_failed()
    assert message.search(flow_run.state.message)
    assert not [m for m in run_logs(flow_run.id) if "Traceback" in m]  # an expected outcome
    collect = task_runs_of(flow_run.id)["collect"]
    assert collect.state.is_failed()
    assert collect.run_count == 1  # invalid input is not retried


def _wait_for_completed_compute(out: Path, proc: subprocess.Popen, timeout: float) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the run ended before it could be killed"
        runs = flow_runs_writing_to("verification-audit", out)
        if runs:
            compute = task_runs_of(runs[-1].id).get("compute")
            if compute is not None and compute.state.is_completed():
                return runs[-1]
        time.sleep(0.5)
    pytest.fail(f"no completed compute task run after {timeout} s")


def test_a_killed_run_resumes_from_cache_with_identical_outputs(
    prefect_env, prefect_api, tmp_path, reference_run
):
    out = tmp_path / "out"
    env = dict(prefect_env, REDD_AUDIT_TEST_PAUSE_BEFORE_ASSEMBLE="120")
    started = time.monotonic()
    proc = subprocess.Popen(
        [executable("redd-audit"), *audit_args(SAMPLE, out)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        killed_run = _wait_for_completed_compute(out, proc, timeout=180)
    finally:
        proc.kill()  # SIGKILL: no clean-up of any kind
        proc.wait()
    first_seconds = time.monotonic() - started
    assert not any(out.rglob("summary.json")), "assemble must not have run"
    assert read_flow_run(killed_run.id).state.is_running()  # killed, never finished

    resumed = run_cli(audit_args(SAMPLE, out), prefect_env, out)
    assert resumed.returncode == 0, resumed.stderr
    assert "waiting for the slot redd-audit-vcs-868-" in resumed.stderr  # says so at once
    assert "released the stale slot" in resumed.stderr  # the killed run's process is gone
    runs = flow_runs_writing_to("verification-audit", out)
    assert len(runs) == 2
    final = read_flow_run(runs[-1].id)
    assert final.state.is_completed()
    task_runs = task_runs_of(final.id)
    for step in ("check", "compute"):
        assert task_runs[step].state.name == "Cached", (step, task_runs[step].state)
    # collect re-reads (cheaper than caching); assemble writes. The rerun first released the
    # killed run's project-and-period slot (its process is gone: flows/limits.py).
    for step in ("collect", "assemble"):
        assert task_runs[step].state.name == "Completed", (step, task_runs[step].state)
    assert output_fingerprint(resumed.period_dir()) == output_fingerprint(
        reference_run.period_dir()
    )
    print(  # shown with -s / -rP: the time the resume saved
        f"killed after {first_seconds:.1f} s (collect+check+compute done); "
        f"resumed run {resumed.seconds:.1f} s; uninterrupted run {reference_run.seconds:.1f} s"
    )
