"""A rerun on unchanged inputs and settings repeats the current revision (contract 5.1):
the fingerprint, and when a folder's outputs count as the current revision."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from redd_audit.cycle.unchanged import fingerprint_record, run_fingerprint, unchanged_since

START, END = dt.date(2021, 1, 1), dt.date(2022, 12, 31)
BASE = {
    "kind": "run",
    "project_id": "P-1",
    "start": START,
    "end": END,
    "inputs": [("project.yaml", "a" * 64), ("deforestation_events.csv", "b" * 64)],
    "software_version": "1.0",
    "parameters_version": "2026-01",
    "signing_keyid": None,
    "previous_period": None,
}


def _fingerprint(**changes: object) -> str:
    return run_fingerprint(**{**BASE, **changes})  # type: ignore[arg-type]


def test_the_fingerprint_follows_inputs_settings_and_the_signing_key():
    same = _fingerprint()
    assert _fingerprint(inputs=list(reversed(BASE["inputs"]))) == same  # order does not count
    for change in (
        {"inputs": [("project.yaml", "c" * 64), ("deforestation_events.csv", "b" * 64)]},
        {"kind": "validate"},
        {"end": dt.date(2022, 12, 30)},
        {"software_version": "1.1"},
        {"parameters_version": "2026-02"},
        {"signing_keyid": "key-1"},  # signed vs unsigned
        {"previous_period": {"status": "passed"}},
    ):
        assert _fingerprint(**change) != same, change
    assert _fingerprint(signing_keyid="key-1") != _fingerprint(signing_keyid="key-2")


def _outputs(folder: Path, sha: str, *, seed: int | None = None, number: int = 3) -> None:
    folder.mkdir(parents=True)
    (folder / "book.xlsx").write_bytes(b"x")
    summary = {
        "workbook": {"file": "book.xlsx"},
        "revision": {"number": number},
        "fingerprint": fingerprint_record(sha, None),
        **({"sampling": {"seed": seed}} if seed is not None else {}),
    }
    (folder / "summary.json").write_text(json.dumps(summary), "utf-8")


def test_unchanged_since_names_the_current_revision(tmp_path):
    sha = _fingerprint()
    _outputs(tmp_path / "f", sha, seed=7)
    current = unchanged_since(tmp_path / "f", sha, None)
    assert current is not None and current.number == 3 and current.folder == tmp_path / "f"
    assert unchanged_since(tmp_path / "f", sha, 7) is not None  # the seed it drew with
    assert unchanged_since(tmp_path / "f", sha, 8) is None  # another seed: a new revision
    assert unchanged_since(tmp_path / "f", _fingerprint(signing_keyid="k"), None) is None


def test_no_current_revision_without_complete_outputs(tmp_path):
    sha = _fingerprint()
    assert unchanged_since(tmp_path / "missing", sha, None) is None
    _outputs(tmp_path / "f", sha)
    (tmp_path / "f" / "book.xlsx").unlink()  # the workbook is gone: write it again
    assert unchanged_since(tmp_path / "f", sha, None) is None
    legacy = tmp_path / "legacy"  # written before fingerprints existed
    _outputs(legacy, sha)
    summary = json.loads((legacy / "summary.json").read_text("utf-8"))
    del summary["fingerprint"]
    (legacy / "summary.json").write_text(json.dumps(summary), "utf-8")
    assert unchanged_since(legacy, sha, None) is None
