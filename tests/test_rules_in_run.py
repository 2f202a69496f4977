"""The three deduction rules applied by the audit itself (contract 7.3 in run, 7.3.4, 7.5.3).

The golden one-stratum project (tests/golden/one-stratum) is audited under ``art-trees``,
``fcpf`` and ``vcs-xunc`` with ``source: simulation``, 2,000 draws each. For every rule:
summary.json's vintages follow the rule's own equations from summary ``deduction`` (re-derived
here by hand from the reported percentiles), the workbook's cached values equal summary.json,
and LibreOffice recalculates the workbook to the same figures (every Vintages row, every
contract name, every reconciliation line).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.pipeline import audit_in_process
from tests.recalc import recalculate_many, require_soffice
from tests.workbook.readback import assert_matches_engine, close, name_cell

GOLDEN = Path(__file__).parent / "golden" / "one-stratum"
START, END = dt.date(2019, 1, 1), dt.date(2020, 12, 31)
DEFAULT = (
    "  uncertainty: {allowable_fraction: 0.15, baseline_fraction: null, project_fraction: null}"
)
RULES = {
    "art-trees": "rule: art-trees",
    "fcpf": "rule: fcpf",
    "vcs-sim": "vcs_xunc: {source: simulation}",
}
#: the stratum's stock uncertainty per case, wide enough that FCPF sets aside (CF > 0) and the
#: simulated E passes the 15 % allowance
STOCK_UNCERTAINTY = {"art-trees": "0.10", "fcpf": "0.45", "vcs-sim": "0.30"}


def _audit(folder: Path, out: Path, rule: str):
    shutil.copytree(GOLDEN, folder)
    path = folder / "project.yaml"
    text = path.read_text("utf-8")
    assert DEFAULT in text
    changed = DEFAULT[:-1] + f", {RULES[rule]}}}\n  simulation: {{enabled: true, iterations: 2000}}"
    text = text.replace(
        "carbon_uncertainty_fraction: 0.10",
        f"carbon_uncertainty_fraction: {STOCK_UNCERTAINTY[rule]}",
    )
    if rule == "fcpf":  # the buffer on the adjusted NER (contract 7.4 ``net``)
        text = text.replace(
            "  buffer: {risk_rating_fraction: 0.10}",
            "  buffer: {risk_rating_fraction: 0.10}\n  rules: {buffer_base: net}",
        )
    path.write_text(text.replace(DEFAULT, changed), "utf-8")
    if rule == "art-trees":  # the claims carry the optional column of contract 7.1.4
        claims = folder / "claimed_vintages.csv"
        lines = claims.read_text("utf-8").splitlines()
        extra = {0: "uncertainty_deduction_tco2e", 1: "10", 2: "20"}
        rows = [f"{line},{extra[i]}" for i, line in enumerate(lines)]
        claims.write_text("\n".join(rows) + "\n", "utf-8")
    summary, period, assessment, recomputation = audit_in_process(folder, START, END, out)
    assert period == out / "GOLD-1" / f"{START}_{END}"
    book = period / f"GOLD-1_{START}_{END}_verification.xlsx"
    return summary, book, assessment.recomputation, recomputation


@pytest.fixture(scope="module")
def audits(tmp_path_factory):
    root = tmp_path_factory.mktemp("rules")
    return {rule: _audit(root / rule, root / f"{rule}-out", rule) for rule in RULES}


def test_art_trees_deducts_unc_t_from_each_vintage(audits) -> None:
    summary, _, rc, plain = audits["art-trees"]
    deduction = summary["deduction"]
    assert deduction["rule"] == "art-trees" and deduction["applies_to"] == "vintage"
    assert deduction["constants"] == {"ua_scale": 0.524417, "t90": 1.645006}  # 7.5.1
    by_year = {e["vintage"]: e for e in deduction["vintages"]}
    for v, before in zip(summary["vintages"], plain.vintages, strict=True):
        e = by_year[v["vintage"]]
        # center: the deterministic gross ER; HW90 = (P95 − P5)/2/|mean|; UA = 0.524417 HW/1.645006
        assert e["center_tco2e"] == pytest.approx(v["baseline_tco2e"] - v["project_tco2e"])
        hw = (e["p_upper_tco2e"] - e["p_lower_tco2e"]) / 2 / abs(e["reference_tco2e"])
        ua = 0.524417 * hw / 1.645006
        assert e["half_width_fraction"] == pytest.approx(hw, rel=1e-12)
        assert e["adjustment_fraction"] == pytest.approx(ua, rel=1e-12)
        unc = abs(e["center_tco2e"] * ua)
        assert v["uncertainty_deduction_tco2e"] == pytest.approx(unc, rel=1e-12)
        assert v["adjusted_ner_tco2e"] == pytest.approx(v["ner_tco2e"] - unc, rel=1e-12)
        assert e["adjusted_ner_tco2e"] == v["adjusted_ner_tco2e"]
        assert v["half_width_fraction"] == e["half_width_fraction"]
        assert v["ner_tco2e"] == before.ner_tco2e  # NER stays the deterministic figure
        # VCUs follow section 2.1: floor(adjusted NER − buffer); buffer on the stock change
        assert v["buffer_tco2e"] == pytest.approx(
            0.10 * (v["baseline_tco2e"] - v["project_stock_tco2e"])
        )
        assert v["vcus"] == int(v["adjusted_ner_tco2e"] - v["buffer_tco2e"])
    totals = summary["totals"]
    assert totals["ner_error_fraction"] == deduction["period"]["half_width_fraction"]
    assert totals["deduction_factor"] == pytest.approx(
        totals["adjusted_ner_tco2e"] / totals["ner_tco2e"]
    )
    assert rc is not None and rc.rule is not None and rc.totals == totals


def test_fcpf_keeps_one_minus_cf_of_every_vintage(audits) -> None:
    summary, _, _, _ = audits["fcpf"]
    period = summary["deduction"]["period"]
    u = (period["p_upper_tco2e"] - period["p_lower_tco2e"]) / 2 / period["reference_tco2e"]
    assert period["half_width_fraction"] == pytest.approx(u, rel=1e-12)
    tiers = zip((0.15, 0.30, 0.60, 1.00), (0.0, 0.04, 0.08, 0.12), strict=True)
    cf = next((f for b, f in tiers if u <= b), 0.15)
    assert period["adjustment_fraction"] == cf > 0
    for v in summary["vintages"]:
        assert v["adjusted_ner_tco2e"] == pytest.approx(v["ner_tco2e"] * (1 - cf), rel=1e-12)
        assert v["deduction_factor"] == pytest.approx(1 - cf)
        # buffer_base net: the risk rating on the adjusted NER
        assert v["buffer_tco2e"] == pytest.approx(0.10 * v["adjusted_ner_tco2e"], rel=1e-12)
    assert summary["totals"]["ner_error_fraction"] == period["half_width_fraction"]


def test_vcs_xunc_from_the_simulation_uses_e_of_the_period(audits) -> None:
    summary, _, _, plain = audits["vcs-sim"]
    period = summary["deduction"]["period"]
    # E = (P97.5 − P2.5)/2/mean; factor 1 when E ≤ 0.15, else 1 − E + 0.15
    e = (period["p_upper_tco2e"] - period["p_lower_tco2e"]) / 2 / period["reference_tco2e"]
    assert e > 0.15
    factor = max(0.0, 1 - e + 0.15)
    assert summary["totals"]["ner_error_fraction"] == pytest.approx(e, rel=1e-12)
    assert summary["totals"]["deduction_factor"] == pytest.approx(factor, rel=1e-12)
    assert summary["totals"]["ner_error_fraction"] != plain.totals["ner_error_fraction"]


@pytest.mark.parametrize("rule", list(RULES))
def test_the_workbook_names_hold_the_summary_figures(audits, rule: str) -> None:
    summary, book, _, _ = audits[rule]
    wb = load_workbook(book, data_only=True)
    totals = summary["totals"]
    for name, key in [
        ("NER_Error_Fraction", "ner_error_fraction"),
        ("Deduction_Factor", "deduction_factor"),
        ("Total_Adjusted_NER_tCO2e", "adjusted_ner_tco2e"),
        ("Total_Buffer_tCO2e", "buffer_tco2e"),
        ("Total_VCUs", "vcus"),
    ]:
        assert close(name_cell(wb, name).value, totals[key]), (name, totals[key])
    unc = totals["ner_tco2e"] - totals["adjusted_ner_tco2e"]
    assert close(name_cell(wb, "Total_Uncertainty_Deduction_tCO2e").value, unc)
    assert isinstance(name_cell(wb, "Propagated_NER_Error_Fraction").value, float)
    # contract 8.8: the figures as reports present them, derived from the rounded columns
    reported = sum(v["reported"]["vcus"] for v in summary["vintages"])
    assert name_cell(wb, "Reported_Total_VCUs").value == reported
    assert name_cell(wb, "Deduction_Rule").value == summary["deduction"]["rule"]


@pytest.mark.slow
def test_libreoffice_recalculates_every_rule_to_the_engine(audits, tmp_path: Path) -> None:
    require_soffice()
    books = []
    for rule in RULES:  # one file name per rule: the three books share the project's name
        books.append(tmp_path / f"{rule}.xlsx")
        shutil.copyfile(audits[rule][1], books[-1])
    for rule, recalculated in zip(RULES, recalculate_many(books, tmp_path / "lo"), strict=True):
        assert recalculated.stem == rule
        rc = audits[rule][2]
        assert rc is not None
        assert_matches_engine(recalculated, rc)
        wb = load_workbook(recalculated, data_only=True)
        reported = sum(f.reported.vcus for f in rc.vintages if f.reported is not None)
        assert name_cell(wb, "Reported_Total_VCUs").value == reported


def test_a_claimed_uncertainty_deduction_is_reconciled_and_drafted(audits) -> None:
    """Contract 7.1.4 and 7.7: claimed_vintages.uncertainty_deduction_tco2e is reconciled per
    vintage and over the period like the other claims; claiming 30 t against about 205 t
    recomputed is material (understated: it can overstate VCUs) and drafts an NCR."""
    summary, _, _, _ = audits["art-trees"]
    by_vintage = {v["vintage"]: v for v in summary["vintages"]}
    lines = [r for r in summary["reconciliation"] if r["quantity"] == "uncertainty_deduction_tco2e"]
    assert [(r["vintage"], r["claimed"]) for r in lines] == [(2019, 10.0), (2020, 20.0)]
    for r in lines:
        assert r["recomputed"] == by_vintage[r["vintage"]]["uncertainty_deduction_tco2e"]
        assert r["material"]
    (period,) = [m for m in summary["materiality"] if m["quantity"] == lines[0]["quantity"]]
    total = sum(v["uncertainty_deduction_tco2e"] for v in summary["vintages"])
    assert period["claimed"] == 30.0 and period["recomputed"] == pytest.approx(total)
    assert period["direction"] == "understated" and period["material"]
    drafts = summary["verification"]["draft_findings"]
    assert any(
        d["type"] == "NCR" and d["reference"] == "materiality:uncertainty_deduction_tco2e"
        for d in drafts
    )
    # without the column (the other rules' cases) nothing is reconciled for it
    other, _, _, _ = audits["fcpf"]
    assert all(r["quantity"] != "uncertainty_deduction_tco2e" for r in other["reconciliation"])
    assert len(other["materiality"]) == 5


MC_NAMES = (
    "MC_Iterations", "MC_Seed", "MC_Seed_Source", "MC_Draws_File", "MC_Draws_SHA256",
    "MC_Draws_Content_SHA256", "Deduction_Rule", "MC_Percentile_Method", "MC_Period_Mean_tCO2e",
    "MC_Period_Median_tCO2e", "MC_Period_P025_tCO2e", "MC_Period_P05_tCO2e",
    "MC_Period_P95_tCO2e", "MC_Period_P975_tCO2e", "MC_Period_Half_Width_Fraction",
    "Total_Uncertainty_Deduction_tCO2e", "MC_Converged", "MC_Convergence_Band",
    "MC_Half_Width_Band",
)  # fmt: skip


@pytest.mark.parametrize("rule", list(RULES))
def test_the_monte_carlo_sheets_are_in_the_verification_workbook(audits, rule: str) -> None:
    """Contract 7.5.3: the Monte Carlo and MC draws sheets, their names with cached values
    equal to summary.json ``simulation``, and the rule section reading their percentiles."""
    summary, book, _, _ = audits[rule]
    wb = load_workbook(book, data_only=True)
    names = wb.sheetnames
    assert names.index("Monte Carlo") == names.index("Uncertainty") + 1
    assert "MC draws" in names
    for name in MC_NAMES:
        assert name in wb.defined_names, name
    sim = summary["simulation"]
    assert name_cell(wb, "MC_Seed").value == sim["seed"]
    assert name_cell(wb, "MC_Seed_Source").value == sim["seed_source"] == "derived"
    assert name_cell(wb, "MC_Iterations").value == sim["iterations"] == 2000
    assert name_cell(wb, "MC_Draws_File").value == sim["draws"]["file"]
    assert name_cell(wb, "MC_Draws_SHA256").value == sim["draws"]["sha256"]
    assert name_cell(wb, "MC_Draws_Content_SHA256").value == sim["draws"]["content_sha256"]
    (period,) = [s for s in sim["series"] if s["vintage"] is None and s["name"] == "gross_er_tco2e"]
    for name, key in (
        ("MC_Period_Mean_tCO2e", "mean_tco2e"),
        ("MC_Period_Median_tCO2e", "median_tco2e"),
        ("MC_Period_P05_tCO2e", "p05_tco2e"),
        ("MC_Period_P95_tCO2e", "p95_tco2e"),
        ("MC_Period_P025_tCO2e", "p025_tco2e"),
        ("MC_Period_P975_tCO2e", "p975_tco2e"),
    ):
        assert close(name_cell(wb, name).value, period[key]), name
    assert isinstance(name_cell(wb, "MC_Converged").value, bool)
    formulas = load_workbook(book)["Uncertainty"]
    linked = [c.value for row in formulas.iter_rows() for c in row if isinstance(c.value, str)]
    bounds = ("_P05_tCO2e", "_P025_tCO2e")
    assert any(v.startswith("=MC_") and v.endswith(bounds) for v in linked)


def test_the_sensitivity_sheet_lists_every_input(audits) -> None:
    """Contract 7.5.4: the Sensitivity sheet holds summary.json ``sensitivity``: the outputs
    at each input's P5 and P95, the swing as a formula (cached), the rank and the share."""
    summary, book, _, _ = audits["art-trees"]
    ws = load_workbook(book, data_only=True)["Sensitivity"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=5, values_only=True) if r[0]}
    for entry in summary["sensitivity"]:
        row = rows[entry["input_id"]]
        assert close(row[1], entry["output_at_low_tco2e"])
        assert close(row[2], entry["output_at_high_tco2e"])
        assert close(row[3], entry["swing_tco2e"])
        assert row[4] == entry["rank"]
        assert close(row[5], entry["variance_share_fraction"])


def test_the_readme_navigates_to_every_sheet_in_order(audits) -> None:
    """The README's navigation lists the Monte Carlo sheets too, as the workbook orders them."""
    _, book, _, _ = audits["vcs-sim"]
    wb = load_workbook(book)
    links = [
        c.value.split(",")[-1].strip('")')
        for row in wb["README"].iter_rows()
        for c in row
        if isinstance(c.value, str) and c.value.startswith("=HYPERLINK(")
    ]
    assert links == wb.sheetnames
