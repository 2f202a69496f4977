"""redd_audit.cycle.materiality: materiality over the period (contract 5.2)."""

from __future__ import annotations

import pytest

from redd_audit.cycle.materiality import (
    NO_CLAIMS_CONCLUSION,
    coverage_finding,
    is_conservative,
    line_text,
    misstatement_direction,
    period_conclusion,
    period_line,
    period_materiality,
    unclaimed_vintages,
)

QUANTITIES = ("baseline_tco2e", "project_tco2e", "leakage_tco2e", "buffer_tco2e", "vcus")


def _claim(vcus: float) -> dict[str, float]:
    return {
        "baseline_tco2e": 1000.0,
        "project_tco2e": 100.0,
        "leakage_tco2e": 50.0,
        "buffer_tco2e": 85.0,
        "vcus": vcus,
    }


RECOMPUTED = [{"vintage": 2021, **_claim(765.0)}, {"vintage": 2022, **_claim(765.0)}]


def test_direction_and_conservatism() -> None:
    assert misstatement_direction(1.0) == "overstated"
    assert misstatement_direction(-1.0) == "understated"
    assert misstatement_direction(0.0) == "none"
    assert is_conservative("vcus", "understated") and not is_conservative("vcus", "overstated")
    assert is_conservative("buffer_tco2e", "overstated")


def test_period_line() -> None:
    # claimed 1,550 against 1,530: +20, 20/1,530 = 1.31 % > 1 %
    line = period_line("vcus", 1550.0, 1530.0, 0.01)
    assert line["misstatement"] == 20.0 and line["direction"] == "overstated"
    assert line["misstatement_fraction"] == pytest.approx(20 / 1530)
    assert line["material"] is True


def test_period_sums_over_the_vintages() -> None:
    claims = {2021: _claim(775.0), 2022: _claim(765.0)}
    lines = period_materiality(RECOMPUTED, claims, 0.05)
    assert [line["quantity"] for line in lines] == list(QUANTITIES)
    vcus = lines[-1]
    assert (vcus["claimed"], vcus["recomputed"], vcus["misstatement"]) == (1540.0, 1530.0, 10.0)
    assert vcus["material"] is False


def test_incomplete_claims_give_no_lines() -> None:
    claims = {2021: _claim(765.0), 2022: {**_claim(765.0), "buffer_tco2e": float("nan")}}
    assert unclaimed_vintages([2021, 2022, 2023], claims) == [2022, 2023]
    assert period_materiality(RECOMPUTED, claims, 0.05) == []
    finding = coverage_finding("claimed_vintages.csv", [2022, 2023])
    assert finding.value == "2022, 2023" and finding.severity == "warning"
    assert finding.message.startswith("no complete claim for vintage(s) 2022, 2023")


def test_line_texts() -> None:
    over = {
        "quantity": "vcus",
        "material": True,
        "direction": "overstated",
        "misstatement": 34_067.4,
        "misstatement_fraction": 0.0135,
        "recomputed": 1.0,
    }
    assert line_text(over) == "VCUs overstated by 34,067 (1.35 %): material"
    same = {
        "quantity": "leakage_tco2e",
        "material": False,
        "direction": "none",
        "misstatement": 0.0,
        "misstatement_fraction": 0.0,
        "recomputed": 2_500.5,
    }
    assert line_text(same) == "Leakage as claimed (2,501 tCO2e): not material"


def test_period_conclusion() -> None:
    assert period_conclusion({"status": "failed"}).startswith("No conclusion on materiality: no")
    assert period_conclusion({"status": "passed", "totals": {}, "materiality": []}) == (
        NO_CLAIMS_CONCLUSION
    )
    lines = period_materiality(
        RECOMPUTED, {2021: {**_claim(765.0), "buffer_tco2e": 200.0}, 2022: _claim(765.0)}, 0.05
    )
    text = period_conclusion({"status": "passed", "totals": {}, "materiality": lines})
    # buffer claimed 285 against 170: +115 (67.65 %)
    assert text == (
        "VCUs as claimed (1,530): not material; also Buffer overstated by 115 tCO2e "
        "(67.65 %): material"
    )
