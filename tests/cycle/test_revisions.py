"""redd_audit.cycle.revisions: earlier outputs kept in revisions/NNN, and the changes."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from redd_audit.cycle.revisions import (
    FIGURE_QUANTITIES,
    carry_revisions,
    existing_numbers,
    figure_changes,
    holds_outputs,
    input_changes,
    next_revision_number,
    revision_folder_name,
    revision_record,
)


def _outputs(folder: Path, number: int | None) -> bytes:
    folder.mkdir(parents=True, exist_ok=True)
    summary = {"revision": {"number": number}} if number else {"old": True}
    data = json.dumps(summary).encode()
    (folder / "summary.json").write_bytes(data)
    (folder / "workbook").mkdir(exist_ok=True)
    (folder / "workbook" / "book.xlsx").write_bytes(b"xlsx")
    return data


def test_folder_names_and_numbers(tmp_path: Path) -> None:
    assert revision_folder_name(1) == "001" and revision_folder_name(1234) == "1234"
    for name in ("001", "003", "xyz", "02"):
        (tmp_path / "revisions" / name).mkdir(parents=True)
    assert existing_numbers(tmp_path) == [1, 3]
    assert existing_numbers(tmp_path / "absent") == []


def test_holds_outputs_ignores_revisions_validation_and_hidden(tmp_path: Path) -> None:
    for name in ("revisions", "validation", ".staging"):
        (tmp_path / name).mkdir()
    assert not holds_outputs(tmp_path)
    (tmp_path / "summary.json").write_text("{}")
    assert holds_outputs(tmp_path)


def test_carry_moves_outputs_under_their_recorded_number(tmp_path: Path) -> None:
    final, staging = tmp_path / "final", tmp_path / "staging"
    data = _outputs(final, 2)
    (final / "revisions" / "001").mkdir(parents=True)
    (final / "revisions" / "001" / "summary.json").write_text("{}")
    (final / "validation").mkdir()
    staging.mkdir()
    archived = carry_revisions(final, staging, "summary.json")
    assert archived.number == 2
    assert archived.summary == {"revision": {"number": 2}}
    assert archived.summary_sha256 == hashlib.sha256(data).hexdigest()
    assert (staging / "revisions" / "002" / "workbook" / "book.xlsx").read_bytes() == b"xlsx"
    assert (staging / "revisions" / "001" / "summary.json").exists()
    assert (staging / "validation").is_dir()
    assert not (staging / "revisions" / "002" / "validation").exists()
    assert (final / "summary.json").exists()  # the final folder is not touched
    assert next_revision_number(final, archived) == 3


def test_outputs_without_a_number_take_the_next_free_one(tmp_path: Path) -> None:
    final, staging = tmp_path / "final", tmp_path / "staging"
    _outputs(final, None)
    (final / "revisions" / "004").mkdir(parents=True)
    staging.mkdir()
    assert carry_revisions(final, staging, "summary.json").number == 5


def test_nothing_to_carry(tmp_path: Path) -> None:
    assert carry_revisions(tmp_path / "absent", tmp_path, "summary.json") is None
    assert next_revision_number(tmp_path / "absent", None) == 1


def test_input_changes() -> None:
    previous = [{"file": "a.csv", "sha256": "1"}, {"file": "b.csv", "sha256": "2"}]
    current = [{"file": "a.csv", "sha256": "1"}, {"file": "c.csv", "sha256": "3"}]
    assert input_changes(previous, current) == [
        {"file": "c.csv", "previous_sha256": None, "sha256": "3"},
        {"file": "b.csv", "previous_sha256": "2", "sha256": None},
    ]


def test_figure_changes_sum_to_the_total_difference() -> None:
    before = [{"vintage": 2021, "vcus": 100, "baseline_tco2e": 1000.0}]
    after = [
        {"vintage": 2021, "vcus": 90, "baseline_tco2e": 1000.0},
        {"vintage": 2022, "vcus": 50, "baseline_tco2e": 500.0},
    ]
    changes = figure_changes(before, after)
    assert len(changes) == 2 * len(FIGURE_QUANTITIES)
    vcus = [c for c in changes if c["quantity"] == "vcus"]
    assert [(c["previous"], c["current"], c["difference"]) for c in vcus] == [
        (100, 90, -10),
        (0, 50, 50),  # a new vintage counts from 0
    ]
    leakage = [c for c in changes if c["quantity"] == "leakage_tco2e"]
    assert all(c["difference"] is None for c in leakage if c["vintage"] == 2021)


def test_first_revision_record() -> None:
    record = revision_record(
        number=1, reason=None, archived=None, inputs=[], figures=[], records=[]
    )
    assert record == {
        "number": 1,
        "reason": None,
        "previous": None,
        "changes": {"inputs": [], "figures": [], "records": []},
    }
