"""The size of a map bias (contract 5.9): the deforestation a biased change class leaves out.

With the change class's mapped proportion ``W_j`` and its area-adjusted proportion ``p_·j``
± its 95 % half-width (Olofsson et al. 2014, eq. 9-10), the map's total area ``A_map`` (the area
the accuracy weights are shares of) gives the implied unrecorded area
``(p_·j − W_j) × A_map`` [ha] (positive: the map under-records the change, so emissions are
too low and VCUs overstated, the sign of the evidence sample and Period materiality), with its
interval from ``p_·j ∓ CI95``. Over the project-area strata's area-weighted emission factor
``EF = 44/12 × Σ_s A_s (Σ pools_s − C_post,s) / Σ_s A_s`` [tCO2e ha⁻¹] it implies emissions
that the draft finding compares with the tolerable misstatement ``T``
(:mod:`redd_audit.cycle.map_bias`).
"""

from __future__ import annotations

import numpy as np

from redd_audit.parameters import CO2_PER_C


def implied_unrecorded_area_ha(
    adjusted_proportion: float, mapped_proportion: float, mapped_area_ha: float
) -> float:
    """Area the map leaves out, ``(p_·j − W_j) × A_map`` [ha] (Olofsson et al. 2014: the
    area-adjusted estimate ``p_·j × A`` against the mapped area ``W_j × A``).

    Parameters
    ----------
    adjusted_proportion : p_·j, or an end of its 95 % interval [fraction]
    mapped_proportion : W_j [fraction]
    mapped_area_ha : A_map, the total area of the map [ha]
    """
    return (float(adjusted_proportion) - float(mapped_proportion)) * float(mapped_area_ha)


def area_weighted_emission_factor_tco2e_per_ha(
    areas_ha: np.ndarray, net_stocks_tc_per_ha: np.ndarray
) -> float:
    """``EF = 44/12 × Σ A_s·(Σ C − C_post)_s / Σ A_s`` [tCO2e ha⁻¹]: the emission of an average
    cleared hectare of the project-area strata over its whole schedule; 0 without area.

    Parameters
    ----------
    areas_ha : A_s, each stratum's area [ha]
    net_stocks_tc_per_ha : Σ pools − post-deforestation stock of each stratum [tC ha⁻¹]
    """
    a = np.asarray(areas_ha, dtype=float)
    total = float(np.sum(a))
    if total <= 0:
        return 0.0
    weighted = float(np.sum(a * np.asarray(net_stocks_tc_per_ha, dtype=float)))
    return CO2_PER_C * weighted / total


def implied_emissions_tco2e(area_ha: float, emission_factor_tco2e_per_ha: float) -> float:
    """Emissions of an implied area, ``A × EF`` [tCO2e].

    Parameters
    ----------
    area_ha : implied unrecorded area [ha]
    emission_factor_tco2e_per_ha : EF [tCO2e ha⁻¹]
    """
    return float(area_ha) * float(emission_factor_tco2e_per_ha)
