"""Flow run names with the project id, the period and the kind of run.

``verification-audit`` runs are named ``VCS-868 2021-01-01..2022-12-31 run`` and quality-check
runs ``... validate``. The name is computed when the run starts; a name typed by the user (the
UI's custom run form, ``prefect deployment run --flow-run-name``) is kept. Prefect gives runs
created without a name a random two-word slug (``marvellous-grebe``), and the UI's custom run
form pre-fills one in title case (``Handmade-Thrush``): only such names, or an empty one, are
replaced (so a typed name of that very shape, two capitalised words and a dash, is too).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

AUTO_NAME = re.compile(r"[a-z]+-[a-z]+|[A-Z][a-z]+-[A-Z][a-z]+")


def is_generated_name(name: str | None) -> bool:
    """True for Prefect's random run names (two lowercase words and a dash, or the UI form's
    two capitalised words) or no name."""
    return not name or AUTO_NAME.fullmatch(name) is not None


def _date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def audit_run_name(project_dir: Any, start: Any, end: Any, kind: str, today: dt.date) -> str:
    """``<project-id> <start>..<end> <kind>``; the period resolved from project.yaml if open.

    Falls back to the folder name and the dates as given when the project cannot be read
    (the run itself then reports why).
    """
    from redd_audit.errors import InputError
    from redd_audit.periods import resolve_period
    from redd_audit.project import load_project

    folder = Path(str(project_dir or "?"))
    s, e = _date(start), _date(end)
    try:
        project = load_project(folder)
        period = resolve_period(project, s, e, today)
        return f"{project.id} {period.label()} {kind}"
    except (InputError, OSError, ValueError):
        label = f"{s}..{e}" if s and e else "latest period"
        return f"{folder.name} {label} {kind}"


def run_name(kind: str) -> Callable[[], str]:
    """A ``flow_run_name`` callable for Prefect (see the module docstring)."""

    def name() -> str:
        from prefect.runtime import flow_run

        current = flow_run.name
        if not is_generated_name(current):
            return str(current)
        p = flow_run.parameters
        return audit_run_name(p.get("project_dir"), p.get("start"), p.get("end"), kind,
                              dt.date.today())  # fmt: skip

    name.__name__ = f"{kind}_run_name"
    return name
