"""The run's outputs (contract.md section 4): folder layout, summary.json, manifest.json, and
atomic publication (a run writes into a staging folder that replaces the final one only when
everything is written; on failure nothing is left behind)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from redd_audit.findings import Finding
from redd_audit.ledger import FileLedger
from redd_audit.methodology.engine import Recomputation
from redd_audit.workbook.context import InputRecord

SUMMARY_FILE = "summary.json"
MANIFEST_FILE = "manifest.json"
DATA_DOCS_DIR = "data_docs"
REVISIONS_DIR = "revisions"
VALIDATION_DIR = "validation"


def period_dir(out_dir: Path, project_id: str, start: dt.date, end: dt.date) -> Path:
    """``<out>/<project-id>/<start>_<end>/``."""
    return out_dir / project_id / f"{start.isoformat()}_{end.isoformat()}"


def run_dir(out_dir: Path, project_id: str, start: dt.date, end: dt.date, kind: str) -> Path:
    """Where a run of ``kind`` writes: the period folder for ``run``, its ``validation/``
    folder for ``validate`` (contract 5.1: a validate run never moves an audit's outputs)."""
    folder = period_dir(out_dir, project_id, start, end)
    return folder / VALIDATION_DIR if kind == "validate" else folder


def workbook_name(project_id: str, start: dt.date, end: dt.date, *, passed: bool) -> str:
    kind = "verification" if passed else "data_quality"
    return f"{project_id}_{start.isoformat()}_{end.isoformat()}_{kind}.xlsx"


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sha256_path(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def run_identifier(
    project_id: str, start: dt.date, end: dt.date, input_hashes: list[str], code_version: str
) -> str:
    """A deterministic run id: the same inputs, period and code give the same id."""
    text = "|".join(
        [project_id, start.isoformat(), end.isoformat(), code_version, *sorted(input_hashes)]
    )
    return sha256_bytes(text.encode("utf-8"))[:16]


@contextmanager
def staged_output(final_dir: Path) -> Iterator[Path]:
    """Yield a staging folder beside ``final_dir``; publish it atomically on success.

    On an exception the staging folder is removed and ``final_dir`` is left as it was.
    """
    final_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(final_dir)
    staging = final_dir.parent / f".{final_dir.name}.staging-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    previous = final_dir.parent / f".{final_dir.name}.previous-{os.getpid()}"
    if final_dir.exists():
        final_dir.rename(previous)
    staging.rename(final_dir)
    if previous.exists():
        shutil.rmtree(previous, ignore_errors=True)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _remove_abandoned(final_dir: Path) -> None:
    """Remove staging folders left by runs that were killed (their process no longer exists)."""
    for pattern in (f".{final_dir.name}.staging-*", f".{final_dir.name}.previous-*"):
        for folder in final_dir.parent.glob(pattern):
            pid_text = folder.name.rsplit("-", 1)[-1]
            if (
                pid_text.isdigit()
                and int(pid_text) != os.getpid()
                and not _pid_alive(int(pid_text))
            ):
                shutil.rmtree(folder, ignore_errors=True)


def previous_period_summary(
    out_dir: Path, project_id: str, start: dt.date
) -> dict[str, object] | None:
    """summary.json of the latest earlier period of the same project in ``out_dir`` (if any)."""
    root = out_dir / project_id
    if not root.is_dir():
        return None
    candidates = []
    for child in root.iterdir():
        if child.name.startswith(".") or not child.is_dir():
            continue
        try:
            s, e = (dt.date.fromisoformat(p) for p in child.name.split("_", 1))
        except ValueError:
            continue
        summary = child / SUMMARY_FILE
        if e < start and summary.is_file():
            candidates.append((e, s, summary))
    if not candidates:
        return None
    try:
        data = json.loads(max(candidates)[2].read_text("utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) and data.get("status") == "passed" else None


def _clean(value: object) -> object:
    if isinstance(value, float):
        return value if value == value and value not in (float("inf"), float("-inf")) else None
    if hasattr(value, "item"):
        return _clean(value.item())  # numpy scalars
    return value


def _clean_tree(value: object) -> object:
    """:func:`_clean` applied through nested dicts and lists."""
    if isinstance(value, dict):
        return {k: _clean_tree(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean_tree(v) for v in value]
    return _clean(value)


def build_summary(
    *,
    project_id: str,
    start: dt.date,
    end: dt.date,
    status: str,
    recomputation: Recomputation | None,
    findings: list[Finding],
    ledger: list[FileLedger],
    inputs: list[InputRecord],
    project_definition: dict[str, str],
    workbook: dict[str, str],
    rule_set: dict[str, object],
    run_id: str,
    evidence: list[dict[str, str]],
    sampling: dict[str, object] | None = None,
    accuracy: dict[str, object] | None = None,
    revision: dict[str, object] | None = None,
    materiality: list[dict[str, object]] | None = None,
    cumulative: dict[str, object] | None = None,
    verification: dict[str, object] | None = None,
    buffer_basis: dict[str, object] | None = None,
    simulation: dict[str, object] | None = None,
    deduction: dict[str, object] | None = None,
    sensitivity: list[dict[str, object]] | None = None,
) -> dict[str, object]:
    """The contract's summary.json (section 4), with extra keys after the contract's ones.

    ``revision`` (contract 5.1), ``materiality`` (5.2), ``cumulative`` (5.3), ``verification``
    (5.4), ``sampling`` (5.5), ``accuracy`` (5.6), ``buffer_basis`` (7.4) and ``simulation``,
    ``deduction``, ``sensitivity`` (7.5.1) are added when given.
    """
    passed = status == "passed" and recomputation is not None
    errors = sum(1 for f in findings if f.severity == "error")
    infos = sum(1 for f in findings if f.severity == "info")
    summary: dict[str, object] = {
        "project_id": project_id,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "status": status,
        "totals": (
            {k: _clean(v) for k, v in recomputation.totals.items()}
            if passed and recomputation
            else None
        ),
        "vintages": (
            [{k: _clean(v) for k, v in f.summary_dict().items()} for f in recomputation.vintages]
            if passed and recomputation
            else []
        ),
        "quality": {
            "errors": errors,
            "warnings": len(findings) - errors - infos,
            "infos": infos,
            "findings": [{k: _clean(v) for k, v in f.to_dict().items()} for f in findings],
        },
        "reconciliation": (
            [
                {k: _clean(v) for k, v in line.to_dict().items()}
                for line in recomputation.reconciliation
            ]
            if passed and recomputation
            else []
        ),
        "inputs": [{"file": i.file, "sha256": i.sha256, "rows": i.rows} for i in inputs],
        "workbook": workbook,
        "run_id": run_id,
        "project_definition": project_definition,
        "rule_set": rule_set,
        "rows": [entry.to_dict() for entry in ledger],
        "evidence": evidence,
    }
    if passed and recomputation is not None:
        u = recomputation.uncertainty
        summary["uncertainty"] = {
            "baseline_fraction": u.baseline_fraction,
            "baseline_fraction_source": u.baseline_fraction_source,
            "project_fraction": u.project_fraction,
            "project_fraction_source": u.project_fraction_source,
            "allowable_fraction": u.allowable_fraction,
        }
        if recomputation.accuracy is not None:
            summary["map_accuracy"] = {
                "overall_accuracy_fraction": recomputation.accuracy.overall_accuracy,
                "overall_accuracy_ci95": recomputation.accuracy.overall_accuracy_ci95,
            }
        summary["reconciliation_material"] = sum(
            1 for r in recomputation.reconciliation if r.material
        )
    for key, value in (
        ("revision", revision),
        ("materiality", materiality),
        ("cumulative", cumulative),
        ("verification", verification),
        ("buffer_basis", buffer_basis),
        ("simulation", simulation),
        ("deduction", deduction),
        ("sensitivity", sensitivity),
    ):
        if value is not None:
            summary[key] = _clean_tree(value)
    if sampling is not None:
        summary["sampling"] = sampling
    if accuracy is not None:
        summary["accuracy"] = accuracy
    return summary


def write_json(path: Path, data: object) -> None:
    """Deterministic JSON: UTF-8, 2-space indent, newline at the end."""
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _manifest_input(record: InputRecord) -> dict[str, object]:
    """One input of the manifest; how it was decoded is part of its provenance (issue 14).

    ``bom`` is recorded when a CSV/GeoJSON began with a UTF-8 byte-order mark (accepted and
    removed before reading), ``formula_cells`` when an XLSX was read from cached formula values.
    """
    entry: dict[str, object] = {
        "table": record.table,
        "file": record.file,
        "sha256": record.sha256,
        "rows": record.rows,
        "size_bytes": record.size_bytes,
    }
    if record.bom:
        entry["bom"] = True
    if record.formula_cells:
        entry["formula_cells"] = record.formula_cells
    return entry


def build_manifest(
    *,
    project_id: str,
    start: dt.date,
    end: dt.date,
    run_id: str,
    inputs: list[InputRecord],
    project_definition: dict[str, str],
    output_dir: Path,
    software: dict[str, str],
    rule_set: dict[str, object],
    parameters_version: str,
    ledger: list[FileLedger],
    snapshot: list[dict[str, object]] | None = None,
    simulation: dict[str, object] | None = None,
) -> dict[str, object]:
    """manifest.json: SHA-256 of every input and output, software and rule-set versions.

    ``simulation``: the seed, versions and draws hashes of a simulated period (contract 7.5.1).

    ``snapshot`` lists the byte copies of the inputs kept in the output folder (contract 5.1).
    Earlier revisions (``revisions/``) and a validate run's folder (``validation/``) are not
    outputs of this run: each has its own manifest.
    """
    outputs = []
    for path in sorted(p for p in output_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(output_dir).as_posix()
        if rel == MANIFEST_FILE or rel.startswith((REVISIONS_DIR + "/", VALIDATION_DIR + "/")):
            continue
        outputs.append(
            {"file": rel, "sha256": sha256_path(path), "size_bytes": path.stat().st_size}
        )
    return {
        "project_id": project_id,
        "period": {"start": start.isoformat(), "end": end.isoformat()},
        "run_id": run_id,
        "inputs": [
            {
                "file": project_definition["file"],
                "sha256": project_definition["sha256"],
                "rows": None,
            },
            *[_manifest_input(i) for i in inputs],
        ],
        "outputs": outputs,
        "software": software,
        "rule_set": rule_set,
        "parameters_version": parameters_version,
        "rows": [entry.to_dict() for entry in ledger],
        "snapshot": snapshot or [],
        **({"simulation": simulation} if simulation is not None else {}),
    }
