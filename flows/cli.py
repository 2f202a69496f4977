"""The ``redd-audit`` command line (contract.md section 1).

Exit codes: 0 success; 1 the data-quality gate failed; 2 bad invocation or unreadable/invalid
input, or the slot of the project and period stayed taken for the whole ``--wait-for-slot``;
3 an internal error (a bug: please report it) or a crashed run (one line, the traceback is in
the run's log). On a configured server the run's UI address is printed as soon as the run
exists. Prefect and Great Expectations are imported inside the commands so that ``--help``
stays fast.
"""

from __future__ import annotations

import datetime as dt
import errno
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from flows.cli_bundle import register as register_bundle
from flows.cli_carry import register as register_carry
from flows.cli_deduct import register as register_deduct
from flows.cli_ops import register as register_ops
from flows.terminal import check_out_dir, quiet_prefect_console, visible
from redd_audit.errors import InputError, QualityGateFailed

if TYPE_CHECKING:
    from prefect.client.schemas.objects import State
    from rich.progress import Progress, TaskID

MATERIAL_STATE_NAME = "Material misstatement"  # flows/outcome.py (kept import-light here)
UNCHANGED_PREFIX = "unchanged since revision "  # flows/outcome.py unchanged_message

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    help="Verification audit of REDD+ monitoring periods (VM0007): collect, check, recompute, "
    "reconcile, and assemble a verifier workbook.",
)

EXIT_OK, EXIT_GATE, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
# Writing the outputs failed for a reason of the output folder, not of the program (exit 2).
_UNWRITABLE = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT,
               errno.ENOTDIR, errno.EEXIST, errno.EISDIR}  # fmt: skip

ProjectOpt = Annotated[Path, typer.Option("--project", help="Project folder (contract section 2).")]
OutOpt = Annotated[Path, typer.Option("--out", help="Output root folder.")]


def _err(message: str) -> None:
    typer.echo(f"redd-audit: {message}", err=True)


