"""The outcome of an audit run as automations see it (contract.md section 6).

- :func:`final_state` turns the period conclusion (``redd_audit/conclusion.py``) into the
  flow run's final state: ``Completed`` (passed), ``Completed`` named ``Material
  misstatement``, or ``Failed`` with the number of blocking findings and the first ones in the
  message. States are returned, never raised, so the run's logs hold no traceback for these
  expected outcomes.
- :func:`emit_outcome` emits ``redd-audit.audit.passed``,
  ``redd-audit.audit.material-misstatement`` or ``redd-audit.audit.failed`` with the project
  as resource.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from redd_audit.conclusion import conclusion, first_findings, misstatement_text
from redd_audit.errors import InputError, QualityGateFailed

if TYPE_CHECKING:
    from prefect.client.schemas.objects import State

    from redd_audit.cycle.unchanged import CurrentRevision

EVENT_PREFIX = "redd-audit"
MATERIAL_STATE_NAME = "Material misstatement"


def project_resource(project_id: str) -> dict[str, str]:
    """The event resource of a project: ``redd-audit.project.<project-id>``."""
    return {
        "prefect.resource.id": f"{EVENT_PREFIX}.project.{project_id}",
        "prefect.resource.name": project_id,
    }


def state_message(summary: dict[str, Any], kind: str, output_dir: str) -> str:
    """The final state's message: the outcome in one line, then where the outputs are."""
    c = conclusion(summary, kind)
    if c["outcome"] == "failed":
        gate = QualityGateFailed(c["errors"], output_dir)
        first = "; ".join(first_findings(summary))
        return f"{gate}" + (f". First: {first}" if first else "")
    parts = [f"{c['project_id']} {c['period'].get('start')}..{c['period'].get('end')}"]
    if kind == "validate":
        parts.append(f"data-quality gate passed with {c['warnings']} warning(s)")
    else:
        vcus = "n/a" if c["vcus"] is None else f"{c['vcus']:,}"
        parts.append(f"VCUs {vcus}")
        parts.append(c["line"] or misstatement_text(c["misstatement"]))
    return "; ".join(parts) + f"; outputs {output_dir}"


def final_state(summary: dict[str, Any], kind: str, output_dir: str) -> State[Any]:
    """The flow run's final state for this summary (see the module docstring).

    A failed gate carries :class:`QualityGateFailed` as its data, so a caller that asks for
    the result gets that exception, as before; the other states carry the summary.
    """
    from prefect.states import Completed, Failed

    c = conclusion(summary, kind)
    message = state_message(summary, kind, output_dir)
    if c["outcome"] == "failed":
        return Failed(message=message, data=QualityGateFailed(c["errors"], output_dir))
    if c["outcome"] == "material-misstatement":
        return Completed(name=MATERIAL_STATE_NAME, message=message, data=summary)
    return Completed(message=message, data=summary)


def unchanged_message(number: int) -> str:
    return f"unchanged since revision {number}"


def unchanged_state(current: CurrentRevision, kind: str) -> State[Any]:
    """The current revision's outcome for a rerun that repeats it (contract 5.1): the same
    state as that revision's run, its message starting with "unchanged since revision N"."""
    state = final_state(current.summary, kind, str(current.folder))
    state.message = f"{unchanged_message(current.number)}; {state.message}"
    return state


def run_links() -> dict[str, Any]:
    """The current flow run's UI address and deployment (None outside a run, or without a UI
    address: ``PREFECT_UI_URL``, set by default for a local server)."""
    from prefect.runtime import deployment, flow_run

    try:
        return {"flow_run_url": flow_run.ui_url, "flow_run_name": flow_run.name,
                "deployment": deployment.name}  # fmt: skip
    except Exception:  # outside a run: no links
        return {"flow_run_url": None, "flow_run_name": None, "deployment": None}


def event_payload(summary: dict[str, Any], kind: str, output_dir: str) -> dict[str, Any]:
    """The outcome event's payload; ``vcus_text`` and ``misstatement_text`` are the figures as
    a person reads them (whole units with separators), for notifications."""
    c = conclusion(summary, kind)
    vcus = c["vcus"]
    return {
        "project_id": c["project_id"],
        "kind": kind,
        "period": c["period"],
        "status": c["status"],
        "outcome": c["outcome"],
        "vcus": c["vcus"],
        "misstatement": c["misstatement"],
        "material": c["material"],
        "errors": c["errors"],
        "warnings": c["warnings"],
        "findings_open": c["findings_open"],
        "first_findings": first_findings(summary),
        "output_dir": output_dir,
        "vcus_text": "n/a" if vcus is None else f"{round(vcus):,}",
        "misstatement_text": misstatement_text(c["misstatement"]),
        **run_links(),
    }


def emit_outcome(summary: dict[str, Any], kind: str, output_dir: str) -> Any:
    """Emit ``redd-audit.audit.<outcome>`` for this run; returns the event (None if disabled)."""
    from prefect.events import emit_event

    payload = event_payload(summary, kind, output_dir)
    period = payload["period"]
    resource = {
        **project_resource(str(payload["project_id"])),
        "redd-audit.period": f"{period.get('start')}..{period.get('end')}",
        "redd-audit.kind": kind,
    }
    return emit_event(
        event=f"{EVENT_PREFIX}.audit.{payload['outcome']}", resource=resource, payload=payload
    )


class _ExpectedOutcomeFilter(logging.Filter):
    """No traceback in the run's logs for expected outcomes (invalid input, a failed gate).

    A deployment run whose flow returns a ``Failed`` state makes Prefect's engine re-raise the
    state's exception and log "Engine execution exited with unexpected exception" with its
    traceback; a task that raises :class:`InputError` is logged with a traceback too. For
    these expected outcomes the state message already says everything: the engine's record is
    dropped and the task's record keeps its message without the traceback. Any other
    exception (a bug) keeps its traceback.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if not isinstance(exc, InputError | QualityGateFailed):
            return True
        if record.getMessage().startswith("Engine execution exited with unexpected exception"):
            return False
        record.exc_info = None
        record.exc_text = None
        return True


def quiet_expected_outcomes() -> None:
    """Install the filter on Prefect's run loggers (idempotent)."""
    for name in ("prefect.flow_runs", "prefect.task_runs"):
        logger = logging.getLogger(name)
        if not any(isinstance(f, _ExpectedOutcomeFilter) for f in logger.filters):
            logger.addFilter(_ExpectedOutcomeFilter())
