"""The CLI's exit codes for crashed runs and its run address (issue 24 items 1 and 9): a
``CancelledError`` (a ``BaseException``) or a ``Crashed`` state is exit code 3 with one line
naming the run's address, never a traceback and never exit 1."""

from __future__ import annotations

import asyncio

import pytest

from flows import cli
from tests.conftest import SAMPLE

URL = "http://127.0.0.1:4200/runs/flow-run/0000"


def _crashing(exc: BaseException):
    def run_flow(kind, project, s, e, out, options, url):
        url.append(URL)  # the run existed: its address was printed already
        raise exc

    return run_flow


@pytest.mark.parametrize("exc", [asyncio.CancelledError(), cli.RunCrashed("cancelled")])
def test_a_crashed_run_is_exit_3_with_one_line(monkeypatch, capsys, tmp_path, exc):
    monkeypatch.delenv("REDD_AUDIT_DEBUG", raising=False)
    monkeypatch.setattr(cli, "_run_flow", _crashing(exc))
    code = cli._execute(SAMPLE, "2021-01-01", "2022-12-31", tmp_path, kind="run")
    err = capsys.readouterr().err
    assert code == cli.EXIT_INTERNAL == 3
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("redd-audit: the run crashed: ")
    assert URL in lines[0] and "Traceback" not in err


def test_a_crashed_state_is_exit_3(monkeypatch, capsys, tmp_path):
    from prefect.states import Crashed

    def run_flow(kind, project, s, e, out, options, url):
        url.append(URL)
        return Crashed(message="Execution was cancelled by the runtime environment.")

    monkeypatch.setattr(cli, "_run_flow", run_flow)
    code = cli._execute(SAMPLE, "2021-01-01", "2022-12-31", tmp_path, kind="validate")
    err = capsys.readouterr().err
    assert code == 3 and "cancelled by the runtime environment" in err and URL in err
