"""A rerun on unchanged inputs and settings makes no new revision (contract 5.1).

Each run records in summary.json ``fingerprint``: the SHA-256 of what decides its outputs
besides the code paths (:func:`run_fingerprint`: the kind of run, project and period, the
SHA-256 of project.yaml and of every table, the redd-audit and parameter versions, the signing
key's id or none, and the earlier period's summary that the cumulative position starts from)
and the evidence sample's seed option. A later run whose fingerprint is the same, and whose
seed option is unset or equal to the seed the current revision drew with, is "unchanged since
revision N" (:func:`unchanged_since`): it leaves the folder as it is.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

FINGERPRINT_KEY = "fingerprint"
SUMMARY_FILE = "summary.json"


@dataclass(frozen=True)
class CurrentRevision:
    """The outputs in a folder that a rerun would repeat."""

    number: int
    folder: Path
    summary: dict[str, object]


def _canonical(value: object) -> bytes:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")


def run_fingerprint(
    *,
    kind: str,
    project_id: str,
    start: dt.date,
    end: dt.date,
    inputs: Iterable[tuple[str, str]],
    software_version: str,
    parameters_version: str,
    signing_keyid: str | None,
    previous_period: Mapping[str, object] | None,
) -> str:
    """SHA-256 of a run's inputs and settings; ``inputs`` are ``(file, sha256)`` pairs,
    project.yaml among them; ``previous_period`` is the earlier period's summary.json (or None).
    """
    previous = None if previous_period is None else hashlib.sha256(_canonical(previous_period))
    record = {
        "kind": kind,
        "project_id": project_id,
        "period": [start.isoformat(), end.isoformat()],
        "inputs": sorted([str(f), str(s)] for f, s in inputs),
        "software_version": software_version,
        "parameters_version": parameters_version,
        "signing_keyid": signing_keyid,
        "previous_period_sha256": None if previous is None else previous.hexdigest(),
    }
    return hashlib.sha256(_canonical(record)).hexdigest()


def fingerprint_record(sha256: str, sample_seed: int | None) -> dict[str, object]:
    """summary.json ``fingerprint``."""
    return {"sha256": sha256, "sample_seed": sample_seed}


def _recorded_seed(summary: Mapping[str, object], record: Mapping[str, object]) -> object:
    sampling = summary.get("sampling")
    if isinstance(sampling, dict) and "seed" in sampling:
        return sampling["seed"]
    return record.get("sample_seed")


def unchanged_since(
    folder: Path, sha256: str, sample_seed: int | None, mc_seed: int | None = None
) -> CurrentRevision | None:
    """The current revision of ``folder`` when a run with this fingerprint and seed options
    would repeat it; None when the folder holds no such outputs (or they are incomplete).

    ``mc_seed`` (``--mc-seed``) repeats the current revision only when it equals the seed its
    simulation drew with (summary.json ``simulation.seed``)."""
    folder = Path(folder)
    try:
        summary = json.loads((folder / SUMMARY_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(summary, dict):
        return None
    record = summary.get(FINGERPRINT_KEY)
    if not isinstance(record, dict) or record.get("sha256") != sha256:
        return None
    if sample_seed is not None and sample_seed != _recorded_seed(summary, record):
        return None
    simulation = summary.get("simulation")
    drawn = simulation.get("seed") if isinstance(simulation, dict) else None
    if mc_seed is not None and mc_seed != drawn:
        return None
    workbook = summary.get("workbook")
    name = workbook.get("file") if isinstance(workbook, dict) else None
    if not isinstance(name, str) or not (folder / name).is_file():
        return None
    revision = summary.get("revision")
    number = revision.get("number") if isinstance(revision, dict) else None
    return CurrentRevision(number if isinstance(number, int) else 1, folder, summary)
