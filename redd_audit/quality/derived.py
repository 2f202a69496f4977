"""Derived frames the data-quality suites validate (cross-table checks in plain pandas).

GX's ``UnexpectedRowsExpectation`` is SQL-only, so rules that span rows or tables are turned
into small derived frames here and validated by an ordinary suite (``expectations/<name>.json``):

* :func:`deforestation_annual` – project-area deforestation per stratum and year beside the
  stratum's forest area (suite ``deforestation_annual``);
* :func:`accuracy_classes` – one row per map class with the area-weighted overall accuracy
  (suite ``accuracy_classes``);
* :func:`tree_counts` – trees per inventory plot (``inventory_plots.tree_count``);
* :func:`height_limit_m` – the height/diameter plausibility bound of each tree
  (``inventory_trees.height_limit_m``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Protocol

import numpy as np
import pandas as pd

from redd_audit.methodology.accuracy import assess_map_accuracy

#: Columns of :func:`deforestation_annual`.
ANNUAL_COLUMNS = ["stratum_id", "year", "area_ha", "forest_area_ha", "share_fraction"]
#: Columns of :func:`accuracy_classes`.
CLASS_COLUMNS = [
    "map_class",
    "samples",
    "correct",
    "stratum_weight",
    "stratum_weight_min",
    "stratum_weight_max",
    "stratum_weight_spread",
    "user_accuracy_fraction",
    "overall_accuracy_fraction",
]
#: Height/diameter bound: a tree taller than ``HEIGHT_SLOPE_M_PER_CM * dbh_cm +
#: HEIGHT_OFFSET_M`` is implausible for its diameter (a warning of the inventory_trees suite).
HEIGHT_SLOPE_M_PER_CM = 1.5
HEIGHT_OFFSET_M = 5.0


class _StratumLike(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def area_ha(self) -> float: ...


class _ProjectLike(Protocol):
    @property
    def strata(self) -> Sequence[_StratumLike]: ...


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in columns})


def deforestation_annual(events: pd.DataFrame, project: _ProjectLike) -> pd.DataFrame:
    """Project-area deforestation per stratum and calendar year of ``detected_on``.

    Columns: ``stratum_id, year, area_ha, forest_area_ha, share_fraction`` (forest area from
    ``project.yaml`` ``strata[].area_ha``). Events with an unknown stratum, no date or no area
    are left out (their own suite reports them).
    """
    if not {"zone", "stratum_id", "detected_on", "area_ha"} <= set(events.columns):
        return _empty(ANNUAL_COLUMNS)
    forest = {s.id: float(s.area_ha) for s in project.strata}
    stratum = events["stratum_id"].astype("string")
    dates = pd.to_datetime(events["detected_on"], errors="coerce")
    area = pd.to_numeric(events["area_ha"], errors="coerce")
    zone = events["zone"].astype("string")
    mask = (
        (zone == "project_area").fillna(False)
        & stratum.isin(list(forest)).fillna(False)
        & dates.notna()
        & area.notna()
    ).to_numpy(dtype=bool)
    grouped = (
        pd.DataFrame(
            {
                "stratum_id": stratum[mask].astype(object),
                "year": dates[mask].dt.year.astype("int64"),
                "area_ha": area[mask].astype("float64"),
            }
        )
        .groupby(["stratum_id", "year"], sort=True, as_index=False)
        .agg(area_ha=("area_ha", "sum"))
    )
    grouped["stratum_id"] = grouped["stratum_id"].astype("string")
    grouped["forest_area_ha"] = grouped["stratum_id"].map(forest).astype("float64")
    with np.errstate(over="ignore", invalid="ignore"):
        grouped["share_fraction"] = grouped["area_ha"] / grouped["forest_area_ha"]
    return grouped[ANNUAL_COLUMNS].reset_index(drop=True)


def overall_accuracy_fraction(samples: pd.DataFrame) -> float:
    """Area-weighted overall accuracy of an accuracy sample, normalised by the class weights.

    Computed by :func:`redd_audit.methodology.accuracy.assess_map_accuracy` (Olofsson et al.
    2014, ``Σ_i W_i n_ii / n_i·``) on the usable samples (a map class, a reference class and a
    numeric weight), then divided by ``Σ_i W_i``: a no-op when the weights sum to 1; when they
    do not, that is its own error finding and the accuracy is not distorted by it. Map classes
    whose weight is unknown take no part. Rounded to 12 decimals so that a threshold of 0.9 is
    met by 0.9. NaN when no class has a weight.
    """
    weight = pd.to_numeric(samples["stratum_weight"], errors="coerce").astype("float64")
    usable = pd.DataFrame(
        {
            "map_class": samples["map_class"].astype("string"),
            "reference_class": samples["reference_class"].astype("string").fillna(""),
            "stratum_weight": weight,
        }
    )
    usable = usable[usable["map_class"].notna().to_numpy(dtype=bool)]
    known = usable.groupby("map_class")["stratum_weight"].transform("count") > 0
    usable = usable[known.to_numpy(dtype=bool)]
    if usable.empty:
        return math.nan
    assessment = assess_map_accuracy(usable)
    total = float(np.nansum(assessment.weights))
    overall = assessment.overall_accuracy / total if total else math.nan
    return round(overall, 12) if math.isfinite(overall) else overall


def accuracy_classes(samples: pd.DataFrame) -> pd.DataFrame:
    """One row per map class: samples, correct samples, class weight, user's accuracy.

    ``stratum_weight`` is the class's mean weight (min, max and spread show whether it is
    constant within the class, as the estimator assumes); ``overall_accuracy_fraction`` (the
    same on every row) is :func:`overall_accuracy_fraction`.
    """
    if not {"map_class", "reference_class", "stratum_weight"} <= set(samples.columns):
        return _empty(CLASS_COLUMNS)
    map_class = samples["map_class"].astype("string")
    keep = map_class.notna().to_numpy(dtype=bool)
    ref = samples["reference_class"].astype("string")
    frame = pd.DataFrame(
        {
            "map_class": map_class[keep].astype(object),
            "correct": (ref[keep] == map_class[keep]).fillna(False).astype("int64"),
            "weight": pd.to_numeric(samples["stratum_weight"][keep], errors="coerce").astype(
                "float64"
            ),
        }
    )
    grouped = frame.groupby("map_class", sort=True)
    out = pd.DataFrame(
        {
            "samples": grouped.size().astype("int64"),
            "correct": grouped["correct"].sum().astype("int64"),
            "stratum_weight": grouped["weight"].mean(),
            "stratum_weight_min": grouped["weight"].min(),
            "stratum_weight_max": grouped["weight"].max(),
        }
    ).reset_index()
    out["map_class"] = out["map_class"].astype("string")
    out["stratum_weight_spread"] = out["stratum_weight_max"] - out["stratum_weight_min"]
    out["user_accuracy_fraction"] = out["correct"] / out["samples"]
    out["overall_accuracy_fraction"] = overall_accuracy_fraction(samples) if len(out) else []
    return out[CLASS_COLUMNS]


def tree_counts(plots: pd.DataFrame, trees: pd.DataFrame) -> pd.Series:
    """Number of trees of each plot (aligned with ``plots``)."""
    if "plot_id" not in plots.columns or "plot_id" not in trees.columns:
        return pd.Series(np.zeros(len(plots), dtype="int64"), index=plots.index)
    counts = trees["plot_id"].astype("string").value_counts()
    mapped = plots["plot_id"].astype("string").map(counts)
    return mapped.fillna(0).astype("int64")


def height_limit_m(trees: pd.DataFrame) -> pd.Series:
    """Tallest plausible height of each tree for its diameter [m]:
    ``HEIGHT_SLOPE_M_PER_CM · dbh_cm + HEIGHT_OFFSET_M`` (NaN where dbh_cm is not a number)."""
    dbh_cm = pd.to_numeric(trees["dbh_cm"], errors="coerce")
    with np.errstate(over="ignore", invalid="ignore"):
        limit = HEIGHT_SLOPE_M_PER_CM * dbh_cm + HEIGHT_OFFSET_M
    return limit.astype("float64")
