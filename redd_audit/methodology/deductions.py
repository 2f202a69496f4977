"""Monte Carlo deduction rules: VCS X-UNC, ART TREES v2.0 Section 8 and the FCPF Carbon Fund.

Each rule reads a series of simulated gross emission reductions ``x`` (one value per draw) and
sizes an uncertainty deduction from two percentiles of it. The equations are short functions,
each with a formula builder of the same name in :mod:`redd_audit.formulas.deductions`; the
rule functions (:func:`vcs_xunc_deduction`, :func:`art_trees_deduction`,
:func:`fcpf_deduction`) apply them in the order the standards state and return a
:class:`SeriesDeduction`. Percentiles are ``numpy.percentile(x, q, method=...)`` with
``linear`` (Excel ``PERCENTILE``/``PERCENTILE.INC``, R type 7) or ``weibull``
(``PERCENTILE.EXC``, R type 6). Statistics and convergence: :mod:`.draw_statistics`.

References
----------
VMD0017 X-UNC v2.2 (NER_ERROR, the 15 % allowable band); ART TREES v2.0 Section 8, Eq. 8-11,
and ART's TREES Calculation Template (February 2025); FCPF Carbon Fund Methodological
Framework, Criterion 9, and the ER Monitoring Report template, Table 8.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from redd_audit.methodology.uncertainty import uncertainty_deduction_factor

#: TREES v2.0 Eq. 11: the "scaling constant" and the "t value for a 90% confidence interval".
ART_UA_SCALE = 0.524417
ART_T90 = 1.645006
#: FCPF conservativeness tiers: U ≤ bound_k → factor_k; above the last bound, the last factor.
FCPF_BOUNDS = (0.15, 0.30, 0.60, 1.00)
FCPF_FACTORS = (0.0, 0.04, 0.08, 0.12, 0.15)
#: VMD0017's allowable uncertainty (the free band of NER_ERROR).
VCS_ALLOWABLE_FRACTION = 0.15

RULES = ("vcs-xunc", "art-trees", "fcpf")
RULE_VERSIONS = {
    "vcs-xunc": "vcs-xunc/vmd0017-2.2+simulation",
    "art-trees": "art-trees/trees-2.0+template-2025-02",
    "fcpf": "fcpf/methodological-framework-criterion-9+er-mr-table-8",
}
PERCENTILE_METHODS = ("linear", "weibull")
CENTERS = ("mean", "median", "deterministic")
REFERENCES = ("mean", "median")


# --- equations --------------------------------------------------------------------------------


def half_width_fraction(p_lower: float, p_upper: float, reference: float) -> float:
    """HW_c: half the central interval over the absolute reference [-].

    Parameters
    ----------
    p_lower, p_upper : P[(1−c)/2] and P[(1+c)/2] of the draws [tCO2e]
    reference : the mean or the median of the draws, per rule [tCO2e]

    Notes
    -----
    ``HW_c = ((P_upper − P_lower) / 2) / |R|``; NaN when R = 0 (not evaluable).
    """
    if reference == 0.0:
        return math.nan
    return (p_upper - p_lower) / 2.0 / abs(reference)


def running_mean_deviation_fraction(
    cumulative_sum_tco2e: float | NDArray[np.float64],
    draw_count: float | NDArray[np.float64],
    final_mean_tco2e: float,
) -> float | NDArray[np.float64]:
    """|m_j − m_N| / |m_N|: how far the running mean after j draws is from the final one [-].

    Parameters
    ----------
    cumulative_sum_tco2e : Σ_{i≤j} x_i [tCO2e] (an array: one value per j)
    draw_count : j
    final_mean_tco2e : m_N, the mean of all N draws [tCO2e]

    Notes
    -----
    ``m_j = (1/j) Σ_{i≤j} x_i``; the convergence figure is the largest value over the last
    window, ``max_{N−W < j ≤ N}`` (IPCC 2006 Vol. 1, Ch. 3, Approach 2). NaN when m_N = 0.
    """
    if final_mean_tco2e == 0.0:
        return (
            math.nan
            if np.ndim(cumulative_sum_tco2e) == 0
            else np.full(np.shape(cumulative_sum_tco2e), math.nan)
        )
    deviation = np.abs(np.divide(cumulative_sum_tco2e, draw_count) - final_mean_tco2e)
    result = deviation / abs(final_mean_tco2e)
    return float(result) if np.ndim(result) == 0 else np.asarray(result, dtype=float)


def half_width_change_fraction(
    half_width_all_fraction: float, half_width_first_fraction: float
) -> float:
    """|HW(all N) − HW(first N − W)| / HW(all N): the half-width's drift over the window [-].

    Notes
    -----
    NaN when HW(all N) = 0 (not evaluable).
    """
    if half_width_all_fraction == 0.0:
        return math.nan
    return abs(half_width_all_fraction - half_width_first_fraction) / half_width_all_fraction


def rounded_half_away_from_zero(value: float, decimals: int | None) -> float:
    """``value`` rounded to ``decimals`` places, a half away from zero; unchanged when None.

    Notes
    -----
    Excel's and LibreOffice's ``ROUND(x, n)``: the float is read through its shortest decimal
    representation, as a spreadsheet reads the number it shows, so 2.675 → 2.68 at 2 places.
    Used for the roundings published tables typed (``ci_bound_decimals``,
    ``half_width_decimals``, ``ua_decimals``, ``relative_margin_decimals``).
    """
    if decimals is None or not math.isfinite(value):
        return value
    quantum = Decimal(1).scaleb(-int(decimals))
    return float(Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP))


def simulated_ner_error_fraction(p_lower: float, p_upper: float, reference: float) -> float:
    """E: VMD0017's NER_ERROR from the draws, HW_0.95 over the mean [-].

    Notes
    -----
    ``E = ((P97.5 − P2.5) / 2) / mean``; 0 when the mean is ≤ 0 (no reduction to qualify, as
    the propagated NER_ERROR). The deduction factor is
    :func:`~redd_audit.methodology.uncertainty.uncertainty_deduction_factor` (E, allowable).
    """
    if reference <= 0.0:
        return 0.0
    return (p_upper - p_lower) / 2.0 / reference


def period_deduction_factor(adjusted_ner_tco2e: float, ner_tco2e: float) -> float:
    """``Deduction_Factor`` of a rule sized per vintage or by tiers: ``Σ adjusted NER / Σ NER``
    [-], 1 when Σ NER ≤ 0 (contract 7.3.4, ``art-trees`` and ``fcpf`` in ``run``).

    Parameters
    ----------
    adjusted_ner_tco2e : Σ of the vintages' adjusted NER [tCO2e]
    ner_tco2e : Σ of the vintages' NER [tCO2e]
    """
    if ner_tco2e <= 0.0:
        return 1.0
    return adjusted_ner_tco2e / ner_tco2e


def art_trees_adjustment_fraction(half_width_fraction: float, ua_scale: float, t90: float) -> float:
    """UA_t, the TREES uncertainty adjustment factor [-].

    Notes
    -----
    ``UA_t = 0.524417 × HW90_t / 1.645006`` (TREES v2.0 Eq. 11; ``ART_UA_Scale``, ``ART_T90``).
    """
    return ua_scale * half_width_fraction / t90


def art_trees_uncertainty_deduction_tco2e(center_tco2e: float, adjustment_fraction: float) -> float:
    """UNC_t = |GHG_ER_t × UA_t| (TREES v2.0 Eq. 10, REMV = 0) [tCO2e].

    Deducted in a reversal year too ("only uncertainty deductions are applied", template).
    """
    return abs(center_tco2e * adjustment_fraction)


def art_trees_leakage_deduction_tco2e(center_tco2e: float, leakage_fraction: float) -> float:
    """LEAK_t = GHG_ER_t × leakage fraction, 0 in a reversal year (TREES v2.0 Eq. 9) [tCO2e]."""
    if center_tco2e < 0.0:
        return 0.0
    return center_tco2e * leakage_fraction


def art_trees_buffer_tco2e(center_tco2e: float, buffer_fraction: float) -> float:
    """BUF_t = max(0, GHG_ER_t) × buffer fraction (TREES v2.0 Eq. 8) [tCO2e]."""
    return max(0.0, center_tco2e) * buffer_fraction


def art_trees_credited_tco2e(
    center_tco2e: float, buffer_tco2e: float, uncertainty_deduction_tco2e: float,
    leakage_tco2e: float,
) -> float:  # fmt: skip
    """TREES_ER_t: credited reductions of year t [tCO2e].

    Notes
    -----
    ``max(0, GHG_ER_t − BUF_t − UNC_t − LEAK_t)``; in a reversal year (GHG_ER_t < 0)
    ``GHG_ER_t − UNC_t`` (TREES Calculation Template, 'Summary Table').
    """
    if center_tco2e < 0.0:
        return center_tco2e - uncertainty_deduction_tco2e
    return max(0.0, center_tco2e - buffer_tco2e - uncertainty_deduction_tco2e - leakage_tco2e)


def art_trees_true_up_tco2e(
    uncertainty_deductions_tco2e: ArrayLike,
    centers_tco2e: ArrayLike,
    period_adjustment_fraction: float,
) -> float:
    """Period true-up: Σ_t UNC_t − |Σ_t GHG_ER_t| × UA(period series) [tCO2e].

    Notes
    -----
    TREES allows one consolidated deduction over the crediting period's summed gross ERs;
    a positive value is over-deducted credits it would then issue (reported, not applied).
    """
    unc = float(np.sum(np.asarray(uncertainty_deductions_tco2e, dtype=float)))
    total = float(np.sum(np.asarray(centers_tco2e, dtype=float)))
    return unc - abs(total) * period_adjustment_fraction


def fcpf_relative_margin_fraction(p_lower: float, p_upper: float, reference: float) -> float:
    """U: the FCPF relative margin, HW90 over the median [-].

    Notes
    -----
    ``U = ((P95 − P5) / 2) / median(x)`` (ER-MR Table 8; mocaredd ``SIMS_E``). NaN when the
    median is ≤ 0: U is undefined and nothing is set aside.
    """
    if reference <= 0.0:
        return math.nan
    return (p_upper - p_lower) / 2.0 / reference


def fcpf_conservativeness_factor(
    relative_margin_fraction: float, bounds: Sequence[float], factors: Sequence[float]
) -> float:
    """CF: the conservativeness factor of the tier U falls in [-].

    Notes
    -----
    ``CF = factor_k`` for the first bound with ``U ≤ bound_k`` (bounds inclusive, compared in
    binary floating point), else the last factor; defaults 0 / 4 / 8 / 12 / 15 % at 15 / 30 /
    60 / 100 % (FCPF Methodological Framework, Criterion 9). NaN when U is undefined.
    """
    if math.isnan(relative_margin_fraction):
        return math.nan
    for bound, factor in zip(bounds, factors, strict=False):
        if relative_margin_fraction <= bound:
            return float(factor)
    return float(factors[len(bounds)])


def fcpf_uncertainty_set_aside_tco2e(center_tco2e: float, conservativeness_factor: float) -> float:
    """Uncertainty set-aside = max(0, ER) × CF (ER-MR Table 8, row E) [tCO2e].

    Notes
    -----
    0 when CF is undefined (median ≤ 0) or the ERs are not positive (nothing to set aside).
    """
    if math.isnan(conservativeness_factor):
        return 0.0
    return max(0.0, center_tco2e) * conservativeness_factor


# --- rules --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleSettings:
    """The settings of one rule (``accounting.uncertainty.<rule>`` or ``deduct``'s options)."""

    rule: str
    center: str
    half_width_reference: str
    confidence: float
    percentile_method: str = "linear"
    allowable_fraction: float = VCS_ALLOWABLE_FRACTION
    ua_scale: float = ART_UA_SCALE
    t90: float = ART_T90
    leakage_fraction: float = 0.0
    buffer_fraction: float = 0.0
    ua_source: str = "vintage"
    bounds: tuple[float, ...] = FCPF_BOUNDS
    factors: tuple[float, ...] = FCPF_FACTORS
    ci_bound_decimals: int | None = None
    half_width_decimals: int | None = None
    ua_decimals: int | None = None
    relative_margin_decimals: int | None = None


#: Defaults per rule for ``deduct`` (center: mean, except FCPF's median).
RULE_DEFAULTS: dict[str, dict[str, object]] = {
    "vcs-xunc": {"center": "mean", "half_width_reference": "mean", "confidence": 0.95},
    "art-trees": {"center": "mean", "half_width_reference": "mean", "confidence": 0.90},
    "fcpf": {"center": "median", "half_width_reference": "median", "confidence": 0.90},
}


def rule_settings_problems(settings: RuleSettings) -> list[tuple[str, str]]:
    """(setting, message) for every setting out of its domain (contract 7.7); empty when valid."""
    s, problems = settings, []
    choices = {
        "rule": (s.rule, RULES),
        "center": (s.center, CENTERS),
        "half_width_reference": (s.half_width_reference, REFERENCES),
        "percentile_method": (s.percentile_method, PERCENTILE_METHODS),
        "ua_source": (s.ua_source, ("vintage", "period")),
    }
    for key, (choice, allowed) in choices.items():
        if choice not in allowed:
            problems.append((key, f"{choice!r} is not one of {', '.join(allowed)}"))
    if not (math.isfinite(s.confidence) and 0.0 < s.confidence < 1.0):
        problems.append(("confidence", f"{s.confidence} is outside (0, 1)"))
    fractions = {
        "allowable_fraction": s.allowable_fraction,
        "leakage_fraction": s.leakage_fraction,
        "buffer_fraction": s.buffer_fraction,
        **{f"factors[{i}]": f for i, f in enumerate(s.factors)},
    }
    for key, value in fractions.items():
        if not (math.isfinite(value) and 0.0 <= value <= 1.0):
            problems.append((key, f"{value} is outside [0, 1]"))
    if any(not math.isfinite(b) for b in s.bounds) or any(
        b2 <= b1 for b1, b2 in zip(s.bounds, s.bounds[1:], strict=False)
    ):
        problems.append(("bounds", f"{list(s.bounds)} are not strictly increasing"))
    if len(s.factors) != len(s.bounds) + 1:
        problems.append(("factors", f"{len(s.factors)} factors for {len(s.bounds)} bounds"))
    if not (s.ua_scale > 0.0 and s.t90 > 0.0):
        problems.append(("ua_scale", "ua_scale and t90 must be positive"))
    decimals = {
        "ci_bound_decimals": s.ci_bound_decimals,
        "half_width_decimals": s.half_width_decimals,
        "ua_decimals": s.ua_decimals,
        "relative_margin_decimals": s.relative_margin_decimals,
    }
    for key, places in decimals.items():
        if places is not None and not 0 <= places <= 15:
            problems.append((key, f"{places} is outside 0..15"))
    return problems


@dataclass(frozen=True)
class SeriesDeduction:
    """The figures a rule returns for one series (a vintage or the period; contract 7.3.4).

    ``adjustment_fraction`` is the rule's own factor: the X-UNC deduction factor (share kept),
    TREES UA_t, or the FCPF conservativeness factor CF.
    """

    name: str
    rule: str
    center_tco2e: float
    reference_tco2e: float
    p_lower_tco2e: float
    p_upper_tco2e: float
    half_width_fraction: float
    adjustment_fraction: float
    uncertainty_deduction_tco2e: float
    leakage_tco2e: float
    adjusted_ner_tco2e: float
    buffer_tco2e: float
    credited_tco2e: float
    warnings: tuple[str, ...] = ()
    #: reported, never blocking (contract 7.7 ``info``), e.g. U exactly on an FCPF bound
    infos: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeductionResult:
    """A rule applied: per vintage (or per series) and, when there is one, the period."""

    rule: str
    applies_to: str
    vintages: tuple[SeriesDeduction, ...]
    period: SeriesDeduction | None = None
    true_up_tco2e: float | None = None


def _interval(x: NDArray[np.float64], confidence: float, method: str) -> tuple[float, float]:
    """P[(1−c)/2] and P[(1+c)/2] of the draws (``numpy.percentile``, ``method``)."""
    q = np.array([(1.0 - confidence) / 2.0, (1.0 + confidence) / 2.0]) * 100.0
    low, high = np.percentile(x, q, method=method)  # type: ignore[call-overload]
    return float(low), float(high)


def _center_and_reference(
    draws: NDArray[np.float64], settings: RuleSettings, deterministic_tco2e: float | None
) -> tuple[float, float]:
    mean, median = float(np.mean(draws)), float(np.median(draws))
    by_name = {"mean": mean, "median": median}
    if settings.center == "deterministic":
        if deterministic_tco2e is None:
            raise ValueError("center 'deterministic' needs the series' deterministic value")
        center = deterministic_tco2e
    else:
        center = by_name[settings.center]
    return center, by_name[settings.half_width_reference]


def _bounds(draws: NDArray[np.float64], settings: RuleSettings) -> tuple[float, float]:
    low, high = _interval(draws, settings.confidence, settings.percentile_method)
    d = settings.ci_bound_decimals
    return rounded_half_away_from_zero(low, d), rounded_half_away_from_zero(high, d)


def vcs_xunc_deduction(
    name: str,
    draws: ArrayLike,
    settings: RuleSettings,
    deterministic_tco2e: float | None = None,
    period_adjustment_fraction: float | None = None,
) -> SeriesDeduction:
    """VMD0017 with E from the draws: ``factor = 1 if E ≤ a else max(0, 1 − E + a)``.

    Leakage ``max(0, center) × leakage_fraction`` is taken before the factor (VMD0017 excludes
    it from NER_ERROR); the buffer is ``buffer_fraction × max(0, center)`` when NER > 0 (the
    stock change before leakage); a reversal (NER ≤ 0) is not adjusted.
    ``period_adjustment_fraction`` replaces the factor (the period's, applied to a vintage).
    """
    x = np.asarray(draws, dtype=float)
    center, reference = _center_and_reference(x, settings, deterministic_tco2e)
    low, high = _bounds(x, settings)
    error = simulated_ner_error_fraction(low, high, reference)
    factor = uncertainty_deduction_factor(error, settings.allowable_fraction)
    if period_adjustment_fraction is not None:
        factor = period_adjustment_fraction
    leakage = max(0.0, center) * settings.leakage_fraction
    ner = center - leakage
    deduction = ner * (1.0 - factor) if ner > 0.0 else 0.0
    buffer = settings.buffer_fraction * max(0.0, center) if ner > 0.0 else 0.0
    warnings: tuple[str, ...] = ()
    if reference <= 0.0:
        warnings = (f"{name}: reference {reference:.6g} ≤ 0: E reported as 0, no deduction",)
    return SeriesDeduction(
        name, settings.rule, center, reference, low, high, error, factor, deduction, leakage,
        ner - deduction, buffer, max(0.0, ner - deduction - buffer), warnings,
    )  # fmt: skip


def art_trees_deduction(
    name: str,
    draws: ArrayLike,
    settings: RuleSettings,
    deterministic_tco2e: float | None = None,
    period_adjustment_fraction: float | None = None,
) -> SeriesDeduction:
    """TREES v2.0 Section 8 for one year: HW90, UA_t, UNC_t, LEAK_t, BUF_t, TREES_ER_t.

    ``period_adjustment_fraction`` replaces UA_t (``ua_source: period``).
    """
    x = np.asarray(draws, dtype=float)
    center, reference = _center_and_reference(x, settings, deterministic_tco2e)
    low, high = _bounds(x, settings)
    hw = rounded_half_away_from_zero(
        half_width_fraction(low, high, reference), settings.half_width_decimals
    )
    ua = rounded_half_away_from_zero(
        art_trees_adjustment_fraction(hw, settings.ua_scale, settings.t90), settings.ua_decimals
    )
    if period_adjustment_fraction is not None:
        ua = period_adjustment_fraction
    unc = art_trees_uncertainty_deduction_tco2e(center, ua)
    leak = art_trees_leakage_deduction_tco2e(center, settings.leakage_fraction)
    buf = art_trees_buffer_tco2e(center, settings.buffer_fraction)
    credited = art_trees_credited_tco2e(center, buf, unc, leak)
    warnings: list[str] = []
    if center < 0.0:
        warnings.append(f"{name}: center {center:.6g} < 0: a reversal year, UNC still deducted")
    if ua >= 1.0:
        warnings.append(f"{name}: UA {ua:.6g} ≥ 1: TREES_ER floored at 0")
    return SeriesDeduction(
        name, settings.rule, center, reference, low, high, hw, ua, unc, leak,
        center - leak - unc, buf, credited, tuple(warnings),
    )  # fmt: skip


def fcpf_deduction(
    name: str,
    draws: ArrayLike,
    settings: RuleSettings,
    deterministic_tco2e: float | None = None,
    period_adjustment_fraction: float | None = None,
) -> SeriesDeduction:
    """FCPF Carbon Fund: U over the median, CF by tiers, set-aside = max(0, center) × CF.

    Leakage ``max(0, center) × leakage_fraction`` comes off the ERs; the reversal buffer is
    ``buffer_fraction`` of the ERs after the uncertainty set-aside (ER-MR Table 8, rows J-K).
    ``period_adjustment_fraction`` replaces CF (the period's, applied to a vintage).
    """
    x = np.asarray(draws, dtype=float)
    center, reference = _center_and_reference(x, settings, deterministic_tco2e)
    low, high = _bounds(x, settings)
    u = rounded_half_away_from_zero(
        fcpf_relative_margin_fraction(low, high, reference), settings.relative_margin_decimals
    )
    cf = fcpf_conservativeness_factor(u, settings.bounds, settings.factors)
    if period_adjustment_fraction is not None:
        cf = period_adjustment_fraction
    set_aside = fcpf_uncertainty_set_aside_tco2e(center, cf)
    leakage = max(0.0, center) * settings.leakage_fraction
    adjusted = center - leakage - set_aside
    buffer = settings.buffer_fraction * max(0.0, adjusted)
    warnings: tuple[str, ...] = ()
    infos: tuple[str, ...] = ()
    if reference <= 0.0:
        warnings = (f"{name}: median {reference:.6g} ≤ 0: U undefined, no set-aside",)
    elif u in settings.bounds:
        infos = (f"{name}: U = {u!r} is exactly on a bound: the lower tier applied",)
    return SeriesDeduction(
        name, settings.rule, center, reference, low, high, u, cf, set_aside, leakage, adjusted,
        buffer, max(0.0, adjusted - buffer), warnings, infos,
    )  # fmt: skip


def deduction_result(
    settings: RuleSettings,
    vintages: Mapping[str, ArrayLike],
    period: ArrayLike | None = None,
    deterministic_tco2e: Mapping[str, float] | None = None,
) -> DeductionResult:
    """A rule over the vintages and the period (contract 7.3, 7.3.4).

    ``period``: the period series' draws (simulated on its own); None = the row-wise sum of the
    vintage draws. ``deterministic_tco2e``: the centers by vintage name and ``"period"`` (for
    ``center: deterministic``). ``art-trees`` applies to each vintage (UA of the period series
    with ``ua_source: period``) and reports the period true-up; ``vcs-xunc`` and ``fcpf`` size
    one factor on the period series and apply it to every vintage.
    """
    det = dict(deterministic_tco2e or {})
    series = {name: np.asarray(x, dtype=float) for name, x in vintages.items()}
    if period is None:
        total = np.sum(np.vstack(list(series.values())), axis=0)
    else:
        total = np.asarray(period, dtype=float)
    rules = {
        "vcs-xunc": vcs_xunc_deduction,
        "art-trees": art_trees_deduction,
        "fcpf": fcpf_deduction,
    }
    rule = rules[settings.rule]
    whole = rule("period", total, settings, det.get("period"))
    if settings.rule == "art-trees":
        ua = whole.adjustment_fraction if settings.ua_source == "period" else None
        years = tuple(rule(k, x, settings, det.get(k), ua) for k, x in series.items())
        true_up = art_trees_true_up_tco2e(
            [y.uncertainty_deduction_tco2e for y in years],
            [y.center_tco2e for y in years],
            whole.adjustment_fraction,
        )
        return DeductionResult(settings.rule, "vintage", years, whole, true_up)
    factor = whole.adjustment_fraction
    years = tuple(rule(k, x, settings, det.get(k), factor) for k, x in series.items())
    return DeductionResult(settings.rule, "period", years, whole, None)


__all__ = [
    "ART_T90",
    "ART_UA_SCALE",
    "FCPF_BOUNDS",
    "FCPF_FACTORS",
    "RULES",
    "DeductionResult",
    "RuleSettings",
    "SeriesDeduction",
    "art_trees_deduction",
    "deduction_result",
    "fcpf_deduction",
    "vcs_xunc_deduction",
]
