"""PERCENTILE, PERCENTILE.INC, MEDIAN, STDEV and AVERAGE over draws: IronCalc's cached values
equal LibreOffice's recalculation and numpy (``percentile(method="linear")``, ``median``,
``std(ddof=1)``, ``mean``), so they are on ``VERIFIED_FUNCTIONS`` (contract 7.5.3).

Tolerance: 1e-12 relative. The three compute the same interpolation ``x[k] + f·(x[k+1] −
x[k])`` on sorted data; only summation order (mean, sd) may differ in the last bits.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest
from openpyxl import load_workbook

from redd_audit.workbook.cached_values import RANGE_FUNCTIONS, VERIFIED_FUNCTIONS
from redd_audit.workbook.model import Cell, DocProperties, Formula, SheetSpec, WorkbookSpec
from redd_audit.workbook.writer import write_workbook_report
from tests.recalc import recalculate, require_soffice

LEVELS = (0.0, 0.005, 0.01, 0.025, 0.05, 0.1, 0.3333, 0.5, 0.9, 0.95, 0.975, 0.99, 0.995, 1.0)
N = 1001


def _draws() -> dict[str, np.ndarray]:
    rng = np.random.default_rng(20261207)
    return {
        "normal": rng.normal(1.0e5, 2.0e4, N),
        "skewed": rng.lognormal(8.0, 1.2, N) - 2000.0,
        "ties": np.round(rng.normal(0.0, 3.0, N)),
    }


def _book() -> tuple[WorkbookSpec, list[tuple[str, float]]]:
    draws = _draws()
    rows: list[list[Cell | None]] = [
        [Cell(float(v), "input") for v in row] for row in zip(*draws.values(), strict=True)
    ]
    expected: list[tuple[str, float]] = []
    for col, (_, x) in enumerate(draws.items()):
        letter = "ABC"[col]
        r = f"${letter}$1:${letter}${N}"
        for q in LEVELS:
            expected.append((f"=PERCENTILE({r},{q})", float(np.percentile(x, q * 100))))
            expected.append((f"=_xlfn.PERCENTILE.INC({r},{q})", float(np.percentile(x, q * 100))))
        expected.append((f"=MEDIAN({r})", float(np.median(x))))
        expected.append((f"=STDEV({r})", float(np.std(x, ddof=1))))
        expected.append((f"=AVERAGE({r})", float(np.mean(x))))
    for i, (formula, _) in enumerate(expected):
        rows[i] = [*rows[i], Cell(Formula(formula), "formula")]
    spec = WorkbookSpec(
        kind="quality",
        sheets=[SheetSpec("S", rows=rows)],
        names=[],
        properties=DocProperties("t", "s", dt.datetime(2021, 1, 1)),
    )
    return spec, expected


def test_statistics_functions_are_verified_and_take_ranges() -> None:
    for name in ("PERCENTILE", "PERCENTILE.INC", "MEDIAN", "STDEV", "AVERAGE"):
        assert name in VERIFIED_FUNCTIONS and name in RANGE_FUNCTIONS


@pytest.mark.slow
def test_ironcalc_libreoffice_and_numpy_agree(tmp_path: Path) -> None:
    require_soffice()
    spec, expected = _book()
    path = tmp_path / "statistics.xlsx"
    _, report = write_workbook_report(spec, path)
    assert report is not None and report.error is None
    assert report.cached == report.formulas == len(expected)
    ours = load_workbook(path, data_only=True)["S"]
    lo = load_workbook(recalculate(path, tmp_path / "lo"), data_only=True)["S"]
    for i, (formula, want) in enumerate(expected, start=1):
        cached, libre = ours.cell(i, 4).value, lo.cell(i, 4).value
        assert cached == pytest.approx(want, rel=1e-12, abs=1e-12), (formula, cached, want)
        assert libre == pytest.approx(want, rel=1e-12, abs=1e-12), (formula, libre, want)
