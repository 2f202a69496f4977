"""The per-period slot (flows/limits.py, issue 24 items 0 and 1) against the session's Prefect
server: a waiting run says who holds the slot and how to release it; the slot of a killed run
is released instead of blocking its project and period for good; a bounded wait ends with
exit code 2; the lease has Prefect's default margin."""

from __future__ import annotations

import logging
import socket
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest

from flows import limits
from tests.conftest import audit_args, copy_project, run_cli

pytestmark = pytest.mark.slow


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def _logger() -> tuple[logging.Logger, _Lines]:
    logger = logging.getLogger(f"test-limits-{uuid.uuid4().hex}")
    lines = _Lines()
    logger.addHandler(lines)
    logger.setLevel(logging.INFO)
    return logger, lines


def _client() -> Any:
    from prefect.client.orchestration import get_client

    return get_client(sync_client=True)


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _take_slot(name: str, pid: int, *, lease: bool = True) -> str | None:
    """Take the slot as a run would have before it was killed (``lease=False``: its server's
    leases are gone and no holder was recorded)."""
    from prefect.client.schemas.actions import VariableCreate

    limits.ensure_limit(name)
    with _client() as client:
        if not lease:
            client.increment_concurrency_slots(names=[name], slots=1, mode="concurrency")
            return None
        response = client.increment_concurrency_slots_with_lease(
            names=[name], slots=1, mode="concurrency", lease_duration=300
        )
        lease_id = str(response.json()["lease_id"])
        record = {**limits.holder_record(lease_id), "pid": pid, "flow_run_name": "killed-run"}
        client.create_variable(VariableCreate(name=limits.holder_variable(name), value=record))
    return lease_id


def _active_slots(name: str) -> int:
    with _client() as client:
        return int(client.read_global_concurrency_limit_by_name(name).active_slots)


@pytest.fixture
def quick(monkeypatch):
    monkeypatch.setattr(limits, "POLL_SECONDS", 0.3)


def test_lease_has_prefects_default_margin():
    assert limits.LEASE_SECONDS >= 300


def test_the_slot_of_a_killed_run_on_this_machine_is_released(prefect_api, quick):
    import httpx

    project = f"P-{uuid.uuid4().hex[:8]}"
    name = limits.limit_name(project, "2021-01-01", "2022-12-31")
    dead = _dead_pid()
    lease_id = _take_slot(name, dead)
    logger, lines = _logger()
    with limits.one_run_per_period(project, "2021-01-01", "2022-12-31", logger, 60) as held:
        assert held == name and _active_slots(name) == 1
        with _client() as client:
            holder = limits.read_holder(client, name)
        assert holder is not None and holder["pid"] != dead  # this process holds it now
    waiting = next(m for m in lines.lines if m.startswith("waiting for the slot"))
    assert "flow run 'killed-run'" in waiting and f"process {dead}" in waiting
    assert socket.gethostname() in waiting and "since " in waiting
    assert f"prefect gcl update {name} --active-slots 0" in waiting
    released = [m for m in lines.lines if m.startswith("released the stale slot")]
    assert len(released) == 1 and "no longer exists" in released[0]
    assert _active_slots(name) == 0
    with _client() as client:
        assert limits.read_holder(client, name) is None
        with pytest.raises(httpx.HTTPStatusError):  # the killed run's lease was revoked
            client.renew_concurrency_lease(lease_id=lease_id, lease_duration=60)


def test_a_slot_nobody_records_holding_expires(prefect_api, quick, monkeypatch):
    monkeypatch.setattr(limits, "UNRECORDED_STALE_SECONDS", 1.0)
    project = f"P-{uuid.uuid4().hex[:8]}"
    name = limits.limit_name(project, "2021-01-01", "2022-12-31")
    _take_slot(name, 0, lease=False)
    logger, lines = _logger()
    with limits.one_run_per_period(project, "2021-01-01", "2022-12-31", logger, 60):
        assert _active_slots(name) == 1
    assert any("a run that left no record" in m for m in lines.lines)
    assert any("nobody recorded holding it" in m for m in lines.lines)
    assert _active_slots(name) == 0
    _take_slot(name, 0, lease=False)  # another killed run later: released again
    with limits.one_run_per_period(project, "2021-01-01", "2022-12-31", logger, 60):
        assert _active_slots(name) == 1
    assert _active_slots(name) == 0


