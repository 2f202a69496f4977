"""Which buffer basis the claims follow (contract 7.4; redd_audit/cycle/buffer_basis.py).

Hand numbers, per vintage: claimed baseline 100,000, project 10,000, leakage 5,000; rating 0.1,
recomputed deduction factor 0.9 → candidate buffers stock_change 9,000, after_leakage 8,500,
net 7,650. A claimed buffer of 8,500 follows after_leakage; under the stated stock_change the
claims withhold 500 t less per vintage.
"""

from __future__ import annotations

import pytest

from redd_audit.cycle.buffer_basis import (
    assess_buffer_basis,
    buffer_basis,
    buffer_basis_draft,
    follows_basis,
)


def _claims(buffer: float, leakage: float = 5_000.0) -> dict[int, dict[str, object]]:
    row = {
        "baseline_tco2e": 100_000.0,
        "project_tco2e": 10_000.0,
        "leakage_tco2e": leakage,
        "buffer_tco2e": buffer,
    }
    return {2019: dict(row), 2020: dict(row)}


def _assess(claims, *, stated="stock_change", factor=0.9, vcus=150_000.0, materiality=0.05):
    return assess_buffer_basis(
        claims,
        vintages=[2019, 2020],
        stated=stated,
        deduction_factor=factor,
        risk_rating_fraction=0.1,
        recomputed_vcus=vcus,
        materiality_fraction=materiality,
        file="claimed_vintages.csv",
    )


def test_the_tolerance_is_one_tonne_or_a_millionth() -> None:
    assert follows_basis(8_501.0, 8_500.0) and not follows_basis(8_501.5, 8_500.0)
    # 1e-6 × 2,000,000 = 2 t
    assert follows_basis(2_000_002.0, 2_000_000.0) and not follows_basis(2_000_002.5, 2_000_000.0)


def test_candidates_come_from_the_claims_own_columns() -> None:
    basis = buffer_basis(
        _claims(8_500.0),
        [2019, 2020],
        stated="stock_change",
        deduction_factor=0.9,
        risk_rating_fraction=0.1,
    )
    row = basis["vintages"][0]
    assert row["before_leakage_tco2e"] == pytest.approx(9_000.0)
    assert row["after_leakage_tco2e"] == pytest.approx(8_500.0)
    assert row["net_tco2e"] == pytest.approx(7_650.0)
    assert row["follows"] == ["after_leakage"]
    assert basis["claims_follow"] == ["after_leakage"] and basis["consistent"] is False
    assert basis["difference_tco2e"] == pytest.approx(1_000.0)


def test_claims_on_another_basis_raise_a_draft_finding() -> None:
    _, drafts, warnings = _assess(_claims(8_500.0))
    assert warnings == [] and len(drafts) == 1
    draft = drafts[0]
    # 1,000 / 150,000 = 0.67 % ≤ 5 %: not material, an NIR
    assert draft["type"] == "NIR"
    assert draft["reference"] == "accounting.rules.buffer_base; claimed_vintages.buffer_tco2e"
    text = draft["description"]
    assert "2019, 2020" in text and "after_leakage" in text and "stock_change" in text
    assert "9,000" in text and "1,000 tCO2e" in text and "0.67 %" in text
    # material at 0.5 %: an NCR
    _, drafts, _ = _assess(_claims(8_500.0), materiality=0.005)
    assert drafts[0]["type"] == "NCR"


def test_claims_on_the_stated_basis_are_consistent() -> None:
    basis, drafts, warnings = _assess(_claims(9_000.4))
    assert basis["claims_follow"] == ["stock_change"] and basis["consistent"] is True
    assert drafts == [] and warnings == []
    basis, drafts, _ = _assess(_claims(8_500.0), stated="after_leakage")
    assert basis["consistent"] is True and drafts == []


def test_ties_list_every_basis() -> None:
    """Leakage 0 and factor 1: the three candidates coincide."""
    basis, drafts, _ = _assess(_claims(9_000.0, leakage=0.0), factor=1.0)
    assert basis["claims_follow"] == ["stock_change", "after_leakage", "net"]
    assert basis["consistent"] is True and drafts == []


def test_claims_following_no_basis_raise_a_warning_with_implied_ratings() -> None:
    basis, drafts, warnings = _assess(_claims(7_000.0))
    assert basis["claims_follow"] == [] and basis["consistent"] is False and drafts == []
    (warning,) = warnings
    assert warning.severity == "warning" and warning.column == "buffer_tco2e"
    assert "follows none of the three bases" in warning.message
    # 7,000 / 90,000, 7,000 / 85,000, 7,000 / 76,500
    assert "stock_change 0.0778" in warning.message
    assert "after_leakage 0.0824" in warning.message and "net 0.0915" in warning.message


def test_a_basis_followed_by_one_vintage_only_is_not_followed() -> None:
    claims = _claims(8_500.0)
    claims[2020]["buffer_tco2e"] = 9_000.0
    basis, drafts, warnings = _assess(claims)
    assert basis["claims_follow"] == [] and drafts == [] and len(warnings) == 1


def test_without_claims_nothing_is_concluded() -> None:
    basis, drafts, warnings = _assess({})
    assert basis["vintages"] == [] and basis["consistent"] is None
    assert drafts == [] and warnings == []
    assert buffer_basis_draft(basis, 1.0, 0.01) is None


def test_an_incomplete_claim_is_left_out() -> None:
    claims = _claims(8_500.0)
    claims[2020]["buffer_tco2e"] = float("nan")
    basis, _, _ = _assess(claims)
    assert [r["vintage"] for r in basis["vintages"]] == [2019]
