"""One audit at a time per project and period: a Prefect global concurrency limit.

A scheduled run, a triggered run and a manual run of the same project and period would write
into the same output folder; the second waits for the first. The limit is named
``redd-audit-<project>-<start>-<end>`` (slugified), has one slot, and is created on first use.

The slot is held with a lease of :data:`LEASE_SECONDS` (Prefect's default, 300 s), renewed
by a background thread while the run lives; the CPU-bound steps leave the GIL free (the
workbook's cached values are computed in a subprocess), so a busy worker still renews it.
Who holds the slot is recorded in the Prefect variable ``<limit>-holder`` (flow run, host,
process, since when, lease id).

A waiting run says so at once, in its log and on the terminal: who holds the slot, since when,
and how to release it. A slot whose holder is gone is stale and is released by the waiter
(:func:`stale_reason`): the holder's flow run has ended, or it ran on this machine and its
process no longer exists (``kill -9``, an OOM kill), or nobody recorded holding it for
:data:`UNRECORDED_STALE_SECONDS` of waiting (the embedded server of a killed CLI lost its
leases, while its database still counts the slot). A verdict must hold on two looks
:data:`POLL_SECONDS` apart, and only one waiter releases a given holding (a Prefect variable
created once is the token). A bounded wait (``wait_seconds``) ends with :class:`SlotBusy`, an
input error (CLI exit code 2).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import socket
import time
from collections.abc import Iterator
from typing import Any

from redd_audit.errors import InputError

LEASE_SECONDS = 300.0  # Prefect's default: margin for a busy worker to renew the lease
POLL_SECONDS = 10.0
#: A taken slot nobody records holding is stale after this long (e.g. an embedded server's
#: leases died with a killed CLI, and its database still counts the slot).
UNRECORDED_STALE_SECONDS = LEASE_SECONDS
TERMINAL_LOGGER = "redd_audit.slot"  # warnings reach the CLI's terminal (run logs do not)
Logger = logging.Logger | logging.LoggerAdapter[Any]


class SlotBusy(InputError):
    """The slot stayed taken for the whole bounded wait."""


def limit_name(project_id: str, start: object, end: object) -> str:
    text = f"redd-audit-{project_id}-{start}-{end}".lower()
    return re.sub(r"[^a-z0-9-]+", "-", text).strip("-")


def holder_variable(name: str) -> str:
    return f"{name}-holder"


def release_command(name: str) -> str:
    return f"prefect gcl update {name} --active-slots 0 && prefect variable unset {name}-holder"


def ensure_limit(name: str, slots: int = 1) -> None:
    """Create the global concurrency limit ``name`` unless it exists."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import GlobalConcurrencyLimitCreate
    from prefect.exceptions import ObjectAlreadyExists, ObjectNotFound

    with get_client(sync_client=True) as client:
        try:
            client.read_global_concurrency_limit_by_name(name)
        except ObjectNotFound:
            with contextlib.suppress(ObjectAlreadyExists):  # another run created it meanwhile
                client.create_global_concurrency_limit(
                    GlobalConcurrencyLimitCreate(name=name, limit=slots)
                )


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _this_run() -> tuple[str | None, str | None]:
    """(flow run id, run name) of the calling flow run, if any; in a task run on another
    process (a portfolio's Dask worker), its flow run id and the task run's name."""
    from prefect.context import FlowRunContext, TaskRunContext

    ctx = FlowRunContext.get()
    run = ctx.flow_run if ctx is not None else None
    if run is not None:
        return str(run.id), run.name
    task_ctx = TaskRunContext.get()
    task_run = task_ctx.task_run if task_ctx is not None else None
    if task_run is not None and task_run.flow_run_id is not None:
        return str(task_run.flow_run_id), task_run.name
    return None, None


def holder_record(lease_id: str) -> dict[str, object]:
    """What a waiter is told about this process holding the slot."""
    run_id, run_name = _this_run()
    return {
        "flow_run_id": run_id,
        "flow_run_name": run_name,
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "since": _now().isoformat(timespec="seconds"),
        "lease_id": lease_id,
    }


def read_holder(client: Any, name: str) -> dict[str, Any] | None:
    variable = client.read_variable_by_name(holder_variable(name))
    value = variable.value if variable is not None else None
    return value if isinstance(value, dict) else None


def describe(holder: dict[str, Any] | None) -> str:
    if holder is None:
        return "a run that left no record (an older redd-audit, or one that has just started)"
    name, run_id = holder.get("flow_run_name"), holder.get("flow_run_id")
    run = f"flow run '{name}'" + (f" ({run_id})" if run_id else "")
    if name is None and run_id is None:
        run = "a process outside a Prefect flow run"
    where = f"{holder.get('host')}, process {holder.get('pid')}"
    return f"{run} on {where}, since {holder.get('since')}"


def stale_reason(client: Any, holder: dict[str, Any] | None, waited: float) -> str | None:
    """Why the slot's holder is gone, or None while it may still be working."""
    if holder is None:
        if waited < UNRECORDED_STALE_SECONDS:
            return None
        return f"nobody recorded holding it for {waited:.0f} s"
    pid = holder.get("pid")
    if holder.get("host") == socket.gethostname() and isinstance(pid, int) and not _pid_alive(pid):
        return f"its process {pid} on this machine no longer exists"
    run_id = holder.get("flow_run_id")
    if run_id:
        from uuid import UUID

        from prefect.exceptions import ObjectNotFound

        try:
            state = client.read_flow_run(UUID(str(run_id))).state
        except ObjectNotFound:
            return "its flow run no longer exists"
        if state is not None and state.is_final():
            return f"its flow run ended {state.name}"
    return None