def _parse_date(text: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{option} must be a date YYYY-MM-DD, got '{visible(text)}'") from None


def _period(start: str | None, end: str | None) -> tuple[dt.date | None, dt.date | None]:
    s = None if start is None else _parse_date(start, "--start")
    e = None if end is None else _parse_date(end, "--end")
    if s is not None and e is not None and e < s:
        raise InputError(f"--end {e} is before --start {s}")
    return s, e


class _Progress:
    """A rich progress bar over the four stages, on a terminal only."""

    STAGES = ("collect", "check", "compute", "assess", "assemble")

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self._progress: Progress | None = None
        self._tasks: dict[str, TaskID] = {}

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


def _print_findings(summary_path: Path, severity: str = "error", limit: int = 20) -> None:
    """Print the run's findings of one severity (contract section 3: every finding reaches the
    terminal), input text with control characters made visible, at most ``limit`` of them."""
    import json

    from redd_audit.findings import Finding

    try:
        summary = json.loads(summary_path.read_text("utf-8"))
    except (OSError, ValueError):
        return
    findings = [Finding(**f) for f in summary["quality"]["findings"]]
    chosen = [f for f in findings if f.severity == severity]
    for f in chosen[:limit]:
        typer.echo(visible(f.render()), err=True)
    if len(chosen) > limit:
        typer.echo(
            f"... and {len(chosen) - limit} more {severity} finding(s) in {visible(summary_path)}",
            err=True,
        )


def _run_flow(
    kind: str,
    project: Path,
    s: dt.date | None,
    e: dt.date | None,
    out: Path,
    options: dict[str, Any],
    url: list[str],
) -> State[Any]:
    """Run the flow on the configured server, or on an embedded one tied to this process.

    The flow run is created first, so that its UI address (on a configured server) is printed
    at once and kept in ``url`` for a message about a crash.
    """
    import contextlib

    from prefect.client.orchestration import get_client
    from prefect.client.schemas.objects import State as RunState
    from prefect.flow_engine import run_flow

    from flows.audit import quality_check, verification_audit
    from flows.embedded_server import api_configured, embedded_server
    from flows.terminal import flow_run_url
    from redd_audit import progress

    remote = api_configured()
    server = contextlib.nullcontext() if remote else embedded_server()
    flow = verification_audit if kind == "run" else quality_check
    parameters = {"project_dir": str(project), "start": s and s.isoformat(),
                  "end": e and e.isoformat(), "out_dir": str(out), **options}  # fmt: skip
    with server, _Progress(sys.stderr.isatty()) as bar, progress.listen(bar):
        with get_client(sync_client=True) as client:
            flow_run = client.create_flow_run(flow, parameters=parameters)
        address = flow_run_url(flow_run.id) if remote else None
        if address:
            url.append(address)
            typer.echo(f"flow run: {address}", err=True)
        state = run_flow(flow, flow_run=flow_run, parameters=parameters, return_type="state")
    if not isinstance(state, RunState):  # a sync flow gives its final state
        raise TypeError(f"run_flow returned {type(state).__name__}, not a state")
    return state


class RunCrashed(BaseException):
    """The flow run ended Crashed (e.g. cancelled by the runtime): exit code 3, one line."""


def _execute(
    project: Path, start: str | None, end: str | None, out: Path, *, kind: str, **options: Any
) -> int:
    url: list[str] = []  # the flow run's UI address, once it exists
    try:
        s, e = _period(start, end)
        if not project.is_dir():
            raise InputError(f"project folder not found: {visible(project)}")
        check_out_dir(out)
        quiet_prefect_console()
        state = _run_flow(kind, project, s, e, out, options, url)
        if state.is_crashed():
            raise RunCrashed(state.message or state.name or "crashed")
        message = state.message or ""
        if message.startswith(UNCHANGED_PREFIX):  # contract 5.1
            typer.echo(f"{visible(message.split(';', 1)[0])}: outputs left as they are")
        summary = state.result()  # raises InputError / QualityGateFailed for those outcomes
    except InputError as exc:
        _err(visible(exc))
        return EXIT_INPUT
    except QualityGateFailed as exc:
        _print_findings(Path(exc.output_dir) / "summary.json")
        _err(visible(exc))
        return EXIT_GATE
    except Exception as exc:  # a bug, not bad input: say so without a traceback
        if isinstance(exc, OSError) and exc.errno in _UNWRITABLE:
            _err(f"--out {visible(out)}: cannot write {visible(exc.filename)}: {exc.strerror}")
            return EXIT_INPUT
        if os.environ.get("REDD_AUDIT_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {visible(exc)} "
             "(set REDD_AUDIT_DEBUG=1 for details)")  # fmt: skip
        return EXIT_INTERNAL
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # the run crashed or was cancelled (CancelledError)
        if os.environ.get("REDD_AUDIT_DEBUG"):
            raise
        where = f"; flow run: {url[0]}" if url else ""
        _err(f"the run crashed: {type(exc).__name__}: {visible(exc) or 'cancelled'} "
             f"(the traceback is in the run's log{where})")  # fmt: skip
        return EXIT_INTERNAL
    from redd_audit.conclusion import conclusion

    c = conclusion(summary, kind)
    s, e = summary["period"]["start"], summary["period"]["end"]
    out_dir = Path(out) / summary["project_id"] / f"{s}_{e}"
    if kind == "validate":  # its own folder (contract 5.1)
        out_dir = out_dir / "validation"
    warnings = summary["quality"]["warnings"]
    pid = visible(summary["project_id"])
    _print_findings(out_dir / "summary.json", "warning")
    _print_findings(out_dir / "summary.json", "info")
    if kind == "run":
        totals = summary["totals"]
        typer.echo(
            f"{pid} {s}..{e}: status {summary['status']}; "
            f"NER {totals['ner_tco2e']:,.0f} tCO2e, VCUs {totals['vcus']:,}; "
            f"{warnings} warning(s); "
            f"{sum(1 for r in summary['reconciliation'] if r['material'])} material difference(s)"
        )
        if c["line"]:
            typer.echo(visible(c["line"]))
        if state.name == MATERIAL_STATE_NAME:
            typer.echo(f"outcome: {MATERIAL_STATE_NAME} (flow run state; exit code 0)")
    else:
        typer.echo(f"{pid} {s}..{e}: data-quality gate passed; {warnings} warning(s)")
    typer.echo(f"workbook: {visible(out_dir / summary['workbook']['file'])}")
    typer.echo(f"summary:  {visible(out_dir / 'summary.json')}")
    return EXIT_OK


ReasonOpt = Annotated[
    str | None,
    typer.Option("--reason", help="Why this revision is made (recorded with the outputs)."),
]
McSeedOpt = Annotated[
    int | None,
    typer.Option(
        "--mc-seed",
        min=0,
        max=2**63 - 1,
        help="Seed of the Monte Carlo simulation (contract 7.2.2), a whole number in [0, 2^63); "
        "default: accounting.simulation.seed, else derived from the project, period and inputs.",
    ),
]
SeedOpt = Annotated[
    int | None,
    typer.Option(
        "--sample-seed",
        min=0,
        max=2**63 - 1,
        help="Seed of the evidence sample (reproducible), a whole number in [0, 2^63).",
    ),
]
SlotWaitOpt = Annotated[
    float | None,
    typer.Option(
        "--wait-for-slot",
        min=0,
        help="Seconds to wait for a run of the same project and period to end; then exit 2. "
        "Default: wait until it ends (a stale slot of a killed run is released).",
    ),
]
ForceRevisionOpt = Annotated[
    bool,
    typer.Option(
        "--force-revision",
        help="Make a new revision even when inputs, settings and seed equal the current "
        "revision's (such a run otherwise leaves the folder as it is).",
    ),
]
SigningKeyOpt = Annotated[
    str | None,
    typer.Option(
        "--signing-key",
        help="Ed25519 private key file (redd-audit keygen) that signs bundle.intoto.jsonl; "
        "default: $REDD_AUDIT_SIGNING_KEY_FILE, else unsigned.",
    ),
]
OptStartOpt = Annotated[
    str | None,
    typer.Option(
        "--start",
        help="First day of the monitoring period, YYYY-MM-DD. Leave --start and --end out to "
        "audit the latest period of project.yaml that has ended.",
    ),
]
OptEndOpt = Annotated[
    str | None, typer.Option("--end", help="Last day of the monitoring period, YYYY-MM-DD.")
]


@app.command()
def run(
    project: ProjectOpt,
    start: OptStartOpt = None,
    end: OptEndOpt = None,
    out: OutOpt = Path("reports"),
    reason: ReasonOpt = None,
    sample_seed: SeedOpt = None,
    signing_key: SigningKeyOpt = None,
    force_revision: ForceRevisionOpt = False,
    wait_for_slot: SlotWaitOpt = None,
    mc_seed: McSeedOpt = None,
) -> None:
    """Run the full audit (Prefect flow) and write the workbook, summary and manifest."""
    given = {"reason": reason, "sample_seed": sample_seed, "signing_key_file": signing_key,
             "force_revision": force_revision or None,
             "slot_wait_seconds": wait_for_slot, "mc_seed": mc_seed}  # fmt: skip
    options = {k: v for k, v in given.items() if v is not None}
    raise typer.Exit(_execute(project, start, end, out, kind="run", **options))


@app.command()
def validate(
    project: ProjectOpt,
    start: OptStartOpt = None,
    end: OptEndOpt = None,
    out: OutOpt = Path("reports"),
    force_revision: ForceRevisionOpt = False,
    wait_for_slot: SlotWaitOpt = None,
) -> None:
    """Collect and check the data only (no emission figures), into the period folder's
    validation/ folder."""
    given = {"force_revision": force_revision or None, "slot_wait_seconds": wait_for_slot}
    options = {k: v for k, v in given.items() if v is not None}
    raise typer.Exit(_execute(project, start, end, out, kind="validate", **options))


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


def _portfolio_line(outcome: dict[str, Any]) -> str:
    label = f"{outcome['project_id'] or '?'} ({outcome['project_dir']})"
    code = outcome["exit_code"]
    if code == EXIT_OK:
        conclusion = outcome.get("message") or "passed"  # the period conclusion, as single runs
        detail = (
            f"{conclusion}; NER {outcome['ner_tco2e']:,.0f} tCO2e, VCUs {outcome['vcus']:,}; "
            f"{outcome['warnings']} warning(s); outputs {outcome['output_dir']}"
        )
    else:
        detail = outcome["message"]
    return f"{label}: {detail} [exit {code}]"


def _execute_portfolio(
    projects: list[Path],
    start: str | None,
    end: str | None,
    out: Path,
    dask_address: str | None,
    dask_local: int | None,
) -> int:
    try:
        s, e = _period(start, end)
        if (s is None) != (e is None):
            raise InputError(
                "give both --start and --end, or neither (each project's latest ended period)"
            )
        if dask_address and dask_local:
            raise InputError("give either --dask-address or --dask-local, not both")
        seen: set[Path] = set()
        for project in projects:
            if not project.is_dir():
                raise InputError(f"--project {visible(project)}: project folder not found")
            if project.resolve() in seen:
                raise InputError(f"--project {visible(project)} is given twice")
            seen.add(project.resolve())
        check_out_dir(out)
        quiet_prefect_console()
        # Dask worker processes inherit these: their console stays quiet, the UI gets every log.
        os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "CRITICAL")
        os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "error")
        try:
            from flows.portfolio import run_portfolio
        except ImportError as exc:
            raise InputError(
                f"portfolio runs need prefect-dask ({exc}); reinstall redd-audit"
            ) from None
        import contextlib

        from flows.embedded_server import api_configured, embedded_server

        server = contextlib.nullcontext() if api_configured() else embedded_server()
        with server:
            outcomes = run_portfolio(
                [str(p) for p in projects],
                s,
                e,
                str(out),
                dask_address=dask_address,
                dask_workers=dask_local,
            )
    except InputError as exc:
        _err(visible(exc))
        return EXIT_INPUT
    except OSError as exc:
        if not dask_address:
            raise
        _err(f"cannot reach the Dask scheduler at {dask_address}: {exc}")
        return EXIT_INPUT
    except Exception as exc:  # a bug
        if os.environ.get("REDD_AUDIT_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {visible(exc)} "
             "(set REDD_AUDIT_DEBUG=1 for details)")  # fmt: skip
        return EXIT_INTERNAL
    for outcome in outcomes:
        typer.echo(visible(_portfolio_line(outcome)))
    return max((o["exit_code"] for o in outcomes), default=EXIT_OK)


@app.command()
def portfolio(
    project: Annotated[
        list[Path],
        typer.Option("--project", help="Project folder; repeat for each project."),
    ],
    start: OptStartOpt = None,
    end: OptEndOpt = None,
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


register_ops(app)
register_deduct(app)
register_bundle(app)
register_carry(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
