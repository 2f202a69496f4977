"""redd_audit.cycle.changes: what changed since the previous revision."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from redd_audit.cycle.changes import (
    previous_inputs,
    previous_tables,
    record_changes,
    revision_changes,
)
from redd_audit.cycle.revisions import ArchivedRevision
from redd_audit.tables.read import read_table
from redd_audit.tables.schemas import SCHEMAS
from tests.mirror_support import project

OLD = b"zone,stratum_id,year,area_ha\nproject_area,S1,2021,10\nproject_area,S1,2022,5\n"
NEW = b"zone,stratum_id,year,area_ha\nproject_area,S1,2021,12\nproject_area,S1,2023,5\n"


def _archived(tmp_path: Path, *, snapshot: bool = True) -> ArchivedRevision:
    folder = tmp_path / "revisions" / "001"
    folder.mkdir(parents=True)
    if snapshot:
        (folder / "inputs").mkdir()
        (folder / "inputs" / "baseline_exante.csv").write_bytes(OLD)
    manifest = {
        "inputs": [
            {
                "table": "baseline_exante",
                "file": "baseline_exante.csv",
                "sha256": hashlib.sha256(OLD).hexdigest(),
            }
        ]
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))
    summary = {
        "inputs": [{"file": "baseline_exante.csv", "sha256": hashlib.sha256(OLD).hexdigest()}],
        "project_definition": {"sha256": "p1"},
        "vintages": [{"vintage": 2021, "vcus": 10}],
    }
    return ArchivedRevision(1, folder, summary, "s1")


def _current(tmp_path: Path, data: bytes):
    folder = tmp_path / "project"
    folder.mkdir(exist_ok=True)
    (folder / "baseline_exante.csv").write_bytes(data)
    return {"baseline_exante": read_table(folder, project(), SCHEMAS["baseline_exante"])}


def test_previous_inputs_and_tables(tmp_path: Path) -> None:
    archived = _archived(tmp_path)
    assert [i["file"] for i in previous_inputs(archived)] == ["project.yaml", "baseline_exante.csv"]
    assert previous_tables(archived)["baseline_exante"]["file"] == "baseline_exante.csv"
    (archived.folder / "manifest.json").write_text("not json")
    assert previous_tables(archived) == {}


def test_changed_records_from_the_snapshot(tmp_path: Path) -> None:
    records, notes = record_changes(_archived(tmp_path), _current(tmp_path, NEW), project())
    assert notes == []
    assert [(r["record"], r["change"]) for r in records] == [
        ("zone=project_area, stratum_id=S1, year=2021", "changed"),
        ("zone=project_area, stratum_id=S1, year=2023", "added"),
        ("zone=project_area, stratum_id=S1, year=2022", "removed"),
    ]
    assert records[0]["old"] == {"area_ha": 10.0} and records[0]["new"] == {"area_ha": 12.0}


def test_unchanged_file_is_not_compared(tmp_path: Path) -> None:
    records, notes = record_changes(_archived(tmp_path), _current(tmp_path, OLD), project())
    assert (records, notes) == ([], [])


def test_no_snapshot_is_noted(tmp_path: Path) -> None:
    archived = _archived(tmp_path, snapshot=False)
    records, notes = record_changes(archived, _current(tmp_path, NEW), project())
    assert records == [] and notes == [
        "baseline_exante: the previous revision kept no input snapshot"
    ]


def test_revision_changes(tmp_path: Path) -> None:
    tables = _current(tmp_path, NEW)
    empty, notes = revision_changes(
        None, current_inputs=[], current_vintages=[], tables=tables, project=project()
    )
    assert empty == {"inputs": [], "figures": [], "records": []} and notes == []
    changes, _ = revision_changes(
        _archived(tmp_path),
        current_inputs=[
            {"file": "baseline_exante.csv", "sha256": tables["baseline_exante"].sha256}
        ],
        current_vintages=[{"vintage": 2021, "vcus": 12}],
        tables=tables,
        project=project(),
    )
    assert [c["file"] for c in changes["inputs"]] == ["baseline_exante.csv", "project.yaml"]
    vcus = [f for f in changes["figures"] if f["quantity"] == "vcus"]
    assert vcus == [
        {"vintage": 2021, "quantity": "vcus", "previous": 10, "current": 12, "difference": 2}
    ]
    assert len(changes["records"]) == 3
