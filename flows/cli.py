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
    itself, once and clearly. Logs still reach the Prefect API (the UI) in full."""
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    import prefect  # noqa: F401  (configures Prefect's logging)

    class _NoTraceback(logging.Filter):
        def filter(self, record: logging.LogRecord) -> bool:
            record.exc_info = None
            record.exc_text = None
            return record.levelno >= logging.WARNING and "Traceback" not in record.getMessage()

    for name in ("prefect", "prefect.flow_runs", "prefect.task_runs", "prefect.engine"):
        for handler in logging.getLogger(name).handlers:
            if type(handler).__name__ == "PrefectConsoleHandler":
                handler.addFilter(_NoTraceback())


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
