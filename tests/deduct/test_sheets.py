"""redd_audit.deduct.sheets: the Monte Carlo sheet of deduction.xlsx (its named figures, live
formulas over the draws, or values when the draws are too many to hold)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from redd_audit.deduct import sheets
from redd_audit.deduct.figures import compute
from redd_audit.deduct.options import DeductOptions, rule_settings
from redd_audit.deduct.table import read_draws
from redd_audit.deduct.workbook import build_deduction_workbook
from tests.deduct.tables import draws, write_csv

CREATED = dt.datetime(2026, 1, 1)


def _spec(tmp_path: Path, rule: str = "vcs-xunc"):
    table = read_draws(write_csv(tmp_path / "d.csv", draws(50)))
    figures = compute(table, rule_settings(DeductOptions(rule=rule)), {}, None)
    return figures, build_deduction_workbook(figures, CREATED)


def _cell(spec, name: str):
    defined = next(n for n in spec.names if n.name == name)
    sheet = spec.sheet(defined.sheet)
    letters = "".join(ch for ch in defined.ref if ch.isalpha())
    row = int("".join(ch for ch in defined.ref if ch.isdigit()))
    col = sum((ord(c) - 64) * 26**i for i, c in enumerate(reversed(letters)))
    return sheet.rows[row - 1][col - 1]


def test_every_series_has_its_named_figures_with_engine_values(tmp_path: Path) -> None:
    figures, spec = _spec(tmp_path)
    names = {n.name for n in spec.names}
    for k in range(len(figures.series)):
        for suffix in ("N", "Mean_tCO2e", "P975_tCO2e", "Center_tCO2e", "Credited_tCO2e"):
            assert f"MC_{k + 1}_{suffix}" in names
    first = figures.series[0]
    assert spec.engine_values["MC_1_Mean_tCO2e"] == first.statistics.mean_tco2e
    assert spec.engine_values["MC_1_Credited_tCO2e"] == first.deduction.credited_tco2e
    assert {s.name for s in spec.sheets} >= {sheets.MC, sheets.DRAWS}


def test_statistics_are_formulas_over_the_draws(tmp_path: Path) -> None:
    _, spec = _spec(tmp_path)
    cell = _cell(spec, "MC_1_Mean_tCO2e")
    assert cell.role == "formula"
    assert cell.value.text == "=AVERAGE('MC draws'!$B$5:$B$54)"


def test_too_many_draws_are_held_as_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sheets, "MAX_DRAW_CELLS", 10)
    figures, spec = _spec(tmp_path)
    cell = _cell(spec, "MC_1_Mean_tCO2e")
    assert cell.role == "input" and cell.value == figures.series[0].statistics.mean_tco2e


def test_deduction_rows_are_labelled() -> None:
    keys = [key for key, _, _ in sheets.DEDUCTION_ROWS]
    assert keys[0] == "center" and keys[-1] == "cred" and len(set(keys)) == len(keys)
