"""The audit's four steps called as plain functions in one process (no Prefect engine).

``python -m bench.plain_steps --project DIR --start D --end D --out DIR`` runs
``tasks.collect.collect``, ``tasks.quality.check``, ``tasks.compute.compute`` and
``tasks.assemble.assemble`` in order, exactly as the flow does, and prints one JSON line with
the time of each step. The suite times the whole process (imports included), so that the
comparison with ``redd-audit run`` charges imports to both sides.

``--profile FILE`` runs the steps under cProfile and writes the top functions by cumulative
time to FILE (text); ``--pyinstrument FILE`` writes a pyinstrument text report instead (when
pyinstrument is installed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import time
from pathlib import Path


def run_steps(project: Path, start: dt.date, end: dt.date, out: Path) -> dict[str, float]:
    timings: dict[str, float] = {}
    began = time.perf_counter()
    from tasks.assemble import assemble
    from tasks.assess import assess
    from tasks.collect import collect
    from tasks.compute import compute
    from tasks.quality import check

    timings["imports"] = time.perf_counter() - began
    t = time.perf_counter()
    collected = collect(project)
    timings["collect"] = time.perf_counter() - t
    t = time.perf_counter()
    quality = check(collected, start, end)
    timings["check"] = time.perf_counter() - t
    recomputation = None
    if quality.errors == 0:
        t = time.perf_counter()
        recomputation = compute(collected, start, end)
        timings["compute"] = time.perf_counter() - t
    t = time.perf_counter()
    assessment = assess(collected, quality, recomputation, start, end, out)
    timings["assess"] = time.perf_counter() - t
    t = time.perf_counter()
    assemble(collected, quality, recomputation, assessment, start, end, out)
    timings["assemble"] = time.perf_counter() - t
    timings["quality_errors"] = float(quality.errors)
    return timings


def _top_cumulative(stats_file: Path, limit: int) -> str:
    import io
    import pstats

    buffer = io.StringIO()
    stats = pstats.Stats(str(stats_file), stream=buffer)
    stats.sort_stats("cumulative").print_stats(limit)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--start", type=dt.date.fromisoformat, required=True)
    parser.add_argument("--end", type=dt.date.fromisoformat, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--profile", type=Path, help="write cProfile's top functions here")
    parser.add_argument("--pyinstrument", type=Path, help="write a pyinstrument report here")
    parser.add_argument("--top", type=int, default=40)
    args = parser.parse_args(argv)

    call = (args.project, args.start, args.end, args.out)
    if args.profile:
        import cProfile

        raw = args.profile.with_suffix(".pstats")
        profiler = cProfile.Profile()
        timings = profiler.runcall(run_steps, *call)
        profiler.dump_stats(str(raw))
        args.profile.write_text(_top_cumulative(raw, args.top), encoding="utf-8")
    elif args.pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.002)
        with profiler:
            timings = run_steps(*call)
        args.pyinstrument.write_text(profiler.output_text(unicode=True), encoding="utf-8")
        args.pyinstrument.with_suffix(".html").write_text(profiler.output_html(), "utf-8")
    else:
        timings = run_steps(*call)
    sys.stdout.write(json.dumps({"steps": {k: round(v, 3) for k, v in timings.items()}}) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