def _release_stale(client: Any, name: str, holder: dict[str, Any] | None) -> bool:
    """Release a stale holding once (only the waiter that creates the token does it)."""
    import httpx
    from prefect.client.schemas.actions import VariableCreate
    from prefect.exceptions import ObjectAlreadyExists

    # the holding's lease id; a slot nobody recorded has none: waiters in the same stretch of
    # UNRECORDED_STALE_SECONDS share one token, a later stale slot gets another
    bucket = int(time.time() // UNRECORDED_STALE_SECONDS)
    token = (holder or {}).get("lease_id") or (holder or {}).get("since") or f"none-{bucket}"
    token_name = re.sub(r"[^a-z0-9_-]+", "-", f"{name}-released-{token}".lower())[:255]
    try:
        client.create_variable(VariableCreate(name=token_name, value=_now().isoformat()))
    except ObjectAlreadyExists:
        return False  # another waiter released this holding
    lease_id = (holder or {}).get("lease_id")
    released = False
    if lease_id:
        try:  # renewing succeeds only while the server still has the lease
            client.renew_concurrency_lease(lease_id=lease_id, lease_duration=60)
        except httpx.HTTPStatusError:
            pass
        else:  # decrement and revoke together, so no expiry decrements it again
            client.release_concurrency_slots_with_lease(lease_id=lease_id)
            released = True
    if not released:  # the lease is gone with the server that held it: free the slot itself
        client.release_concurrency_slots(names=[name], slots=1, occupancy_seconds=1.0)
    with contextlib.suppress(Exception):
        client.delete_variable_by_name(holder_variable(name))
    return True


def _try_acquire(client: Any, name: str) -> str | None:
    """The lease id of the slot, or None while it is taken."""
    import httpx
    from prefect.client.schemas.objects import ConcurrencyLeaseHolder

    run_id, _ = _this_run()
    holder = ConcurrencyLeaseHolder(type="flow_run", id=run_id) if run_id else None
    try:
        response = client.increment_concurrency_slots_with_lease(
            names=[name], slots=1, mode="concurrency", lease_duration=LEASE_SECONDS, holder=holder
        )
    except httpx.HTTPStatusError as exc:
        if exc.response.status_code == 423:  # locked: the slot is taken
            return None
        raise
    return str(response.json()["lease_id"])


def acquire(client: Any, name: str, logger: Logger, wait_seconds: float | None = None) -> str:
    """Take the slot (its lease id), waiting as the module docstring describes."""
    terminal = logging.getLogger(TERMINAL_LOGGER)
    started = time.monotonic()
    told: object = acquire  # the holder last described (none yet)
    suspect: tuple[dict[str, Any] | None, str] | None = None
    while (lease_id := _try_acquire(client, name)) is None:
        waited = time.monotonic() - started
        holder = read_holder(client, name)
        if holder != told:
            message = (
                f"waiting for the slot {name} (one run per project and period): held by "
                f"{describe(holder)}. It is freed when that run ends; a stale slot is released "
                f"by this run; to release it by hand: {release_command(name)}"
            )
            logger.warning(message)
            terminal.warning(message)
            told = holder
        reason = stale_reason(client, holder, waited)
        if reason is not None and suspect is not None and suspect[0] == holder:
            if _release_stale(client, name, holder):
                message = f"released the stale slot {name} of {describe(holder)}: {reason}"
                logger.warning(message)
                terminal.warning(message)
            suspect = None
            continue
        suspect = (holder, reason) if reason is not None else None
        if wait_seconds is not None and waited >= wait_seconds:
            raise SlotBusy(
                f"the slot {name} is still held by {describe(holder)} after {waited:.0f} s of "
                f"waiting; run again later, or release it: {release_command(name)}"
            )
        time.sleep(POLL_SECONDS)
    return lease_id


@contextlib.contextmanager
def one_run_per_period(
    project_id: str,
    start: object,
    end: object,
    logger: Logger,
    wait_seconds: float | None = None,
) -> Iterator[str]:
    """Hold the project-and-period slot for the duration of the block."""
    from uuid import UUID

    from prefect.client.orchestration import get_client
    from prefect.concurrency._leases import maintain_concurrency_lease  # Prefect 3.9

    name = limit_name(project_id, start, end)
    ensure_limit(name)
    with get_client(sync_client=True) as client:
        lease_id = acquire(client, name, logger, wait_seconds)
        try:
            with contextlib.suppress(Exception):  # the record informs; it never blocks a run
                from prefect.client.schemas.actions import VariableCreate, VariableUpdate

                record = holder_record(lease_id)
                variable = holder_variable(name)
                if client.read_variable_by_name(variable) is None:
                    client.create_variable(VariableCreate(name=variable, value=record))
                else:
                    client.update_variable(VariableUpdate(name=variable, value=record))
            logger.info("slot %s acquired (lease %s s)", name, LEASE_SECONDS)
            with maintain_concurrency_lease(
                UUID(lease_id), LEASE_SECONDS, raise_on_lease_renewal_failure=True
            ):
                yield name
        finally:
            with contextlib.suppress(Exception):
                client.delete_variable_by_name(holder_variable(name))
            client.release_concurrency_slots_with_lease(lease_id=UUID(lease_id))
