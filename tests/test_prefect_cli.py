"""The CLI around the flow: ``--out`` refusals (exit 2, one line), terminal escapes in input
text made visible, and no orphaned embedded Prefect server after ``kill -9``."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import (
    ROOT,
    SAMPLE,
    _quiet_env,
    audit_args,
    copy_project,
    executable,
    run_cli,
)


def _plain_env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "prefect-home"
    home.mkdir(exist_ok=True)
    return _quiet_env(home)


def _one_line_exit_2(run) -> None:
    assert run.returncode == 2, (run.stdout, run.stderr)
    lines = [line for line in run.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("redd-audit: "), run.stderr
    assert "Traceback" not in run.stderr + run.stdout


@pytest.mark.parametrize("command", ["run", "validate", "portfolio"])
def test_out_that_is_a_file_is_exit_2(tmp_path, command):
    out = tmp_path / "out.txt"
    out.write_text("not a folder")
    run = run_cli(audit_args(SAMPLE, out, command), _plain_env(tmp_path), out, timeout=60)
    _one_line_exit_2(run)
    assert "is a file, not a folder" in run.stderr
    assert out.read_text() == "not a folder"


@pytest.mark.parametrize("command", ["run", "portfolio"])
def test_out_that_is_read_only_is_exit_2(tmp_path, command):
    out = tmp_path / "locked"
    out.mkdir()
    os.chmod(out, 0o555)
    try:
        run = run_cli(audit_args(SAMPLE, out / "reports", command), _plain_env(tmp_path), out,
                      timeout=60)  # fmt: skip
    finally:
        os.chmod(out, 0o755)
    _one_line_exit_2(run)
    assert "cannot be written: read-only" in run.stderr
    assert not any(out.iterdir())


@pytest.mark.slow
def test_terminal_escapes_in_input_are_shown_not_obeyed(prefect_env, tmp_path):
    project = copy_project(tmp_path, "hostile")
    events = project / "deforestation_events.csv"
    lines = events.read_text("utf-8").split("\n")
    cells = lines[5].split(",")
    cells[0] = "E-1\x1b]0;owned\x07\x1b[2J"  # sets the window title, clears the screen
    cells[2] = "XX\x1b[8m"  # not a stratum: a finding that prints the (hidden-text) id
    lines[5] = ",".join(cells)
    events.write_text("\n".join(lines), "utf-8")
    out = tmp_path / "out"
    run = run_cli(audit_args(project, out), prefect_env, out)
    assert run.returncode in (1, 2), run.stderr
    printed = run.stdout + run.stderr
    assert "\x1b" not in printed and "\x07" not in printed
    assert "\\x1b" in printed  # the sequence is shown, so the reader sees what the file holds


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == pid:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its exit status waits to be read


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc (Linux)")
def test_kill_9_leaves_no_embedded_server_behind(tmp_path):
    env = dict(_plain_env(tmp_path), REDD_AUDIT_TEST_PAUSE_BEFORE_ASSEMBLE="120")
    out = tmp_path / "out"
    proc = subprocess.Popen(
        [executable("redd-audit"), *audit_args(SAMPLE, out)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        servers: list[int] = []
        while time.monotonic() < deadline and not servers:
            assert proc.poll() is None, "the run ended before it could be killed"
            servers = [p for p in _children(proc.pid)
                       if b"uvicorn" in Path(f"/proc/{p}/cmdline").read_bytes()]  # fmt: skip
            time.sleep(0.5)
        assert servers, "no embedded server started"
        time.sleep(8)  # let the run get going against it
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(p) for p in servers):
        time.sleep(0.2)
    assert not [p for p in servers if _alive(p)], "embedded Prefect server left running"


@pytest.mark.slow
def test_an_output_path_blocked_below_out_is_exit_2(prefect_env, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "VCS-868").write_text("a file where the project's folder goes")
    run = run_cli(audit_args(SAMPLE, out, "validate"), prefect_env, out)
    assert run.returncode == 2, (run.stdout, run.stderr)
    assert "Traceback" not in run.stderr + run.stdout
    assert "cannot write" in run.stderr and "VCS-868" in run.stderr
