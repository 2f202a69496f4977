"""Where assemble writes (contract 5.1): a validate run into the period folder's own
``validation/`` folder; an audit's revision keeps that folder where it is and out of its
manifest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from redd_audit.cycle.revisions import carry_revisions, holds_outputs
from redd_audit.outputs import build_manifest, run_dir

START, END = dt.date(2021, 1, 1), dt.date(2022, 12, 31)


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def test_validate_writes_to_its_own_folder(tmp_path):
    assert run_dir(tmp_path, "P-1", START, END, "run") == tmp_path / "P-1" / "2021-01-01_2022-12-31"
    assert run_dir(tmp_path, "P-1", START, END, "validate") == (
        tmp_path / "P-1" / "2021-01-01_2022-12-31" / "validation"
    )


def test_an_audit_revision_leaves_the_validation_folder_in_place(tmp_path):
    final, staging = tmp_path / "period", tmp_path / "staging"
    staging.mkdir()
    (tmp_path / "first").mkdir()
    _write(final / "validation" / "summary.json", "validate")
    _write(final / "validation" / "revisions" / "001" / "summary.json", "validate 1")
    _write(final / ".validation.staging-1" / "x", "abandoned")
    assert not holds_outputs(final)  # only a validate run's folder: no audit outputs yet
    assert carry_revisions(final, tmp_path / "first", "summary.json") is None

    _write(final / "summary.json", '{"revision": {"number": 1}}')
    _write(final / "book.xlsx", "audit")
    archived = carry_revisions(final, staging, "summary.json")
    assert archived is not None and archived.number == 1
    kept = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*") if p.is_file())
    assert kept == [
        "revisions/001/book.xlsx",
        "revisions/001/summary.json",
        "validation/revisions/001/summary.json",
        "validation/summary.json",
    ]
    _write(staging / "summary.json", "new")
    manifest = build_manifest(
        project_id="P-1", start=START, end=END, run_id="r", inputs=[],
        project_definition={"file": "project.yaml", "sha256": "a"}, output_dir=staging,
        software={}, rule_set={}, parameters_version="v", ledger=[],
    )  # fmt: skip
    assert [o["file"] for o in manifest["outputs"]] == ["summary.json"]
