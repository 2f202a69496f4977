"""redd_audit.cycle.snapshot: byte copies of the inputs under inputs/."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from redd_audit.cycle.snapshot import SnapshotSource, snapshot_path, write_snapshot
from redd_audit.errors import InputError


def test_snapshot_path() -> None:
    assert snapshot_path("tables/a.csv") == "inputs/tables/a.csv"
    for bad in ("/etc/passwd", "../a.csv", "a/../../b.csv", ""):
        with pytest.raises(InputError, match="lies outside the project folder"):
            snapshot_path(bad)


def test_copies_are_byte_identical_and_listed(tmp_path: Path) -> None:
    project, out = tmp_path / "p", tmp_path / "out"
    (project / "sub").mkdir(parents=True)
    data = b"\xef\xbb\xbfzone\r\nproject_area\r\n"
    (project / "sub" / "a.csv").write_bytes(data)
    (project / "project.yaml").write_bytes(b"id: P\n")
    sources = [
        SnapshotSource("baseline_exante", "sub/a.csv", hashlib.sha256(data).hexdigest()),
        SnapshotSource(None, "project.yaml", hashlib.sha256(b"id: P\n").hexdigest()),
    ]
    listed = write_snapshot(project, sources, out)
    assert (out / "inputs" / "sub" / "a.csv").read_bytes() == data
    assert listed[0] == {
        "table": "baseline_exante",
        "file": "sub/a.csv",
        "snapshot": "inputs/sub/a.csv",
        "sha256": hashlib.sha256(data).hexdigest(),
        "size_bytes": len(data),
    }
    assert listed[1]["table"] is None


def test_a_file_changed_since_reading_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_bytes(b"new")
    source = SnapshotSource("t", "a.csv", hashlib.sha256(b"old").hexdigest())
    with pytest.raises(InputError, match="the file changed while the run was using it") as info:
        write_snapshot(tmp_path, [source], tmp_path / "out")
    assert info.value.file == "a.csv"
