"""``deduction.xlsx``: formula-live, with cached values equal to ``deduction.json``, and the
same figures when LibreOffice recalculates it from the draws.

The named cells ``MC_<k>_<figure>`` (k = the series' column, the period series last) hold the
figures of deduction.json. Cached values: the engine's own value when IronCalc agrees to 1e-9
(redd_audit/workbook/cached_values.py), so equality is exact. LibreOffice: 1e-9 relative (the
draws are stored with 16 significant digits by openpyxl; percentiles interpolate the same).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from redd_audit.deduct.options import DeductOptions
from redd_audit.deduct.outputs import run_deduct
from tests.deduct.tables import draws, write_csv
from tests.recalc import recalculate, require_soffice

FIGURES = {
    "Mean_tCO2e": "mean_tco2e",
    "SD_tCO2e": "sd_tco2e",
    "Median_tCO2e": "median_tco2e",
    "P05_tCO2e": "p05_tco2e",
    "P95_tCO2e": "p95_tco2e",
    "P025_tCO2e": "p025_tco2e",
    "P975_tCO2e": "p975_tco2e",
    "Negative_Draws": "negative_draws",
    "Center_tCO2e": "center_tco2e",
    "Half_Width_Fraction": "half_width_fraction",
    "Adjustment_Fraction": "adjustment_fraction",
    "Uncertainty_Deduction_tCO2e": "uncertainty_deduction_tco2e",
    "Leakage_tCO2e": "leakage_tco2e",
    "Buffer_tCO2e": "buffer_tco2e",
    "Adjusted_NER_tCO2e": "adjusted_ner_tco2e",
    "Credited_tCO2e": "credited_tco2e",
}
RULES = {
    "art-trees": DeductOptions(
        rule="art-trees", buffer_fraction=0.1, leakage_fraction=0.05,
        period_column="gross_er_tco2e_period", half_width_decimals=4, ua_decimals=4,
    ),
    "fcpf": DeductOptions(rule="fcpf", ci_bound_decimals=2, relative_margin_decimals=2,
                          buffer_fraction=0.1),
    "vcs-xunc": DeductOptions(rule="vcs-xunc", buffer_fraction=0.2, leakage_fraction=0.1),
}  # fmt: skip


def _named_values(path: Path) -> dict[str, object]:
    book = load_workbook(path, data_only=True)
    values = {}
    for name, defined in book.defined_names.items():
        for sheet, ref in defined.destinations:
            values[name] = book[sheet][ref.replace("$", "")].value
    return values


def _expected(summary: dict) -> dict[str, object]:
    series = sorted(summary["series"], key=lambda s: s["is_period"])
    out = {}
    for k, entry in enumerate(series, start=1):
        for suffix, key in FIGURES.items():
            out[f"MC_{k}_{suffix}"] = entry[key]
        conv = entry["convergence"]
        out[f"MC_{k}_Running_Mean_Deviation_Fraction"] = conv["running_mean_max_deviation_fraction"]
        out[f"MC_{k}_Half_Width_Change_Fraction"] = conv["half_width_change_fraction"]
    return out


@pytest.fixture(scope="module", params=sorted(RULES))
def deducted(request, tmp_path_factory):
    tmp = tmp_path_factory.mktemp(request.param)
    run = run_deduct(write_csv(tmp / "draws.csv", draws()), RULES[request.param], tmp / "out")
    assert run.cache_problems == ()
    return run.folder / "deduction.xlsx", run.summary


def test_cached_values_equal_the_json(deducted):
    path, summary = deducted
    named = _named_values(path)
    for name, want in _expected(json.loads(json.dumps(summary))).items():
        assert named[name] == want, name
    assert "Deduction_Rule" in named and named["ART_UA_Scale"] == 0.524417


def test_every_formula_cell_has_a_cached_value(deducted):
    path, _ = deducted
    formulas = load_workbook(path)
    values = load_workbook(path, data_only=True)
    for sheet in formulas.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    assert values[sheet.title][cell.coordinate].value is not None, (
                        sheet.title, cell.coordinate, cell.value,
                    )  # fmt: skip


@pytest.mark.slow
def test_libreoffice_recalculates_the_same_deduction(deducted, tmp_path):
    require_soffice()
    path, summary = deducted
    named = _named_values(recalculate(path, tmp_path / "lo"))
    for name, want in _expected(summary).items():
        got = named[name]
        if want is None:
            continue
        assert got == pytest.approx(want, rel=1e-9, abs=1e-9), name


def test_draws_too_many_for_the_workbook_become_values(tmp_path, monkeypatch):
    """Above the cell limit (contract 7.5.3 ``auto``) the statistics are input cells holding the
    engine's values: no MC draws sheet, the deduction still formulas over them (info)."""
    from redd_audit.deduct import figures, sheets

    monkeypatch.setattr(figures, "MAX_DRAW_CELLS", 1000)
    monkeypatch.setattr(sheets, "MAX_DRAW_CELLS", 1000)
    run = run_deduct(write_csv(tmp_path / "d.csv", draws()), RULES["art-trees"], tmp_path / "out")
    assert any("holds the statistics as values" in i for i in run.summary["infos"])
    path = run.folder / "deduction.xlsx"
    assert load_workbook(path).sheetnames == ["Monte Carlo"]
    named = _named_values(path)
    for name, want in _expected(run.summary).items():
        assert named[name] == pytest.approx(want, rel=1e-12), name


def test_histogram_counts_every_draw_once(deducted):
    path, summary = deducted
    rows = list(load_workbook(path, data_only=True)["Monte Carlo"].iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if str(r[0]).startswith("Histogram"))
    bins = rows[start + 2 : start + 42]
    series = sorted(summary["series"], key=lambda s: s["is_period"])
    for k, entry in enumerate(series):
        assert sum(r[3 + 2 * k] for r in bins) == entry["n"]
    assert load_workbook(path)["Monte Carlo"]._charts  # the bar chart of the period series
