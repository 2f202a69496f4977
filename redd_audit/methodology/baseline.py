"""Baseline emissions of a vintage, ΔC_BSL,v (BL-UP, VMD0007; domain.md §1.4 step 6).

The per-cohort terms come from :mod:`redd_audit.methodology.emission_schedule`; the ex-ante
areas are the validated baseline table, never re-modelled during a baseline period.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from redd_audit.methodology.emission_schedule import cohort_sum_tco2e


def baseline_emissions_tco2e(
    cohort_emissions_tco2e: npt.ArrayLike,
) -> float | npt.NDArray[np.float64]:
    """ΔC_BSL,v = Σ_i Σ_{t0 ≤ v} A_BSL,i,t0 · ΔC_i(v; t0): the cohort sum of a vintage [tCO2e].

    Parameters
    ----------
    cohort_emissions_tco2e : array
        The vintage's emission of every ex-ante cohort of the project area, all strata
        (:func:`~redd_audit.methodology.emission_schedule.exante_cohort_emissions_tco2e`).

    Notes
    -----
    The same sum gives the leakage-belt baseline ΔC_BSL,LB,v from the leakage-belt cohorts
    (VMD0010) and the monitored deforestation emissions ΔC_P,DefPA,v from dated cohorts.
    """
    return cohort_sum_tco2e(cohort_emissions_tco2e)
