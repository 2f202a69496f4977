"""Run the cached-value pass in a process of its own, so that it never holds this process's GIL.

IronCalc (:mod:`.cached_values`) is native code that keeps the GIL while it loads and
evaluates a workbook: up to ~50 s for a large one on a busy machine. Inside a Prefect run that
starves the threads that must keep running meanwhile, above all the one renewing the lease on
the project-and-period slot (``flows/limits.py``); a lease that runs out makes Prefect cancel the
run after all its work. In a spawned child the evaluation holds only the child's GIL.

:func:`in_own_process` calls ``fn(path, entries, engine_values)`` in the child and copies the
rewritten ``entries`` back, so it behaves like the plain call. If the child cannot be started,
the call runs here instead; if the child dies (a native crash), the workbook keeps no cached
values and the report says why.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

from redd_audit.workbook.cached_values import CacheReport

Pass = Callable[[Path, dict[str, bytes], Mapping[tuple[str, str], object] | None], CacheReport]


def in_own_process(
    fn: Pass,
    path: Path,
    entries: dict[str, bytes],
    engine_values: Mapping[tuple[str, str], object] | None = None,
) -> CacheReport:
    """``fn(path, entries, engine_values)`` in a child Python; ``entries`` updated in place.

    The child is a plain subprocess (not :mod:`multiprocessing`, whose daemonic workers, such
    as a portfolio's Dask workers, may not have children); the call and its result travel
    pickled through its stdin and stdout. ``fn`` must be importable by name.
    """
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    request = pickle.dumps((fn, path, entries, engine_values))
    try:
        done = subprocess.run(
            [sys.executable, "-m", __name__], input=request, capture_output=True, env=env,
            check=False,
        )  # fmt: skip
    except OSError:  # no child process here (limits, sandbox): evaluate in this process
        return fn(path, entries, engine_values)
    if done.returncode != 0:
        tail = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        return CacheReport(error=f"the evaluator's process ended {done.returncode}: {tail[0]}")
    report, rewritten = pickle.loads(done.stdout)
    entries.clear()
    entries.update(rewritten)
    if not isinstance(report, CacheReport):
        raise TypeError(f"the evaluator's process returned {type(report).__name__}")
    return report


def _serve() -> None:
    """The child: read the pickled call from stdin, write the pickled result to stdout."""
    fn, path, entries, engine_values = pickle.loads(sys.stdin.buffer.read())
    report = fn(path, entries, engine_values)
    sys.stdout.buffer.write(pickle.dumps((report, entries)))


if __name__ == "__main__":
    _serve()
