"""The ``redd-audit`` command line (contract.md section 1).

Exit codes: 0 success; 1 the data-quality gate failed; 2 bad invocation or unreadable/invalid
input; 3 an internal error (a bug: please report it). Prefect and Great Expectations are imported
inside the commands so that ``--help`` stays fast.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from redd_audit.errors import InputError, QualityGateFailed

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="Verification audit of REDD+ monitoring periods (VM0007): collect, check, recompute, "
    "reconcile, and assemble a verifier workbook.",
)

EXIT_OK, EXIT_GATE, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3

ProjectOpt = Annotated[Path, typer.Option("--project", help="Project folder (contract section 2).")]
StartOpt = Annotated[
    str, typer.Option("--start", help="First day of the monitoring period, YYYY-MM-DD.")
]
EndOpt = Annotated[
    str, typer.Option("--end", help="Last day of the monitoring period, YYYY-MM-DD.")
]
OutOpt = Annotated[Path, typer.Option("--out", help="Output root folder.")]


def _err(message: str) -> None:
    typer.echo(f"redd-audit: {message}", err=True)


def _parse_date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{option} must be a date YYYY-MM-DD, got '{text}'") from None


def _period(start: str, end: str) -> tuple[dt.date, dt.date]:
    s, e = _parse_date(start, "--start"), _parse_date(end, "--end")
    if e < s:
        raise InputError(f"--end {e} is before --start {s}")
    return s, e


def _quiet_prefect_console() -> None:
    """Keep Prefect's console output to warnings, without tracebacks: the CLI reports errors
    itself, once and clearly. Run logs still reach the Prefect API (the UI) in full."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    from prefect.logging.configuration import ensure_logging_setup
    from prefect.logging.handlers import PrefectConsoleHandler

    ensure_logging_setup()

    class _ConsoleFilter(logging.Filter):
        """Run logs (shown in the UI) stay off the terminal; other warnings lose tracebacks."""

        def filter(self, record: logging.LogRecord) -> bool:
            if record.name.startswith(("prefect.flow_runs", "prefect.task_runs")):
                return False
            record.exc_info = None
            record.exc_text = None
            return record.levelno >= logging.WARNING

    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrefectConsoleHandler):
            handler.addFilter(_ConsoleFilter())


class _Progress:
    """A rich progress bar over the four stages, on a terminal only."""

    STAGES = ("collect", "check", "compute", "assemble")

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._progress = None
        self._tasks: dict[str, int] = {}

    def __enter__(self) -> _Progress:
        if self.enabled:
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("{task.description:<10}"),
                BarColumn(),
                TextColumn("{task.fields[detail]}"),
                TimeElapsedColumn(),
                transient=False,
            )
            self._progress.__enter__()
            for stage in self.STAGES:
                self._tasks[stage] = self._progress.add_task(stage, total=1.0, detail="")
        return self

    def __call__(self, step: str, fraction: float, detail: str) -> None:
        if self._progress is not None and step in self._tasks:
            self._progress.update(self._tasks[step], completed=fraction, detail=detail)

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.__exit__(None, None, None)


def _print_findings(summary_path: Path, limit: int = 20) -> None:
    import json

    from redd_audit.findings import Finding

    try:
        summary = json.loads(summary_path.read_text("utf-8"))
    except (OSError, ValueError):
        return
    findings = [Finding(**f) for f in summary["quality"]["findings"]]
    for f in [f for f in findings if f.severity == "error"][:limit]:
        typer.echo(f.render(), err=True)
    errors = summary["quality"]["errors"]
    if errors > limit:
        typer.echo(f"... and {errors - limit} more error finding(s) in {summary_path}", err=True)


def _execute(project: Path, start: str, end: str, out: Path, *, figures: bool) -> int:
    try:
        s, e = _period(start, end)
        if not project.is_dir():
            raise InputError(f"project folder not found: {project}")
        _quiet_prefect_console()
        from flows.audit import quality_check, verification_audit
        from redd_audit import progress

        with _Progress(sys.stderr.isatty()) as bar, progress.listen(bar):
            if figures:
                summary = verification_audit(str(project), s, e, str(out))
            else:
                summary = quality_check(str(project), s, e, str(out))
    except InputError as exc:
        _err(str(exc))
        return EXIT_INPUT
    except QualityGateFailed as exc:
        _print_findings(Path(exc.output_dir) / "summary.json")
        _err(str(exc))
        return EXIT_GATE
    except Exception as exc:  # a bug, not bad input: say so without a traceback
        if os.environ.get("REDD_AUDIT_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (set REDD_AUDIT_DEBUG=1 for details)")
        return EXIT_INTERNAL
    out_dir = Path(out) / summary["project_id"] / f"{s.isoformat()}_{e.isoformat()}"
    warnings = summary["quality"]["warnings"]
    if figures:
        totals = summary["totals"]
        typer.echo(
            f"{summary['project_id']} {s}..{e}: status {summary['status']}; "
            f"NER {totals['ner_tco2e']:,.0f} tCO2e, VCUs {totals['vcus']:,}; "
            f"{warnings} warning(s); "
            f"{sum(1 for r in summary['reconciliation'] if r['material'])} material difference(s)"
        )
    else:
        typer.echo(
            f"{summary['project_id']} {s}..{e}: data-quality gate passed; {warnings} warning(s)"
        )
    typer.echo(f"workbook: {out_dir / summary['workbook']['file']}")
    typer.echo(f"summary:  {out_dir / 'summary.json'}")
    return EXIT_OK


