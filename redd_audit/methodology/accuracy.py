"""Map accuracy assessment with area weights (Olofsson et al. 2014, Remote Sens. Environ. 148).

The sample is stratified by map class; ``stratum_weight`` W_i is the mapped area share of map
class i. Estimated cell proportions are ``p_ij = W_i · n_ij / n_i·`` (Eq. 9); overall accuracy
``Σ p_ii``, user's accuracy ``n_ii / n_i·``, producer's accuracy ``p_jj / p_·j`` and the
area-adjusted class proportion ``p_·j``, each with a 95 % confidence interval (Eq. 5, 6, 7, 10).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from redd_audit.parameters import value


@dataclass(frozen=True)
class AccuracyAssessment:
    classes: list[str]
    counts: np.ndarray  # n_ij, rows = map class, columns = reference class
    weights: np.ndarray  # W_i per map class
    proportions: np.ndarray  # p_ij
    overall_accuracy: float
    overall_accuracy_ci95: float
    unweighted_overall_accuracy: float
    users_accuracy: np.ndarray
    users_accuracy_ci95: np.ndarray
    producers_accuracy: np.ndarray
    producers_accuracy_ci95: np.ndarray
    area_proportion: np.ndarray  # p_·j
    area_proportion_ci95: np.ndarray

    def class_table(self) -> pd.DataFrame:
        return pd.DataFrame(
            {
                "class": self.classes,
                "samples_map": self.counts.sum(axis=1),
                "samples_reference": self.counts.sum(axis=0),
                "stratum_weight": self.weights,
                "users_accuracy_fraction": self.users_accuracy,
                "users_accuracy_ci95": self.users_accuracy_ci95,
                "producers_accuracy_fraction": self.producers_accuracy,
                "producers_accuracy_ci95": self.producers_accuracy_ci95,
                "area_proportion_fraction": self.area_proportion,
                "area_proportion_ci95": self.area_proportion_ci95,
            }
        )


def _safe_div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(den != 0, num / np.where(den != 0, den, 1), np.nan)


def assess_map_accuracy(samples: pd.DataFrame) -> AccuracyAssessment:
    """Confusion matrix and area-weighted accuracy estimates of a stratified sample.

    Parameters
    ----------
    samples : DataFrame with ``map_class``, ``reference_class``, ``stratum_weight``
        One row per sample unit; W_i is taken as the mean weight of map class i (the quality
        gate checks that it is constant within a class).
    """
    map_class = samples["map_class"].astype(str).to_numpy()
    ref_class = samples["reference_class"].astype(str).to_numpy()
    classes = sorted(set(map_class) | set(ref_class))
    index = {c: i for i, c in enumerate(classes)}
    k = len(classes)
    counts = np.zeros((k, k))
    np.add.at(counts, ([index[c] for c in map_class], [index[c] for c in ref_class]), 1)
    weight_by_class = samples.groupby(samples["map_class"].astype(str))["stratum_weight"].mean()
    weights = np.array([float(weight_by_class.get(c, 0.0)) for c in classes])
    n_i = counts.sum(axis=1)
    row_share = _safe_div(counts, n_i[:, None])
    row_share = np.nan_to_num(row_share)
    proportions = weights[:, None] * row_share
    z = value("z_95")
    diag = np.diag(proportions)
    overall = float(diag.sum())
    users = _safe_div(np.diag(counts), n_i)
    dof = np.where(n_i > 1, n_i - 1, np.nan)
    users_var = _safe_div(users * (1 - users), dof)
    overall_var = float(np.nansum(weights**2 * users_var))
    col_total = proportions.sum(axis=0)
    producers = _safe_div(diag, col_total)
    # Olofsson et al. 2014 Eq. 10: SE of the area proportion of reference class j.
    area_var = np.nansum(
        (weights[:, None] ** 2) * _safe_div(row_share * (1 - row_share), dof[:, None]), axis=0
    )
    # Eq. 7 with weights in place of mapped areas (the ratio is scale-free).
    est_col = col_total
    producers_var = np.full(k, np.nan)
    for j in range(k):
        if est_col[j] <= 0:
            continue
        term1 = weights[j] ** 2 * (1 - producers[j]) ** 2 * users_var[j]
        others = [i for i in range(k) if i != j]
        term2 = producers[j] ** 2 * np.nansum(
            [
                weights[i] ** 2 * row_share[i, j] * (1 - row_share[i, j]) / dof[i]
                for i in others
                if np.isfinite(dof[i])
            ]
        )
        producers_var[j] = (np.nan_to_num(term1) + term2) / est_col[j] ** 2
    unweighted = float(np.trace(counts) / counts.sum()) if counts.sum() else float("nan")
    return AccuracyAssessment(
        classes=classes,
        counts=counts,
        weights=weights,
        proportions=proportions,
        overall_accuracy=overall,
        overall_accuracy_ci95=z * float(np.sqrt(overall_var)),
        unweighted_overall_accuracy=unweighted,
        users_accuracy=users,
        users_accuracy_ci95=z * np.sqrt(users_var),
        producers_accuracy=producers,
        producers_accuracy_ci95=z * np.sqrt(producers_var),
        area_proportion=col_total,
        area_proportion_ci95=z * np.sqrt(area_var),
    )
