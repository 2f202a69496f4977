"""manifest.json records how each input was decoded (issue 14: a UTF-8 byte-order mark is
accepted and its presence kept in the provenance)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from redd_audit.outputs import build_manifest
from redd_audit.workbook.context import InputRecord


def _manifest(tmp_path: Path, *records: InputRecord) -> dict:
    (tmp_path / "summary.json").write_text("{}", "utf-8")
    return build_manifest(
        project_id="P-1",
        start=dt.date(2021, 1, 1),
        end=dt.date(2021, 12, 31),
        run_id="r",
        inputs=list(records),
        project_definition={"file": "project.yaml", "sha256": "0" * 64},
        output_dir=tmp_path,
        software={},
        rule_set={},
        parameters_version="v",
        ledger=[],
    )


def test_bom_and_cached_formulas_are_recorded_only_when_present(tmp_path):
    plain = InputRecord("fire_events", "fire_events.csv", "a" * 64, 3, 120)
    bom = InputRecord(
        "deforestation_events", "deforestation_events.csv", "b" * 64, 5, 300, bom=True
    )
    xlsx = InputRecord(
        "claimed_vintages", "claimed_vintages.xlsx", "c" * 64, 2, 900, formula_cells=4
    )
    entries = {e["file"]: e for e in _manifest(tmp_path, plain, bom, xlsx)["inputs"]}
    assert entries["deforestation_events.csv"]["bom"] is True
    assert "bom" not in entries["fire_events.csv"]
    assert "formula_cells" not in entries["fire_events.csv"]
    assert entries["claimed_vintages.xlsx"]["formula_cells"] == 4
    assert entries["fire_events.csv"] == {
        "table": "fire_events",
        "file": "fire_events.csv",
        "sha256": "a" * 64,
        "rows": 3,
        "size_bytes": 120,
    }
