"""Class 3 of issue 21: option and command domains. Seeds out of range or not integers,
malformed or dangerous webhook URLs, ``watch`` on a missing folder or with an unreachable server,
``verify`` and ``carry-forward`` on folders and workbooks that are not theirs or are damaged:
exit 2 (``verify``: 1 for a failed check) with one line, never a traceback or exit 3."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from flows.cli import app
from tests.conftest import executable

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "raw" / "vcs-868"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def _invoke(runner: CliRunner, args: list[str], env: dict[str, str] | None = None):
    result = runner.invoke(app, args, env=env or {})
    text = result.output
    assert "Traceback" not in text, text
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.mark.parametrize("seed", ["-1", "1.5", "9223372036854775808", "1e20", "0x10", "", "nan"])
def test_sample_seed_out_of_domain_is_refused(runner: CliRunner, tmp_path: Path, seed: str) -> None:
    result = _invoke(
        runner,
        ["run", "--project", str(SAMPLE), "--start", "2021-01-01", "--end", "2022-12-31",
         "--out", str(tmp_path / "out"), "--sample-seed", seed],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert "--sample-seed" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "http://",
        "https:///path-only",
        "http://exa mple.org/hook",
        "https://example.org:99999/hook",
        "https://exa\u202emple.org/hook",
        "HTTP://",
        "ftp://example.org/hook",
        "https://[::1/hook",
    ],
)
def test_malformed_or_dangerous_webhook_url_is_refused_without_a_server(
    runner: CliRunner, url: str
) -> None:
    result = _invoke(runner, ["automations", "apply", "--webhook-url", url], env={})
    assert result.exit_code == 2, result.output
    assert "--webhook-url" in result.output
    assert "\u202e" not in result.output and "secret" not in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_a_good_webhook_url_passes_the_check() -> None:
    from flows.automations import check_webhook_url

    assert check_webhook_url(" https://hooks.example.org:8443/a?b=c ") == (
        "https://hooks.example.org:8443/a?b=c"
    )


def test_watch_on_a_missing_folder_is_refused_naming_it(runner: CliRunner, tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    for args in (["watch", "--project", str(missing)], ["watch", "--root", str(missing)]):
        result = _invoke(runner, args)
        assert result.exit_code == 2, result.output
        assert "nope" in result.output and "not a folder" in result.output


def test_unreachable_server_is_exit_2_quickly(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(
        PREFECT_HOME=str(tmp_path / "home"),
        PREFECT_API_URL="http://127.0.0.1:9/api",
        PREFECT_CLIENT_MAX_RETRIES="0",
    )
    started = time.perf_counter()
    done = subprocess.run(
        [executable("redd-audit"), "watch", "--project", str(SAMPLE)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "127.0.0.1:9" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert time.perf_counter() - started < 60


@pytest.mark.parametrize("case", ["empty", "garbage-manifest", "list-manifest", "file"])
def test_verify_on_a_folder_that_is_not_a_period_folder(
    runner: CliRunner, tmp_path: Path, case: str
) -> None:
    folder = tmp_path / "period"
    folder.mkdir()
    if case == "garbage-manifest":
        (folder / "manifest.json").write_bytes(b"\x00\xffnot json")
        (folder / "bundle.intoto.jsonl").write_text("{broken", "utf-8")
    elif case == "list-manifest":
        (folder / "manifest.json").write_text(json.dumps([1, 2, 3]), "utf-8")
        (folder / "summary.json").write_text(json.dumps({"files": "x"}), "utf-8")
        (folder / "bundle.intoto.jsonl").write_text(json.dumps({"payload": 5}), "utf-8")
    elif case == "file":
        folder = tmp_path / "a-file"
        folder.write_text("x", "utf-8")
    result = _invoke(runner, ["verify", str(folder), "--allow-unsigned"])
    assert result.exit_code in (1, 2), result.output


def _workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


@pytest.mark.parametrize("case", ["missing", "not-zip", "truncated", "foreign", "folder"])
def test_carry_forward_refuses_what_is_not_its_workbook(
    runner: CliRunner, tmp_path: Path, case: str
) -> None:
    project = tmp_path / "project"
    shutil.copytree(SAMPLE, project)
    before = {p.name: p.read_bytes() for p in project.iterdir()}
    book = tmp_path / "book.xlsx"
    if case == "not-zip":
        book.write_text("not a workbook", "utf-8")
    elif case == "truncated":
        _workbook(book, {"README": [["x"]]})
        book.write_bytes(book.read_bytes()[:300])
    elif case == "foreign":
        _workbook(book, {"README": [["Project", "VCS-868"]], "Evidence sample": [["a"]]})
    elif case == "folder":
        book.mkdir()
    result = _invoke(runner, ["carry-forward", "--from", str(book), "--project", str(project)])
    assert result.exit_code == 2, result.output
    assert len(result.output.strip().splitlines()) == 1
    assert {p.name: p.read_bytes() for p in project.iterdir()} == before


def test_portfolio_with_a_missing_project_folder_is_refused_before_dask(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = _invoke(
        runner,
        ["portfolio", "--project", str(SAMPLE), "--project", str(tmp_path / "gone"),
         "--start", "2021-01-01", "--end", "2021-12-31", "--out", str(tmp_path / "out")],
    )  # fmt: skip
    assert result.exit_code == 2 and "gone" in result.output and "not found" in result.output
    assert not (tmp_path / "out").exists()
