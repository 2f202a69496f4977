"""Map accuracy assessment with area weights (Olofsson et al. 2014, Remote Sens. Environ. 148).

The sample is stratified by map class; ``stratum_weight`` W_i is the mapped area share of map
class i. Estimated cell proportions are ``p_ij = W_i · n_ij / n_i·`` (Eq. 9); overall accuracy
``Σ p_ii``, user's accuracy ``n_ii / n_i·``, producer's accuracy ``p_jj / p_·j`` and the
area-adjusted class proportion ``p_·j``, each with a 95 % confidence interval (Eq. 5, 6, 7, 10).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from redd_audit.findings import Finding
from redd_audit.parameters import value

if TYPE_CHECKING:
    from redd_audit.project import Project


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


# --------------------------------------------------------------------------------------------
# the per-class equations, one cell each (Olofsson et al. 2014); mirrored in
# redd_audit.formulas.accuracy and evaluated side by side in tests/test_equation_parity.py


def users_accuracy_fraction(n_diagonal: float, n_map_class: float) -> float | None:
    """User's accuracy of map class i, ``UA_i = n_ii / n_i·`` (Olofsson et al. 2014, eq. 6
    with counts; stratified by map class the weights cancel).

    Parameters
    ----------
    n_diagonal : n_ii, samples mapped as i and labelled i in the reference
    n_map_class : n_i·, samples mapped as i

    Returns
    -------
    float or None
        UA_i [fraction]; None when no sample is mapped as i.
    """
    return float(n_diagonal) / float(n_map_class) if n_map_class > 0 else None


def cell_proportion_fraction(stratum_weight: float, n_cell: float, n_map_class: float) -> float:
    """Estimated area proportion of cell (i, j), ``p_ij = W_i · n_ij / n_i·`` (Olofsson et al.
    2014, eq. 9) [fraction]; 0 when no sample is mapped as i.

    Parameters
    ----------
    stratum_weight : W_i, mapped area share of map class i [fraction]
    n_cell : n_ij, samples mapped as i with reference class j
    n_map_class : n_i·, samples mapped as i
    """
    if n_map_class <= 0:
        return 0.0
    return float(stratum_weight) * float(n_cell) / float(n_map_class)


def area_proportion_fraction(cell_proportions: np.ndarray) -> float:
    """Area-adjusted proportion of reference class j, ``p_·j = Σ_i p_ij`` (Olofsson et al.
    2014, eq. 9, column total) [fraction].

    Parameters
    ----------
    cell_proportions : p_ij of one reference class j over all map classes i [fraction]
    """
    return float(np.sum(np.asarray(cell_proportions, dtype=float)))


def overall_accuracy_fraction(diagonal_proportions: np.ndarray) -> float:
    """Overall accuracy, ``OA = Σ_j p_jj`` (Olofsson et al. 2014, eq. 1 with the estimated
    proportions of eq. 9) [fraction].

    Parameters
    ----------
    diagonal_proportions : p_jj of every class [fraction]
    """
    return float(np.sum(np.asarray(diagonal_proportions, dtype=float)))


def producers_accuracy_fraction(p_diagonal: float, area_proportion: float) -> float | None:
    """Producer's accuracy of class j, ``PA_j = p_jj / p_·j`` (Olofsson et al. 2014, eq. 7)
    [fraction]; None when the area-adjusted proportion is 0.

    Parameters
    ----------
    p_diagonal : p_jj [fraction]
    area_proportion : p_·j [fraction]
    """
    return float(p_diagonal) / float(area_proportion) if area_proportion > 0 else None


def area_proportion_variance_term(
    stratum_weight: float, n_cell: float, n_map_class: float
) -> float:
    """Map class i's term of the variance of ``p_·j``,
    ``W_i² · (n_ij/n_i·)(1 − n_ij/n_i·) / (n_i· − 1)`` (Olofsson et al. 2014, eq. 10); 0 when
    fewer than two samples are mapped as i.

    Parameters
    ----------
    stratum_weight : W_i [fraction]
    n_cell : n_ij
    n_map_class : n_i·
    """
    if n_map_class <= 1:
        return 0.0
    q = float(n_cell) / float(n_map_class)
    return float(stratum_weight) ** 2 * q * (1.0 - q) / (float(n_map_class) - 1.0)


def area_proportion_ci95(variance_terms: np.ndarray) -> float:
    """Half-width of the 95 % confidence interval of ``p_·j``, ``z_95 · √(Σ_i V_ij)``
    (Olofsson et al. 2014, eq. 10 and the CI below it; z_95 from parameters.yaml) [fraction].

    Parameters
    ----------
    variance_terms : the terms of :func:`area_proportion_variance_term` over map classes i
    """
    return value("z_95") * float(np.sqrt(np.sum(np.asarray(variance_terms, dtype=float))))


# --------------------------------------------------------------------------------------------
# per-class summary (contract.md section 5.6)

DEFAULT_CHANGE_CLASS = "deforestation"


def _number(x: float) -> float | None:
    x = float(x)
    return x if np.isfinite(x) else None


def mapped_proportion_fraction(assessment: AccuracyAssessment, cls: str) -> float:
    """Mapped area share of map class ``cls``, ``W_i`` (its ``stratum_weight``; 0 when no sample
    is mapped as ``cls``) [fraction]."""
    return float(assessment.weights[assessment.classes.index(cls)])


def class_accuracy(assessment: AccuracyAssessment) -> list[dict[str, object]]:
    """One entry per class: ``class``, ``users`` (UA_i = n_ii/n_i·), ``producers``
    (PA_j = p_jj/p_·j), ``mapped_proportion`` (W_j), ``adjusted_proportion`` (p_·j = Σ_i W_i
    n_ij/n_i·, Eq. 9) and ``adjusted_ci95`` (z_95 · SE(p_·j), Eq. 10), plus their CIs and
    sample counts (Olofsson et al. 2014). Undefined figures (no sample) are None."""
    rows: list[dict[str, object]] = []
    for j, cls in enumerate(assessment.classes):
        rows.append(
            {
                "class": cls,
                "users": _number(assessment.users_accuracy[j]),
                "producers": _number(assessment.producers_accuracy[j]),
                "mapped_proportion": _number(assessment.weights[j]),
                "adjusted_proportion": _number(assessment.area_proportion[j]),
                "adjusted_ci95": _number(assessment.area_proportion_ci95[j]),
                "users_ci95": _number(assessment.users_accuracy_ci95[j]),
                "producers_ci95": _number(assessment.producers_accuracy_ci95[j]),
                "samples_map": int(assessment.counts[j].sum()),
                "samples_reference": int(assessment.counts[:, j].sum()),
            }
        )
    return rows


def change_class_figures(
    assessment: AccuracyAssessment, change_class: str
) -> tuple[float, float, float] | None:
    """(mapped, adjusted, ci95) proportions of the change class; None when it has no sample or
    no confidence interval."""
    if change_class not in assessment.classes:
        return None
    j = assessment.classes.index(change_class)
    ci = float(assessment.area_proportion_ci95[j])
    if not np.isfinite(ci):
        return None
    return float(assessment.weights[j]), float(assessment.area_proportion[j]), ci


def proportion_outside_ci(mapped: float, adjusted: float, ci95: float) -> bool:
    """Whether the mapped proportion lies outside ``adjusted ± ci95`` (map bias, 5.6)."""
    return bool(mapped < adjusted - ci95 or mapped > adjusted + ci95)


def accuracy_summary(
    assessment: AccuracyAssessment, change_class: str = DEFAULT_CHANGE_CLASS
) -> dict[str, object]:
    """The ``accuracy`` entry of summary.json (contract.md 5.6).

    ``change_class_biased`` is None when the change class has no sample (nothing to judge).
    """
    classes = class_accuracy(assessment)
    figures = change_class_figures(assessment, change_class)
    biased = proportion_outside_ci(*figures) if figures is not None else None
    return {
        "overall": _number(assessment.overall_accuracy),
        "classes": classes,
        "change_class_biased": biased,
        "change_class": change_class,
        "overall_ci95": _number(assessment.overall_accuracy_ci95),
        "method": "Olofsson et al. 2014 (stratified estimator, Eq. 9-11)",
    }


def change_class_bias_finding(
    samples: pd.DataFrame, file: str, change_class: str = DEFAULT_CHANGE_CLASS
) -> Finding | None:
    """A ``warning`` when the change class's mapped proportion lies outside its area-adjusted
    95 % confidence interval (contract.md 5.6), with both figures; None otherwise.

    Parameters
    ----------
    samples : accuracy_samples rows the gate accepted (``map_class``, ``reference_class``,
        ``stratum_weight``)
    file : the accuracy_samples file as the findings name it
    change_class : ``map_accuracy.change_class`` of project.yaml
    """
    if samples is None or samples.empty:
        return None
    figures = change_class_figures(assess_map_accuracy(samples), change_class)
    if figures is None or not proportion_outside_ci(*figures):
        return None
    mapped, adjusted, ci = figures
    direction = "understates" if mapped < adjusted else "overstates"
    return Finding(
        severity="warning",
        file=file,
        row=None,
        record=f"class={change_class}",
        column="map_class",
        value=f"mapped {mapped:.4f}; adjusted {adjusted:.4f} ± {ci:.4f}",
        expectation="change_class_mapped_proportion_within_adjusted_ci95",
        rule="Olofsson et al. 2014 Eq. 9-10 (area-adjusted proportion, 95 % CI); contract 5.6",
        message=(
            f"the map likely {direction} '{change_class}': its mapped proportion "
            f"{mapped:.2%} lies outside the area-adjusted proportion {adjusted:.2%} ± {ci:.2%} "
            "(95 % confidence interval)"
        ),
    )


def change_class_of(project: Project) -> str:
    """``map_accuracy.change_class`` of project.yaml (default ``deforestation``)."""
    return project.map_accuracy.change_class or DEFAULT_CHANGE_CLASS
