"""Statistics and convergence of a simulated series (IPCC 2006 Vol. 1, Ch. 3, Approach 2).

Every percentile is ``numpy.percentile(x, q, method=percentile_method)``: ``linear`` equals
Excel's ``PERCENTILE``/``PERCENTILE.INC`` and R's ``quantile(type = 7)``; ``weibull`` equals
``PERCENTILE.EXC`` (R type 6). The 27 levels are those SimVoi reports. Convergence compares the
last window of draws with the whole run: the running mean's largest deviation over the window
and the drift of the rule's half-width (:mod:`.deductions` holds both equations).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from redd_audit.methodology.deductions import (
    half_width_change_fraction,
    half_width_fraction,
    running_mean_deviation_fraction,
)

#: The percentiles SimVoi reports [%].
SIMVOI_PERCENTILES: tuple[float, ...] = (
    0.0, 0.5, 1.0, 2.5, *(float(q) for q in range(5, 100, 5)), 97.5, 99.0, 99.5, 100.0,
)  # fmt: skip
#: Convergence defaults (``accounting.simulation.convergence``).
CONVERGENCE_WINDOW = 1000
RUNNING_MEAN_BAND_FRACTION = 0.005
HALF_WIDTH_BAND_FRACTION = 0.01


def percentile_tco2e(draws: ArrayLike, q_percent: float, method: str = "linear") -> float:
    """P[q] of the draws, q in percent (``numpy.percentile``)."""
    value = np.percentile(np.asarray(draws, dtype=float), q_percent, method=method)  # type: ignore[call-overload]
    return float(value)


def interval_tco2e(draws: ArrayLike, confidence: float, method: str) -> tuple[float, float]:
    """P[(1−c)/2] and P[(1+c)/2]: the central interval at confidence c."""
    x = np.asarray(draws, dtype=float)
    q = np.array([(1.0 - confidence) / 2.0, (1.0 + confidence) / 2.0]) * 100.0
    low, high = np.percentile(x, q, method=method)  # type: ignore[call-overload]
    return float(low), float(high)


def skewness(draws: ArrayLike) -> float:
    """Sample skewness as Excel's ``SKEW``: n/((n−1)(n−2)) Σ((x − mean)/sd)³, sd with ddof 1.

    NaN with fewer than 3 draws or no spread.
    """
    x = np.asarray(draws, dtype=float)
    n = x.size
    if n < 3:
        return math.nan
    sd = float(np.std(x, ddof=1))
    if sd == 0.0:
        return math.nan
    z = (x - float(np.mean(x))) / sd
    return float(n / ((n - 1) * (n - 2)) * np.sum(z**3))


@dataclass(frozen=True)
class SeriesStatistics:
    """Contract 7.2.5: n, mean, sd (ddof 1), median, min, max, skewness, the 27 percentiles
    (level in % → value) and the count of negative draws."""

    name: str
    n: int
    mean_tco2e: float
    sd_tco2e: float
    median_tco2e: float
    min_tco2e: float
    max_tco2e: float
    skewness: float
    percentiles_tco2e: tuple[tuple[float, float], ...]
    negative_draws: int
    percentile_method: str

    def percentile(self, q_percent: float) -> float:
        """The stored P[q] (q one of :data:`SIMVOI_PERCENTILES`)."""
        for level, value in self.percentiles_tco2e:
            if level == q_percent:
                return value
        raise KeyError(q_percent)


def series_statistics(name: str, draws: ArrayLike, method: str = "linear") -> SeriesStatistics:
    """The statistics of one series of draws (contract 7.2.5)."""
    x = np.asarray(draws, dtype=float)
    values = np.percentile(x, SIMVOI_PERCENTILES, method=method)  # type: ignore[call-overload]
    return SeriesStatistics(
        name=name,
        n=int(x.size),
        mean_tco2e=float(np.mean(x)),
        sd_tco2e=float(np.std(x, ddof=1)) if x.size > 1 else math.nan,
        median_tco2e=float(np.median(x)),
        min_tco2e=float(np.min(x)),
        max_tco2e=float(np.max(x)),
        skewness=skewness(x),
        percentiles_tco2e=tuple(
            (q, float(v)) for q, v in zip(SIMVOI_PERCENTILES, values, strict=True)
        ),
        negative_draws=int(np.count_nonzero(x < 0.0)),
        percentile_method=method,
    )


@dataclass(frozen=True)
class Convergence:
    """Contract 7.2.5 for one series. ``converged`` is None when not evaluable (|m_N| = 0,
    HW = 0, or fewer than W + 2 draws); ``status`` says which."""

    name: str
    window: int
    running_mean_max_deviation_fraction: float
    half_width_change_fraction: float
    running_mean_band_fraction: float
    half_width_band_fraction: float
    converged: bool | None
    status: str

    def as_json(self) -> dict[str, object]:
        def number(x: float) -> float | None:
            return x if math.isfinite(x) else None

        return {
            "window": self.window,
            "running_mean_max_deviation_fraction": number(self.running_mean_max_deviation_fraction),
            "half_width_change_fraction": number(self.half_width_change_fraction),
            "running_mean_band_fraction": self.running_mean_band_fraction,
            "half_width_band_fraction": self.half_width_band_fraction,
            "converged": self.converged,
            "status": self.status,
        }


def running_mean_max_deviation_fraction(draws: ArrayLike, window: int) -> float:
    """``max_{N−W < j ≤ N} |m_j − m_N| / |m_N|`` (NaN when m_N = 0)."""
    x = np.asarray(draws, dtype=float)
    n = x.size
    cumulative = np.cumsum(x)
    j = np.arange(1, n + 1, dtype=float)
    last = slice(max(0, n - window), n)
    deviations = running_mean_deviation_fraction(
        cumulative[last], j[last], float(cumulative[-1] / n)
    )
    return float(np.max(deviations))


def convergence(
    name: str,
    draws: ArrayLike,
    *,
    confidence: float,
    reference: str,
    method: str = "linear",
    window: int = CONVERGENCE_WINDOW,
    running_mean_band_fraction: float = RUNNING_MEAN_BAND_FRACTION,
    half_width_band_fraction: float = HALF_WIDTH_BAND_FRACTION,
) -> Convergence:
    """Whether the running mean and the rule's half-width have settled over the last window.

    The half-width is at the rule's ``confidence`` over its ``reference`` (mean or median) of
    the draws it is computed on.
    """
    x = np.asarray(draws, dtype=float)
    n = x.size

    def hw(part: NDArray[np.float64]) -> float:
        low, high = interval_tco2e(part, confidence, method)
        ref = float(np.mean(part)) if reference == "mean" else float(np.median(part))
        return half_width_fraction(low, high, ref)

    bands = (running_mean_band_fraction, half_width_band_fraction)
    if n < window + 2:
        status = f"not evaluable: {n} draws, fewer than the window {window} + 2"
        return Convergence(name, window, math.nan, math.nan, *bands, None, status)
    deviation = running_mean_max_deviation_fraction(x, window)
    change = half_width_change_fraction(hw(x), hw(x[: n - window]))
    if not (math.isfinite(deviation) and math.isfinite(change)):
        status = "not evaluable: the mean or the half-width is 0"
        return Convergence(name, window, deviation, change, *bands, None, status)
    converged = deviation <= running_mean_band_fraction and change <= half_width_band_fraction
    status = "converged" if converged else "not converged: increase the number of draws"
    return Convergence(name, window, deviation, change, *bands, converged, status)


__all__ = [
    "SIMVOI_PERCENTILES",
    "Convergence",
    "SeriesStatistics",
    "convergence",
    "interval_tco2e",
    "series_statistics",
]