def test_a_bounded_wait_for_a_live_holder_ends_with_slot_busy(prefect_api, quick):
    project = f"P-{uuid.uuid4().hex[:8]}"
    name = limits.limit_name(project, "2021-01-01", "2022-12-31")
    lease_id = _take_slot(name, limits.os.getpid())  # alive: never stale
    logger, _ = _logger()
    slot = limits.one_run_per_period(project, "2021-01-01", "2022-12-31", logger, 1.0)
    with pytest.raises(limits.SlotBusy) as busy, slot:
        pytest.fail("entered a taken slot")
    message = str(busy.value)
    assert "still held by flow run 'killed-run'" in message and "prefect gcl update" in message
    assert isinstance(busy.value, limits.InputError)  # CLI exit code 2
    with _client() as client:
        client.release_concurrency_slots_with_lease(lease_id=lease_id)


def test_cli_says_it_waits_releases_a_killed_runs_slot_and_bounds_the_wait(
    prefect_env, prefect_api, tmp_path
):
    """The CLI against a server: a live holder and ``--wait-for-slot 1`` → exit 2 with one
    message; the holder killed (its process gone) → the rerun says it waits, then completes."""
    project = copy_project(tmp_path, "held", "VCS-6060")
    out = tmp_path / "out"
    name = limits.limit_name("VCS-6060", "2021-01-01", "2022-12-31")
    holder = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    try:
        lease_id = _take_slot(name, holder.pid)
        busy = run_cli([*audit_args(project, out, "validate"), "--wait-for-slot", "1"],
                       prefect_env, out)  # fmt: skip
        assert busy.returncode == 2, busy.stderr
        assert "redd-audit: the slot redd-audit-vcs-6060-" in busy.stderr
        assert "Traceback" not in busy.stderr and "prefect gcl update" in busy.stderr
    finally:
        holder.kill()  # kill -9 of the run holding the slot
        holder.wait()
    rerun = run_cli(audit_args(project, out, "validate"), prefect_env, out)
    assert rerun.returncode == 0, rerun.stderr
    assert "waiting for the slot redd-audit-vcs-6060-" in rerun.stderr
    assert "released the stale slot" in rerun.stderr
    assert Path(out, "VCS-6060", "2021-01-01_2022-12-31", "validation", "summary.json").is_file()
    with _client() as client:  # the killed holder's lease went with the release
        import httpx

        with pytest.raises(httpx.HTTPStatusError):
            client.renew_concurrency_lease(lease_id=lease_id, lease_duration=60)


def test_kill_9_with_the_embedded_server_does_not_block_the_period(tmp_path):
    """The acceptance case: a CLI run on its embedded server (no PREFECT_API_URL) killed with
    ``kill -9`` while it holds the slot; the server dies with it and its leases with it, while
    the database still counts the slot. The rerun says that it waits, releases it, completes."""
    import sqlite3
    import time

    from tests.conftest import ROOT, _quiet_env, executable

    project = copy_project(tmp_path, "killed", "VCS-4040")
    out = tmp_path / "out"
    home = tmp_path / "home"
    home.mkdir()
    env = _quiet_env(home)
    holder = limits.holder_variable(limits.limit_name("VCS-4040", "2021-01-01", "2022-12-31"))
    first = subprocess.Popen(
        [executable("redd-audit"), *audit_args(project, out, "validate")], cwd=ROOT,
        env=dict(env, REDD_AUDIT_TEST_PAUSE_BEFORE_ASSEMBLE="300"),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:  # until the run records holding the slot
            try:
                with sqlite3.connect(f"file:{home / 'prefect.db'}?mode=ro", uri=True) as db:
                    if db.execute("SELECT 1 FROM variable WHERE name = ?", (holder,)).fetchone():
                        break
            except sqlite3.Error:
                pass
            assert first.poll() is None, "the first run ended before taking the slot"
            time.sleep(1)
        else:
            pytest.fail("the first run never held the slot")
    finally:
        first.kill()  # kill -9: its embedded server dies with it
        first.wait()
    rerun = run_cli(audit_args(project, out, "validate"), env, out, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert "waiting for the slot redd-audit-vcs-4040-" in rerun.stderr
    assert "released the stale slot" in rerun.stderr and "no longer exists" in rerun.stderr
    assert (out / "VCS-4040" / "2021-01-01_2022-12-31" / "validation" / "summary.json").is_file()
