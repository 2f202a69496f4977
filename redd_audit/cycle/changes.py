"""The changes of a revision against the previous one (contract 5.1): input files by SHA-256,
figures per vintage and quantity, and records of the tables whose file changed, re-read from
the previous revision's input snapshot (``revisions/<NNN>/inputs/``)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pandas as pd

from redd_audit.cycle.json_values import mappings
from redd_audit.cycle.record_diff import diff_records
from redd_audit.cycle.revisions import ArchivedRevision, figure_changes, input_changes
from redd_audit.cycle.snapshot import PROJECT_FILE, SNAPSHOT_DIR
from redd_audit.errors import InputError
from redd_audit.project import Project, load_project
from redd_audit.tables.read import LoadedTable, read_table
from redd_audit.tables.schemas import SCHEMAS

#: Records listed per table in summary.json (the Revisions sheet shows the first 1,000).
MAX_RECORDS_PER_TABLE = 100_000


def previous_inputs(archived: ArchivedRevision) -> list[dict[str, object]]:
    """``[{"file", "sha256"}]`` of the previous revision: its tables and project.yaml."""
    summary = archived.summary or {}
    files = [
        {"file": i.get("file"), "sha256": i.get("sha256")} for i in mappings(summary.get("inputs"))
    ]
    definition = summary.get("project_definition")
    if isinstance(definition, Mapping) and definition.get("sha256"):
        files.insert(0, {"file": PROJECT_FILE, "sha256": definition.get("sha256")})
    return files


def previous_tables(archived: ArchivedRevision) -> dict[str, dict[str, str]]:
    """Table name -> ``{"file", "sha256"}`` of the previous revision (from its manifest)."""
    path = archived.folder / "manifest.json"
    try:
        manifest = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    tables = {}
    for entry in manifest.get("inputs", []) if isinstance(manifest, dict) else []:
        if isinstance(entry, Mapping) and entry.get("table"):
            tables[str(entry["table"])] = {
                "file": str(entry.get("file")),
                "sha256": str(entry.get("sha256")),
            }
    return tables


def _snapshot_project(snapshot: Path, current: Project) -> Project:
    try:
        return load_project(snapshot)
    except InputError:
        return current


def record_changes(
    archived: ArchivedRevision, tables: Mapping[str, LoadedTable], project: Project
) -> tuple[list[dict[str, object]], list[str]]:
    """Changed records of every table whose file differs from the previous revision's.

    ``tables`` maps table names to loaded tables (``.file``, ``.sha256``, ``.frame``).
    Returns the record entries and notes on tables that could not be compared (the previous
    revision kept no snapshot, or it can no longer be read).
    """
    before = previous_tables(archived)
    snapshot = archived.folder / SNAPSHOT_DIR
    old_project = _snapshot_project(snapshot, project) if snapshot.is_dir() else project
    records: list[dict[str, object]] = []
    notes: list[str] = []
    for name, schema in SCHEMAS.items():
        table = tables.get(name)
        old = before.get(name)
        if table is None and old is None:
            continue
        if table is not None and old is not None and old["sha256"] == table.sha256:
            continue
        previous = pd.DataFrame()
        if old is not None:
            if not snapshot.is_dir():
                notes.append(f"{name}: the previous revision kept no input snapshot")
                continue
            try:
                loaded = read_table(snapshot, old_project, schema)
            except InputError as error:
                notes.append(f"{name}: the previous snapshot cannot be read ({error})")
                continue
            previous = loaded.frame if loaded is not None else pd.DataFrame()
        current = table.frame if table is not None else pd.DataFrame()
        entries = diff_records(name, previous, current, limit=MAX_RECORDS_PER_TABLE + 1)
        if len(entries) > MAX_RECORDS_PER_TABLE:
            notes.append(
                f"{name}: more than {MAX_RECORDS_PER_TABLE:,} records changed; the first "
                f"{MAX_RECORDS_PER_TABLE:,} are listed"
            )
            entries = entries[:MAX_RECORDS_PER_TABLE]
        records.extend(entries)
    return records, notes


def revision_changes(
    archived: ArchivedRevision | None,
    *,
    current_inputs: list[dict[str, object]],
    current_vintages: list[dict[str, object]],
    tables: Mapping[str, LoadedTable],
    project: Project,
) -> tuple[dict[str, list[dict[str, object]]], list[str]]:
    """``changes`` of summary.json ``revision``: empty lists for the first revision."""
    if archived is None:
        return {"inputs": [], "figures": [], "records": []}, []
    summary = archived.summary or {}
    records, notes = record_changes(archived, tables, project)
    return {
        "inputs": input_changes(previous_inputs(archived), current_inputs),
        "figures": figure_changes(mappings(summary.get("vintages")), current_vintages),
        "records": records,
    }, notes
