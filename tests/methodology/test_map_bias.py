"""The size of a map bias (contract 5.9), hand-checked equation by equation."""

from __future__ import annotations

import numpy as np
import pytest

from redd_audit.methodology.map_bias import (
    area_weighted_emission_factor_tco2e_per_ha,
    implied_emissions_tco2e,
    implied_unrecorded_area_ha,
)


def test_implied_area_and_its_interval():
    """Mapped 0.4 %, adjusted 3.02 % ± 1.74 % over 300,000 ha: (0.0302 − 0.004) × 300,000 =
    7,860 ha, from (0.0128 − 0.004) × 300,000 = 2,640 to (0.0476 − 0.004) × 300,000 = 13,080."""
    assert implied_unrecorded_area_ha(0.0302, 0.004, 300_000) == pytest.approx(7_860)
    assert implied_unrecorded_area_ha(0.0302 - 0.0174, 0.004, 300_000) == pytest.approx(2_640)
    assert implied_unrecorded_area_ha(0.0302 + 0.0174, 0.004, 300_000) == pytest.approx(13_080)
    # a map that over-maps the change: negative (VCUs understated)
    assert implied_unrecorded_area_ha(0.01, 0.03, 1_000) == pytest.approx(-20)
    assert implied_unrecorded_area_ha(0.02, 0.02, 1_000) == 0


def test_area_weighted_emission_factor():
    """44/12 × (100 × 150 + 300 × 50) / 400 = 44/12 × 75 = 275 tCO2e/ha; no area: 0."""
    ef = area_weighted_emission_factor_tco2e_per_ha(np.array([100.0, 300.0]), np.array([150, 50]))
    assert ef == pytest.approx(275.0)
    assert area_weighted_emission_factor_tco2e_per_ha(np.zeros(2), np.array([150, 50])) == 0
    assert implied_emissions_tco2e(7_860, 275.0) == pytest.approx(2_161_500)
