"""redd_audit.deduct.outputs: the three files of ``redd-audit deduct`` and their manifest."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path

import pytest

from redd_audit.deduct.options import DeductOptions
from redd_audit.deduct.outputs import run_deduct, software_versions
from tests.deduct.tables import draws, write_csv


def test_software_versions_name_the_packages() -> None:
    versions = software_versions()
    assert {"redd-audit", "python", "numpy", "openpyxl"} <= set(versions)


def test_outputs_and_manifest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01T00:00:00Z
    source = write_csv(tmp_path / "d.csv", draws(30), bom=True)
    run = run_deduct(source, DeductOptions(rule="fcpf"), tmp_path / "out")
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    assert run.folder == tmp_path / "out" / "deduct" / digest[:12]
    manifest = json.loads((run.folder / "manifest.json").read_text())
    assert manifest["command"] == "deduct" and manifest["rule"] == "fcpf"
    assert manifest["inputs"] == [
        {"file": "d.csv", "sha256": digest, "rows": 30, "size_bytes": source.stat().st_size,
         "bom": True}
    ]  # fmt: skip
    for entry in manifest["outputs"]:
        data = (run.folder / entry["file"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
    summary = json.loads((run.folder / "deduction.json").read_text())
    assert summary == json.loads(json.dumps(run.summary, default=str).replace("NaN", "null"))
    assert "NaN" not in (run.folder / "deduction.json").read_text()
    from openpyxl import load_workbook

    created = load_workbook(run.folder / "deduction.xlsx").properties.created
    assert created == dt.datetime(2026, 1, 1)
