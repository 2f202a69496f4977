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
import numpy.typing as npt
from numpy.typing import NDArray

from redd_audit.parameters import CO2_PER_C

POOLS = ("above_ground", "below_ground", "dead_wood", "litter")


def emission_at_age_tco2e_per_ha(
    age_years: int,
    carbon_tc_per_ha: Mapping[str, float | NDArray[np.float64]],
    post_deforestation_tc_per_ha: float | NDArray[np.float64],
    schedule_years: Mapping[str, int],
    *,
    co2_per_c: float = CO2_PER_C,
) -> float | NDArray[np.float64]:
    """ΔC_i(t0 + a; t0): emission of one hectare cleared ``a`` years earlier [tCO2e ha⁻¹].

    Parameters
    ----------
    age_years : int
        a = t − t0 ≥ 0, years since clearing (0 is the clearing year).
    carbon_tc_per_ha : mapping pool -> tC ha⁻¹
        Pre-deforestation stock of each pool (above_ground, below_ground, dead_wood, litter).
    post_deforestation_tc_per_ha : float
        Long-term stock of the post-deforestation land use [tC ha⁻¹], subtracted at age 0.
    schedule_years : mapping pool -> years
        N_k: a pool is emitted in equal parts over N_k years from the year of clearing.
    co2_per_c : float
        tCO2 per tC, the cited constant ``co2_per_c`` (44/12).

    Stocks may be arrays with one value per Monte Carlo draw (contract 7.2.4): the result is
    then an array of the same shape, each element the scalar result at that draw.

    Notes
    -----
    ``44/12 · (Σ_k C_k / N_k · 1[a < N_k] − C_post · 1[a = 0])`` (BL-UP VMD0007 step 5 with
    per-pool linear schedules; contract.md §2.1).
    """
    if _drawn(carbon_tc_per_ha, post_deforestation_tc_per_ha):
        total = np.zeros(
            np.broadcast_shapes(*_shapes(carbon_tc_per_ha, post_deforestation_tc_per_ha))
        )
        for pool in POOLS:
            years = int(schedule_years[pool])
            if age_years < years:
                total = total + np.asarray(carbon_tc_per_ha[pool], dtype=float) / years
        if age_years == 0:
            total = total - np.asarray(post_deforestation_tc_per_ha, dtype=float)
        return np.asarray(co2_per_c * total, dtype=float)
    total_tc = 0.0
    for pool in POOLS:
        years = int(schedule_years[pool])
        if age_years < years:
            total_tc += float(carbon_tc_per_ha[pool]) / years
    if age_years == 0:
        total_tc -= post_deforestation_tc_per_ha  # type: ignore[assignment]
    return co2_per_c * total_tc


def lifetime_emissions_tco2e_per_ha(
    carbon_tc_per_ha: Mapping[str, float],
    post_deforestation_tc_per_ha: float,
    *,
    co2_per_c: float = CO2_PER_C,
) -> float:
    """Σ_a ΔC_i(a): everything one cleared hectare emits over time [tCO2e ha⁻¹].

    Notes
    -----
    ``44/12 · (Σ_k C_k − C_post)`` (contract.md §2.1), the check total of a schedule.
    """
    total_tc = sum(float(carbon_tc_per_ha[pool]) for pool in POOLS)
    return co2_per_c * (total_tc - post_deforestation_tc_per_ha)


def emission_schedule_tco2e_per_ha(
    carbon_tc_per_ha: Mapping[str, float | NDArray[np.float64]],
    post_deforestation_tc_per_ha: float | NDArray[np.float64],
    schedule_years: Mapping[str, int],
    n_ages: int | None = None,
) -> np.ndarray:
    """Emissions per hectare cleared by age since clearing, ΔC_i(t0 + a; t0) [tCO2e ha⁻¹].

    Parameters
    ----------
    carbon_tc_per_ha, post_deforestation_tc_per_ha, schedule_years
        As in :func:`emission_at_age_tco2e_per_ha`.
    n_ages : int, optional
        Length of the returned schedule (default: the longest N_k).

    Returns
    -------
    numpy.ndarray
        Element ``a`` is :func:`emission_at_age_tco2e_per_ha` at age ``a`` (a = 0 is the
        clearing year). Zero beyond the longest schedule. With stocks drawn per Monte Carlo
        draw (arrays of shape ``(D,)``), shape ``(D, ages)``: the age axis last.
    """
    longest = max(int(schedule_years[p]) for p in POOLS)
    size = longest if n_ages is None else n_ages
    if _drawn(carbon_tc_per_ha, post_deforestation_tc_per_ha):
        return np.stack(
            [
                np.asarray(
                    emission_at_age_tco2e_per_ha(
                        age, carbon_tc_per_ha, post_deforestation_tc_per_ha, schedule_years
                    ),
                    dtype=float,
                )
                for age in range(size)
            ],
            axis=-1,
        )
    return np.array(
        [
            emission_at_age_tco2e_per_ha(
                age, carbon_tc_per_ha, post_deforestation_tc_per_ha, schedule_years
            )
            for age in range(size)
        ],
        dtype=float,
    )


