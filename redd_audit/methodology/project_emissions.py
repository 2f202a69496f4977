"""Project emissions of a vintage, ΔC_P,v (M-MON, VMD0015; E-BB, VMD0013; domain.md §1.5)."""

from __future__ import annotations

from typing import overload

import numpy as np
import numpy.typing as npt

from redd_audit.methodology.emission_schedule import cohort_sum_tco2e


@overload
def project_emissions_tco2e(project_stock_tco2e: float, project_fire_tco2e: float) -> float: ...


@overload
def project_emissions_tco2e(
    project_stock_tco2e: npt.NDArray[np.float64],
    project_fire_tco2e: float | npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]: ...


def project_emissions_tco2e(
    project_stock_tco2e: float | npt.NDArray[np.float64],
    project_fire_tco2e: float | npt.NDArray[np.float64],
) -> float | npt.NDArray[np.float64]:
    """ΔC_P,v = ΔC_P,DefPA,v + GHG_P-E,v [tCO2e].

    Parameters
    ----------
    project_stock_tco2e : ΔC_P,DefPA, deforestation (stock change) emissions in the project
        area, with tails [tCO2e]
    project_fire_tco2e : E_BB, non-CO2 emissions of forest fires in the project area [tCO2e]

    Notes
    -----
    Degradation and natural disturbance enter as monitored deforestation; enhancement is not
    claimed (domain.md §1.5; contract.md §2.1).
    """
    return project_stock_tco2e + project_fire_tco2e


def project_stock_emissions_tco2e(
    cohort_emissions_tco2e: npt.ArrayLike,
) -> float | npt.NDArray[np.float64]:
    """ΔC_P,DefPA,v = Σ_i Σ_{t0 ≤ v} A_DefPA,i,t0 · ΔC_i(v; t0): monitored cohort sum [tCO2e].

    Parameters
    ----------
    cohort_emissions_tco2e : array
        The vintage's emission of every monitored cohort of the project area, all strata
        (:func:`~redd_audit.methodology.emission_schedule.monitored_cohort_emissions_tco2e`).

    Notes
    -----
    M-MON (VMD0015), same cohort logic as the baseline; the same sum gives the leakage-belt
    monitored emissions ΔC_P,LB,v (VMD0010) and a vintage's E_BB over the strata (VMD0013).
    """
    return cohort_sum_tco2e(cohort_emissions_tco2e)
