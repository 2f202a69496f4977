"""Random streams and inverse-CDF sampling of the Monte Carlo simulation (contract 7.2.2, 7.2.3).

One independent stream per input row (or per ``shared_draw_group``):
``Generator(PCG64(SeedSequence(entropy=seed, spawn_key=(k,))))`` with
``k = int(sha256(name, UTF-8)[:8], 16)``, so adding, removing or reordering rows never changes
another row's draws. Each draw is the distribution's inverse CDF at one uniform number
``U = rng.random(n)`` (``U == 0`` replaced by ``2**-54``), so a row's draws are a function of its
stream alone and the tornado points (7.5.4) are the inverse CDF at 0.05 and 0.95.

NumPy promises stream compatibility only on the same build of numpy, in the same environment
(numpy.org/devdocs/reference/random/compatibility.html): the durable record of a simulation is
its draws file and their hashes, not the seed alone.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import stats

BIT_GENERATOR = "PCG64"
SAMPLING = "inverse_cdf"
SPAWN_KEY_RULE = "sha256(input_id)[:8] as int"
#: The smallest uniform number used: ``U == 0`` would give −∞ for unbounded distributions.
U_FLOOR = 2.0**-54
#: z of the two-sided 95 % interval, as ``carbon_uncertainty_fraction`` reads (7.1.2).
Z_975 = 1.959964
#: A truncation interval less probable than this is refused (contract 7.7).
MIN_TRUNCATION_PROBABILITY = 1e-12

DISTRIBUTIONS = (
    "normal",
    "truncated_normal",
    "censored_normal",
    "lognormal",
    "triangular",
    "uniform",
    "beta",
    "empirical",
    "fixed",
)


def spawn_key(name: str) -> int:
    """k = int(sha256(name, UTF-8)[:8], 16): the stream of an input row or draw group."""
    return int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:8], 16)


def derived_seed(project_id: str, start: str, end: str, inputs_sha256: str | None) -> int:
    """The seed when neither ``--mc-seed`` nor ``accounting.simulation.seed`` is given.

    ``int(sha256("{project_id}|{start}|{end}|{sha256 of uncertainty_inputs, or 'defaults'}")
    [:8], 16)`` (contract 7.2.2, as the evidence sample's seed).
    """
    text = f"{project_id}|{start}|{end}|{inputs_sha256 or 'defaults'}"
    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16)


def uniforms(seed: int, name: str, n: int) -> NDArray[np.float64]:
    """The ``n`` uniform numbers of the stream named ``name`` (``U == 0`` → ``2**-54``)."""
    sequence = np.random.SeedSequence(entropy=seed, spawn_key=(spawn_key(name),))
    u = np.random.Generator(np.random.PCG64(sequence)).random(n)
    u[u == 0.0] = U_FLOOR
    return u


@dataclass(frozen=True)
class Distribution:
    """A distribution of contract 7.1.2, its parameters in the row's scale.

    ``sd`` is already resolved (from ``half_width_95_fraction`` when that was given);
    ``lower`` and ``upper`` default to ±∞ for the normal family and to 0 and 1 for ``beta``.
    """

    name: str
    mean: float | None = None
    sd: float | None = None
    lower: float | None = None
    mode: float | None = None
    upper: float | None = None
    alpha: float | None = None
    beta: float | None = None


def _need(value: float | None, what: str) -> float:
    if value is None or not math.isfinite(value):
        raise ValueError(f"{what} is required")
    return float(value)


def distribution_problems(d: Distribution) -> list[str]:
    """What is wrong with the parameters (contract 7.7); empty when they define a distribution."""
    problems: list[str] = []
    try:
        if d.name not in DISTRIBUTIONS:
            return [f"distribution {d.name!r} is not one of {', '.join(DISTRIBUTIONS)}"]
        if d.name in ("normal", "truncated_normal", "censored_normal", "lognormal"):
            mean, sd = _need(d.mean, "mean"), _need(d.sd, "sd (or half_width_95_fraction)")
            if sd <= 0.0:
                problems.append(f"sd must be > 0 (got {sd:g})")
            if d.name == "lognormal" and mean <= 0.0:
                problems.append(f"lognormal mean must be > 0 (got {mean:g})")
            if d.name == "censored_normal":
                _need(d.lower, "lower")
            if d.name == "truncated_normal" and sd > 0.0:
                low = -math.inf if d.lower is None else d.lower
                high = math.inf if d.upper is None else d.upper
                if low >= high:
                    problems.append(f"lower {low:g} must be below upper {high:g}")
                else:
                    p = stats.norm.cdf(high, mean, sd) - stats.norm.cdf(low, mean, sd)
                    if p < MIN_TRUNCATION_PROBABILITY:
                        problems.append(
                            f"the truncation interval [{low:g}, {high:g}] has probability "
                            f"{p:.3g} < 1e-12"
                        )
        elif d.name in ("triangular", "uniform"):
            low, high = _need(d.lower, "lower"), _need(d.upper, "upper")
            if low >= high:
                problems.append(f"lower {low:g} must be below upper {high:g}")
            if d.name == "triangular":
                mode = _need(d.mode, "mode")
                if not low <= mode <= high:
                    problems.append(f"mode {mode:g} must lie in [lower, upper]")
        elif d.name == "beta":
            a, b = _need(d.alpha, "alpha"), _need(d.beta, "beta")
            if a <= 0.0 or b <= 0.0:
                problems.append(f"alpha and beta must be > 0 (got {a:g}, {b:g})")
            low = 0.0 if d.lower is None else d.lower
            high = 1.0 if d.upper is None else d.upper
            if low >= high:
                problems.append(f"lower {low:g} must be below upper {high:g}")
    except ValueError as error:
        problems.append(str(error))
    return problems


def lognormal_parameters(mean: float, sd: float) -> tuple[float, float]:
    """(μ, σ) of ln X for a lognormal X of arithmetic mean and sd (contract 7.1.2).

    Notes
    -----
    ``σ² = ln(1 + sd²/mean²)``, ``μ = ln(mean) − σ²/2``.
    """
    sigma2 = math.log1p(sd * sd / (mean * mean))
    return math.log(mean) - sigma2 / 2.0, math.sqrt(sigma2)


def inverse_cdf(d: Distribution, u: NDArray[np.float64]) -> NDArray[np.float64]:
    """The draws at the uniform numbers ``u``: the distribution's inverse CDF (scipy.stats).

    ``fixed`` and ``empirical`` have no inverse CDF here: ``fixed`` is the deterministic value
    (the caller keeps it), ``empirical`` picks rows of ``input_draws`` (7.1.3).
    """
    u = np.asarray(u, dtype=float)
    if d.name == "normal":
        return np.asarray(stats.norm.ppf(u, loc=d.mean, scale=d.sd), dtype=float)
    if d.name == "truncated_normal":
        mean, sd = float(d.mean or 0.0), float(d.sd or 1.0)
        low = -math.inf if d.lower is None else d.lower
        high = math.inf if d.upper is None else d.upper
        a, b = (low - mean) / sd, (high - mean) / sd
        return np.asarray(stats.truncnorm.ppf(u, a, b, loc=mean, scale=sd), dtype=float)
    if d.name == "censored_normal":
        drawn = stats.norm.ppf(u, loc=d.mean, scale=d.sd)
        return np.asarray(np.maximum(float(d.lower or 0.0), drawn), dtype=float)
    if d.name == "lognormal":
        mu, sigma = lognormal_parameters(float(d.mean or 0.0), float(d.sd or 0.0))
        return np.asarray(stats.lognorm.ppf(u, s=sigma, scale=math.exp(mu)), dtype=float)
    if d.name == "triangular":
        low, high, mode = float(d.lower or 0.0), float(d.upper or 0.0), float(d.mode or 0.0)
        c = (mode - low) / (high - low)
        return np.asarray(stats.triang.ppf(u, c, loc=low, scale=high - low), dtype=float)
    if d.name == "uniform":
        low, high = float(d.lower or 0.0), float(d.upper or 0.0)
        return np.asarray(stats.uniform.ppf(u, loc=low, scale=high - low), dtype=float)
    if d.name == "beta":
        low = 0.0 if d.lower is None else d.lower
        high = 1.0 if d.upper is None else d.upper
        return np.asarray(
            stats.beta.ppf(u, d.alpha, d.beta, loc=low, scale=high - low), dtype=float
        )
    raise ValueError(f"{d.name!r} has no inverse CDF (fixed and empirical are read elsewhere)")


def empirical_rows(u: NDArray[np.float64], rows: int) -> NDArray[np.int64]:
    """The ``input_draws`` rows (1-based) an empirical input takes: ``floor(U × M) + 1``."""
    return np.minimum(np.floor(np.asarray(u) * rows).astype(np.int64) + 1, rows)
