"""The embedded Prefect server of a CLI run, tied to the CLI process's life.

Without ``PREFECT_API_URL`` Prefect starts a temporary server in a subprocess and stops it at
exit (``atexit``). A ``kill -9`` of the CLI skips that, and the server stays behind as an
orphan. So the CLI starts the same server itself (uvicorn with Prefect's app factory, UI off,
on a free loopback port) and asks the Linux kernel to kill it when the CLI dies
(``prctl(PR_SET_PDEATHSIG, SIGKILL)``; the database is SQLite, which survives that). The
server stays in the CLI's process group, so a terminal's Ctrl-C reaches it too. On systems
without prctl (not Linux) it is stopped on every exit except a SIGKILL of the CLI.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

PR_SET_PDEATHSIG = 1


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _die_with_parent(parent_pid: int) -> None:
    """Runs in the child between fork and exec: SIGKILL when the parent thread dies."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        os._exit(1)


def server_command(port: int) -> list[str]:
    import prefect

    return [
        sys.executable, "-m", "uvicorn",
        "--app-dir", str(Path(prefect.__file__).parent.parent),
        "--factory", "prefect.server.api.server:create_app",
        "--host", "127.0.0.1", "--port", str(port),
        "--log-level", "error", "--lifespan", "on",
    ]  # fmt: skip


def _server_env() -> dict[str, str]:
    from prefect.settings import get_current_settings

    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(get_current_settings().to_environment_variables(exclude_unset=True))
    env.pop("PREFECT_API_URL", None)
    env.update(PREFECT_UI_ENABLED="0", PREFECT__SERVER_EPHEMERAL="1", PREFECT__SERVER_FINAL="1")
    return env


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], timeout: float) -> bool:
    import httpx

    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=2) as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                return False
            with contextlib.suppress(httpx.HTTPError):
                if client.get(f"{url}/health").status_code == 200:
                    return True
            time.sleep(0.2)
    return False


def api_configured() -> bool:
    """True when the user points Prefect at a server (env, prefect.toml or profile)."""
    from prefect.settings import get_current_settings

    return bool(get_current_settings().api.url)


@contextlib.contextmanager
def embedded_server(timeout: float | None = None) -> Iterator[str]:
    """Start the server, point this process (and its children) at it, stop it on exit."""
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
        temporary_settings,
    )

    timeout = timeout or float(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())
    parent = os.getpid()
    with tempfile.TemporaryFile() as log:
        for _attempt in range(3):  # a port taken between choosing and binding: try another
            port = _free_port()
            proc = subprocess.Popen(
                server_command(port),
                env=_server_env(),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                preexec_fn=lambda: _die_with_parent(parent),
            )
            url = f"http://127.0.0.1:{port}/api"
            if _wait_healthy(url, proc, timeout):
                break
            _stop(proc)
        else:
            log.seek(0)
            tail = log.read()[-2000:].decode("utf-8", "replace")
            raise RuntimeError(f"the embedded Prefect server did not start: {tail}")
        previous = os.environ.get("PREFECT_API_URL")
        os.environ["PREFECT_API_URL"] = url  # Dask workers and other children inherit it
        try:
            with temporary_settings(updates={PREFECT_API_URL: url}):
                yield url
        finally:
            if previous is None:
                os.environ.pop("PREFECT_API_URL", None)
            else:
                os.environ["PREFECT_API_URL"] = previous
            _flush_events()
            _stop(proc)


def _flush_events() -> None:
    """Send the events and run logs still queued before the server stops."""
    with contextlib.suppress(Exception):
        from prefect.events.worker import EventsWorker
        from prefect.logging.handlers import APILogWorker

        EventsWorker.drain_all(timeout=10)
        APILogWorker.drain_all(timeout=10)


def _stop(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
