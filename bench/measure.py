"""Time a command in a child process and sample the resident memory of its whole process tree."""

from __future__ import annotations

import os
import resource
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

MB = 1024 * 1024


@dataclass(frozen=True)
class RunResult:
    args: list[str]
    returncode: int
    seconds: float
    #: peak of the summed RSS of the child and all its descendants, sampled every ``interval``
    peak_tree_rss_mb: float
    #: ru_maxrss of the children waited for (the largest single process; a cross-check)
    children_maxrss_mb: float
    samples: int
    stdout: str
    stderr: str

    def check(self) -> RunResult:
        if self.returncode != 0:
            tail = "\n".join((self.stderr or self.stdout).strip().splitlines()[-15:])
            raise RuntimeError(f"{' '.join(self.args)} exited {self.returncode}:\n{tail}")
        return self


class TreeSampler:
    """Samples the summed RSS of a process and its descendants in a background thread."""

    def __init__(self, pid: int, interval: float = 0.1) -> None:
        import psutil

        self._psutil = psutil
        self._root = psutil.Process(pid)
        self.interval = interval
        self.peak_bytes = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="rss-sampler", daemon=True)

    def _tree_rss(self) -> int:
        psutil = self._psutil
        try:
            procs = [self._root, *self._root.children(recursive=True)]
        except psutil.Error:
            return 0
        total = 0
        for proc in procs:
            try:
                total += proc.memory_info().rss
            except psutil.Error:  # exited between listing and reading
                continue
        return total

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.peak_bytes = max(self.peak_bytes, self._tree_rss())
            self.samples += 1
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_measured(
    args: Sequence[str],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    interval: float = 0.1,
    timeout: float | None = None,
) -> RunResult:
    """Run ``args``; return its wall time, the peak RSS of its process tree and its output.

    The wall time runs from just before the process is started to its exit (output is captured
    to temporary files, so a chatty child cannot block on a full pipe).
    """
    import tempfile

    full_env = {**os.environ, **(env or {})}
    with (
        tempfile.TemporaryFile("w+", encoding="utf-8") as out,
        tempfile.TemporaryFile("w+", encoding="utf-8") as err,
    ):
        began = time.perf_counter()
        proc = subprocess.Popen(
            list(args), cwd=cwd, env=full_env, stdout=out, stderr=err, stdin=subprocess.DEVNULL
        )
        with TreeSampler(proc.pid, interval) as sampler:
            try:
                returncode = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                raise
        seconds = time.perf_counter() - began
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read(), err.read()
    maxrss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return RunResult(
        args=list(args),
        returncode=returncode,
        seconds=seconds,
        peak_tree_rss_mb=sampler.peak_bytes / MB,
        children_maxrss_mb=maxrss_kb / 1024,
        samples=sampler.samples,
        stdout=stdout,
        stderr=stderr,
    )
