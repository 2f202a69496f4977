"""accuracy.bias and the sized draft finding (contract 5.9): type by size, text for people."""

from __future__ import annotations

import re

import pytest

from redd_audit.cycle.findings_register import draft_findings
from redd_audit.cycle.map_bias import map_bias, map_bias_draft

K = 44 / 12


def _accuracy(mapped: float = 0.004, adjusted: float = 0.0302, ci: float = 0.0174) -> dict:
    return {
        "change_class": "deforestation",
        "change_class_biased": True,
        "classes": [
            {
                "class": "deforestation",
                "mapped_proportion": mapped,
                "adjusted_proportion": adjusted,
                "adjusted_ci95": ci,
            },
            {"class": "forest", "mapped_proportion": 0.996, "adjusted_proportion": 0.9698},
        ],
    }


def _bias(tolerable: float, accuracy: dict | None = None, **kw) -> dict:
    """One stratum of 300,000 ha, net stock 163 tC/ha: EF = 163 × 44/12 = 597.67 tCO2e/ha."""
    bias = map_bias(
        accuracy or _accuracy(),
        strata_areas_ha=[300_000.0],
        net_stocks_tc_per_ha=[163.0],
        tolerable_misstatement=tolerable,
        **kw,
    )
    assert bias is not None
    return bias


def test_bias_sized_in_hectares_and_tonnes():
    """7,860 ha (2,640 to 13,080) × 597.67 = 4,697,660 tCO2e (1,577,840 to 7,817,480);
    T = 50,000: the low end exceeds T, an NCR, 93.95 times T."""
    bias = _bias(50_000.0)
    assert bias["mapped_area_ha"] == 300_000
    assert bias["emission_factor_tco2e_per_ha"] == pytest.approx(163 * K)
    assert bias["implied_area_ha"] == pytest.approx(7_860)
    assert bias["implied_area_low_ha"] == pytest.approx(2_640)
    assert bias["implied_area_high_ha"] == pytest.approx(13_080)
    assert bias["implied_tco2e"] == pytest.approx(7_860 * 163 * K)
    assert bias["implied_low_tco2e"] == pytest.approx(2_640 * 163 * K)
    assert bias["ratio_to_tolerable"] == pytest.approx(7_860 * 163 * K / 50_000)
    assert bias["finding_type"] == "NCR"
    # the setting overrides the strata's total area
    assert _bias(50_000.0, mapped_area_ha=150_000.0)["implied_area_ha"] == pytest.approx(3_930)


def test_low_end_within_t_is_a_clarification_request():
    """T = 2,000,000 > 1,577,840 (the low end): a CL even though the estimate exceeds T."""
    bias = _bias(2_000_000.0)
    assert bias["implied_tco2e"] > 2_000_000 and bias["finding_type"] == "CL"


def test_draft_text_rounds_for_people():
    accuracy = {**_accuracy(), "bias": _bias(50_000.0)}
    draft = map_bias_draft(accuracy, "deforestation")
    text = draft["description"]
    assert draft["type"] == "NCR" and draft["reference"] == "accuracy:deforestation"
    for expected in ("0.4 %", "3.0 % ± 1.7 %", "300,000 ha", "7,860 ha", "2,640 to 13,080 ha"):
        assert expected in text, text
    assert "4,697,660 tCO2e" in text and "94.0 times" in text and "50,000 tCO2e" in text
    assert not re.search(r"\d\.\d{3,}", text), text  # never raw floats
    # through the register: the biased map's draft follows the size
    drafts = draft_findings([], accuracy, "deforestation")
    assert [d["type"] for d in drafts] == ["NCR"]
    cl = draft_findings([], {**_accuracy(), "bias": _bias(2_000_000.0)}, "deforestation")
    assert [d["type"] for d in cl] == ["CL"]


def test_unsized_bias_is_an_information_request_with_rounded_figures():
    draft = map_bias_draft(_accuracy(), "deforestation")
    assert draft["type"] == "NIR" and "0.4 % against an area-adjusted 3.0 %" in draft["description"]
    no_class = {**_accuracy(), "change_class": "clearing"}
    assert (
        map_bias(
            no_class, strata_areas_ha=[1.0], net_stocks_tc_per_ha=[1.0], tolerable_misstatement=1.0
        )
        is None
    )
