"""The baseline fixed per vintage from the validated PD (BL-UP VMD0007; contract.md section 8.4).

BL-UP fixes the baseline for the baseline period; verified reports take ΔC_BSL,PA,t and
ΔC_BSL,LB,t per project year from the PD's tables without recomputing them. Under
``baseline.source: fixed_table`` the optional table ``baseline_emissions`` (``zone, vintage,
baseline_tco2e``; optional ``baseline_area_ha``, ``stratum_id``, ``source``) replaces the ex-ante
cohorts: a vintage's baseline is the sum of its rows times its year fraction.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt
import pandas as pd

from redd_audit.errors import InputError
from redd_audit.methodology.vintages import Vintage

TABLE = "baseline_emissions"
ZONES = ("project_area", "leakage_belt")


def fixed_baseline_tco2e(baseline_tco2e: npt.ArrayLike, year_fraction: float) -> float:
    """ΔC_BSL,v: the PD's baseline of a zone and project year, pro-rated to the vintage [tCO2e].

    Parameters
    ----------
    baseline_tco2e : array
        ``baseline_tco2e`` of the table's rows of the zone and project year (one, or one per
        stratum) [tCO2e].
    year_fraction : float
        f_v of the vintage [-].

    Notes
    -----
    ``ΔC_BSL,v = f_v · Σ baseline_tco2e`` (BL-UP VMD0007, the baseline fixed for the baseline
    period, as verified reports apply it; contract.md section 8.4). The same sum over
    ``baseline_area_ha`` gives A_BSL,PA,v. Hand test: 1,200,000 tCO2e × 184/365 = 604,931.51.
    """
    return float(year_fraction * np.sum(np.asarray(baseline_tco2e, dtype=float)))


def _row(frame: pd.DataFrame, position: int) -> int | None:
    if "_row" not in frame.columns:
        return None
    return int(frame["_row"].iloc[position])


def check_fixed_baseline(
    table: pd.DataFrame | None, vintages: list[Vintage], belt_events: bool
) -> pd.DataFrame:
    """The rows of ``baseline_emissions`` that count, after the exit-2 checks of contract 8.10.

    Raises
    ------
    InputError
        No table; a negative value; a zone other than the two accounted; a duplicate
        ``(zone, vintage[, stratum_id])``; a vintage of the period without a ``project_area``
        row; leakage-belt events but a vintage without a ``leakage_belt`` row.
    """
    if table is None or table.empty:
        raise InputError(
            "baseline.source is fixed_table but the table baseline_emissions is missing or empty",
            file="project.yaml",
            column="accounting.baseline.source",
        )
    for column in ("baseline_tco2e", "baseline_area_ha"):
        if column not in table.columns:
            continue
        values = pd.to_numeric(table[column], errors="coerce")
        negative = np.flatnonzero((values < 0).fillna(False).to_numpy(dtype=bool))
        if negative.size:
            raise InputError(
                f"{column} must not be negative", file=TABLE, row=_row(table, int(negative[0])),
                column=column,
            )  # fmt: skip
    zones = table["zone"].astype(str)
    unknown = np.flatnonzero(~zones.isin(ZONES).to_numpy(dtype=bool))
    if unknown.size:
        raise InputError(
            f"zone must be project_area or leakage_belt, got {zones.iloc[int(unknown[0])]!r}",
            file=TABLE, row=_row(table, int(unknown[0])), column="zone",
        )  # fmt: skip
    keys = ["zone", "vintage"] + (["stratum_id"] if "stratum_id" in table.columns else [])
    repeated = np.flatnonzero(table.duplicated(subset=keys).to_numpy(dtype=bool))
    if repeated.size:
        raise InputError(
            f"duplicate ({', '.join(keys)}): each zone and vintage is given once"
            + (" per stratum" if "stratum_id" in keys else ""),
            file=TABLE, row=_row(table, int(repeated[0])), column="vintage",
        )  # fmt: skip
    for zone, needed in (("project_area", True), ("leakage_belt", belt_events)):
        present = set(table.loc[zones == zone, "vintage"].astype(int))
        missing = [v.year for v in vintages if v.year not in present]
        if needed and missing:
            why = "" if zone == "project_area" else " (the leakage belt has monitored events)"
            raise InputError(
                f"no {zone} row for vintage {missing[0]} of the period{why}",
                file=TABLE,
                column="vintage",
            )
    return table


def fixed_baseline_series(
    table: pd.DataFrame, vintages: list[Vintage], zone: str, column: str
) -> np.ndarray:
    """:func:`fixed_baseline_tco2e` of every vintage over the rows of ``zone`` (0 where the
    column is absent or the zone has no row for the vintage)."""
    if column not in table.columns:
        return np.zeros(len(vintages))
    rows = table[table["zone"].astype(str) == zone]
    labels = rows["vintage"].astype(int).to_numpy()
    values = pd.to_numeric(rows[column], errors="coerce").fillna(0.0).to_numpy(dtype=float)
    return np.array(
        [fixed_baseline_tco2e(values[labels == v.year], v.year_fraction) for v in vintages]
    )


def fixed_baseline_by_stratum(table: pd.DataFrame, vintages: list[Vintage]) -> pd.Series:
    """ΔC_BSL of each stratum over the period (project-area rows), the X-UNC weights; empty
    without ``stratum_id``."""
    if "stratum_id" not in table.columns:
        return pd.Series(dtype=float)
    rows = table[table["zone"].astype(str) == "project_area"]
    fractions = {v.year: v.year_fraction for v in vintages}
    labels = rows["vintage"].astype(int)
    inside = labels.isin(list(fractions)).to_numpy(dtype=bool)
    rows = rows[inside]
    weighted = pd.to_numeric(rows["baseline_tco2e"], errors="coerce").fillna(0.0) * labels[
        inside
    ].map(fractions)
    return weighted.groupby(rows["stratum_id"].astype(str)).sum()
