"""The verification-audit flow (collect → check → gate → compute → assess → assemble → publish)
and the quality-check flow (collect → check → gate → assess → assemble → publish, no emission
figures).

Entrypoints for ``prefect.yaml``: ``flows/audit.py:verification_audit`` and
``flows/audit.py:quality_check``.

Outcomes (contract.md section 6, ``flows/outcome.py``): the flow returns its final state:
``Completed``; ``Completed`` named ``Material misstatement``; ``Failed`` with the number of
blocking findings and the first findings (the ``gate`` task run is ``Failed`` too); ``Failed``
with the input error naming file, row and column. None of them writes a traceback to the run's
logs. Each audit emits ``redd-audit.audit.<outcome>`` with the project as resource.

Period: ``start`` and ``end`` may be left out; the run then audits the latest monitoring period
of ``project.yaml`` that has ended (``redd_audit/periods.py``), so a schedule never goes stale.

Concurrency: one run at a time per project and period (``flows/limits.py``).

Unchanged (contract 5.1): inside the slot, a run whose inputs, settings and seed equal the
current revision's (``tasks/unchanged.py``) returns that revision's outcome with the message
"unchanged since revision N", writes nothing and emits no event; ``reason`` or
``force_revision`` makes a new revision anyway. ``validate`` (the quality-check flow) writes
to the period folder's ``validation/`` folder.

Signing (contract 9.2): ``signing_key_file`` (``run --signing-key``), else the environment's
``REDD_AUDIT_SIGNING_KEY_FILE`` read when the flow runs (so a deployment's worker can sign with a
key it holds), names an Ed25519 private key file; the key is checked before any work and only its
path travels to ``assemble``. Without either the run is attested but unsigned.

Resilience: ``check`` and ``compute`` persist their results under cache keys made of the
content hashes of their inputs and of the code (``tasks/cache_keys.py``), so a run that was
killed resumes after the last finished step, writing the same outputs; ``assemble`` is never
cached (it writes the files).

Test hook: ``REDD_AUDIT_TEST_PAUSE_BEFORE_ASSEMBLE=<seconds>`` makes the flow sleep between
``compute`` and ``assemble`` so that a test can kill a run midway (tests/test_prefect_server.py).
It is read when the flow runs, never set by the CLI or the deployments; leave it unset.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path
from typing import Any

from prefect import flow, get_run_logger
from prefect.client.schemas.objects import State
from prefect.states import Failed
from prefect.task_runners import ThreadPoolTaskRunner

from flows.limits import one_run_per_period
from flows.naming import run_name
from flows.outcome import emit_outcome, final_state, quiet_expected_outcomes, unchanged_state
from redd_audit.bundle.keys import load_signing_key
from redd_audit.errors import InputError
from redd_audit.periods import resolve_period
from tasks.artifacts import publish_artifacts
from tasks.assemble import assemble_outputs
from tasks.assess import assess_period_task
from tasks.collect import collect_inputs
from tasks.compute import recompute_period
from tasks.gate import quality_gate
from tasks.quality import check_quality
from tasks.unchanged import unchanged_check

PAUSE_BEFORE_ASSEMBLE_ENV = "REDD_AUDIT_TEST_PAUSE_BEFORE_ASSEMBLE"
SIGNING_KEY_ENV = "REDD_AUDIT_SIGNING_KEY_FILE"

quiet_expected_outcomes()  # no traceback in the run's logs for invalid input or a failed gate


def _test_pause_before_assemble() -> None:
    """Sleep when the test hook asks for it (see the module docstring)."""
    seconds = os.environ.get(PAUSE_BEFORE_ASSEMBLE_ENV)
    if seconds:
        get_run_logger().warning("test hook: pausing %s s before assemble", seconds)
        time.sleep(float(seconds))


def revision_options(
    reason: str | None,
    sample_seed: int | None,
    signing_key: str | None = None,
    mc_seed: int | None = None,
) -> dict[str, Any]:
    """The keyword arguments of ``assemble`` for the options that were set.

    ``signing_key`` (else ``REDD_AUDIT_SIGNING_KEY_FILE``) must name a readable Ed25519
    private key (InputError otherwise); only its path is passed on.
    """
    signing_key = signing_key or os.environ.get(SIGNING_KEY_ENV) or None
    if signing_key is not None:
        load_signing_key(Path(signing_key))
    given = {"reason": reason, "sample_seed": sample_seed, "signing_key": signing_key,
             "mc_seed": mc_seed}  # fmt: skip
    options = {k: v for k, v in given.items() if v is not None}
    return options


def _audit(
    project_dir: str,
    start: dt.date | None,
    end: dt.date | None,
    out_dir: str,
    kind: str,
    options: dict[str, Any],
    force_revision: bool = False,
    slot_wait_seconds: float | None = None,
) -> State[Any]:
    logger = get_run_logger()
    collected_state = collect_inputs(Path(project_dir), return_state=True)
    try:
        collected = collected_state.result()
        project = collected.project
        s, e = resolve_period(project, start, end, dt.date.today())
        project.check_period(s, e)
        options = revision_options(**options)
        mc_seed = options.pop("mc_seed", None)  # the assessment's, not assemble's
    except InputError as exc:
        logger.error("input error: %s", exc)
        return Failed(message=str(exc), data=exc)
    logger.info("%s %s..%s (%s): %d tables", project.id, s, e, kind, len(collected.tables))
    try:
        with one_run_per_period(project.id, s, e, logger, slot_wait_seconds):
            if not (force_revision or options.get("reason")):
                current = unchanged_check(
                    collected, s, e, Path(out_dir), kind,
                    sample_seed=options.get("sample_seed"),
                    signing_key=options.get("signing_key"),
                    mc_seed=mc_seed,
                )  # fmt: skip
                if current is not None:  # contract 5.1: no new revision, no new event
                    logger.info("unchanged since revision %d: %s", current.number, current.folder)
                    return unchanged_state(current, kind)
            quality = check_quality(collected, s, e)
            quality_gate(quality, return_state=True)
            recomputation = None
            if quality.errors == 0 and kind == "run":
                recomputation = recompute_period(collected, s, e)
            _test_pause_before_assemble()
            assessment = assess_period_task(
                collected, quality, recomputation, s, e, Path(out_dir),
                sample_seed=options.get("sample_seed"), mc_seed=mc_seed,
            )  # fmt: skip
            outputs = assemble_outputs(
                collected, quality, recomputation, assessment, s, e, Path(out_dir), **options,
                kind=kind,
            )  # fmt: skip
            summary = outputs.summary
            publish_artifacts(summary, outputs, kind)
    except InputError as exc:  # e.g. an input file changed during the run
        logger.error("input error: %s", exc)
        return Failed(message=str(exc), data=exc)
    logger.info("outputs in %s", outputs.output_dir)
    try:
        emit_outcome(summary, kind, str(outputs.output_dir))
    except Exception as exc:  # an event is information: it never changes the audit's outcome
        logger.warning("outcome event not emitted: %s", exc)
    return final_state(summary, kind, str(outputs.output_dir))


@flow(
    name="verification-audit",
    # TaskRunner is invariant in its future type: Prefect's own runners do not match the hint
    task_runner=ThreadPoolTaskRunner(max_workers=4),  # type: ignore[arg-type]
    flow_run_name=run_name("run"),
    validate_parameters=True,
)
def verification_audit(
    project_dir: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    out_dir: str = "reports",
    reason: str | None = None,
    sample_seed: int | None = None,
    signing_key_file: str | None = None,
    force_revision: bool = False,
    slot_wait_seconds: float | None = None,
    mc_seed: int | None = None,
) -> State[Any]:
    """Audit one monitoring period of one project and publish its outputs.

    Args:
        project_dir: Project folder holding project.yaml and the tables, e.g.
            data/raw/vcs-868 (relative to the repo root on a worker).
        start: First day of the monitoring period. Leave start and end empty to audit the
            latest period of project.yaml that has ended.
        end: Last day of the monitoring period (see start).
        out_dir: Output root; the outputs go to <out_dir>/<project-id>/<start>_<end>/.
        reason: Why this revision is made (recorded in summary.json and the workbook).
        sample_seed: Seed of the evidence sample (monetary-unit sampling); leave empty for
            the project's default.
        signing_key_file: Path of an Ed25519 private key (redd-audit keygen) on the machine
            running the flow; signs bundle.intoto.jsonl. Leave empty to use the environment's
            REDD_AUDIT_SIGNING_KEY_FILE, if set, else the run is unsigned.
        force_revision: Make a new revision even when inputs, settings and seed equal the
            current revision's (otherwise such a run leaves the folder as it is).
        slot_wait_seconds: How long to wait for a run of the same project and period to end
            before failing (an input error); leave empty to wait until it ends.
        mc_seed: Seed of the Monte Carlo simulation (accounting.simulation); leave empty for
            project.yaml's seed or the derived one.
    """
    return _audit(project_dir, start, end, out_dir, "run",
                  {"reason": reason, "sample_seed": sample_seed,
                   "signing_key": signing_key_file, "mc_seed": mc_seed}, force_revision,
                  slot_wait_seconds)  # fmt: skip


@flow(
    name="quality-check",
    # TaskRunner is invariant in its future type: Prefect's own runners do not match the hint
    task_runner=ThreadPoolTaskRunner(max_workers=4),  # type: ignore[arg-type]
    flow_run_name=run_name("validate"),
    validate_parameters=True,
)
def quality_check(
    project_dir: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
    out_dir: str = "reports",
    force_revision: bool = False,
    slot_wait_seconds: float | None = None,
) -> State[Any]:
    """Check the data of one monitoring period only: collection and the data-quality gate, with
    the data-quality workbook, summary and Data Docs; no emission figures.

    Args:
        project_dir: Project folder holding project.yaml and the tables, e.g.
            data/raw/vcs-868 (relative to the repo root on a worker).
        start: First day of the monitoring period. Leave start and end empty to check the
            latest period of project.yaml that has ended.
        end: Last day of the monitoring period (see start).
        out_dir: Output root; the outputs go to <out_dir>/<project-id>/<start>_<end>/validation/
            (an audit's outputs in the period folder are never moved or changed).
        force_revision: Make a new revision even when the inputs equal the current one's.
        slot_wait_seconds: How long to wait for a run of the same project and period to end
            before failing (an input error); leave empty to wait until it ends.
    """
    return _audit(project_dir, start, end, out_dir, "validate",
                  {"reason": None, "sample_seed": None}, force_revision,
                  slot_wait_seconds)  # fmt: skip
