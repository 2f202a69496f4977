"""Per-hectare emission schedules and cohort sums (BL-UP VMD0007, M-MON VMD0015, LK-ASU VMD0010).

A hectare of stratum *i* cleared in year *t0* emits in year *t* (contract.md §2.1; domain.md
§1.4 step 5)::

    ΔC_i(t; t0) = 44/12 · ( Σ_k C_k,i / N_k · 1[0 ≤ t − t0 < N_k]  −  C_post,i · 1[t = t0] )

so that over time it emits ``44/12 · (Σ_k C_k,i − C_post,i)`` tCO2e. Emissions of a year sum the
cohorts of every year since the crediting period began (the tails), in the baseline, the
project area and the leakage belt alike.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from redd_audit.parameters import CO2_PER_C

POOLS = ("above_ground", "below_ground", "dead_wood", "litter")


def emission_schedule_tco2e_per_ha(
    carbon_tc_per_ha: Mapping[str, float],
    post_deforestation_tc_per_ha: float,
    schedule_years: Mapping[str, int],
    n_ages: int | None = None,
) -> np.ndarray:
    """Emissions per hectare cleared by age since clearing, ΔC_i(t0 + a; t0) [tCO2e ha⁻¹].

    Parameters
    ----------
    carbon_tc_per_ha : mapping pool -> tC ha⁻¹
        Pre-deforestation stock of each pool (above_ground, below_ground, dead_wood, litter).
    post_deforestation_tc_per_ha : float
        Long-term stock of the post-deforestation land use [tC ha⁻¹], subtracted at age 0.
    schedule_years : mapping pool -> years
        N_k: a pool is emitted in equal parts over N_k years from the year of clearing.
    n_ages : int, optional
        Length of the returned schedule (default: the longest N_k).

    Returns
    -------
    numpy.ndarray
        Element ``a`` is the emission in the a-th year after clearing (a = 0 is the clearing
        year). Zero beyond the longest schedule.

    Notes
    -----
    BL-UP (VMD0007) step 5 with per-pool linear schedules; the CO2/C ratio is the cited
    constant ``co2_per_c``.
    """
    longest = max(int(schedule_years[p]) for p in POOLS)
    size = longest if n_ages is None else n_ages
    schedule_tc = np.zeros(size)
    for pool in POOLS:
        years = int(schedule_years[pool])
        span = min(years, size)
        schedule_tc[:span] += float(carbon_tc_per_ha[pool]) / years
    if size:
        schedule_tc[0] -= post_deforestation_tc_per_ha
    return CO2_PER_C * schedule_tc


def cohort_emissions_tco2e(
    cohort_area_ha: np.ndarray,
    cohort_age_years: np.ndarray,
    schedule_tco2e_per_ha: np.ndarray,
) -> np.ndarray:
    """Emissions of cohorts at given ages, A(t0) · ΔC(t0 + age; t0) [tCO2e].

    Parameters
    ----------
    cohort_area_ha : array
        Area cleared in each cohort [ha].
    cohort_age_years : array of int
        t − t0 for each cohort; negative ages (cleared later) and ages beyond the schedule
        emit nothing.
    schedule_tco2e_per_ha : array
        The stratum's schedule from :func:`emission_schedule_tco2e_per_ha`.

    Returns
    -------
    numpy.ndarray
        Element-wise emissions [tCO2e].
    """
    ages = np.asarray(cohort_age_years, dtype=np.int64)
    inside = (ages >= 0) & (ages < len(schedule_tco2e_per_ha))
    factor = np.where(
        inside, schedule_tco2e_per_ha[np.clip(ages, 0, len(schedule_tco2e_per_ha) - 1)], 0.0
    )
    return np.asarray(cohort_area_ha, dtype=float) * factor


def last_emitting_age(schedule_tco2e_per_ha: np.ndarray) -> int:
    """Largest age with a non-zero emission (−1 when the schedule is all zeros)."""
    nonzero = np.flatnonzero(schedule_tco2e_per_ha)
    return int(nonzero[-1]) if nonzero.size else -1
