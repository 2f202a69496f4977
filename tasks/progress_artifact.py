"""Progress of a long step in the Prefect UI: a progress artifact and run-log lines.

The core reports progress through :func:`redd_audit.progress.report` (step, fraction, detail).
:func:`with_progress_artifact` wraps a task's plain function so that, inside a task run, a
progress artifact is created when the step starts, is updated on each report of that step, and
ends at 100 % when the step returns; each update is also written to the task run's log.
Outside a task run (``task.fn(...)``, Dask portfolio runs) the wrapper just calls the function.
A failure to reach the API never fails the step: progress is information, not a result.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar
from uuid import UUID

from redd_audit import progress

P = ParamSpec("P")
R = TypeVar("R")

_MIN_STEP = 0.05  # update the artifact when progress moved by 5 points ...
_MIN_SECONDS = 2.0  # ... or when this much time has passed since the last update


class _ProgressArtifact:
    """Listener of one step's reports, bound to the current task run."""

    def __init__(self, step: str, description: str) -> None:
        from prefect import get_run_logger

        self.step = step
        self.description = description
        self.logger: logging.Logger | logging.LoggerAdapter[Any] = get_run_logger()
        self.artifact_id: UUID | None = None
        self.last_fraction = -1.0
        self.last_time = 0.0
        try:
            from prefect.artifacts import create_progress_artifact

            # async_dispatch types the call as UUID | Coroutine: from a sync task it is a UUID
            self.artifact_id = create_progress_artifact(  # type: ignore[assignment]
                progress=0.0, description=f"{self.step}: {self.description}"
            )
        except Exception as exc:  # the API being unreachable must not fail the step
            self.logger.warning("progress artifact of %s not created: %s", step, exc)

    def _update(self, fraction: float, detail: str) -> None:
        self.last_fraction, self.last_time = fraction, time.monotonic()
        self.logger.info("%s %3.0f %% %s", self.step, 100 * fraction, detail)
        if self.artifact_id is None:
            return
        try:
            from prefect.artifacts import update_progress_artifact

            update_progress_artifact(
                artifact_id=self.artifact_id,
                progress=round(100.0 * min(max(fraction, 0.0), 1.0), 1),
                description=f"{self.step}: {detail or self.description}",
            )
        except Exception as exc:
            self.logger.debug("progress artifact of %s not updated: %s", self.step, exc)

    def __call__(self, step: str, fraction: float, detail: str) -> None:
        if step != self.step:
            return
        moved = fraction - self.last_fraction >= _MIN_STEP
        if fraction >= 1.0 or moved or time.monotonic() - self.last_time >= _MIN_SECONDS:
            self._update(fraction, detail)

    def finish(self) -> None:
        if self.last_fraction < 1.0:
            self._update(1.0, "done")


def with_progress_artifact(
    step: str, description: str
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorate a task's plain function with a progress artifact for ``step`` (see module)."""

    def decorate(fn: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(fn)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            from prefect.context import TaskRunContext

            if TaskRunContext.get() is None:
                return fn(*args, **kwargs)
            listener = _ProgressArtifact(step, description)
            with progress.listen(listener):
                result = fn(*args, **kwargs)
            listener.finish()
            return result

        return wrapper

    return decorate
