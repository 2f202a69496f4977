"""The audit flow's revisions through the CLI against the session's Prefect server
(contract 5.1): a rerun on unchanged inputs makes no revision and no event; ``validate``
writes to its own ``validation/`` folder and never moves an audit's outputs;
``--force-revision`` makes a revision anyway."""

from __future__ import annotations

import hashlib
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import SAMPLE, audit_args, flow_runs_writing_to, read_flow_run, run_cli
from tests.test_prefect_ops import events_of

pytestmark = pytest.mark.slow


def _files(folder: Path, skip: str | None = None) -> dict[str, str]:
    """SHA-256 of every file below ``folder`` by relative path (``skip``: a subfolder)."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not (skip and p.relative_to(folder).parts[0] == skip)
    }


def _audit_events(out: Path) -> list[object]:
    return [e for e in events_of("redd-audit.audit.", "redd-audit.project.VCS-868")
            if str(e.payload.get("output_dir", "")).startswith(str(out))]  # fmt: skip


def test_unchanged_rerun_validate_and_forced_revision(
    reference_run, prefect_env, prefect_api, tmp_path
):
    out = tmp_path / "out"
    shutil.copytree(reference_run.out_dir, out)  # revision 1, as a run wrote it
    folder = reference_run.period_dir().relative_to(reference_run.out_dir)
    folder = out / folder
    first = _files(folder)

    again = run_cli(audit_args(SAMPLE, out), prefect_env, out)
    assert again.returncode == reference_run.returncode == 0, again.stderr
    assert "unchanged since revision 1" in again.stdout, again.stdout
    assert _files(folder) == first  # no revision, nothing moved or rewritten
    (run,) = flow_runs_writing_to("verification-audit", out)
    state = read_flow_run(run.id).state
    reference_state = read_flow_run(
        flow_runs_writing_to("verification-audit", reference_run.out_dir)[0].id
    ).state
    assert state.name == reference_state.name  # the current revision's outcome
    assert state.message.startswith("unchanged since revision 1; ")
    time.sleep(3)  # events are sent in the background
    assert _audit_events(out) == []  # no new outcome event

    validated = run_cli(audit_args(SAMPLE, out, "validate"), prefect_env, out)
    assert validated.returncode == 0, validated.stderr
    assert _files(folder, skip="validation") == first  # the audit's outputs stay
    own = folder / "validation"
    assert (own / "summary.json").is_file() and list(own.glob("*_data_quality.xlsx"))
    assert f"workbook: {own}" in validated.stdout

    forced = run_cli([*audit_args(SAMPLE, out), "--force-revision"], prefect_env, out)
    assert forced.returncode == 0, forced.stderr
    assert "unchanged since" not in forced.stdout
    kept = _files(folder / "revisions" / "001")
    assert kept == {k: v for k, v in first.items() if not k.startswith("validation/")}
    assert (own / "summary.json").is_file()  # validation/ stays where it is
    assert not (folder / "revisions" / "001" / "validation").exists()
