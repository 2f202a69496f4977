"""A synthetic period folder (contract 4 and 9) built without running the audit: a few files, a
workbook whose contract names hold the totals, summary.json, manifest.json and the bundle."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName

from redd_audit import quantities
from redd_audit.bundle.keys import Signer
from redd_audit.bundle.statement import BUNDLE_FILE, RunRecord, bundle_record, write_bundle
from redd_audit.workbook.sheets.readme_text import CONTRACT_NAMES

WORKBOOK = "P-1_2021-01-01_2022-12-31_verification.xlsx"
TOTALS = {
    "baseline_tco2e": 1000.0, "project_tco2e": 100.0, "project_stock_tco2e": 100.0,
    "leakage_tco2e": 50.0, "ner_tco2e": 850.0, "ner_error_fraction": 0.1,
    "deduction_factor": 0.95, "adjusted_ner_tco2e": 807.5, "buffer_tco2e": 80.75, "vcus": 726,
}  # fmt: skip
RULE_SET = {"id": "vm0007-redd-mf/contract-1", "gwp": {"ch4": 25.0}}


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_workbook(path: Path, values: dict[str, object]) -> None:
    """One sheet; each contract name on its own cell holding a plain value (what a reader with
    data_only=True sees of a cached formula)."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Vintages"
    for row, (name, value) in enumerate(values.items(), start=1):
        sheet.cell(row, 1, name)
        sheet.cell(row, 2, value)
        book.defined_names[name] = DefinedName(name, attr_text=f"Vintages!$B${row}")
    book.save(path)


def write_manifest(folder: Path) -> None:
    outputs = [
        {"file": rel, "sha256": sha(p), "size_bytes": p.stat().st_size}
        for p in sorted(folder.rglob("*"))
        if p.is_file()
        and (rel := p.relative_to(folder).as_posix()) not in ("manifest.json", BUNDLE_FILE)
        and not rel.startswith("revisions/")
    ]
    manifest = {"project_id": "P-1", "software": {"redd-audit": "0.1.0"}, "outputs": outputs}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")


def make_run(
    folder: Path,
    *,
    revision: int = 1,
    reason: str | None = None,
    signer: Signer | None = None,
    events: str = "event_id,area_ha\nE1,2\n",
    cached: dict[str, object] | None = None,
) -> Path:
    """Write one run's outputs into ``folder`` (its ``revisions/`` are left as they are)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "inputs").mkdir(exist_ok=True)
    (folder / "inputs" / "project.yaml").write_text("id: P-1\n", "utf-8")
    (folder / "inputs" / "events.csv").write_text(events, "utf-8")
    names = {q.workbook_name: TOTALS[q.summary_key] for q in quantities.summary_totals()
             if q.workbook_name in CONTRACT_NAMES}  # fmt: skip
    write_workbook(folder / WORKBOOK, {**names, **(cached or {})})
    summary = {
        "project_id": "P-1",
        "period": {"start": "2021-01-01", "end": "2022-12-31"},
        "status": "passed",
        "totals": TOTALS,
        "workbook": {"file": WORKBOOK, "sha256": sha(folder / WORKBOOK)},
        "run_id": "r1",
        "rule_set": RULE_SET,
        "revision": {"number": revision, "reason": reason},
        "sampling": {"seed": 7},
        "bundle": bundle_record(signer),
    }
    (folder / "summary.json").write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    write_manifest(folder)
    record = RunRecord(
        project_id="P-1",
        start="2021-01-01",
        end="2022-12-31",
        run_id="r1",
        revision=revision,
        reason=reason,
        rule_set=RULE_SET,
        evidence_sample_seed=7,
        software={"redd-audit": "0.1.0"},
    )
    write_bundle(folder, record, signer)
    return folder


def next_revision(folder: Path, **options: object) -> Path:
    """Keep the current outputs in ``revisions/<NNN>/`` (as a run does) and write a new run."""
    numbers = sorted(int(p.name) for p in (folder / "revisions").glob("[0-9][0-9][0-9]"))
    current = json.loads((folder / "summary.json").read_text("utf-8"))["revision"]["number"]
    target = folder / "revisions" / f"{current:03d}"
    target.mkdir(parents=True)
    for item in list(folder.iterdir()):
        if item.name != "revisions":
            shutil.move(str(item), target / item.name)
    assert current == max(numbers, default=0) + 1
    return make_run(folder, revision=current + 1, **options)  # type: ignore[arg-type]
