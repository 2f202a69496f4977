"""Portfolio audits: several projects over one monitoring period, in parallel on Dask.

Entrypoint for ``prefect.yaml``: ``flows/portfolio.py:portfolio_audit``.

Each project is one ``audit-project`` task run that calls the plain functions collect → check →
compute → assemble in sequence (the very code of a single ``redd-audit run``, so the outputs are
byte-identical to a single run's). A project that fails the data-quality gate, has invalid
input or hits a bug ends its own task run Failed and never stops the others; every project
yields a small outcome (project id, status, exit code, output folder, message; for a bug, the
traceback, which goes to the task run's log in the UI, never to the terminal). The flow ends
Failed when any project did not pass, with the outcomes as its result.

As single runs (issue 24): each project holds its project-and-period slot while it is audited
(``flows/limits.py``); a project on unchanged inputs makes no revision and emits no event
(``tasks/unchanged.py``); each outcome names the period conclusion (``outcome``: ``passed``,
``material-misstatement``, ``failed``) and the misstatement, and a project with a material
misstatement ends its task run, and the flow run when every project passed the gate,
``Completed`` named ``Material misstatement``. With ``start`` and ``end`` left out, each
project is audited over the latest monitoring period of its ``project.yaml`` that has ended.

The task runner is ``prefect_dask.DaskTaskRunner``: by default a local cluster of two
single-threaded worker processes; :func:`dask_task_runner` builds one for an existing
scheduler (``address="tcp://host:8786"``) or a local cluster of N workers.
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger, task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State
from prefect.states import Completed, Failed
from prefect_dask.task_runners import DaskTaskRunner

from flows.outcome import MATERIAL_STATE_NAME
from redd_audit.errors import InputError, QualityGateFailed
from tasks.artifacts import publish_portfolio_artifact

EXIT_OK, EXIT_GATE, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


def local_cluster_kwargs(n_workers: int) -> dict[str, Any]:
    """A local Dask cluster of ``n_workers`` single-threaded processes, no dashboard."""
    return {"n_workers": n_workers, "threads_per_worker": 1, "dashboard_address": None}


def dask_task_runner(address: str | None = None, n_workers: int | None = None) -> DaskTaskRunner:
    """The portfolio's task runner: an existing scheduler at ``address``, else a local cluster."""
    if address:
        return DaskTaskRunner(address=address)
    return DaskTaskRunner(cluster_kwargs=local_cluster_kwargs(n_workers or 2))


def share_ephemeral_api() -> str | None:
    """Let local Dask workers report to this process's temporary Prefect server.

    Without ``PREFECT_API_URL`` each Dask worker process would start a temporary server of its
    own and its task runs would not show with the flow run. Call before the cluster starts
    (worker processes inherit the environment); returns the URL exported, or None when an API
    is already configured. Remote workers cannot reach a loopback server: use a real server
    (``PREFECT_API_URL``) with ``--dask-address``.
    """
    from prefect.settings import PREFECT_API_URL

    if PREFECT_API_URL.value():
        return None
    from prefect.server.api.server import SubprocessASGIServer
    from prefect.settings import PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS

    server = SubprocessASGIServer()
    server.start(timeout=PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())
    os.environ["PREFECT_API_URL"] = server.api_url
    return server.api_url


def _outcome(project_dir: str, **values: Any) -> dict[str, Any]:
    outcome: dict[str, Any] = {
        "project_dir": project_dir,
        "project_id": None,
        "status": "internal_error",
        "exit_code": EXIT_INTERNAL,
        "output_dir": None,
        "message": "",
        "errors": None,
        "warnings": None,
        "ner_tco2e": None,
        "vcus": None,
        "outcome": None,
        "misstatement": None,
        "unchanged_since": None,
    }
    outcome.update(values)
    return outcome


def _project_id(project_dir: str) -> str | None:
    """The id in project.yaml, when it can be read (to label a project that failed)."""
    from redd_audit.project import load_project

    try:
        return load_project(Path(project_dir).resolve()).id
    except Exception:
        return None


def project_period(collected: Any, start: dt.date | None, end: dt.date | None) -> Any:
    """The period to audit: as given, or the project's latest ended one (as single runs)."""
    from redd_audit.periods import resolve_period

    period = resolve_period(collected.project, start, end, dt.date.today())
    collected.project.check_period(period.start, period.end)
    return period


