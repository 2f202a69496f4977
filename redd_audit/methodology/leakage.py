"""Activity-shifting leakage, LK-ASU (VMD0010): leakage-belt emissions above its baseline.

The netting rule (``accounting.rules.leakage_netting``) lives here: ``per_vintage`` nets each
vintage on its own (contract.md §2.1); ``per_period`` nets once over the monitoring period and
allocates the result to the vintages by days (domain.md §1.6, the version point marked [U]).
"""

from __future__ import annotations

import numpy as np

#: The values of ``accounting.rules.leakage_netting``.
LEAKAGE_NETTING_RULES = ("per_vintage", "per_period")


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
    leakage: np.ndarray = np.maximum(
        0.0,
        np.asarray(leakage_belt_emissions_tco2e, dtype=float)
        - np.asarray(leakage_belt_baseline_emissions_tco2e, dtype=float),
    )
    return leakage


def vintage_leakage_tco2e(
    leakage_belt_emissions_tco2e: float,
    leakage_belt_baseline_emissions_tco2e: float,
    days: float,
    period_leakage_belt_emissions_tco2e: float,
    period_leakage_belt_baseline_emissions_tco2e: float,
    period_days: float,
    leakage_netting: str,
) -> float:
    """ΔC_LK,v: leakage of one vintage under the netting rule [tCO2e].

    Parameters
    ----------
    leakage_belt_emissions_tco2e, leakage_belt_baseline_emissions_tco2e : float
        ΔC_P,LB,v and ΔC_BSL,LB,v of the vintage [tCO2e].
    days : float
        Days of the vintage [d].
    period_leakage_belt_emissions_tco2e, period_leakage_belt_baseline_emissions_tco2e : float
        The same two terms summed over the monitoring period's vintages [tCO2e].
    period_days : float
        Days of the monitoring period [d].
    leakage_netting : {"per_vintage", "per_period"}
        ``accounting.rules.leakage_netting``.

    Notes
    -----
    ``per_vintage``: ``max(0, ΔC_P,LB,v − ΔC_BSL,LB,v)``; ``per_period``:
    ``max(0, Σ ΔC_P,LB − Σ ΔC_BSL,LB) · days_v / Σ days`` (VMD0010 LK-ASU; domain.md §1.6).
    """
    if leakage_netting == "per_vintage":
        return float(
            leakage_emissions_tco2e(
                leakage_belt_emissions_tco2e, leakage_belt_baseline_emissions_tco2e
            )
        )
    if leakage_netting == "per_period":
        period = float(
            leakage_emissions_tco2e(
                period_leakage_belt_emissions_tco2e, period_leakage_belt_baseline_emissions_tco2e
            )
        )
        return period * days / period_days
    raise ValueError(f"leakage_netting must be one of {LEAKAGE_NETTING_RULES}: {leakage_netting!r}")
