"""Portfolio runs on a local Dask cluster: outputs identical to single runs, one line per
project, the worst exit code, and one markdown artifact of all projects."""

from __future__ import annotations

import pytest

from tests.conftest import (
    SAMPLE_END,
    SAMPLE_START,
    artifacts_of,
    audit_args,
    copy_project,
    flow_runs_writing_to,
    output_fingerprint,
    run_cli,
    task_runs_of,
)

pytestmark = pytest.mark.slow


def test_portfolio_on_local_dask_matches_single_runs(prefect_env, prefect_api, tmp_path):
    first = copy_project(tmp_path, "first", "VCS-9001")
    second = copy_project(tmp_path, "second", "VCS-9002")
    broken = copy_project(tmp_path, "broken", "VCS-9003")
    (broken / "baseline_exante.csv").unlink()  # a required table: invalid input, exit 2
    out = tmp_path / "portfolio"
    run = run_cli(
        ["portfolio", "--project", str(first), "--project", str(second),
         "--project", str(broken), "--start", SAMPLE_START, "--end", SAMPLE_END,
         "--out", str(out), "--dask-local", "2"],
        prefect_env,
        out,
    )  # fmt: skip
    assert run.returncode == 2, run.stdout + run.stderr  # the worst project's code
    lines = run.stdout.strip().splitlines()
    assert len(lines) == 3, run.stdout
    assert lines[0].startswith("VCS-9001 ") and lines[0].endswith("[exit 0]")
    assert lines[1].startswith("VCS-9002 ") and lines[1].endswith("[exit 0]")
    assert "baseline_exante" in lines[2] and lines[2].endswith("[exit 2]")
    assert "Traceback" not in run.stdout + run.stderr

    single_out = tmp_path / "single"
    single = run_cli(audit_args(first, single_out), prefect_env, single_out)
    assert single.returncode == 0, single.stderr
    period = f"{SAMPLE_START}_{SAMPLE_END}"
    assert output_fingerprint(out / "VCS-9001" / period) == output_fingerprint(
        single_out / "VCS-9001" / period
    )
    assert (out / "VCS-9002" / period / "summary.json").is_file()

    (flow_run,) = flow_runs_writing_to("portfolio-audit", out)
    assert flow_run.state.is_failed()
    assert "1 of 3 project(s) did not pass" in flow_run.state.message
    task_runs = task_runs_of(flow_run.id)
    audits = {name: r for name, r in task_runs.items() if name.startswith("audit ")}
    assert len(audits) == 3
    assert sorted(r.state.type.value for r in audits.values()) == [
        "COMPLETED", "COMPLETED", "FAILED"
    ]  # fmt: skip
    (table,) = [a for a in artifacts_of(flow_run.id) if a.key == "portfolio-audit"]
    assert table.type == "markdown"
    for project_id in ("VCS-9001", "VCS-9002", "VCS-9003"):
        assert project_id in table.data
