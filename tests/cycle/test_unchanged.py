"""redd_audit.cycle.unchanged: the fingerprint of a run and "unchanged since revision N"."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from redd_audit.cycle.unchanged import fingerprint_record, run_fingerprint, unchanged_since

BASE = {
    "kind": "audit",
    "project_id": "P",
    "start": dt.date(2021, 1, 1),
    "end": dt.date(2021, 12, 31),
    "inputs": [("project.yaml", "aa"), ("b.csv", "bb")],
    "software_version": "1.0",
    "parameters_version": "2024-01",
    "signing_keyid": None,
    "previous_period": None,
}


def test_fingerprint_ignores_input_order_but_not_content() -> None:
    first = run_fingerprint(**BASE)
    assert len(first) == 64
    assert run_fingerprint(**{**BASE, "inputs": list(reversed(BASE["inputs"]))}) == first
    for key, value in [
        ("inputs", [("project.yaml", "aa"), ("b.csv", "bc")]),
        ("kind", "validate"),
        ("end", dt.date(2021, 12, 30)),
        ("signing_keyid", "key-1"),
        ("previous_period", {"totals": {"vcus": 1}}),
    ]:
        assert run_fingerprint(**{**BASE, key: value}) != first, key


def _folder(tmp_path: Path, *, seed: int = 7, workbook: bool = True) -> Path:
    summary = {
        "fingerprint": fingerprint_record("abc", None),
        "sampling": {"seed": seed},
        "workbook": {"file": "book.xlsx"},
        "revision": {"number": 3},
    }
    (tmp_path / "summary.json").write_text(json.dumps(summary))
    if workbook:
        (tmp_path / "book.xlsx").write_bytes(b"x")
    return tmp_path


def test_same_fingerprint_and_seed_is_unchanged(tmp_path: Path) -> None:
    current = unchanged_since(_folder(tmp_path), "abc", None)
    assert current is not None and current.number == 3 and current.folder == tmp_path
    assert unchanged_since(tmp_path, "abc", 7) is not None


def test_other_fingerprint_seed_or_missing_workbook_is_a_change(tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    assert unchanged_since(folder, "abd", None) is None
    assert unchanged_since(folder, "abc", 8) is None
    (folder / "book.xlsx").unlink()
    assert unchanged_since(folder, "abc", None) is None


def test_no_or_broken_summary(tmp_path: Path) -> None:
    assert unchanged_since(tmp_path, "abc", None) is None
    (tmp_path / "summary.json").write_text("[1, 2")
    assert unchanged_since(tmp_path, "abc", None) is None


def test_mc_seed_repeats_only_the_seed_the_simulation_drew_with(tmp_path: Path) -> None:
    """``--mc-seed`` (contract 7.2.2): equal to summary.json ``simulation.seed`` → unchanged;
    another seed, or a seed given where no simulation ran → a new revision (contract 5.1)."""
    folder = _folder(tmp_path)
    assert unchanged_since(folder, "abc", None, mc_seed=5) is None  # no simulation recorded
    summary = json.loads((folder / "summary.json").read_text("utf-8"))
    summary["simulation"] = {"seed": 5, "seed_source": "cli"}
    (folder / "summary.json").write_text(json.dumps(summary), "utf-8")
    assert unchanged_since(folder, "abc", None, mc_seed=5) is not None
    assert unchanged_since(folder, "abc", None, mc_seed=6) is None
    assert unchanged_since(folder, "abc", None) is not None  # not given: the recorded one stands
