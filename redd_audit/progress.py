"""Progress of the long steps, reported to whoever listens (the CLI's progress bar).

Tasks call :func:`report`; the CLI registers a listener with :func:`listen`. No listener, no
cost. Kept in the core so that tasks and the CLI share it without importing each other.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Listener = Callable[[str, float, str], None]

_lock = threading.Lock()
_listeners: list[Listener] = []


def report(step: str, fraction: float, detail: str = "") -> None:
    """Tell the listeners that ``step`` is ``fraction`` (0–1) done."""
    with _lock:
        listeners = list(_listeners)
    for listener in listeners:
        listener(step, fraction, detail)


@contextmanager
def listen(listener: Listener) -> Iterator[None]:
    with _lock:
        _listeners.append(listener)
    try:
        yield
    finally:
        with _lock:
            _listeners.remove(listener)
