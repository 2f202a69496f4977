"""Ex-ante baseline areas calibrated to the published estimate, and the ex-ante estimates.

The per-hectare emission schedule is the core's (``redd_audit.methodology.emission_schedule``,
contract.md §2.1); a year's emissions sum the cohorts of every year since 2010.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from redd_audit.methodology.emission_schedule import (
    cohort_emissions_tco2e,
    emission_schedule_tco2e_per_ha,
)
from redd_audit.methodology.net_reductions import net_emission_reductions_tco2e
from samplegen.spec import (
    EXANTE_LEAKAGE_FRACTION,
    FIRST_YEAR,
    LAST_YEAR,
    PUBLISHED_TOTAL_TCO2E,
    SCHEDULE_YEARS,
    YEARS,
    StratumSpec,
    rng,
)


def emission_schedule(stratum: StratumSpec, n_ages: int) -> np.ndarray:
    """tCO2e per ha cleared, by age since clearing (a = 0 is the clearing year)."""
    return emission_schedule_tco2e_per_ha(
        stratum.pools(), stratum.post_deforestation, SCHEDULE_YEARS, n_ages
    )


def cohort_emissions(areas: np.ndarray, schedules: np.ndarray) -> np.ndarray:
    """Annual emissions [tCO2e] of annual cleared areas, tails included.

    ``areas`` and ``schedules`` are (strata × years); returns (strata × years) with
    ``E[s, t] = Σ_{t0 ≤ t} A[s, t0] · S[s, t − t0]`` (the core's cohort term per cohort).
    """
    n = areas.shape[1]
    age = np.arange(n)[:, None] - np.arange(n)[None, :]  # [t, t0]
    gathered = np.stack(
        [cohort_emissions_tco2e(np.ones(n)[None, :], age, schedule) for schedule in schedules]
    )
    return np.einsum("stu,su->st", gathered, areas)


def exante_project_fraction(years: np.ndarray) -> np.ndarray:
    """Planned residual deforestation: ex-ante project emissions as a share of the baseline."""
    return 0.08 + 0.02 * (years - FIRST_YEAR) / (LAST_YEAR - FIRST_YEAR)


def _baseline_shape(strata: tuple[StratumSpec, ...], seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Unscaled project-area and leakage-belt baseline areas (strata × years).

    The projected deforestation rises with the paving of the Interoceanic Highway (2010–2011)
    and the migration it brings, saturating in the 2020s; stratum shares drift slightly.
    """
    stream = rng(seed, "baseline")
    t = YEARS - FIRST_YEAR
    trend = 1.0 + 0.9 * (1.0 - np.exp(-t / 7.0))
    pa_share = np.array([s.baseline_share for s in strata])
    lb_share = np.array([s.belt_share for s in strata])
    drift = stream.uniform(-0.15, 0.15, len(strata))[:, None] * (t / t[-1])[None, :]
    pa = pa_share[:, None] * (1.0 + drift) * trend[None, :]
    lb = lb_share[:, None] * (1.0 - 0.5 * drift) * trend[None, :]
    return pa, lb


def calibrated_baseline(
    strata: tuple[StratumSpec, ...], seed: int, belt_ratio: float
) -> tuple[np.ndarray, np.ndarray]:
    """Baseline areas [ha] (strata × years, rounded to 4 decimals) whose ex-ante net reductions
    total the published 64,688,764 tCO2e over 2010–2040.

    Net = B · (1 − p_t) · (1 − leakage share), linear in the area scale, so one division
    calibrates it exactly (up to the rounding of the areas).
    """
    pa, lb = _baseline_shape(strata, seed)
    schedules = np.array([emission_schedule(s, len(YEARS)) for s in strata])
    baseline = cohort_emissions(pa, schedules).sum(axis=0)
    net_factor = (1.0 - exante_project_fraction(YEARS)) * (1.0 - EXANTE_LEAKAGE_FRACTION)
    scale = PUBLISHED_TOTAL_TCO2E / float((baseline * net_factor).sum())
    pa_area = np.round(pa * scale, 4)
    lb_scale = scale * belt_ratio * pa.sum() / lb.sum()
    lb_area = np.round(lb * lb_scale, 4)
    return pa_area, lb_area


def baseline_table(strata: tuple[StratumSpec, ...], pa: np.ndarray, lb: np.ndarray) -> pd.DataFrame:
    rows = []
    for zone, areas in (("leakage_belt", lb), ("project_area", pa)):
        for i, s in enumerate(strata):
            rows.append(
                pd.DataFrame({"zone": zone, "stratum_id": s.id, "year": YEARS, "area_ha": areas[i]})
            )
    frame = pd.concat(rows, ignore_index=True)
    return frame.sort_values(["zone", "stratum_id", "year"], kind="stable").reset_index(drop=True)


def exante_table(strata: tuple[StratumSpec, ...], pa: np.ndarray) -> pd.DataFrame:
    """Ex-ante estimates: baseline by the cohort rule, project and leakage shares, net (the
    core's NER equation)."""
    schedules = np.array([emission_schedule(s, len(YEARS)) for s in strata])
    baseline = np.round(cohort_emissions(pa, schedules).sum(axis=0), 3)
    project = np.round(baseline * exante_project_fraction(YEARS), 3)
    leakage = np.round((baseline - project) * EXANTE_LEAKAGE_FRACTION, 3)
    net = np.round(net_emission_reductions_tco2e(baseline, project, leakage), 3)
    return pd.DataFrame(
        {
            "year": YEARS,
            "baseline_tco2e": baseline,
            "project_tco2e": project,
            "leakage_tco2e": leakage,
            "net_tco2e": net,
        }
    )
