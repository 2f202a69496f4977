"""Natural disturbance in the project area (M-MON VMD0015; contract.md section 8.5).

Only disturbance that overlaps baseline deforestation counts (A_DistPA,q,i,t is "the area of
overlap between the delineated area of the disturbance and the summed area of unplanned
deforestation in the project area"); disturbance elsewhere would have happened in the baseline
too. The proponent supplies the overlap; :func:`disturbance_overlap_problems` checks it against
the cumulative baseline deforestation. A disturbed hectare emits on the pool schedules of
deforestation with the post-disturbance stock C_P,Dist (0 by default, "conservatively") in place
of the post-deforestation stock.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from redd_audit.methodology.emission_schedule import POOLS, emission_schedule_tco2e_per_ha
from redd_audit.methodology.figures import Note
from redd_audit.parameters import CO2_PER_C

if TYPE_CHECKING:
    from redd_audit.project import Project

TABLE = "disturbance_events"


def disturbance_emission_tco2e_per_ha(
    carbon_tc_per_ha: Mapping[str, float],
    post_disturbance_tc_per_ha: float,
    *,
    co2_per_c: float = CO2_PER_C,
) -> float:
    """ΔC_P,Dist,i: everything a disturbed hectare of stratum i emits over time [tCO2e ha⁻¹].

    Parameters
    ----------
    carbon_tc_per_ha : mapping pool -> tC ha⁻¹
        Pre-disturbance stock of each pool.
    post_disturbance_tc_per_ha : float
        C_P,Dist,i, the stock left after the disturbance [tC ha⁻¹] (0 conservatively).
    co2_per_c : float
        tCO2 per tC (44/12).

    Notes
    -----
    ``ΔC_P,Dist,i = 44/12 × (Σ_k C_k,i − C_P,Dist,i)`` (M-MON VMD0015 Eq. 20 as verified
    reports apply it), emitted on the pools' schedules. Hand test: 400 tCO2e ha⁻¹ in one pool,
    C_P,Dist = 0 → 400 tCO2e ha⁻¹ (deforestation with a 30 tCO2e ha⁻¹ post stock: 370).
    """
    total_tc = sum(float(carbon_tc_per_ha[pool]) for pool in POOLS)
    return co2_per_c * (total_tc - post_disturbance_tc_per_ha)


def project_stock_change_tco2e(
    project_deforestation_tco2e: float, project_disturbance_tco2e: float
) -> float:
    """ΔC_P,stock,v: carbon-stock emissions of the project area in the vintage [tCO2e].

    Notes
    -----
    ``ΔC_P,stock,v = ΔC_P,DefPA,v + ΔC_P,DistPA,v`` (M-MON VMD0015; contract.md section 8.5):
    the base of the buffer's ``stock_change`` and of the X-UNC project weights.
    """
    return project_deforestation_tco2e + project_disturbance_tco2e


def disturbance_overlap_problems(
    vintages: Sequence[int],
    cumulative_disturbance_ha: Sequence[float],
    cumulative_baseline_area_ha: Sequence[float],
    tolerance_ha: float = 1e-9,
) -> list[str]:
    """The vintages whose cumulative disturbance exceeds the cumulative baseline deforestation.

    Parameters
    ----------
    vintages : labels, in order
    cumulative_disturbance_ha : Σ A_DistPA from the crediting start to each vintage [ha]
    cumulative_baseline_area_ha : Σ A_BSL,PA from the crediting start to each vintage [ha]
    tolerance_ha : float
        Floating-point allowance [ha].

    Returns
    -------
    list of str
        One message per vintage in breach (an ``error`` of the gate, contract 8.5).
    """
    return [
        f"vintage {v}: disturbance in the project area since the crediting start "
        f"({d:,.2f} ha) exceeds the baseline deforestation it must overlap ({b:,.2f} ha)"
        for v, d, b in zip(
            vintages, cumulative_disturbance_ha, cumulative_baseline_area_ha, strict=True
        )
        if d > b + tolerance_ha
    ]


def disturbance_schedules(project: Project, stocks: pd.DataFrame) -> dict[str, np.ndarray]:
    """Per-hectare emission schedule of a disturbed hectare of every stratum: the pools'
    schedules with C_P,Dist in place of the post-deforestation stock [tCO2e ha⁻¹]."""
    years = project.accounting.emission_schedule_years.model_dump()
    n_ages = max(years.values())
    return {
        str(row["stratum_id"]): emission_schedule_tco2e_per_ha(
            {p: float(row[f"{p}_tc_per_ha"]) for p in POOLS},
            project.stratum(str(row["stratum_id"])).post_disturbance_tc_per_ha,
            years,
            n_ages,
        )
        for row in stocks.to_dict("records")
    }


def project_area_disturbance(
    events: pd.DataFrame | None,
) -> tuple[pd.DataFrame | None, list[Note]]:
    """The project-area rows of ``disturbance_events`` and the findings on the table.

    Rows of another zone are excluded with a ``warning`` (disturbance elsewhere is not
    counted); a ``delineated_area_ha`` below ``area_ha`` is an ``error`` of the gate.
    """
    if events is None or events.empty:
        return events, []
    notes: list[Note] = []
    zone = events["zone"].astype("string")
    outside = (zone != "project_area").fillna(True).to_numpy(dtype=bool)
    if outside.any():
        notes.append(
            Note(
                "warning",
                f"{int(outside.sum())} disturbance row(s) outside the project area excluded: "
                "only disturbance overlapping baseline deforestation in the project area counts "
                "(M-MON VMD0015)",
                TABLE,
                "zone",
            )
        )
    if "delineated_area_ha" in events.columns:
        delineated = pd.to_numeric(events["delineated_area_ha"], errors="coerce")
        below = (delineated < events["area_ha"]).fillna(False).to_numpy(dtype=bool)
        for i in np.flatnonzero(below):
            row = int(events["_row"].iloc[i]) if "_row" in events.columns else None
            notes.append(
                Note(
                    "error",
                    f"delineated_area_ha {delineated.iloc[i]} is below area_ha "
                    f"{events['area_ha'].iloc[i]}: the overlap cannot exceed the disturbance",
                    TABLE,
                    "delineated_area_ha",
                    row,
                )
            )
    return events.loc[~outside], notes
