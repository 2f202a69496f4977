"""One audit at a time per project and period: a Prefect global concurrency limit.

A scheduled run, a triggered run and a manual run of the same project and period would write
into the same output folder; the second waits for the first. The limit is named
``redd-audit-<project>-<start>-<end>`` (slugified), has one slot, and is created on first use;
the slot is leased (renewed while the run lives), so a killed run frees it within about a
minute, when its lease runs out; a rerun right after a `kill -9` waits that long.
"""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Iterator
from typing import Any

LEASE_SECONDS = 60  # the server's minimum: a killed run frees its slot within about a minute


def limit_name(project_id: str, start: object, end: object) -> str:
    text = f"redd-audit-{project_id}-{start}-{end}".lower()
    return re.sub(r"[^a-z0-9-]+", "-", text).strip("-")


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


@contextlib.contextmanager
def one_run_per_period(
    project_id: str,
    start: object,
    end: object,
    logger: logging.Logger | logging.LoggerAdapter[Any],
) -> Iterator[str]:
    """Hold the project-and-period slot for the duration of the block."""
    from prefect.concurrency.sync import concurrency

    name = limit_name(project_id, start, end)
    ensure_limit(name)
    logger.info("waiting for the slot %s (one run per project and period)", name)
    with concurrency(name, occupy=1, lease_duration=LEASE_SECONDS, strict=True):
        logger.info("slot %s acquired", name)
        yield name
