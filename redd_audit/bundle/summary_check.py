"""Check 4 of ``redd-audit verify`` (contract 9.3): summary.json agrees with the workbook's
cached contract names (section 4, 5.7) and with the statement, the envelope and the manifest."""

from __future__ import annotations

import json
import math
import zipfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from redd_audit import quantities
from redd_audit.bundle.report import Attested, Report, is_safe_name
from redd_audit.bundle.statement import manifest_files
from redd_audit.workbook.sheets.readme_text import CONTRACT_NAMES

SUMMARY_FILE = "summary.json"
#: relative tolerance between a cached workbook value and summary.json (they are written from
#: the same float, contract 5.7; the tolerance only forgives a reader's last-bit rounding)
TOLERANCE = 1e-9

NameReader = Callable[[Path, Iterable[str]], Mapping[str, object]]


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _agree(a: object, b: object) -> bool:
    x, y = _number(a), _number(b)
    if x is None or y is None:
        return False
    return math.isclose(x, y, rel_tol=TOLERANCE, abs_tol=TOLERANCE)


def _summary_fields(summary: Mapping[str, object]) -> dict[str, object]:
    """The summary.json values a statement's predicate repeats."""
    revision = summary.get("revision")
    revision = revision if isinstance(revision, dict) else {}
    sampling = summary.get("sampling")
    fields = {
        "project_id": summary.get("project_id"),
        "period": summary.get("period"),
        "run_id": summary.get("run_id"),
        "revision": revision.get("number"),
        "reason": revision.get("reason"),
        "rule_set": summary.get("rule_set"),
    }
    if isinstance(sampling, dict):
        fields["seeds.evidence_sample"] = sampling.get("seed")
    return fields


def _workbook_figures(
    folder: Path, summary: Mapping[str, object], read_names: NameReader, report: Report
) -> None:
    totals = summary.get("totals")
    book = summary.get("workbook")
    if not isinstance(totals, dict) or not isinstance(book, dict):
        return  # no figures (gate failed or validate): nothing to agree on
    name = str(book.get("file"))
    if not is_safe_name(name) or not (folder / name).is_file():
        report.fail(SUMMARY_FILE, f"names a workbook that is not in the folder: {name!r}")
        return
    wanted = {q.workbook_name: q.summary_key for q in quantities.summary_totals()
              if q.workbook_name in CONTRACT_NAMES}  # fmt: skip
    try:
        cached = read_names(folder / name, wanted)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        report.fail(name, f"cannot be read as a workbook: {exc}")
        return
    for workbook_name, key in wanted.items():
        if workbook_name not in cached:
            report.fail(name, f"does not define {workbook_name}")
        elif cached[workbook_name] is None:
            report.fail(name, f"{workbook_name} has no cached value")
        elif not _agree(cached[workbook_name], totals.get(key)):
            report.fail(
                SUMMARY_FILE,
                f"totals.{key} = {totals.get(key)!r} but the workbook's {workbook_name} "
                f"= {cached[workbook_name]!r}",
            )


def check_summary(folder: Path, attested: Attested, read_names: NameReader, report: Report) -> None:
    """Check 4: summary.json agrees with the workbook's cached contract names and with the
    statement (predicate, signature record, workbook digest)."""
    try:
        summary = json.loads((folder / SUMMARY_FILE).read_text("utf-8"))
        if not isinstance(summary, dict):
            raise ValueError("not a JSON object")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        report.fail(SUMMARY_FILE, f"cannot be read: {exc}")
        return
    predicate = attested.predicate
    seeds = predicate.get("seeds")
    flat = {**predicate, "seeds.evidence_sample": (seeds or {}).get("evidence_sample")
            if isinstance(seeds, dict) else None}  # fmt: skip
    for key, value in _summary_fields(summary).items():
        if flat.get(key) != value:
            report.fail(SUMMARY_FILE, f"{key} differs from the statement's predicate")
    bundle = summary.get("bundle")
    signatures = attested.envelope.signatures
    if not isinstance(bundle, dict):
        report.fail(SUMMARY_FILE, "has no bundle record")
    else:
        if bundle.get("signed") is not bool(signatures):
            report.fail(SUMMARY_FILE, "bundle.signed disagrees with the envelope's signatures")
        if signatures and bundle.get("keyid") not in {s.keyid for s in signatures}:
            report.fail(SUMMARY_FILE, "bundle.keyid is not the key id of the envelope's signature")
        if bundle.get("statement_sha256") not in (None, attested.statement_sha256):
            report.fail(SUMMARY_FILE, "bundle.statement_sha256 is not the statement's digest")
    book = summary.get("workbook")
    listed = manifest_files(attested.manifest) if attested.manifest else {}
    if isinstance(book, dict) and listed.get(str(book.get("file"))) != book.get("sha256"):
        report.fail(SUMMARY_FILE, "workbook.sha256 differs from manifest.json")
    _workbook_figures(folder, summary, read_names, report)