def audit_one(
    project_dir: str, start: dt.date | None, end: dt.date | None, out_dir: str
) -> dict[str, Any]:
    """Audit one project with the plain functions; never raises for a project's own failure."""
    import logging

    from flows.limits import one_run_per_period
    from tasks.assemble import assemble
    from tasks.assess import assess
    from tasks.collect import collect
    from tasks.compute import compute
    from tasks.quality import check
    from tasks.unchanged import unchanged

    project_id = None
    try:
        logger: Any = get_run_logger()
    except Exception:  # called outside a task run
        logger = logging.getLogger(__name__)
    try:
        if not Path(project_dir).is_dir():
            raise InputError(f"project folder not found: {project_dir}")
        collected = collect(Path(project_dir))
        project_id = collected.project.id
        start, end = project_period(collected, start, end)
        with one_run_per_period(project_id, start, end, logger):
            current = unchanged(collected, start, end, Path(out_dir), "run")
            if current is not None:
                return _summary_outcome(
                    project_dir, current.summary, str(current.folder), current.number
                )
            quality = check(collected, start, end)
            recomputation = compute(collected, start, end) if quality.errors == 0 else None
            assessment = assess(collected, quality, recomputation, start, end, Path(out_dir))
            outputs = assemble(
                collected, quality, recomputation, assessment, start, end, Path(out_dir)
            )
    except InputError as exc:
        return _outcome(
            project_dir, project_id=project_id or _project_id(project_dir),
            status="input_error", exit_code=EXIT_INPUT, message=str(exc),
        )  # fmt: skip
    except Exception as exc:  # a bug in one project must not stop the others
        return _outcome(
            project_dir, project_id=project_id,
            message=f"internal error: {type(exc).__name__}: {exc}",
            traceback=traceback.format_exc(),
        )  # fmt: skip
    return _summary_outcome(project_dir, outputs.summary, str(outputs.output_dir))


def _summary_outcome(
    project_dir: str, summary: dict[str, Any], output_dir: str, unchanged_since: int | None = None
) -> dict[str, Any]:
    """A project's outcome from its summary.json: the same conclusion as a single run's."""
    from redd_audit.conclusion import conclusion, misstatement_text

    c = conclusion(summary, "run")
    totals = summary.get("totals") or {}
    if not isinstance(totals, dict):
        raise TypeError(f"summary totals is not a mapping: {totals!r}")
    common = {
        "project_id": summary.get("project_id"),
        "output_dir": output_dir,
        "errors": c["errors"],
        "warnings": c["warnings"],
        "ner_tco2e": totals.get("ner_tco2e"),
        "vcus": totals.get("vcus"),
        "outcome": c["outcome"],
        "misstatement": None if c["outcome"] == "failed" else misstatement_text(c["misstatement"]),
        "unchanged_since": unchanged_since,
    }
    if c["outcome"] == "failed":
        gate = QualityGateFailed(c["errors"], output_dir)
        return _outcome(
            project_dir, status="failed_quality_gate", exit_code=EXIT_GATE, message=str(gate),
            **common,
        )  # fmt: skip
    message = c["line"] or c["outcome"]
    if unchanged_since is not None:
        message = f"unchanged since revision {unchanged_since}; {message}"
    return _outcome(
        project_dir, status=str(summary["status"]), exit_code=EXIT_OK, message=message, **common
    )


def _announce(outcome: dict[str, Any], logger: Any) -> None:
    """Emit the project's ``redd-audit.audit.*`` event (contract section 6), as a single run
    (none for a project on unchanged inputs)."""
    if not outcome.get("output_dir") or outcome.get("unchanged_since") is not None:
        return
    try:
        import json

        from flows.outcome import emit_outcome

        summary = json.loads((Path(outcome["output_dir"]) / "summary.json").read_text("utf-8"))
        emit_outcome(summary, "run", outcome["output_dir"])
    except Exception as exc:  # an event is information: it never changes the outcome
        logger.warning("outcome event not emitted: %s", exc)


@task(
    name="audit-project",
    task_run_name="audit {project_dir}",
    cache_policy=NO_CACHE,
    persist_result=False,
)
def audit_project(
    project_dir: str, start: dt.date | None, end: dt.date | None, out_dir: str
) -> State[Any]:
    """One project of the portfolio: Completed when it passed, Failed (with its outcome) if not."""
    logger = get_run_logger()
    outcome = audit_one(project_dir, start, end, out_dir)
    label = outcome["project_id"] or project_dir
    _announce(outcome, logger)
    if outcome["exit_code"] == EXIT_OK:
        logger.info("%s %s; outputs in %s", label, outcome["message"], outcome["output_dir"])
        name = MATERIAL_STATE_NAME if outcome["outcome"] == "material-misstatement" else None
        return Completed(name=name, message=f"{label}: {outcome['message']}", data=outcome)
    logger.error("%s: %s%s", label, outcome["message"], f"\n{outcome.get('traceback', '')}")
    return Failed(message=f"{label}: {outcome['message']}", data=outcome)


