"""Watch project folders for new monitoring data and announce it as a Prefect event.

Each run of ``watch-monitoring-data`` fingerprints every watched project folder (SHA-256 of
each file's relative path and bytes; hidden files and folders skipped) and compares it with the
fingerprint kept in a Prefect variable (``redd-audit-data-<project-id>-<folder hash>``: one per
folder, so two folders of one project id never trigger each other). When it changed, the
flow stores the new one and emits ``redd-audit.monitoring-data.updated`` with the project as
resource (``redd-audit.project.<project-id>``) and, in the payload, the project folder, the
output root and the files added, changed or removed. The ``on-new-data`` deployment's trigger
(prefect.yaml) then starts the audit of that project (the latest period that has ended).

The first sighting of a folder only records its fingerprint (no event), so switching the
watcher on does not start an audit of every project at once; ``announce_new`` changes that.

Settle time: a folder with a file modified less than ``settle_seconds`` ago is still being
delivered (a half-copied folder must not start an audit): it is neither recorded nor announced,
and the next look takes it up.
"""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger
from prefect.events import emit_event
from prefect.variables import Variable

from flows.outcome import EVENT_PREFIX, project_resource

UPDATED_EVENT = f"{EVENT_PREFIX}.monitoring-data.updated"


def file_hashes(folder: Path) -> dict[str, str]:
    """SHA-256 of every visible file below ``folder``, by POSIX relative path."""
    hashes = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        hashes[relative.as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return hashes


def fingerprint(hashes: dict[str, str]) -> str:
    """One SHA-256 over the sorted (path, hash) pairs: changes with any file's name or bytes."""
    digest = hashlib.sha256()
    for name in sorted(hashes):
        digest.update(f"{name}\0{hashes[name]}\n".encode())
    return digest.hexdigest()


def changes(previous: dict[str, str], current: dict[str, str]) -> dict[str, list[str]]:
    return {
        "added": sorted(set(current) - set(previous)),
        "removed": sorted(set(previous) - set(current)),
        "changed": sorted(n for n in set(current) & set(previous) if current[n] != previous[n]),
    }


def variable_name(project_id: str, folder: Path | None = None) -> str:
    """Prefect variable names allow lowercase letters, digits, dashes and underscores; the
    folder's resolved path (hashed) keeps two folders of one project id apart."""
    slug = re.sub(r"[^a-z0-9_-]+", "-", project_id.lower()).strip("-")
    if folder is None:
        return f"redd-audit-data-{slug}"
    where = hashlib.sha256(str(Path(folder).resolve()).encode()).hexdigest()[:12]
    return f"redd-audit-data-{slug}-{where}"


def seconds_since_last_change(folder: Path) -> float:
    """Seconds since the newest visible file below ``folder`` was modified."""
    newest = 0.0
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        newest = max(newest, path.stat().st_mtime)
    return time.time() - newest


def _project_id(folder: Path) -> str:
    from redd_audit.errors import InputError
    from redd_audit.project import load_project

    try:
        return load_project(folder).id
    except InputError:  # the audit will say what is wrong; the folder name stands in
        return folder.name


def project_folders(project_dirs: list[str] | None, root: str) -> list[Path]:
    if project_dirs:
        return [Path(p) for p in project_dirs]
    base = Path(root)
    return sorted(p.parent for p in base.glob("*/project.yaml"))


def check_folder(
    folder: Path, out_dir: str, announce_new: bool, settle_seconds: float = 0.0
) -> dict[str, Any]:
    """Compare one folder with its stored fingerprint; store and announce a change (not while
    a file changed less than ``settle_seconds`` ago: ``settling`` is then True)."""
    project_id = _project_id(folder)
    hashes = file_hashes(folder)
    current = fingerprint(hashes)
    name = variable_name(project_id, folder)
    stored: Any = Variable.get(name, default=None) or {}  # a JSON value stored by an earlier run
    previous = stored.get("fingerprint") if isinstance(stored, dict) else None
    result = {"project_id": project_id, "project_dir": str(folder), "fingerprint": current,
              "previous": previous, "event": None, "settling": False}  # fmt: skip
    if previous == current:
        return result
    if seconds_since_last_change(folder) < settle_seconds:
        result["settling"] = True
        return result
    Variable.set(name, {"fingerprint": current, "files": hashes}, overwrite=True)
    if previous is None and not announce_new:
        return result
    payload = {
        "project_id": project_id,
        "project_dir": str(folder),
        "out_dir": out_dir,
        "fingerprint": current,
        "previous_fingerprint": previous,
        **changes(stored.get("files") or {}, hashes),
    }
    resource = {**project_resource(project_id), "redd-audit.project-dir": str(folder)}
    event = emit_event(event=UPDATED_EVENT, resource=resource, payload=payload)
    result["event"] = None if event is None else str(event.id)
    return result


def _watch_run_name() -> str:
    """``watch data/raw`` or ``watch <folder>, <folder>`` (the folders looked at)."""
    from prefect.runtime import flow_run

    p = flow_run.parameters
    folders = p.get("project_dirs") or [p.get("root", "data/raw")]
    return "watch " + ", ".join(Path(str(f)).name or str(f) for f in folders)


@flow(name="watch-monitoring-data", flow_run_name=_watch_run_name, validate_parameters=True)
def watch_monitoring_data(
    project_dirs: list[str] | None = None,
    root: str = "data/raw",
    out_dir: str = "reports",
    announce_new: bool = False,
    settle_seconds: float = 120.0,
) -> list[dict[str, Any]]:
    """Announce changed project folders with a ``redd-audit.monitoring-data.updated`` event.

    Args:
        project_dirs: Project folders to watch; empty to watch every folder under root that
            holds a project.yaml.
        root: Folder of project folders (used when project_dirs is empty).
        out_dir: Output root passed on in the event, for the audit it triggers.
        announce_new: Also announce folders seen for the first time (by default their
            fingerprint is only recorded).
        settle_seconds: A folder with a file modified less than this many seconds ago is
            still being delivered: it is taken up by a later look.
    """
    logger = get_run_logger()
    results = []
    for folder in project_folders(project_dirs, root):
        if not folder.is_dir():
            logger.warning("not a folder, skipped: %s", folder)
            continue
        result = check_folder(folder, out_dir, announce_new, settle_seconds)
        state = "changed" if result["event"] else "unchanged or first seen"
        if result["settling"]:
            state = f"still changing (a file modified less than {settle_seconds:g} s ago)"
        logger.info("%s (%s): %s", result["project_id"], folder, state)
        results.append(result)
    return results
