"""``redd-audit deduct`` end to end without Prefect: read, apply, write the three files.

Outputs go to ``<out>/deduct/<sha256(FILE)[:12]>/``: ``deduction.json``, ``deduction.xlsx``
and ``manifest.json`` (SHA-256 of the input and of both outputs, software versions).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import os
from dataclasses import dataclass
from pathlib import Path

from redd_audit.deduct.figures import DeductFigures, compute, deduction_json
from redd_audit.deduct.options import DeductOptions, deterministic_values, rule_settings
from redd_audit.deduct.table import read_draws
from redd_audit.deduct.workbook import build_deduction_workbook
from redd_audit.versions import software_versions as package_versions
from redd_audit.workbook.writer import write_workbook_report

JSON_FILE, WORKBOOK_FILE, MANIFEST_FILE = "deduction.json", "deduction.xlsx", "manifest.json"
_PACKAGES = ("numpy", "pandas", "pyarrow", "openpyxl", "ironcalc")


@dataclass(frozen=True)
class DeductRun:
    folder: Path
    figures: DeductFigures
    summary: dict[str, object]
    cache_problems: tuple[str, ...]


def software_versions() -> dict[str, str]:
    """The versions of redd-audit, Python and the engines this step uses."""
    return package_versions(_PACKAGES)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _clean(value: object) -> object:
    """NaN and infinities become null (JSON has neither)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def _write_json(path: Path, data: object) -> None:
    text = json.dumps(_clean(data), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _created() -> dt.datetime:
    """``SOURCE_DATE_EPOCH`` when set (reproducible bytes), else now (UTC, whole seconds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    return dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)


def run_deduct(draws_file: Path, options: DeductOptions, out_dir: Path) -> DeductRun:
    """Read ``draws_file``, apply the rule to every series and write the outputs.

    Raises :class:`~redd_audit.errors.InputError` (exit 2) for any invalid input or option.
    """
    settings = rule_settings(options)
    table = read_draws(draws_file, options.draw_column)
    deterministic = deterministic_values(options.deterministic_values, list(table.series))
    figures = compute(table, settings, deterministic, options.period_column)
    folder = out_dir / "deduct" / table.sha256[:12]
    folder.mkdir(parents=True, exist_ok=True)
    summary = deduction_json(figures)
    _write_json(folder / JSON_FILE, summary)
    spec = build_deduction_workbook(figures, _created())
    # no Prefect here: no thread needs the GIL while IronCalc evaluates, so no child process
    _, report = write_workbook_report(spec, folder / WORKBOOK_FILE, own_process=False)
    problems: list[str] = []
    if report is not None:
        if report.error:
            problems.append(f"cached values: {report.error}")
        problems.extend(f"cached values: {d}" for d in report.disagreements)
    manifest = {
        "command": "deduct",
        "inputs": [
            {
                "file": table.file,
                "sha256": table.sha256,
                "rows": table.rows,
                "size_bytes": table.size_bytes,
                **({"bom": True} if table.bom else {}),
            }
        ],
        "outputs": [
            {
                "file": name,
                "sha256": _sha256(folder / name),
                "size_bytes": (folder / name).stat().st_size,
            }
            for name in (JSON_FILE, WORKBOOK_FILE)
        ],
        "software": software_versions(),
        "rule": settings.rule,
        "rule_version": summary["rule_version"],
        "cached_values": None
        if report is None
        else {
            "evaluator": report.evaluator,
            "formulas": report.formulas,
            "cached": report.cached,
            "left_empty": report.left_empty,
        },
    }
    _write_json(folder / MANIFEST_FILE, manifest)
    return DeductRun(folder, figures, summary, tuple(problems))
