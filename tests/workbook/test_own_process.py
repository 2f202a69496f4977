"""The cached-value pass runs in a process of its own (issue 24 item 1): native code that
holds the GIL there cannot starve this process's threads, such as the one renewing the lease
on the project-and-period slot."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from redd_audit.workbook.cached_values import CacheReport
from redd_audit.workbook.own_process import in_own_process

HOLD = re.compile(r"(a+)+$")  # backtracking in C: holds the GIL for the whole match


def hold_the_gil(
    path: Path, entries: dict[str, bytes], engine_values: Mapping[tuple[str, str], object] | None
) -> CacheReport:
    """A stand-in for IronCalc: about 2-4 s of native work under the GIL, then a rewrite."""
    HOLD.match("a" * 25 + "b")
    entries["sheet"] = entries["sheet"].upper()
    return CacheReport(formulas=1, cached=1)


def _ticks_during(call) -> tuple[int, float]:
    """How often a 50 ms ticker thread ran while ``call`` ran, and for how long it ran."""
    ticks, stop = [0], threading.Event()

    def tick() -> None:
        while not stop.wait(0.05):
            ticks[0] += 1

    thread = threading.Thread(target=tick, daemon=True)
    thread.start()
    started = time.monotonic()
    call()
    seconds = time.monotonic() - started
    stop.set()
    thread.join()
    return ticks[0], seconds


def test_a_pass_in_this_process_starves_other_threads(tmp_path):
    entries = {"sheet": b"<x/>"}
    ticks, seconds = _ticks_during(lambda: hold_the_gil(tmp_path, entries, None))
    assert seconds > 1.0 and ticks <= 3  # the failure: a lease renewer would not run


def test_a_pass_in_its_own_process_leaves_other_threads_running(tmp_path):
    entries = {"sheet": b"<x/>"}
    box: list[CacheReport] = []
    ticks, seconds = _ticks_during(
        lambda: box.append(in_own_process(hold_the_gil, tmp_path, entries, None))
    )
    assert ticks >= 0.5 * seconds / 0.05, (ticks, seconds)
    assert entries == {"sheet": b"<X/>"}  # rewritten as by the plain call
    assert box[0].cached == 1 and box[0].error is None


def _in_a_daemon(path: Path, results: Any) -> None:
    entries = {"sheet": b"<x/>"}
    report = in_own_process(hold_the_gil, path, entries, None)
    results.put((report.error, entries))


def test_a_daemonic_worker_can_run_the_pass(tmp_path):
    """A portfolio's Dask workers are daemonic processes, which multiprocessing forbids to
    have children: the pass still runs apart."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    worker = context.Process(target=_in_a_daemon, args=(tmp_path, results), daemon=True)
    worker.start()
    error, entries = results.get(timeout=120)
    worker.join(timeout=30)
    assert error is None and entries == {"sheet": b"<X/>"}
