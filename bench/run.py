"""Run the benchmark suite and write ``reports/bench.json`` (``make bench``).

Metrics (targets in :data:`bench.metrics.METRICS`):

* ``scale.run_seconds``: ``redd-audit run`` on the scale case (period 2023-01-01..2024-12-31,
  fresh ``--out``), wall time of the process;
* ``scale.peak_rss_mb``: peak of the summed resident memory of that process and all its
  descendants (the Prefect temporary server included), sampled every 0.1 s;
* ``scale.overhead_fraction``: (run time - plain time) / run time, where the plain time is the
  wall time of a fresh process calling ``tasks.collect.collect``, ``tasks.quality.check``,
  ``tasks.compute.compute`` and ``tasks.assemble.assemble`` as plain functions
  (:mod:`bench.plain_steps`; both sides pay their imports);
* ``workbook.relative_throughput``: rows per second of our workbook writer on the largest sheet
  it writes for the scale case, divided by XlsxWriter's constant_memory mode writing the same
  values in the same process (:mod:`bench.workbook_throughput`);
* ``portfolio.speedup``: eight copies of the bundled sample (distinct ids) audited by
  ``redd-audit portfolio --dask-local 1`` (one process, one Dask worker: the projects in turn),
  divided by the time of ``redd-audit portfolio --dask-local 2`` over the same eight. Both
  sides pay the same start-up (Prefect temporary server, Dask cluster, imports), so the ratio
  is the gain from running projects in parallel, not from skipping seven start-ups;
* ``sample.run_seconds``: ``make run`` on the bundled sample, environment already installed.
* ``deduct.run_seconds``: ``redd-audit deduct --rule art-trees`` on a 10,000 × 8 draws table
  (seven vintages and their period sum, generated once into ``<cache>/deduct-draws.csv``; contract
  7.8), wall time of the process, all three outputs written.
* ``mc.seconds`` and ``mc.peak_rss_mb``: the ``mc-20x30`` case of contract 7.8
  (:mod:`bench.mc_case`: 10,000 draws, 20 strata x 30 vintages x 2 zones, baseline and
  monitored cohorts, 20 stock rows and 60 zone-year area rows; draw + propagate + statistics +
  both rules), the time of those steps as the child reports them and the process's peak memory.

The scale case is generated once into ``<cache>/scale-case`` and reused while the generator's
SHA-256 is unchanged. Every child runs with its own Prefect home ``<cache>/prefect-home``
(warmed up once, so no run pays the database migrations) and a fresh result storage (so no run
hits the task cache of an earlier one), and writes into a fresh folder under ``<cache>/runs``
(removed afterwards unless ``--keep``). Each timed command runs ``--repeat`` times (default 2,
interleaved) and the fastest run counts (peak memory: the largest); every time is in the
report's ``details``. The machine has 2 cores: other work on it shows in the figures, so the
report records the load average before and after.

Usage::

    python -m bench.run --out reports/bench.json [--only scale,workbook,portfolio,sample,deduct,mc]
                        [--cache reports/bench-cache] [--repeat 2] [--profile] [--strict]
                        [--keep]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bench import cases
from bench.measure import RunResult, run_measured
from bench.metrics import Metric, machine, metric, print_table, report, write_report

REPO = cases.REPO
SCALE_START, SCALE_END = "2023-01-01", "2024-12-31"
SAMPLE_START, SAMPLE_END = "2021-01-01", "2022-12-31"
GROUPS = ("scale", "workbook", "portfolio", "sample", "deduct", "mc")
PORTFOLIO_PROJECTS = 8
PORTFOLIO_WORKERS = 2
CHILD_TIMEOUT = 900.0
PLAIN = "bench.plain_steps"
THROUGHPUT = "bench.workbook_throughput"


class Bench:
    def __init__(self, cache: Path, keep: bool, log: Callable[[str], None]) -> None:
        self.cache = cache
        self.keep = keep
        self.log = log
        self.python = sys.executable
        self.bin = Path(sys.executable).parent
        self.env = {
            "PREFECT_HOME": str((cache / "prefect-home").resolve()),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "90",
            "PYTHONPATH": os.pathsep.join(
                p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p
            ),
        }
        self.details: dict[str, object] = {}

    # helpers -------------------------------------------------------------------------------
    def cli(self) -> list[str]:
        script = self.bin / "redd-audit"
        return [str(script)] if script.exists() else [self.python, "-m", "flows.cli"]

    def fresh(self, name: str) -> Path:
        """A new, empty ``<cache>/runs/<name>/out`` for a run's ``--out``; the run's Prefect
        results go beside it (``PREFECT_RESULTS_LOCAL_STORAGE_PATH``), so every measured run
        starts with a cold task cache."""
        folder = self.cache / "runs" / name
        if folder.exists():
            shutil.rmtree(folder)
        (folder / "out").mkdir(parents=True)
        (folder / "prefect-results").mkdir()
        return folder / "out"

    def cleanup(self, out: Path) -> None:
        if not self.keep:
            shutil.rmtree(out.parent, ignore_errors=True)

    def run(self, args: list[str], out: Path | None = None) -> RunResult:
        self.log("$ " + " ".join(str(a) for a in args))
        env = dict(self.env)
        if out is not None:
            env["PREFECT_RESULTS_LOCAL_STORAGE_PATH"] = str(out.parent / "prefect-results")
        result = run_measured(
            [str(a) for a in args], cwd=REPO, env=env, timeout=CHILD_TIMEOUT
        ).check()
        self.log(f"  {result.seconds:.1f} s, peak tree RSS {result.peak_tree_rss_mb:,.0f} MB")
        return result

    @staticmethod
    def json_line(text: str) -> dict[str, object]:
        for line in reversed(text.strip().splitlines()):
            if line.startswith("{"):
                return json.loads(line)
        raise ValueError(f"no JSON line in the child's output: {text[-500:]!r}")

    @staticmethod
    def warm_page_cache(folder: Path) -> None:
        for path in folder.iterdir():
            if path.is_file():
                with path.open("rb") as handle:
                    while handle.read(1 << 24):
                        pass

    def warm_prefect(self) -> None:
        """Start the temporary server once so that its database exists (migrations done)."""
        home = Path(self.env["PREFECT_HOME"])
        if (home / "prefect.db").exists():
            return
        home.mkdir(parents=True, exist_ok=True)
        self.log("warming up the Prefect home (first use: database migrations)")
        code = "from prefect import flow\nflow(name='bench-warm-up')(lambda: None)()\n"
        began = time.perf_counter()
        self.run([self.python, "-c", code])
        self.details["prefect_warm_up_seconds"] = round(time.perf_counter() - began, 2)

    # measurements --------------------------------------------------------------------------
    def timed(self, name: str, args: list[object]) -> RunResult:
        """One measured run of ``args`` with a fresh ``--out`` (substituted for ``{out}``)."""
        out = self.fresh(name)
        result = self.run([out if a == "{out}" else a for a in args], out)  # type: ignore[misc]
        self.cleanup(out)
        return result

    def scale(self, case: Path, repeat: int) -> list[Metric]:
        self.warm_page_cache(case)
        period = ["--project", case, "--start", SCALE_START, "--end", SCALE_END, "--out", "{out}"]
        runs: list[RunResult] = []
        plains: list[RunResult] = []
        for _ in range(repeat):  # interleaved, so that a busy spell hits both sides
            runs.append(self.timed("scale-run", [*self.cli(), "run", *period]))
            plains.append(self.timed("scale-plain", [self.python, "-m", PLAIN, *period]))
        run = min(runs, key=lambda r: r.seconds)
        plain = min(plains, key=lambda r: r.seconds)
        peak = max(r.peak_tree_rss_mb for r in runs)
        overhead = (run.seconds - plain.seconds) / run.seconds
        self.details["scale"] = {
            "case": str(case),
            "period": [SCALE_START, SCALE_END],
            "repeat": repeat,
            "run_seconds_all": [round(r.seconds, 2) for r in runs],
            "run_peak_tree_rss_mb_all": [round(r.peak_tree_rss_mb, 1) for r in runs],
            "run_rss_samples": run.samples,
            "children_maxrss_mb_crosscheck": round(max(r.children_maxrss_mb for r in runs), 1),
            "plain_seconds_all": [round(r.seconds, 2) for r in plains],
            "plain_peak_tree_rss_mb": round(max(r.peak_tree_rss_mb for r in plains), 1),
            "plain_steps": self.json_line(plain.stdout).get("steps"),
            "prefect_overhead_seconds": round(run.seconds - plain.seconds, 2),
        }
        return [
            metric("scale.run_seconds", run.seconds),
            metric("scale.peak_rss_mb", peak),
            metric("scale.overhead_fraction", overhead),
        ]

    def profile(self, case: Path, target: Path) -> None:
        period = ["--project", case, "--start", SCALE_START, "--end", SCALE_END, "--out", "{out}"]
        self.timed("scale-profile", [self.python, "-m", PLAIN, *period, "--profile", target])
        self.details["profile"] = str(target)

    def workbook(self, case: Path) -> list[Metric]:
        period = ["--project", case, "--start", SCALE_START, "--end", SCALE_END]
        result = self.run([self.python, "-m", THROUGHPUT, *period, "--limit-case"])
        data = self.json_line(result.stdout)
        self.details["workbook"] = data
        largest = data["largest"]
        assert isinstance(largest, dict)
        return [metric("workbook.relative_throughput", float(largest["relative_throughput"]))]

    def portfolio(self, repeat: int) -> list[Metric]:
        projects = cases.portfolio_projects(
            self.cache / "portfolio" / "projects", PORTFOLIO_PROJECTS
        )
        args: list[object] = [*self.cli(), "portfolio"]
        for p in projects:
            args += ["--project", p]
        args += ["--start", SAMPLE_START, "--end", SAMPLE_END, "--out", "{out}", "--dask-local"]
        sequential: list[RunResult] = []
        parallel: list[RunResult] = []
        for _ in range(repeat):
            sequential.append(self.timed("portfolio-sequential", [*args, 1]))
            parallel.append(self.timed("portfolio-dask", [*args, PORTFOLIO_WORKERS]))
        seq = min(r.seconds for r in sequential)
        par = min(r.seconds for r in parallel)
        self.details["portfolio"] = {
            "projects": len(projects),
            "period": [SAMPLE_START, SAMPLE_END],
            "sequential": "redd-audit portfolio --dask-local 1 (one process, one worker, "
            "projects in turn: same start-up costs as the parallel run)",
            "parallel": f"redd-audit portfolio --dask-local {PORTFOLIO_WORKERS}",
            "repeat": repeat,
            "sequential_seconds_all": [round(r.seconds, 2) for r in sequential],
            "parallel_seconds_all": [round(r.seconds, 2) for r in parallel],
            "parallel_peak_tree_rss_mb": round(max(r.peak_tree_rss_mb for r in parallel), 1),
        }
        return [metric("portfolio.speedup", seq / par)]

    def sample(self, repeat: int) -> list[Metric]:
        make = shutil.which("make")
        if make is None:
            raise RuntimeError("make is not installed")
        venv = Path(self.python).parent.parent
        stamp = venv / ".run-installed"
        variables = [f"VENV={venv}"]
        # "environment already installed": bring the install stamp up to date, untimed
        if subprocess.run([make, "-q", *variables, str(stamp)], cwd=REPO).returncode != 0:
            self.log("installing the environment first (make .run-installed, not timed)")
            subprocess.run([make, *variables, str(stamp)], cwd=REPO, check=True)
        runs = []
        for _ in range(repeat):
            out = self.fresh("sample")
            runs.append(self.run([make, "run", *variables, f"OUT={out}"], out))
            self.cleanup(out)
        best = min(r.seconds for r in runs)
        self.details["sample"] = {
            "command": "make run OUT=<fresh folder>",
            "period": [SAMPLE_START, SAMPLE_END],
            "seconds_all": [round(r.seconds, 2) for r in runs],
            "peak_tree_rss_mb": round(max(r.peak_tree_rss_mb for r in runs), 1),
        }
        return [metric("sample.run_seconds", best)]

    def deduct(self, repeat: int) -> list[Metric]:
        draws = self.cache / "deduct-draws.csv"
        if not draws.exists():
            import numpy as np

            rng = np.random.default_rng(78)
            years = [rng.normal(1e5 * (k + 1), 1.2e4 * (k + 1), 10_000) for k in range(7)]
            columns = [*years, np.sum(years, axis=0)]
            header = [
                "draw",
                *[f"gross_er_tco2e_{2018 + k}" for k in range(7)],
                "gross_er_tco2e_period",
            ]
            lines = [",".join(header)]
            lines += [
                ",".join([str(i + 1), *(f"{c[i]:.4f}" for c in columns)]) for i in range(10_000)
            ]
            draws.parent.mkdir(parents=True, exist_ok=True)
            draws.write_text("\n".join(lines) + "\n", encoding="utf-8")
        args = [*self.cli(), "deduct", "--draws", draws, "--rule", "art-trees",
                "--buffer-fraction", "0.1", "--period-column", "gross_er_tco2e_period",
                "--out", "{out}"]  # fmt: skip
        runs = [self.timed("deduct", args) for _ in range(repeat)]
        self.details["deduct"] = {
            "command": "redd-audit deduct --rule art-trees (10,000 draws x 8 series)",
            "seconds_all": [round(r.seconds, 2) for r in runs],
            "peak_tree_rss_mb": round(max(r.peak_tree_rss_mb for r in runs), 1),
        }
        return [metric("deduct.run_seconds", min(r.seconds for r in runs))]

    def mc(self, repeat: int) -> list[Metric]:
        """The ``mc-20x30`` case (contract 7.8): steps timed inside the child, memory outside."""
        runs = [self.run([self.python, "-m", "bench.mc_case"]) for _ in range(repeat)]
        steps = [self.json_line(r.stdout) for r in runs]
        seconds = [
            sum(float(v) for k, v in s["seconds"].items() if k not in ("imports", "setup"))  # type: ignore[union-attr]
            for s in steps
        ]
        self.details["mc"] = {
            "case": "mc-20x30",
            "steps_all": steps,
            "peak_tree_rss_mb_all": [round(r.peak_tree_rss_mb, 1) for r in runs],
        }
        return [
            metric("mc.seconds", min(seconds)),
            metric("mc.peak_rss_mb", max(r.peak_tree_rss_mb for r in runs)),
        ]


def _failed(names: list[str], exc: BaseException) -> list[Metric]:
    message = f"{type(exc).__name__}: {str(exc).strip().splitlines()[-1] if str(exc) else ''}"
    return [metric(name, None, error=message[:300]) for name in names]


GROUP_METRICS = {
    "scale": ["scale.run_seconds", "scale.peak_rss_mb", "scale.overhead_fraction"],
    "workbook": ["workbook.relative_throughput"],
    "portfolio": ["portfolio.speedup"],
    "sample": ["sample.run_seconds"],
    "deduct": ["deduct.run_seconds"],
    "mc": ["mc.seconds", "mc.peak_rss_mb"],
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "reports" / "bench.json")
    parser.add_argument("--cache", type=Path, default=REPO / "reports" / "bench-cache")
    parser.add_argument(
        "--only", default=",".join(GROUPS), help=f"comma-separated groups of {GROUPS}"
    )
    parser.add_argument(
        "--profile",
        action="store_true",
        help="also profile the plain steps on the scale case (cProfile; "
        "writes <out dir>/bench-profile.txt)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=2,
        help="runs of each timed command (scale, portfolio, sample); the fastest counts",
    )
    parser.add_argument("--keep", action="store_true", help="keep the runs' output folders")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    groups = [g.strip() for g in args.only.split(",") if g.strip()]
    unknown = sorted(set(groups) - set(GROUPS))
    if unknown:
        parser.error(f"unknown group(s) {unknown}; choose from {GROUPS}")

    from rich.console import Console

    console = Console(stderr=True)
    bench = Bench(
        args.cache.resolve(),
        args.keep,
        lambda s: console.print(s, markup=False, highlight=False, soft_wrap=True),
    )
    began = time.perf_counter()
    load_before = [round(x, 2) for x in os.getloadavg()]
    metrics: list[Metric] = []
    case: Path | None = None
    if {"scale", "workbook"} & set(groups) or args.profile:
        case, info = cases.scale_case(args.cache)
        bench.details["scale_case"] = {
            "folder": str(case),
            "generator_sha256": cases.generator_sha256(),
            **info,
        }
        console.print(f"scale case: {case} ({'generated' if info['generated'] else 'cached'})")
    if {"scale", "portfolio", "sample"} & set(groups):
        bench.warm_prefect()
    for group in GROUPS:
        if group not in groups:
            continue
        console.rule(group)
        try:
            if group == "scale":
                metrics += bench.scale(case, args.repeat)  # type: ignore[arg-type]
            elif group == "workbook":
                metrics += bench.workbook(case)  # type: ignore[arg-type]
            elif group == "portfolio":
                metrics += bench.portfolio(args.repeat)
            elif group == "sample":
                metrics += bench.sample(args.repeat)
            elif group == "deduct":
                metrics += bench.deduct(args.repeat)
            elif group == "mc":
                metrics += bench.mc(args.repeat)
        except Exception as exc:  # report the failure and go on with the other groups
            console.print(f"[red]{group} failed:[/red] {exc}")
            metrics += _failed(GROUP_METRICS[group], exc)
    if args.profile:
        target = args.out.parent / "bench-profile.txt"
        try:
            bench.profile(case, target)  # type: ignore[arg-type]
        except Exception as exc:
            console.print(f"[red]profile failed:[/red] {exc}")
    total = time.perf_counter() - began
    context = {
        **machine(),
        "load_average_before": load_before,
        "load_average_after": [round(x, 2) for x in os.getloadavg()],
        "suite_seconds": round(total, 1),
        "groups": groups,
        "repeat": args.repeat,
    }
    doc = report(metrics, bench.details, context)
    write_report(args.out, doc)
    print_table(metrics)
    console.print(f"wrote {args.out} in {total:.0f} s")
    if any(m.error for m in metrics):
        return 1
    if args.strict and not all(m.passed for m in metrics):
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
