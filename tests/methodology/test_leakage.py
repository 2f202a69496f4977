"""redd_audit.methodology.leakage: netting rules and the immigrant terms (contract 8.6)."""

from __future__ import annotations

import pytest

from redd_audit.methodology.figures import ImmigrantLeakage
from redd_audit.methodology.leakage import (
    captured_immigrant_deforestation_ha,
    immigrant_leakage_notes,
    immigrant_leakage_terms,
    outside_belt_deforestation_ha,
    total_leakage_tco2e,
    vintage_leakage_tco2e,
)
from redd_audit.parameters import CO2_PER_C
from redd_audit.project_settings import ImmigrantLeakageSettings
from tests.mirror_support import vintage_figures


def test_netting_rules() -> None:
    # per vintage: max(0, 5 − 9) = 0; per period: max(0, 30 − 20) · 365/730 = 5
    assert vintage_leakage_tco2e(5.0, 9.0, 365, 30.0, 20.0, 730, "per_vintage") == 0.0
    assert vintage_leakage_tco2e(5.0, 9.0, 365, 30.0, 20.0, 730, "per_period") == 5.0
    with pytest.raises(ValueError, match="leakage_netting must be one of"):
        vintage_leakage_tco2e(5.0, 9.0, 365, 30.0, 20.0, 730, "per_year")


def test_unknown_actual_area_rule_is_refused() -> None:
    with pytest.raises(ValueError, match="actual_area must be one of"):
        captured_immigrant_deforestation_ha(0.2, 10.0, 500.0, "project_only")


def test_floor_keeps_or_drops_a_credit() -> None:
    assert outside_belt_deforestation_ha(200.0, 242.0, True) == 0.0
    assert outside_belt_deforestation_ha(200.0, 242.0, False) == -42.0
    assert total_leakage_tco2e(120.5, 29400.0) == 29520.5


def test_disabled_settings_give_no_terms() -> None:
    assert immigrant_leakage_terms(ImmigrantLeakageSettings(), 1000.0, 10.0, 500.0) is None


def test_terms_of_the_contract_hand_test_with_tc_factor() -> None:
    # PROP_IMM 0.2, A_BSL 1,000 → 200; captured 0.2 · (10 + 500) = 102; outside 98 ha;
    # C_OLB 100 tC/ha · 44/12 → 98 · 366.67 tCO2e
    settings = ImmigrantLeakageSettings(
        enabled=True, prop_imm_fraction=0.2, outside_belt_emission_tc_per_ha=100.0
    )
    terms = immigrant_leakage_terms(settings, 1000.0, 10.0, 500.0)
    assert terms.immigrant_area_ha == pytest.approx(200.0)
    assert terms.captured_immigrant_area_ha == pytest.approx(102.0)
    assert terms.outside_belt_area_ha == pytest.approx(98.0)
    assert terms.emission_tco2e_per_ha == pytest.approx(CO2_PER_C * 100.0)
    assert terms.leakage_tco2e == pytest.approx(98.0 * CO2_PER_C * 100.0)


def _terms(immigrants: float, captured: float, outside: float) -> ImmigrantLeakage:
    return ImmigrantLeakage(
        0.2, 1000.0, immigrants, 10.0, 500.0, captured, outside, 300.0, outside * 300.0
    )


def test_notes_on_floored_and_negative_outside_belt_area() -> None:
    figures = [
        vintage_figures(2021, immigrant_leakage=_terms(200.0, 242.0, 0.0)),
        vintage_figures(2022, immigrant_leakage=_terms(200.0, 242.0, -42.0)),
        vintage_figures(2023, immigrant_leakage=_terms(200.0, 102.0, 98.0)),
        vintage_figures(2024),
    ]
    notes = immigrant_leakage_notes(figures)
    assert [n.severity for n in notes] == ["info", "warning"]
    assert notes[0].message.startswith("vintage 2021: A_LK-OLB floored at 0")
    assert "242.00 ha of 200.00 ha" in notes[0].message
    assert "(-12,600.00 tCO2e, a leakage credit)" in notes[1].message
    assert notes[1].column == "accounting.leakage.immigrants.floor_at_zero"