def cohort_emissions_tco2e(
    cohort_area_ha: npt.ArrayLike,
    cohort_age_years: npt.ArrayLike,
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
        The stratum's schedule from :func:`emission_schedule_tco2e_per_ha`; with a leading
        draw axis ``(D, ages)`` (and areas ``(C,)`` or ``(D, C)``) the result is ``(D, C)``.

    Returns
    -------
    numpy.ndarray
        Element-wise emissions [tCO2e].
    """
    ages = np.asarray(cohort_age_years, dtype=np.int64)
    n_ages = np.shape(schedule_tco2e_per_ha)[-1]
    inside = (ages >= 0) & (ages < n_ages)
    if inside.all():
        factor = np.take(schedule_tco2e_per_ha, ages, axis=-1)
    else:
        at = np.take(schedule_tco2e_per_ha, np.clip(ages, 0, n_ages - 1), axis=-1)
        factor = np.where(inside, at, 0.0)
    return np.asarray(np.asarray(cohort_area_ha, dtype=float) * factor, dtype=float)


def exante_cohort_emissions_tco2e(
    cohort_area_ha: npt.ArrayLike,
    cohort_age_years: npt.ArrayLike,
    year_fraction: float | np.ndarray,
    schedule_tco2e_per_ha: np.ndarray,
) -> np.ndarray:
    """Emissions in a vintage of cohorts of the ex-ante baseline, f_v · A(t0) · ΔC(v − t0) [tCO2e].

    Parameters
    ----------
    cohort_area_ha : area of each cohort [ha] (annual ex-ante figures)
    cohort_age_years : v − t0 for each cohort
    year_fraction : f_v = days / days_in_year of the vintage [-]
    schedule_tco2e_per_ha : the stratum's schedule

    Notes
    -----
    BL-UP (VMD0007) cohort sum term; annual quantities are pro-rated to a partial vintage,
    the clearing year included (docs/conventions.md, "Partial years").
    """
    return year_fraction * cohort_emissions_tco2e(
        np.asarray(cohort_area_ha, dtype=float), cohort_age_years, schedule_tco2e_per_ha
    )


def monitored_cohort_emissions_tco2e(
    cohort_area_ha: npt.ArrayLike,
    cohort_area_in_period_ha: npt.ArrayLike,
    cohort_age_years: npt.ArrayLike,
    year_fraction: float | np.ndarray,
    schedule_tco2e_per_ha: np.ndarray,
) -> np.ndarray:
    """Emissions in a vintage of cohorts of monitored (dated) deforestation [tCO2e].

    Parameters
    ----------
    cohort_area_ha : area of each cohort cleared since the crediting start [ha]
    cohort_area_in_period_ha : the part of it dated inside the monitoring period [ha]
    cohort_age_years : v − t0 for each cohort
    year_fraction : f_v of the vintage [-]
    schedule_tco2e_per_ha : the stratum's schedule

    Notes
    -----
    ``A_in · ΔC(0)`` in the clearing year (events count by their date), ``f_v · A · ΔC(v − t0)``
    for the tails (M-MON VMD0015; docs/conventions.md, "Dated events").
    """
    ages = np.asarray(cohort_age_years, dtype=np.int64)
    tails = cohort_emissions_tco2e(
        np.asarray(cohort_area_ha, dtype=float), np.where(ages > 0, ages, -1), schedule_tco2e_per_ha
    )
    current = cohort_emissions_tco2e(
        np.asarray(cohort_area_in_period_ha, dtype=float),
        np.where(ages == 0, 0, -1),
        schedule_tco2e_per_ha,
    )
    return np.asarray(year_fraction * tails + current, dtype=float)


def cohort_sum_tco2e(cohort_emissions_tco2e: npt.ArrayLike) -> float | NDArray[np.float64]:
    """Σ over cohorts of their emissions in one vintage [tCO2e], with compensated summation.

    An argument of more dimensions, cohorts on the last axis (e.g. ``(vintages, draws, C)``),
    gives the sums over that axis: each element the scalar sum of its row, in the same order
    (contract 7.2.4).

    Notes
    -----
    Kahan's compensated sum, so that the total does not carry the rounding error of hundreds
    of additions (the same summation pandas applies to grouped sums; LibreOffice's SUM is
    compensated too).
    """
    values = np.asarray(cohort_emissions_tco2e, dtype=float)
    if values.ndim >= 2:
        sums = np.zeros(values.shape[:-1])
        compensations = np.zeros(values.shape[:-1])
        for column in np.ascontiguousarray(np.moveaxis(values, -1, 0)):
            y = column - compensations
            t = sums + y
            compensations = (t - sums) - y
            sums = t
        return sums
    total = 0.0
    compensation = 0.0
    for x in np.asarray(cohort_emissions_tco2e, dtype=float).tolist():
        y = x - compensation
        t = total + y
        compensation = (t - total) - y
        total = t
    return total


def _drawn(carbon: Mapping[str, npt.ArrayLike], post: npt.ArrayLike) -> bool:
    """Whether any stock is an array (one value per Monte Carlo draw)."""
    return np.ndim(post) > 0 or any(np.ndim(carbon[p]) > 0 for p in POOLS)


def _shapes(carbon: Mapping[str, npt.ArrayLike], post: npt.ArrayLike) -> list[tuple[int, ...]]:
    return [np.shape(post), *(np.shape(carbon[p]) for p in POOLS)]


def last_emitting_age(schedule_tco2e_per_ha: np.ndarray) -> int:
    """Largest age with a non-zero emission (−1 when the schedule is all zeros)."""
    nonzero = np.flatnonzero(schedule_tco2e_per_ha)
    return int(nonzero[-1]) if nonzero.size else -1
