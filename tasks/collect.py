"""Collect: read every table of the project folder, fingerprint it (SHA-256), record rows.

Given the monitoring period, collect first checks it against the crediting period
(:meth:`~redd_audit.project.Project.check_period`): a period after or outside the crediting
period is one clear refusal (exit code 2) before any table is read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from prefect import Task, task
from prefect.client.schemas.objects import State, TaskRun

from redd_audit import progress
from redd_audit.errors import InputError
from redd_audit.project import Project, load_project
from redd_audit.project_simulation import draws_missing
from redd_audit.tables.read import LoadedTable, load_tables, sha256_file
from redd_audit.tables.schemas import SCHEMAS
from redd_audit.workbook.context import InputRecord
from tasks.progress_artifact import with_progress_artifact


@dataclass
class Collected:
    project_dir: Path
    project: Project
    project_sha256: str
    tables: dict[str, LoadedTable]
    missing_tables: list[str] = field(default_factory=list)

    @property
    def inputs(self) -> list[InputRecord]:
        return [
            InputRecord(
                t.name,
                t.file,
                t.sha256,
                t.rows,
                t.size_bytes,
                bom=t.bom,
                formula_cells=t.formula_cells,
            )
            for t in self.tables.values()
        ]

    @property
    def frames(self) -> dict[str, pd.DataFrame]:
        return {name: t.frame for name, t in self.tables.items()}


def collect(
    project_dir: Path, start: dt.date | None = None, end: dt.date | None = None
) -> Collected:
    """Read project.yaml and every table; raise InputError on unreadable or invalid input.

    When ``start`` and ``end`` are given, the monitoring period is checked against the
    crediting period first (InputError: one message in the user's terms).
    """
    project_dir = Path(project_dir).resolve()
    progress.report("collect", 0.0, "project.yaml")
    project = load_project(project_dir)
    if start is not None and end is not None:
        project.check_period(start, end)
    tables = load_tables(project_dir, project)
    acc = project.accounting
    missing = draws_missing(acc.uncertainty, acc.simulation, tables)
    if missing:
        raise InputError(missing, file="project.yaml", column="accounting.uncertainty.rule")
    progress.report("collect", 1.0, f"{len(tables)} tables")
    return Collected(
        project_dir=project_dir,
        project=project,
        project_sha256=sha256_file(project_dir / "project.yaml"),
        tables=tables,
        missing_tables=[name for name in SCHEMAS if name not in tables],
    )


def _transient(task: Task[..., Any], task_run: TaskRun, state: State[Any]) -> bool:
    """Retry I/O hiccups only: an invalid input stays invalid however often it is read."""
    try:
        state.result()
    except InputError:
        return False
    except OSError:
        return True
    except Exception:
        return False
    return False


collect_inputs = task(
    name="collect",
    task_run_name="collect",
    retries=2,
    retry_delay_seconds=[1, 4],
    retry_jitter_factor=0.5,
    retry_condition_fn=_transient,
    # Not cached: re-reading the tables (~2 s for a million events) is cheaper than saving and
    # loading their pickled frames (~4 s, ~250 MB); check and compute stay cached on the
    # files' SHA-256, which collect recomputes.
    persist_result=False,
)(with_progress_artifact("collect", "read and fingerprint the project's tables")(collect))
