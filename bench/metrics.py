"""Benchmark metrics: a value, a unit and a target; the JSON report and the printed table."""

from __future__ import annotations

import json
import math
import os
import platform
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Direction = Literal["<=", ">="]


@dataclass(frozen=True)
class Target:
    direction: Direction
    bound: float

    def met_by(self, value: float | None) -> bool | None:
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return None
        return value <= self.bound if self.direction == "<=" else value >= self.bound

    def __str__(self) -> str:
        return f"{self.direction} {_number(self.bound)}"


def at_most(bound: float) -> Target:
    return Target("<=", float(bound))


def at_least(bound: float) -> Target:
    return Target(">=", float(bound))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


@dataclass(frozen=True)
class Metric:
    """One measured figure. ``value`` is None when the measurement could not be taken; ``error``
    then says why (and the metric counts as not passed)."""

    name: str
    value: float | None
    unit: str
    target: Target
    error: str | None = None

    @property
    def passed(self) -> bool | None:
        return None if self.error else self.target.met_by(self.value)

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "name": self.name,
            "value": None if self.value is None else round(float(self.value), 4),
            "unit": self.unit,
            "target": str(self.target),
            "direction": self.target.direction,
            "passed": bool(self.passed) if self.passed is not None else False,
        }
        if self.error:
            out["error"] = self.error
        return out


#: The suite's metrics, in report order: name -> (unit, target).
METRICS: dict[str, tuple[str, Target]] = {
    "scale.run_seconds": ("s", at_most(90)),
    "scale.peak_rss_mb": ("MB", at_most(3000)),
    "scale.overhead_fraction": ("fraction", at_most(0.30)),
    "workbook.relative_throughput": ("ratio", at_least(0.8)),
    "portfolio.speedup": ("ratio", at_least(1.4)),
    "sample.run_seconds": ("s", at_most(30)),
    "deduct.run_seconds": ("s", at_most(3)),
    "mc.seconds": ("s", at_most(5)),
    "mc.peak_rss_mb": ("MB", at_most(500)),
}


def metric(name: str, value: float | None, error: str | None = None) -> Metric:
    """A metric of the suite, with its registered unit and target."""
    unit, target = METRICS[name]
    return Metric(name, value, unit, target, error)


def machine() -> dict[str, object]:
    info: dict[str, object] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }
    try:
        import psutil

        info["memory_gb"] = round(psutil.virtual_memory().total / 2**30, 1)
    except ImportError:  # pragma: no cover - psutil is in the test extra
        pass
    return info


def report(
    metrics: Iterable[Metric],
    details: Mapping[str, object] | None = None,
    context: Mapping[str, object] | None = None,
) -> dict[str, object]:
    """The bench.json document: ``{"metrics": [...], "details": {...}, "context": {...}}``."""
    doc: dict[str, object] = {"metrics": [m.to_dict() for m in metrics]}
    doc["details"] = dict(details or {})
    doc["context"] = dict(context or {})
    return doc


def write_report(path: Path, doc: Mapping[str, object]) -> Path:
    """Write ``doc`` as UTF-8 JSON (2-space indent, newline at the end), atomically."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def _shown(value: float | None, unit: str) -> str:
    if value is None:
        return "n/a"
    if unit in ("fraction", "ratio"):
        return f"{value:.3f}"
    if unit == "MB":
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def render_table(metrics: Iterable[Metric], title: str = "redd-audit benchmarks") -> object:
    """A rich Table of the metrics (print it with a rich Console)."""
    from rich.table import Table

    table = Table(title=title)
    table.add_column("metric")
    table.add_column("value", justify="right")
    table.add_column("unit")
    table.add_column("target", justify="right")
    table.add_column("result")
    for m in metrics:
        if m.error:
            result = f"[red]error[/red]: {m.error}"
        elif m.passed:
            result = "[green]pass[/green]"
        else:
            result = "[red]FAIL[/red]"
        table.add_row(m.name, _shown(m.value, m.unit), m.unit, str(m.target), result)
    return table


def print_table(metrics: Iterable[Metric], console: object | None = None) -> None:
    from rich.console import Console

    (console or Console()).print(render_table(list(metrics)))
