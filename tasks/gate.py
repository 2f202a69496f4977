"""The data-quality gate as its own task run, so that the UI shows which step blocked a run.

``check`` computes the findings; ``gate`` decides: its task run ends ``Completed`` named
``Gate passed``, or ``Failed`` named ``Gate failed`` with the number of blocking findings and
the first ones in its message. It returns the state instead of raising, so no traceback is
written for this expected outcome.
"""

from __future__ import annotations

from typing import Any

from prefect import task
from prefect.cache_policies import NO_CACHE
from prefect.client.schemas.objects import State
from prefect.states import Completed, Failed

from tasks.quality import QualityOutcome

FIRST = 3


def gate_message(quality: QualityOutcome, first: int = FIRST) -> str:
    """``data-quality gate failed with N blocking finding(s). First: ...`` (or passed)."""
    errors = [f for f in quality.findings if f.severity == "error"]
    if not quality.errors:
        return f"data-quality gate passed with {quality.warnings} warning(s)"
    shown = "; ".join(f.render() for f in errors[:first])
    return f"data-quality gate failed with {quality.errors} blocking finding(s). First: {shown}"


def decide(quality: QualityOutcome) -> State[Any]:
    if quality.errors:
        return Failed(name="Gate failed", message=gate_message(quality))
    return Completed(name="Gate passed", message=gate_message(quality))


quality_gate = task(name="gate", task_run_name="gate", cache_policy=NO_CACHE, persist_result=False)(
    decide
)
