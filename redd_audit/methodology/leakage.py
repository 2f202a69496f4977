"""Activity-shifting leakage, LK-ASU (VMD0010): leakage-belt emissions above its baseline."""

from __future__ import annotations

import numpy as np


def leakage_emissions_tco2e(
    leakage_belt_emissions_tco2e: np.ndarray | float,
    leakage_belt_baseline_emissions_tco2e: np.ndarray | float,
) -> np.ndarray | float:
    """ΔC_LK-AS: leakage of a year, never negative [tCO2e].

    Notes
    -----
    ``max(0, ΔC_P,LB − ΔC_BSL,LB)`` with both terms summed over all strata for the year, each
    with tails (contract.md §2.1; domain.md §1.6). Negative leakage is set to zero.
    """
    return np.maximum(
        0.0,
        np.asarray(leakage_belt_emissions_tco2e, dtype=float)
        - np.asarray(leakage_belt_baseline_emissions_tco2e, dtype=float),
    )