def _duplicates(project_dirs: list[str]) -> dict[int, tuple[str, str]]:
    """Projects that would write into another project's output folder (same folder or id):
    position → (project id, message). The first of each id runs; the others are refused."""
    seen: dict[str, str] = {}
    clashes: dict[int, tuple[str, str]] = {}
    for i, project_dir in enumerate(project_dirs):
        root = Path(project_dir).resolve()
        ident = _project_id(project_dir) if root.is_dir() else str(root)
        if ident is None:
            continue  # unreadable project.yaml: the project's own task reports it
        if ident in seen:
            clashes[i] = (ident, f"project id {ident} is also given by {seen[ident]}")
        else:
            seen[ident] = project_dir
    return clashes


def _state_outcome(project_dir: str, state: State[Any]) -> dict[str, Any]:
    data = state.result(raise_on_failure=False)
    if isinstance(data, dict) and "exit_code" in data:
        return data
    return _outcome(project_dir, message=f"task run {state.name}: {state.message or data}")


def _portfolio_run_name() -> str:
    from prefect.runtime import flow_run

    p = flow_run.parameters
    start, end = p.get("start"), p.get("end")
    return f"portfolio {start}..{end}" if start and end else "portfolio latest periods"


@flow(
    name="portfolio-audit",
    flow_run_name=_portfolio_run_name,
    # TaskRunner is invariant in its future type: DaskTaskRunner does not match the hint
    task_runner=DaskTaskRunner(cluster_kwargs=local_cluster_kwargs(2)),  # type: ignore[arg-type]
    validate_parameters=True,
)
def portfolio_audit(
    project_dirs: list[str],
    start: dt.date | None = None,
    end: dt.date | None = None,
    out_dir: str = "reports",
) -> list[dict[str, Any]] | State[Any]:
    """Audit several projects over one monitoring period in parallel (one task per project).

    Parameters
    ----------
    project_dirs : project folders (contract.md section 2); project ids must differ
    start, end : first and last day of the monitoring period; leave both empty to audit each
        project's latest monitoring period (project.yaml) that has ended
    out_dir : output root; each project writes ``<out_dir>/<project-id>/<start>_<end>/``
    """
    logger = get_run_logger()
    clashes = _duplicates(project_dirs)
    runnable = [d for i, d in enumerate(project_dirs) if i not in clashes]
    futures = audit_project.map(runnable, unmapped(start), unmapped(end), unmapped(out_dir))
    by_dir = iter(zip(runnable, futures, strict=True))
    outcomes: list[dict[str, Any]] = []
    for i, project_dir in enumerate(project_dirs):
        if i in clashes:
            ident, message = clashes[i]
            outcomes.append(
                _outcome(project_dir, project_id=ident, status="input_error",
                         exit_code=EXIT_INPUT, message=f"{message}: outputs would clash")
            )  # fmt: skip
            continue
        _, future = next(by_dir)
        future.wait()
        outcomes.append(_state_outcome(project_dir, future.state))
    publish_portfolio_artifact(outcomes, str(start or "latest"), str(end or "period"))
    failed = [o for o in outcomes if o["exit_code"] != EXIT_OK]
    logger.info("%d of %d project(s) passed", len(outcomes) - len(failed), len(outcomes))
    if failed:
        names = ", ".join(f"{o['project_id'] or o['project_dir']} ({o['status']})" for o in failed)
        return Failed(
            message=f"{len(failed)} of {len(outcomes)} project(s) did not pass: {names}",
            data=outcomes,
        )
    material = [o for o in outcomes if o.get("outcome") == "material-misstatement"]
    if material:
        names = ", ".join(f"{o['project_id']} ({o['misstatement']})" for o in material)
        return Completed(
            name=MATERIAL_STATE_NAME,
            message=f"{len(material)} of {len(outcomes)} project(s) with a material "
            f"misstatement: {names}",
            data=outcomes,
        )
    return outcomes


def run_portfolio(
    project_dirs: list[str],
    start: dt.date | None,
    end: dt.date | None,
    out_dir: str = "reports",
    *,
    dask_address: str | None = None,
    dask_workers: int | None = None,
) -> list[dict[str, Any]]:
    """Run :func:`portfolio_audit` on the chosen Dask cluster; return one outcome per project."""
    if not dask_address:
        share_ephemeral_api()
    workers = dask_workers or max(1, min(len(project_dirs), os.cpu_count() or 1))
    runner = dask_task_runner(dask_address, workers)
    # TaskRunner is invariant in its future type: DaskTaskRunner does not match the hint
    state = portfolio_audit.with_options(task_runner=runner)(  # type: ignore[arg-type]
        project_dirs, start, end, out_dir, return_state=True
    )
    outcomes = state.result(raise_on_failure=False)
    if not isinstance(outcomes, list):  # the flow itself failed (crash, bad parameters)
        message = f"portfolio run {state.name}: {state.message}"
        return [_outcome(d, project_id=_project_id(d), message=message) for d in project_dirs]
    return outcomes
