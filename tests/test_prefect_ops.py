"""Operations against a real Prefect server (tests/conftest.py starts it once per session):
outcome states and events, no tracebacks for expected outcomes, automations notifying a local
HTTP receiver, a data change starting an audit through the deployment trigger, the
per-period concurrency limit holding a second run, and `prefect deploy --all`.
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from tests.conftest import (
    ROOT,
    SAMPLE_END,
    SAMPLE_START,
    audit_args,
    copy_project,
    executable,
    flow_runs_writing_to,
    read_flow_run,
    run_cli,
    task_runs_of,
)

pytestmark = pytest.mark.slow

POOL = "redd-audit-process"
PERIODS = "monitoring_periods:\n  - {start: 2019-01-01, end: 2020-12-31}\n" \
          "  - {start: 2021-01-01, end: 2022-12-31}\n"  # fmt: skip


def _client() -> Any:
    from prefect.client.orchestration import get_client

    return get_client(sync_client=True)


def run_logs(flow_run_id: Any) -> list[str]:
    """Every log line of a flow run and its task runs, with tracebacks, as the UI shows them."""
    from prefect.client.schemas.filters import LogFilter, LogFilterFlowRunId

    with _client() as client:
        logs = client.read_logs(
            log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[flow_run_id])), limit=200
        )
    return [log.message for log in logs]


def events_of(prefix: str, resource_id: str | None = None) -> list[Any]:
    from prefect.events.filters import EventFilter, EventNameFilter, EventResourceFilter

    resource = EventResourceFilter(id=[resource_id]) if resource_id else None
    with _client() as client:
        page = client.read_events(
            filter=EventFilter(event=EventNameFilter(prefix=[prefix]), resource=resource),
            limit=50,
        )
    return list(page.events)


def wait_for(probe, timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = probe()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"{what}: nothing after {timeout} s")


def _prefect(args: list[str], env: dict[str, str], timeout: float = 180) -> str:
    proc = subprocess.run([executable("prefect"), *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=timeout, check=False)  # fmt: skip
    assert proc.returncode == 0, f"prefect {' '.join(args)}:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout + proc.stderr


def _break_area(project: Path, line: int = 5) -> None:
    """A negative area in one deforestation event: a blocking data-quality finding."""
    path = project / "deforestation_events.csv"
    lines = path.read_text("utf-8").split("\n")
    header = lines[0].split(",")
    cells = lines[line].split(",")
    cells[header.index("area_ha")] = "-1.5"
    lines[line] = ",".join(cells)
    path.write_text("\n".join(lines), "utf-8")


@pytest.fixture(scope="module")
def deployed(prefect_server, tmp_path_factory) -> dict[str, str]:
    """`prefect --no-prompt deploy --all` of prefect.yaml (and the work pool) on the server."""
    home = tmp_path_factory.mktemp("deploy-home")
    from tests.conftest import _quiet_env

    env = _quiet_env(home)
    env.update(PREFECT_API_URL=prefect_server.api_url, PWD=str(ROOT))
    _prefect(["work-pool", "create", POOL, "--type", "process", "--overwrite"], env)
    started = time.monotonic()
    output = _prefect(["--no-prompt", "deploy", "--all"], env)
    print(f"deploy --all: {time.monotonic() - started:.1f} s")
    return {"output": output, **env}


def test_deploy_all_creates_every_deployment_and_the_trigger(deployed, prefect_api):
    for name in ("verification-audit/adhoc", "verification-audit/pre-verification",
                 "verification-audit/on-new-data", "watch-monitoring-data/watch",
                 "quality-check/validate", "portfolio-audit/portfolio"):  # fmt: skip
        assert name in deployed["output"], name
    assert "error" not in deployed["output"].lower()
    with _client() as client:
        automations = client.read_automations()
    triggers = [a for a in automations if "redd-audit.monitoring-data.updated" in str(a.trigger)]
    assert triggers, [a.name for a in automations]


def test_failed_gate_is_failed_with_findings_and_no_traceback(prefect_env, prefect_api, tmp_path):
    project = copy_project(tmp_path, "defective")
    _break_area(project)
    out = tmp_path / "out"
    run = run_cli(audit_args(project, out), prefect_env, out)
    assert run.returncode == 1, run.stderr
    (flow_run,) = flow_runs_writing_to("verification-audit", out)
    assert f"/runs/flow-run/{flow_run.id}" in run.stderr  # the CLI prints the run's UI address
    assert flow_run.name == f"VCS-868 {SAMPLE_START}..{SAMPLE_END} run"
    state = read_flow_run(flow_run.id).state
    assert state.is_failed()
    assert state.message.startswith("data-quality gate failed with 1 blocking finding(s)")
    assert "deforestation_events.csv, row 6" in state.message  # the first finding itself
    gate = task_runs_of(flow_run.id)["gate"]
    assert gate.state.is_failed() and gate.state.name == "Gate failed"
    assert "blocking finding" in gate.state.message
    logs = run_logs(flow_run.id)
    assert logs and not [m for m in logs if "Traceback" in m], logs
    resource = "redd-audit.project.VCS-868"
    events = wait_for(
        lambda: [e for e in events_of("redd-audit.audit.failed", resource)
                 if e.payload.get("output_dir", "").startswith(str(out))],
        30, "redd-audit.audit.failed event",
    )  # fmt: skip
    payload = events[0].payload
    assert payload["period"] == {"start": SAMPLE_START, "end": SAMPLE_END}
    assert payload["status"] == "failed_quality_gate" and payload["errors"] == 1
    keys = {a.key for a in _artifacts(flow_run.id)}
    assert f"vcs-868-{SAMPLE_START}-{SAMPLE_END}-run-summary" in keys


def _artifacts(flow_run_id: Any) -> list[Any]:
    from tests.conftest import artifacts_of

    return artifacts_of(flow_run_id)


def test_sample_run_outcome_state_event_and_artifacts(reference_run, prefect_api):
    """The sample's claims overstate the VCUs beyond materiality (contract 5.2): the run is
    Completed named "Material misstatement", the CLI exits 0, and the event says so."""
    summary = json.loads((reference_run.period_dir() / "summary.json").read_text("utf-8"))
    material = any(m.get("material") for m in summary.get("materiality") or [])
    (flow_run,) = flow_runs_writing_to("verification-audit", reference_run.out_dir)
    state = read_flow_run(flow_run.id).state
    assert reference_run.returncode == 0 and state.is_completed()
    expected = "material-misstatement" if material else "passed"
    assert state.name == ("Material misstatement" if material else "Completed")
    events = wait_for(
        lambda: [e for e in events_of(f"redd-audit.audit.{expected}", "redd-audit.project.VCS-868")
                 if e.payload.get("output_dir", "").startswith(str(reference_run.out_dir))],
        30, f"redd-audit.audit.{expected} event",
    )  # fmt: skip
    payload = events[0].payload
    assert payload["vcus"] == round(summary["totals"]["vcus"])
    assert payload["material"] is material and payload["status"] == "passed"
    if material:
        assert payload["misstatement"]["quantity"] == "vcus"
        assert "Material misstatement" in reference_run.stdout
    assert not [m for m in run_logs(flow_run.id) if "Traceback" in m]
    by_key = {a.key: a for a in _artifacts(flow_run.id) if a.key}
    summary_md = by_key[f"vcs-868-{SAMPLE_START}-{SAMPLE_END}-run-summary"].data
    assert summary_md.index("| outcome |") < summary_md.index("| total |")  # conclusion first
    assert "file://" not in by_key[f"vcs-868-{SAMPLE_START}-{SAMPLE_END}-run-workbook"].data


class _Receiver(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length", 0))
        self.received.append(json.loads(self.rfile.read(length) or b"{}"))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    received: ClassVar[list[dict[str, Any]]] = []
    handler = type("Receiver", (_Receiver,), {"received": received})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/hook", received
    server.shutdown()
    server.server_close()


def test_automations_notify_the_team_receiver(prefect_env, prefect_api, tmp_path, receiver):
    url, received = receiver
    applied = run_cli(["automations", "apply", "--webhook-url", url], prefect_env, tmp_path)
    assert applied.returncode == 0, applied.stderr
    assert "redd-audit material misstatement" in applied.stdout
    again = run_cli(["automations", "apply"], prefect_env, tmp_path)  # idempotent, block kept
    assert again.returncode == 0, again.stderr
    with _client() as client:
        names = [a.name for a in client.read_automations()]
    assert names.count("redd-audit run failed") == 1

    from prefect.events import emit_event

    from flows.outcome import project_resource

    emit_event(
        event="redd-audit.audit.material-misstatement",
        resource=project_resource("VCS-4242"),
        payload={"period": {"start": "2021-01-01", "end": "2022-12-31"}, "vcus": 1000,
                 "misstatement": {"misstatement": 34067, "direction": "overstated"},
                 "output_dir": "reports/VCS-4242"},
    )  # fmt: skip
    project = copy_project(tmp_path, "defective", "VCS-4243")
    _break_area(project)
    out = tmp_path / "out"
    assert run_cli(audit_args(project, out), prefect_env, out).returncode == 1

    def both() -> bool:
        subjects = " ".join(r.get("subject", "") for r in received)
        return "material misstatement in VCS-4242" in subjects and "VCS-4243" in subjects

    wait_for(both, 60, f"notifications at {url} (got {received})")
    failed = next(r for r in received if "VCS-4243" in r["subject"])
    assert "data-quality gate failed with 1 blocking finding(s)" in failed["body"]


def test_data_change_starts_the_audit_through_the_trigger(
    deployed, prefect_env, prefect_api, tmp_path
):
    project = copy_project(tmp_path, "watched", "VCS-5150")
    yaml_path = project / "project.yaml"
    if "\nmonitoring_periods:" not in yaml_path.read_text("utf-8"):  # the sample may list them
        with yaml_path.open("a", encoding="utf-8") as f:
            f.write(PERIODS)
    out = tmp_path / "out"
    watch = ["watch", "--project", str(project), "--out", str(out), "--settle-seconds", "0"]
    first = run_cli(watch, prefect_env, out)
    assert first.returncode == 0 and "first seen" in first.stdout, first.stderr
    _break_area(project)  # new monitoring data (with a defect: the run must fail cleanly)
    second = run_cli(watch, prefect_env, out)
    assert "event emitted" in second.stdout, second.stdout + second.stderr
    resource = "redd-audit.project.VCS-5150"
    events = wait_for(
        lambda: events_of("redd-audit.monitoring-data.updated", resource), 30, "update event"
    )
    assert events[0].payload["changed"] == ["deforestation_events.csv"]

    runs = wait_for(lambda: flow_runs_writing_to("verification-audit", out), 60, "triggered run")
    (flow_run,) = runs
    assert flow_run.deployment_id is not None
    assert flow_run.parameters == {"project_dir": str(project), "out_dir": str(out)}
    _prefect(["worker", "start", "--pool", POOL, "--run-once"], deployed, timeout=240)
    done = read_flow_run(flow_run.id)
    assert done.name == f"VCS-5150 {SAMPLE_START}..{SAMPLE_END} run"  # latest ended period
    assert done.state.is_failed(), done.state
    assert done.state.message.startswith("data-quality gate failed with 1 blocking finding(s)")
    logs = run_logs(flow_run.id)
    assert not [m for m in logs if "Traceback" in m], logs  # not even through a worker


def test_a_second_run_of_the_same_project_and_period_waits(prefect_env, prefect_api, tmp_path):
    project = copy_project(tmp_path, "busy", "VCS-7070")
    out = tmp_path / "out"
    slow_env = dict(prefect_env, REDD_AUDIT_TEST_PAUSE_BEFORE_ASSEMBLE="10")
    cmd = [executable("redd-audit"), *audit_args(project, out, "validate")]
    first = subprocess.Popen(cmd, cwd=ROOT, env=slow_env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        wait_for(lambda: any("gate" in task_runs_of(r.id)
                             for r in flow_runs_writing_to("quality-check", out)),
                 120, "first run past the gate")  # fmt: skip
        # --force-revision: on the same inputs the second run would otherwise be "unchanged"
        second = run_cli([*audit_args(project, out, "validate"), "--force-revision"],
                         prefect_env, out)  # fmt: skip
    finally:
        _, first_err = first.communicate(timeout=180)
    assert first.returncode == 0, first_err
    assert second.returncode == 0, second.stderr
    a, b = (read_flow_run(r.id) for r in flow_runs_writing_to("quality-check", out))
    b_check = task_runs_of(b.id)["check"]
    assert b_check.start_time >= task_runs_of(a.id)["publish-artifacts"].end_time
    assert any("waiting for the slot redd-audit-vcs-7070-" in m for m in run_logs(b.id))
    assert "waiting for the slot redd-audit-vcs-7070-" in second.stderr  # at once, on the terminal


def test_a_typed_run_name_is_kept(prefect_api, tmp_path):
    """A run created with a name (the UI's custom run form) keeps it; generated names are
    replaced by ``<project-id> <start>..<end> <kind>`` (checked in the tests above)."""
    from prefect.flow_engine import run_flow

    from flows.audit import quality_check
    from tests.conftest import SAMPLE

    out = tmp_path / "out"
    parameters = {"project_dir": str(SAMPLE), "start": SAMPLE_START, "end": SAMPLE_END,
                  "out_dir": str(out)}  # fmt: skip
    typed = "rerun after the proponent's fix"
    with _client() as client:
        created = client.create_flow_run(quality_check, name=typed, parameters=parameters)
    state = run_flow(quality_check, flow_run=created, parameters=parameters, return_type="state")
    assert state.is_completed(), state
    assert read_flow_run(created.id).name == typed
    with _client() as client:  # the same without a name: Prefect's random slug is replaced
        unnamed = client.create_flow_run(quality_check, parameters=parameters)
    run_flow(quality_check, flow_run=unnamed, parameters=parameters, return_type="state")
    assert read_flow_run(unnamed.id).name == f"VCS-868 {SAMPLE_START}..{SAMPLE_END} validate"
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=10)  # send this process's run logs while the server is up
    EventsWorker.drain_all(timeout=10)
