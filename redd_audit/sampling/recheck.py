"""Seeded random selections for the verifier's re-checks (issue 12, item 1).

* Inventory plots to remeasure: per stratum ``n = min(N, max(5, ceil(0.10 × N)))`` plots
  (all plots when a stratum has 5 or fewer).
* Accuracy samples to re-interpret: per map class ``n = min(N, max(1, ceil(0.10 × N)))``.

Both are simple random samples without replacement within each group, re-performable so:
``rng = numpy.random.default_rng(seed)`` (the evidence-sample seed); groups in ascending order of
their id; inside a group the units ordered by their id; ``rng.choice(N, size=n,
replace=False)`` picks positions; the selected units are listed in id order.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pandas as pd

METHOD = "simple_random_without_replacement_per_group"


#: Share of a group to re-check, and the least number of units per group (issue 12, item 1).
RECHECK_FRACTION = 0.10
REMEASURE_MINIMUM_PLOTS = 5
REINTERPRET_MINIMUM_SAMPLES = 1


def plots_to_remeasure_count(plots_in_stratum: int) -> int:
    """Plots of a stratum to remeasure, ``min(N, max(5, ceil(0.10 N)))``: at least 5 or 10 %
    of its plots, never more than it has.

    Parameters
    ----------
    plots_in_stratum : N, plots of the stratum

    Returns
    -------
    int
        n [plots]
    """
    share = math.ceil(RECHECK_FRACTION * plots_in_stratum)
    return min(plots_in_stratum, max(REMEASURE_MINIMUM_PLOTS, share))


def samples_to_reinterpret_count(samples_in_class: int) -> int:
    """Accuracy samples of a map class to re-interpret, ``min(N, max(1, ceil(0.10 N)))``: 10 %
    of the class's samples, at least one.

    Parameters
    ----------
    samples_in_class : N, samples mapped as the class

    Returns
    -------
    int
        n [samples]
    """
    share = math.ceil(RECHECK_FRACTION * samples_in_class)
    return min(samples_in_class, max(REINTERPRET_MINIMUM_SAMPLES, share))


def seeded_group_selection(
    frame: pd.DataFrame | None,
    unit: str,
    group: str,
    count: Callable[[int], int],
    seed: int,
) -> dict[str, object]:
    """Select units per group as described in the module docstring.

    Parameters
    ----------
    frame : the table (None or empty: nothing selected)
    unit, group : the id column of a unit and of its group
    count : number to select from a group of N units
    seed : seed of ``numpy.random.default_rng``

    Returns
    -------
    dict
        ``{"method", "seed", "group_by", "selected": [unit ids], "groups": [{"group", "units",
        "selected"}]}``.
    """
    out: dict[str, object] = {"method": METHOD, "seed": seed, "group_by": group}
    if frame is None or frame.empty:
        return {**out, "selected": [], "groups": []}
    rng = np.random.default_rng(seed)
    ids = frame[unit].astype(str)
    groups = frame[group].astype(str)
    selected: list[str] = []
    summary = []
    for g in sorted(groups.unique()):
        members = sorted(ids[groups == g].unique())
        n = count(len(members))
        picks = rng.choice(len(members), size=n, replace=False)
        chosen = sorted(members[int(i)] for i in picks)
        selected.extend(chosen)
        summary.append({"group": g, "units": len(members), "selected": n})
    return {**out, "selected": selected, "groups": summary}


def plots_to_remeasure(plots: pd.DataFrame | None, seed: int) -> dict[str, object]:
    """Inventory plots to remeasure (``plot_id`` per ``stratum_id``)."""
    return {
        **seeded_group_selection(plots, "plot_id", "stratum_id", plots_to_remeasure_count, seed),
        "rule": "min(N, max(5, ceil(0.10 N))) per stratum",
    }


def accuracy_samples_to_reinterpret(samples: pd.DataFrame | None, seed: int) -> dict[str, object]:
    """Accuracy samples to re-interpret (``sample_id`` per ``map_class``)."""
    return {
        **seeded_group_selection(
            samples, "sample_id", "map_class", samples_to_reinterpret_count, seed
        ),
        "rule": "min(N, max(1, ceil(0.10 N))) per map class",
    }
