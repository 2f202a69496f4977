"""redd_audit.bundle.compare: a re-run's outputs against the original, byte for byte."""

from __future__ import annotations

import shutil
from pathlib import Path

from redd_audit.bundle.compare import compare_outputs
from tests.bundle.synthetic import make_run


def _pair(tmp_path: Path) -> tuple[Path, Path]:
    original = make_run(tmp_path / "original")
    rerun = tmp_path / "rerun"
    shutil.copytree(original, rerun)
    return original, rerun


def test_identical_runs_are_equal(tmp_path: Path) -> None:
    original, rerun = _pair(tmp_path)
    result = compare_outputs(original, rerun)
    assert result.equal
    assert result.compared > 3 and result.excepted == []


def test_differing_missing_and_extra_files(tmp_path: Path) -> None:
    original, rerun = _pair(tmp_path)
    (rerun / "inputs" / "events.csv").write_text("event_id,area_ha\nE1,3\n")
    (rerun / "inputs" / "project.yaml").unlink()
    (rerun / "extra.txt").write_text("x")
    (rerun / "revisions" / "001").mkdir(parents=True)
    (rerun / "revisions" / "001" / "old.txt").write_text("ignored")
    result = compare_outputs(original, rerun)
    assert result.differing == ["inputs/events.csv"]
    assert result.missing == ["inputs/project.yaml"]
    assert result.extra == ["extra.txt"]
    assert not result.equal


def test_timed_files_are_excepted_and_a_missing_bundle_differs(tmp_path: Path) -> None:
    original, rerun = _pair(tmp_path)
    (rerun / "summary.json").write_text("{}")
    (rerun / "bundle.intoto.jsonl").unlink()
    result = compare_outputs(original, rerun, timed=("summary.json",))
    assert result.excepted == ["summary.json"]
    assert result.differing == ["bundle.intoto.jsonl"]
