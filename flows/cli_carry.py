"""``redd-audit carry-forward --from WORKBOOK --project DIR [--dry-run]`` (contract 5.9).

Reads what the verifier typed into a verification workbook of this tool (the observed areas of
the Evidence sample; the Findings register's input columns: type, status, dates, reference,
description, response and any column added to the sheet) and writes it to the project's
``sample_observations.csv`` and ``verification_findings.csv``, printing every change (added;
changed with the old and the new value). An existing file is first copied beside itself as
``<file>.bak-<UTC timestamp>``; ``--dry-run`` prints the changes and writes nothing.

Exit codes: 0 done (or nothing to change); 2 refused: a workbook of another project or period,
one this tool did not write, an input cell holding a formula, a table given as .xlsx/.geojson;
3 an internal error.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from flows.terminal import visible
from redd_audit.errors import InputError

if TYPE_CHECKING:
    from redd_audit.project import Project

EXIT_OK, EXIT_INPUT, EXIT_INTERNAL = 0, 2, 3


def _err(message: str) -> None:
    typer.echo(f"redd-audit: {visible(message)}", err=True)


def _table_file(project_dir: Path, project: Project, table: str) -> Path:
    """The table's CSV (existing or to create); .xlsx/.geojson tables are refused."""
    from redd_audit.tables.locate import locate

    found = locate(project_dir, project, table)
    if found is None:
        return project_dir / f"{table}.csv"
    path, name = found
    if path.suffix.lower() != ".csv":
        raise InputError(
            f"carry-forward writes CSV; {table} is given as {name}: convert it to "
            f"{table}.csv first",
            file=name,
        )
    return path


def _read_csv(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [dict(row) for row in csv.DictReader(handle)]


def _csv_text(rows: Sequence[dict[str, str]], columns: Sequence[str]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _write(path: Path, content: str, stamp: str) -> Path | None:
    """Write ``content`` (keeping a copy of an existing file); the copy's path."""
    backup = None
    if path.exists():
        backup = path.with_name(f"{path.name}.bak-{stamp}")
        shutil.copy2(path, backup)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(content, encoding="utf-8")
    os.replace(tmp, path)
    return backup


def carry_forward(
    workbook: Annotated[
        Path, typer.Option("--from", help="A verification workbook written by redd-audit.")
    ],
    project: Annotated[Path, typer.Option("--project", help="The project folder to update.")],
    start: Annotated[
        str | None, typer.Option("--start", help="Expected first day of the workbook's period.")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--end", help="Expected last day of the workbook's period.")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the changes; write nothing.")
    ] = False,
) -> None:
    """Write the observed areas and findings typed in a workbook to the project's tables."""
    from redd_audit.cycle.carry_forward import (
        FINDING_COLUMNS,
        OBSERVATION_COLUMNS,
        check_identity,
        merge,
        raised_findings,
    )
    from redd_audit.project import load_project
    from redd_audit.tables.workbook_inputs import read_workbook_inputs

    try:
        if not workbook.is_file():
            raise InputError(f"no such workbook: {visible(workbook)}")
        loaded = load_project(project)
        inputs = read_workbook_inputs(workbook)
        crediting = (loaded.crediting_period.start, loaded.crediting_period.end)
        period = check_identity(
            inputs.properties,
            loaded.id,
            crediting,
            dt.date.fromisoformat(start) if start else None,
            dt.date.fromisoformat(end) if end else None,
        )
        plans: list[tuple[str, str, Sequence[str], Sequence[Mapping[str, object]]]] = [
            ("sample_observations", "event_id", OBSERVATION_COLUMNS, inputs.observations),
            (
                "verification_findings",
                "finding_id",
                FINDING_COLUMNS,
                raised_findings(inputs.findings),
            ),
        ]
        outcomes = []
        for table, key, columns, incoming in plans:
            path = _table_file(project, loaded, table)
            rows, order, changes = merge(table, key, _read_csv(path), columns, incoming)
            outcomes.append((path, rows, order, changes))
    except ValueError as exc:  # a malformed --start/--end
        _err(f"bad date: {exc}")
        raise typer.Exit(EXIT_INPUT) from None
    except InputError as exc:
        _err(str(exc))
        raise typer.Exit(EXIT_INPUT) from None
    except Exception as exc:  # a bug: one line, no traceback
        if os.environ.get("REDD_AUDIT_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (set REDD_AUDIT_DEBUG=1 for details)")
        raise typer.Exit(EXIT_INTERNAL) from None
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    typer.echo(
        f"{visible(loaded.id)} {period[0]}..{period[1]}: carrying forward from {visible(workbook)}"
    )
    for path, rows, order, changes in outcomes:
        for change in changes:
            typer.echo(visible(change.render()))
        if not changes:
            typer.echo(f"{visible(path.name)}: no change")
            continue
        if dry_run:
            typer.echo(f"{visible(path.name)}: {len(changes)} change(s) not written (--dry-run)")
            continue
        backup = _write(path, _csv_text(rows, order), stamp)
        kept = f"; previous file kept as {visible(backup.name)}" if backup else ""
        typer.echo(f"{visible(path.name)}: {len(changes)} change(s) written{kept}")


def register(app: typer.Typer) -> None:
    app.command("carry-forward")(carry_forward)
