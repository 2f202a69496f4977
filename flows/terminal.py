"""What the CLI prints and checks before a run: safe text, a usable ``--out``, the run's UI address.

Input text (ids, values, file names) reaches the terminal in findings and messages. Control and
format characters in it (ESC starting a CSI or OSC sequence, BEL, a carriage return, bidi
overrides, zero-width characters) would let a hostile file set the window title, clear the
screen or hide its own findings; :func:`visible` shows each of them as an escape such as
``\\x1b`` instead.
"""

from __future__ import annotations

import logging
import os
import stat
import tempfile
import unicodedata
from pathlib import Path

from redd_audit.errors import InputError

_KEEP = {"\n"}
#: Control and format characters, and the line and paragraph separators (U+2028, U+2029).
_HIDING = ("Cc", "Cf", "Zl", "Zp")


def _shown(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def visible(text: object) -> str:
    """``text`` with every control/format character and line/paragraph separator (except
    newline) shown as an escape."""
    return "".join(
        _shown(c) if c not in _KEEP and unicodedata.category(c) in _HIDING else c for c in str(text)
    )


def _nearest_existing(path: Path) -> Path:
    current = path
    while not current.exists() and current != current.parent:
        current = current.parent
    return current


def _probe(folder: Path) -> str | None:
    """Create and remove a file in ``folder``; the reason when that fails."""
    try:
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".redd-audit-probe-"):
            pass
    except OSError as exc:
        return exc.strerror or type(exc).__name__
    return None


def check_out_dir(out: Path) -> None:
    """Refuse an ``--out`` that is a file, or a folder that cannot be written (exit 2).

    A folder whose permissions grant its owner no write access counts as read-only even for
    a user (such as root) whom the system would let write anyway.
    """
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {visible(out)} is a file, not a folder")
    existing = _nearest_existing(out.absolute())
    if not existing.is_dir():
        raise InputError(f"--out {visible(out)}: {visible(existing)} is a file, not a folder")
    mode = existing.stat().st_mode
    problem = None
    if not mode & stat.S_IWUSR or not os.access(existing, os.W_OK | os.X_OK):
        problem = "read-only (no write permission)"
    else:
        problem = _probe(existing)
    if problem:
        where = "" if existing == out.absolute() else f" (its folder {visible(existing)})"
        raise InputError(f"--out {visible(out)}{where} cannot be written: {problem}")


def flow_run_url(flow_run_id: object) -> str | None:
    """The UI address of a flow run on the configured server, or None without a UI."""
    from prefect.utilities.urls import url_for

    try:
        return url_for("flow-run", obj_id=str(flow_run_id))
    except Exception:  # no UI configured: nothing to print
        return None


def quiet_prefect_console() -> None:
    """Keep Prefect's console output to warnings, without tracebacks: the CLI reports errors
    itself, once and clearly. Run logs still reach the Prefect API (the UI) in full."""
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    from prefect.logging.configuration import ensure_logging_setup
    from prefect.logging.handlers import PrefectConsoleHandler

    ensure_logging_setup()

    class _ConsoleFilter(logging.Filter):
        """Run logs (shown in the UI) stay off the terminal; other warnings lose tracebacks."""

        def filter(self, record: logging.LogRecord) -> bool:
            if record.name.startswith(("prefect.flow_runs", "prefect.task_runs")):
                return False
            record.exc_info = None
            record.exc_text = None
            return record.levelno >= logging.WARNING

    for handler in logging.getLogger().handlers:
        if isinstance(handler, PrefectConsoleHandler):
            handler.addFilter(_ConsoleFilter())
