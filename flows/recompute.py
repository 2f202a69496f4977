"""``verify --recompute`` (contract 9.3, check 6): the audit re-run from a period folder's
``inputs/`` snapshot into a temporary folder, with the settings and seeds the folder records.

Wiring only: the same steps as ``flows/audit.py`` (collect, check, gate, compute, assemble),
called as plain functions without a Prefect server, since nothing here is orchestrated: the
re-run is a measurement, its outputs are compared and thrown away
(:func:`redd_audit.bundle.compare.compare_outputs`).

What the re-run reproduces from the folder:

* the period, project, ``--reason`` and ``--sample-seed`` (the statement's predicate; a seed
  that was not given as an option, ``sampling.seed_source``, is derived again by the re-run);
* the command: ``validate`` when summary.json is ``passed`` without totals, else ``run``;
* the revision history: ``revisions/`` minus the last revision, with the last revision's files
  as the folder's current outputs, so that the re-run archives it and records the same
  ``revision`` block;
* the summary.json of earlier periods beside the folder (the workbook compares with them);
* the signer's key id (:class:`redd_audit.bundle.keys.Attribution`): the workbook and
  summary.json name it; no signature is made (the verifier does not hold the key).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from pathlib import Path
from typing import Any

from redd_audit.bundle.keys import Attribution
from redd_audit.bundle.statement import read_envelope
from redd_audit.cycle.revisions import REVISIONS_DIR, existing_numbers, revision_folder_name
from redd_audit.cycle.snapshot import SNAPSHOT_DIR
from redd_audit.errors import InputError
from redd_audit.outputs import SUMMARY_FILE, period_dir

_PERIOD_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}$")


def _recorded(folder: Path) -> tuple[dict[str, Any], dict[str, Any], dt.date, dt.date]:
    """summary.json, the statement's predicate and the period (InputError when unreadable)."""
    try:
        summary = json.loads((folder / SUMMARY_FILE).read_text("utf-8"))
        statement = json.loads(read_envelope(folder).payload.decode("utf-8"))
        predicate = statement["predicate"]
        start = dt.date.fromisoformat(predicate["period"]["start"])
        end = dt.date.fromisoformat(predicate["period"]["end"])
        if not isinstance(predicate["project_id"], str) or not isinstance(summary, dict):
            raise TypeError("project_id or summary.json of the wrong type")
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise InputError(f"cannot re-run: the folder's record is unreadable ({exc})") from None
    return summary, predicate, start, end


def _seed_history(folder: Path, target: Path) -> None:
    """Put the folder's state before its latest run into ``target`` (see the docstring)."""
    numbers = existing_numbers(folder)
    if not numbers:
        return
    target.mkdir(parents=True)
    for number in numbers[:-1]:
        name = revision_folder_name(number)
        shutil.copytree(folder / REVISIONS_DIR / name, target / REVISIONS_DIR / name)
    latest = folder / REVISIONS_DIR / revision_folder_name(numbers[-1])
    shutil.copytree(latest, target, dirs_exist_ok=True)


def _seed_earlier_periods(folder: Path, project_root: Path) -> None:
    for sibling in sorted(Path(folder).absolute().parent.iterdir()):
        summary = sibling / SUMMARY_FILE
        if sibling.name != folder.name and _PERIOD_NAME.match(sibling.name) and summary.is_file():
            (project_root / sibling.name).mkdir(parents=True, exist_ok=True)
            shutil.copy2(summary, project_root / sibling.name / SUMMARY_FILE)


def recompute_folder(folder: Path, work: Path) -> Path:
    """Re-run the audit recorded in ``folder`` under ``work``; return the new period folder.

    Raises
    ------
    InputError
        The folder's record or its ``inputs/`` snapshot cannot be read, or the re-run refuses
        the snapshot (the message says why).
    """
    from tasks.assemble import assemble
    from tasks.assess import assess
    from tasks.collect import collect
    from tasks.compute import compute
    from tasks.quality import check

    folder = Path(folder)
    summary, predicate, start, end = _recorded(folder)
    project_dir = folder / SNAPSHOT_DIR
    if not (project_dir / "project.yaml").is_file():
        raise InputError(f"cannot re-run: {SNAPSHOT_DIR}/project.yaml is missing")
    out = Path(work) / "out"
    target = period_dir(out, predicate["project_id"], start, end)
    _seed_history(folder, target)
    _seed_earlier_periods(folder, target.parent)
    bundle = summary.get("bundle") or {}
    signer = Attribution(str(bundle["keyid"])) if bundle.get("signed") else None
    kind = "validate" if summary.get("status") == "passed" and not summary.get("totals") else "run"
    sampling = summary.get("sampling") or {}
    # the seed as it was given: an option reproduces as an option; a default (from the events
    # file or the first revision) is derived again by the re-run itself
    given = "seed_source" not in sampling or sampling.get("seed_source") == "cli"
    seed = (predicate.get("seeds") or {}).get("evidence_sample") if given else None
    collected = collect(project_dir, start, end)
    quality = check(collected, start, end)
    recomputation = None
    if quality.errors == 0 and kind == "run":
        recomputation = compute(collected, start, end)
    assessment = assess(collected, quality, recomputation, start, end, out, sample_seed=seed)
    written = assemble(
        collected,
        quality,
        recomputation,
        assessment,
        start,
        end,
        out,
        reason=predicate.get("reason"),
        sample_seed=seed,
        signing_key=signer,
    )
    return written.output_dir