@app.command()
def run(
    project: ProjectOpt,
    start: StartOpt,
    end: EndOpt,
    out: OutOpt = Path("reports"),
) -> None:
    """Run the full audit (Prefect flow) and write the workbook, summary and manifest."""
    raise typer.Exit(_execute(project, start, end, out, figures=True))


@app.command()
def validate(
    project: ProjectOpt,
    start: StartOpt,
    end: EndOpt,
    out: OutOpt = Path("reports"),
) -> None:
    """Collect and check the data only (no emission figures)."""
    raise typer.Exit(_execute(project, start, end, out, figures=False))


DaskAddressOpt = Annotated[
    str | None,
    typer.Option(
        "--dask-address",
        help="Address of an existing Dask scheduler, e.g. tcp://scheduler:8786.",
    ),
]
DaskLocalOpt = Annotated[
    int | None,
    typer.Option(
        "--dask-local",
        min=1,
        help="Start a local Dask cluster of N single-threaded workers "
        "(default: one per project, at most one per CPU).",
    ),
]


def _portfolio_line(outcome: dict) -> str:
    label = f"{outcome['project_id'] or '?'} ({outcome['project_dir']})"
    code = outcome["exit_code"]
    if code == EXIT_OK:
        detail = (
            f"passed; NER {outcome['ner_tco2e']:,.0f} tCO2e, VCUs {outcome['vcus']:,}; "
            f"{outcome['warnings']} warning(s); outputs {outcome['output_dir']}"
        )
    else:
        detail = outcome["message"]
    return f"{label}: {detail} [exit {code}]"


def _execute_portfolio(
    projects: list[Path],
    start: str,
    end: str,
    out: Path,
    dask_address: str | None,
    dask_local: int | None,
) -> int:
    try:
        s, e = _period(start, end)
        if dask_address and dask_local:
            raise InputError("give either --dask-address or --dask-local, not both")
        seen: set[Path] = set()
        for project in projects:
            if project.resolve() in seen:
                raise InputError(f"--project {project} is given twice")
            seen.add(project.resolve())
        _quiet_prefect_console()
        # Dask worker processes inherit these: their console stays quiet, the UI gets every log.
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")
        os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "error")
        try:
            from flows.portfolio import run_portfolio
        except ImportError as exc:
            raise InputError(
                f"portfolio runs need prefect-dask ({exc}); reinstall redd-audit"
            ) from None
        outcomes = run_portfolio(
            [str(p) for p in projects],
            s,
            e,
            str(out),
            dask_address=dask_address,
            dask_workers=dask_local,
        )
    except InputError as exc:
        _err(str(exc))
        return EXIT_INPUT
    except OSError as exc:
        if not dask_address:
            raise
        _err(f"cannot reach the Dask scheduler at {dask_address}: {exc}")
        return EXIT_INPUT
    except Exception as exc:  # a bug
        if os.environ.get("REDD_AUDIT_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (set REDD_AUDIT_DEBUG=1 for details)")
        return EXIT_INTERNAL
    for outcome in outcomes:
        typer.echo(_portfolio_line(outcome))
    return max((o["exit_code"] for o in outcomes), default=EXIT_OK)


@app.command()
def portfolio(
    project: Annotated[
        list[Path],
        typer.Option("--project", help="Project folder; repeat for each project."),
    ],
    start: StartOpt,
    end: EndOpt,
    out: OutOpt = Path("reports"),
    dask_address: DaskAddressOpt = None,
    dask_local: DaskLocalOpt = None,
) -> None:
    """Audit several projects over one period in parallel on Dask (one line per project).

    Exits with the worst project's code: 2 (invalid input) > 1 (gate failed) > 0.
    """
    raise typer.Exit(_execute_portfolio(project, start, end, out, dask_address, dask_local))


@app.command()
def version() -> None:
    """Print the versions of redd-audit and its engines."""
    from tasks.assemble import software_versions

    for name, value in software_versions().items():
        typer.echo(f"{name} {value}")


def main() -> None:
    app()


if __name__ == "__main__":
    main()
