"""Shared fixtures: a real Prefect server on loopback, and helpers to run the CLI against it.

The server (``prefect server start``) runs once per test session, with its own temporary
PREFECT_HOME (so its SQLite database is fresh) and no telemetry. Tests that use it get the
environment to give to subprocesses (``prefect_env``), each with a temporary result storage
(``PREFECT_RESULTS_LOCAL_STORAGE_PATH``) so that cache hits never leak between tests or
sessions. Only the engine tests (marked ``slow``) start it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "raw" / "vcs-868"
SAMPLE_START, SAMPLE_END = "2021-01-01", "2022-12-31"
SERVER_STARTUP_SECONDS = 120
BIN = Path(sys.executable).parent


def executable(name: str) -> str:
    """A console script of the test's Python environment (redd-audit, prefect)."""
    path = BIN / name
    return str(path) if path.exists() else shutil.which(name) or name


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _quiet_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="90",
        PREFECT_CLI_PROMPT="false",
    )
    return env


@dataclass
class PrefectServer:
    api_url: str
    home: Path
    log: Path


@pytest.fixture(scope="session")
def prefect_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrefectServer]:
    """A real ``prefect server start`` on 127.0.0.1 and a random free port, for the session."""
    home = tmp_path_factory.mktemp("prefect-server-home")
    log = home / "server.log"
    port = _free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [executable("prefect"), "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            cwd=home,
            env=_quiet_env(home),
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + SERVER_STARTUP_SECONDS
        while True:
            if proc.poll() is not None:
                pytest.fail(f"prefect server exited with {proc.returncode}:\n{log.read_text()}")
            try:
                with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"prefect server not healthy after {SERVER_STARTUP_SECONDS} s")
            time.sleep(0.5)
        yield PrefectServer(api_url=api_url, home=home, log=log)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


@pytest.fixture
def prefect_env(prefect_server: PrefectServer, tmp_path: Path) -> dict[str, str]:
    """Environment for subprocesses that talk to the session's server (fresh result storage)."""
    home = tmp_path / "prefect-client-home"
    home.mkdir()
    env = _quiet_env(home)
    env.update(
        PREFECT_API_URL=prefect_server.api_url,
        PREFECT_RESULTS_LOCAL_STORAGE_PATH=str(tmp_path / "prefect-results"),
    )
    return env


@pytest.fixture
def prefect_api(prefect_server: PrefectServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Point this process's Prefect client and settings at the session's server."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    monkeypatch.setenv("PREFECT_API_URL", prefect_server.api_url)
    with temporary_settings(updates={PREFECT_API_URL: prefect_server.api_url}):
        yield prefect_server.api_url


# ------------------------------------------------------------------------------- CLI runs


@dataclass
class CliRun:
    args: list[str]
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    out_dir: Path

    def period_dir(self, project_id: str = "VCS-868") -> Path:
        return self.out_dir / project_id / f"{SAMPLE_START}_{SAMPLE_END}"


def run_cli(args: list[str], env: dict[str, str], out_dir: Path, timeout: float = 300) -> CliRun:
    """Run ``redd-audit ARGS`` from the repo root; return its exit code, output and wall time."""
    t0 = time.monotonic()
    proc = subprocess.run(
        [executable("redd-audit"), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return CliRun(args, proc.returncode, proc.stdout, proc.stderr, time.monotonic() - t0, out_dir)


def audit_args(project: Path, out_dir: Path, command: str = "run") -> list[str]:
    return [command, "--project", str(project), "--start", SAMPLE_START, "--end", SAMPLE_END,
            "--out", str(out_dir)]  # fmt: skip


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def output_fingerprint(period_dir: Path) -> dict[str, str]:
    """SHA-256 of the workbook(s) and summary.json of one period folder."""
    files = [*sorted(period_dir.glob("*.xlsx")), period_dir / "summary.json"]
    return {p.name: sha256(p) for p in files}


def copy_project(tmp_path: Path, name: str, project_id: str | None = None) -> Path:
    """A copy of the sample project; ``project_id`` replaces its ``id:`` in project.yaml."""
    target = tmp_path / name
    shutil.copytree(SAMPLE, target)
    if project_id:
        yaml_path = target / "project.yaml"
        text = yaml_path.read_text("utf-8")
        assert "\nid: VCS-868\n" in text
        yaml_path.write_text(text.replace("\nid: VCS-868\n", f"\nid: {project_id}\n"), "utf-8")
    return target


@pytest.fixture(scope="session")
def reference_run(
    prefect_server: PrefectServer, tmp_path_factory: pytest.TempPathFactory
) -> CliRun:
    """One uninterrupted ``redd-audit run`` of the sample against the server (the reference)."""
    base = tmp_path_factory.mktemp("reference-run")
    home = base / "home"
    home.mkdir()
    env = _quiet_env(home)
    env.update(
        PREFECT_API_URL=prefect_server.api_url,
        PREFECT_RESULTS_LOCAL_STORAGE_PATH=str(base / "results"),
    )
    out = base / "out"
    run = run_cli(audit_args(SAMPLE, out), env, out)
    assert run.returncode == 0, run.stderr
    return run


# ------------------------------------------------------------------------------- API queries
# These need the ``prefect_api`` fixture (the client must point at the session's server).


def _client() -> Any:
    from prefect.client.orchestration import get_client

    return get_client(sync_client=True)


def flow_runs_writing_to(flow_name: str, out_dir: Path) -> list[Any]:
    """Flow runs of ``flow_name`` whose ``out_dir`` parameter is ``out_dir``, oldest first."""
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName

    with _client() as client:
        runs = client.read_flow_runs(
            flow_filter=FlowFilter(name=FlowFilterName(any_=[flow_name])), limit=200
        )
    mine = [r for r in runs if r.parameters.get("out_dir") == str(out_dir)]
    return sorted(mine, key=lambda r: r.created or dt.datetime.min.replace(tzinfo=dt.UTC))


def task_runs_of(flow_run_id: Any) -> dict[str, Any]:
    """Task runs of a flow run by name."""
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    with _client() as client:
        runs = client.read_task_runs(
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
        )
    return {r.name: r for r in sorted(runs, key=lambda r: r.created)}


def artifacts_of(flow_run_id: Any) -> list[Any]:
    """Artifacts created by a flow run or its task runs."""
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    with _client() as client:
        return client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )


def read_flow_run(flow_run_id: Any) -> Any:
    with _client() as client:
        return client.read_flow_run(flow_run_id)
