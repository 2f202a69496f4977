"""Monetary-unit sample of project-area deforestation events (contract.md section 5.5).

Each event is a "monetary" amount: the emission it commits over its whole schedule,
``v = area_ha × 44/12 × (Σ pools − post_deforestation)`` of its stratum [tCO2e]. The tolerable
misstatement is ``T = materiality_fraction × NER``; with the reliability factor ``R = 3.0``
(zero expected errors at 95 % confidence) the sampling interval is ``J = T / R``. The events,
ordered by ``(detected_on, event_id)``, are laid end to end; one uniform draw
``u = numpy.random.default_rng(seed).random()`` fixes the selection points
``u·J, u·J + J, u·J + 2J, ...`` below the population total, and an event is selected when a
point falls in its span ``(cum_before, cum_after]``. So every event with ``v ≥ J`` is selected
and at most ``ceil(population / J)`` events are.

The verifier's observations are projected to the population the standard MUS way (AICPA
Audit Guide *Audit Sampling*, ch. 6; Stringer bound), signed in VCU terms (one convention on
every sheet and in summary.json: **positive = VCUs overstated**). An event's misstatement is
``m = v_obs − v`` with ``v_obs`` its observed area × the same emission factor (positive:
deforestation was under-recorded, so emissions are too low and VCUs too high); its tainting is
``t = m / v = (observed − recorded) / recorded``. An event with ``v < J`` stands for ``t × J``;
an event with ``v ≥ J`` contributes ``m`` itself. Two Stringer upper limits are computed, each
from the taintings of its own sign: the basic precision ``R × J`` plus the taintings of the
``v < J`` events ranked from largest to smallest magnitude, the k-th weighted by
``ΔF_k × J`` (``ΔF_k = F_k − F_(k−1)``, ``F_k`` the Poisson upper limit for ``k`` errors,
``F_0 = R``), plus the magnitudes of the ``v ≥ J`` misstatements of that sign.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy.stats import chi2

from redd_audit.methodology.emission_schedule import POOLS
from redd_audit.parameters import CO2_PER_C

METHOD = "monetary_unit"
CONFIDENCE = 0.95
RELIABILITY_FACTOR = 3.0
PROJECT_AREA = "project_area"
#: An upper limit "exceeds" T only by more than this [tCO2e]: R × (T / R) may differ from T in
#: the last binary place, and an exact tie (no misstatement found) must not read as exceeding.
COMPARISON_TOLERANCE_TCO2E = 1e-6


def stratum_net_stock_tc_per_ha(stocks: pd.DataFrame) -> dict[str, float]:
    """Σ pools − post-deforestation stock per stratum [tC ha⁻¹].

    Parameters
    ----------
    stocks : DataFrame with ``stratum_id``, ``<pool>_tc_per_ha`` for every pool and
        ``post_deforestation_tc_per_ha`` (the stocks that drive the accounting,
        :func:`redd_audit.methodology.engine.stratum_stocks`).
    """
    net = sum(stocks[f"{p}_tc_per_ha"].astype(float) for p in POOLS) - stocks[
        "post_deforestation_tc_per_ha"
    ].astype(float)
    return dict(zip(stocks["stratum_id"].astype(str), net.astype(float), strict=True))


def event_value_tco2e(area_ha: np.ndarray, net_stock_tc_per_ha: np.ndarray) -> np.ndarray:
    """Emission an event commits over its whole schedule, ``v = A × 44/12 × (Σ C − C_post)``.

    Parameters
    ----------
    area_ha : event areas [ha]
    net_stock_tc_per_ha : Σ pools − post-deforestation stock of each event's stratum [tC ha⁻¹]

    Returns
    -------
    numpy.ndarray
        v [tCO2e] (contract.md 5.5; BL-UP/M-MON: the sum over ages of the per-hectare schedule).
    """
    area = np.asarray(area_ha, dtype=float)
    value: np.ndarray = area * CO2_PER_C * np.asarray(net_stock_tc_per_ha, dtype=float)
    return value


def tolerable_misstatement_tco2e(materiality_fraction: float, ner_tco2e: float) -> float:
    """``T = materiality_fraction × NER`` [tCO2e] (contract.md 5.5)."""
    return float(materiality_fraction) * float(ner_tco2e)


def sampling_interval_tco2e(
    tolerable_misstatement: float, reliability_factor: float = RELIABILITY_FACTOR
) -> float:
    """``J = T / R`` [tCO2e]: the monetary distance between two selection points."""
    return float(tolerable_misstatement) / float(reliability_factor)


def default_seed(events_sha256: str) -> int:
    """``int(sha256(deforestation events file)[:8], 16)``: the first 8 hex digits as an int."""
    return int(events_sha256[:8], 16)


def start_fraction(seed: int) -> float:
    """The one uniform draw ``u = numpy.random.default_rng(seed).random()`` in [0, 1)."""
    return float(np.random.default_rng(seed).random())


def _point(u: float, interval: float, k: np.ndarray) -> np.ndarray:
    """Selection point ``u·J + k·J`` (computed exactly so, for re-performance)."""
    return u * interval + k * interval


def select_monetary_units(values: np.ndarray, interval: float, u: float) -> np.ndarray:
    """Whether a selection point falls in each item's span ``(cum_before, cum_after]``.

    Parameters
    ----------
    values : item values in sampling order [tCO2e]
    interval : J > 0 [tCO2e]
    u : start fraction in [0, 1)

    Returns
    -------
    numpy.ndarray of bool
        True for the selected items; only points below the population total count.
    """
    v = np.asarray(values, dtype=float)
    if interval <= 0 or v.size == 0:
        return np.zeros(v.size, dtype=bool)
    cum_after = np.cumsum(v)
    cum_before = np.concatenate(([0.0], cum_after[:-1]))
    total = float(cum_after[-1])
    # first point index k with u·J + k·J > cum_before (an estimate, then exact correction)
    k = np.maximum(np.floor((cum_before - u * interval) / interval) + 1, 0)
    for _ in range(3):
        k = np.where(_point(u, interval, k) <= cum_before, k + 1, k)
        k = np.where((k > 0) & (_point(u, interval, k - 1) > cum_before), k - 1, k)
    p = _point(u, interval, k)
    return (p <= cum_after) & (p < total)


def mus_population(
    events: pd.DataFrame,
    net_stock_by_stratum: Mapping[str, float],
    start: dt.date,
    end: dt.date,
) -> pd.DataFrame:
    """Project-area events dated inside the period with ``area_ha > 0``, ordered by
    ``(detected_on, event_id)``, with ``value_tco2e``, ``cum_before_tco2e``, ``cum_after_tco2e``.
    """
    date = pd.to_datetime(events["detected_on"])
    keep = (
        (events["zone"].astype(str) == PROJECT_AREA)
        & (date >= pd.Timestamp(start))
        & (date <= pd.Timestamp(end))
        & (events["area_ha"].astype(float) > 0)
    ).fillna(False)
    pop = events.loc[keep.to_numpy(dtype=bool)].copy()
    pop["_order_date"] = pd.to_datetime(pop["detected_on"])
    pop["_order_id"] = pop["event_id"].astype(str)
    pop = pop.sort_values(["_order_date", "_order_id"], kind="stable").drop(
        columns=["_order_date", "_order_id"]
    )
    net = pop["stratum_id"].astype(str).map(dict(net_stock_by_stratum)).astype(float)
    pop["value_tco2e"] = event_value_tco2e(pop["area_ha"].to_numpy(float), net.to_numpy(float))
    cum_after = np.cumsum(pop["value_tco2e"].to_numpy(float))
    pop["cum_before_tco2e"] = np.concatenate(([0.0], cum_after[:-1])) if len(pop) else []
    pop["cum_after_tco2e"] = cum_after
    return pop.reset_index(drop=True)


@dataclass(frozen=True)
class EvidenceSample:
    """The drawn sample: the ordered population with a ``selected`` column, and its figures."""

    population: pd.DataFrame
    seed: int
    start_fraction: float
    tolerable_misstatement_tco2e: float
    interval_tco2e: float
    reliability_factor: float
    warning: str | None
    #: observed area [ha] by selected event id (sample_observations, contract 5.9)
    observed_ha: Mapping[str, float] = field(default_factory=dict)
    #: observed_on, observer, evidence_ref, note by selected event id (sample_observations)
    observation_details: Mapping[str, Mapping[str, object]] = field(default_factory=dict)

    @property
    def selected(self) -> pd.DataFrame:
        return self.population[self.population["selected"]]

    @property
    def population_tco2e(self) -> float:
        return float(self.population["value_tco2e"].sum()) if len(self.population) else 0.0

    def to_dict(self) -> dict[str, object]:
        """The ``sampling`` entry of summary.json (contract keys first, then extensions)."""
        return {
            "method": METHOD,
            "seed": self.seed,
            "confidence": CONFIDENCE,
            "reliability_factor": self.reliability_factor,
            "tolerable_misstatement_tco2e": self.tolerable_misstatement_tco2e,
            "interval_tco2e": self.interval_tco2e,
            "population_tco2e": self.population_tco2e,
            "size": len(self.selected),
            "selected": [str(e) for e in self.selected["event_id"]],
            "population_events": len(self.population),
            "order": ["detected_on", "event_id"],
            "start_fraction": self.start_fraction,
            "warning": self.warning,
        }


def draw_evidence_sample(
    events: pd.DataFrame | None,
    net_stock_by_stratum: Mapping[str, float],
    materiality_fraction: float,
    ner_tco2e: float,
    start: dt.date,
    end: dt.date,
    seed: int,
    reliability_factor: float = RELIABILITY_FACTOR,
) -> EvidenceSample:
    """Draw the monetary-unit sample of contract.md section 5.5.

    No sample is drawn (size 0, with a warning saying why) when ``T ≤ 0`` or the population is
    empty.
    """
    empty = pd.DataFrame(columns=["event_id", "detected_on", "zone", "stratum_id", "area_ha"])
    frame = events if events is not None else empty
    pop = mus_population(frame, net_stock_by_stratum, start, end)
    tolerable = tolerable_misstatement_tco2e(materiality_fraction, ner_tco2e)
    interval = sampling_interval_tco2e(tolerable, reliability_factor)
    u = start_fraction(seed)
    warning = None
    if tolerable <= 0:
        warning = (
            f"no evidence sample drawn: the tolerable misstatement T = materiality_fraction × "
            f"NER = {tolerable:.3f} tCO2e is not positive (no net reduction)"
        )
    elif pop.empty:
        warning = (
            "no evidence sample drawn: no project-area deforestation event with area_ha > 0 is "
            f"dated inside the period {start.isoformat()}..{end.isoformat()}"
        )
    if warning is None:
        pop["selected"] = select_monetary_units(pop["value_tco2e"].to_numpy(float), interval, u)
    else:
        pop["selected"] = np.zeros(len(pop), dtype=bool)
    return EvidenceSample(pop, seed, u, tolerable, interval, reliability_factor, warning)


# --------------------------------------------------------------------------------------------
# evaluation of the verifier's observations


def tainting_fraction(recorded_ha: np.ndarray, observed_ha: np.ndarray) -> np.ndarray:
    """``t = (observed − recorded) / recorded`` [fraction]; 0 where nothing was observed (NaN).

    Positive: more was cleared than recorded (emissions under-recorded, VCUs overstated).
    Equal to ``(v_obs − v) / v``, the value scaling both areas alike.
    """
    rec = np.asarray(recorded_ha, dtype=float)
    obs = np.asarray(observed_ha, dtype=float)
    seen = ~np.isnan(obs)
    return np.where(seen, (np.where(seen, obs, 0.0) - rec) / rec, 0.0)


def projected_misstatement_tco2e(
    values_tco2e: np.ndarray, taintings: np.ndarray, interval: float
) -> float:
    """``Σ_{v<J} t·J + Σ_{v≥J} v·t`` [tCO2e]: the sample's misstatement projected to the
    population, signed (positive = VCUs overstated; AICPA *Audit Sampling*, MUS evaluation)."""
    v, t = np.asarray(values_tco2e, float), np.asarray(taintings, float)
    low = v < interval
    return float(np.sum(t[low]) * interval + np.sum(v[~low] * t[~low]))


def poisson_upper_factor(errors: int, confidence: float = CONFIDENCE) -> float:
    """``F_k``: upper confidence limit of a Poisson mean after ``k`` events,
    ``χ²_conf(2k + 2) / 2`` (2.996, 4.744, 6.296, ... at 95 %)."""
    return float(chi2.ppf(confidence, 2 * errors + 2) / 2)


def incremental_factors(n: int, reliability_factor: float = RELIABILITY_FACTOR) -> list[float]:
    """``ΔF_k = F_k − F_(k−1)`` for k = 1..n, with ``F_0 = R``."""
    factors = [reliability_factor] + [poisson_upper_factor(k) for k in range(1, n + 1)]
    return [factors[k] - factors[k - 1] for k in range(1, n + 1)]


def _stringer_bound(
    v: np.ndarray, t: np.ndarray, interval: float, reliability_factor: float
) -> float:
    """``R·J + J·Σ_k ΔF_k·t_(k) + Σ_{v≥J} max(v·t, 0)`` over the positive taintings ``t``."""
    low = v < interval
    ranked = np.sort(t[low & (t > 0)])[::-1]
    steps = incremental_factors(len(ranked), reliability_factor)
    lower = float(sum(f * tk * interval for f, tk in zip(steps, ranked, strict=True)))
    top = float(np.sum(np.maximum(v[~low] * t[~low], 0.0)))
    return reliability_factor * interval + lower + top


def upper_limit_vcu_overstatement_tco2e(
    values_tco2e: np.ndarray,
    taintings: np.ndarray,
    interval: float,
    reliability_factor: float = RELIABILITY_FACTOR,
) -> float:
    """Upper limit on the VCU overstatement (under-recorded deforestation) [tCO2e], Stringer.

    Basic precision ``R·J`` + the positive taintings of the ``v < J`` events ranked largest
    first, the k-th times ``ΔF_k·J`` (projection plus incremental allowance) + the positive
    misstatements ``v·t`` of the ``v ≥ J`` events.
    """
    v, t = np.asarray(values_tco2e, float), np.asarray(taintings, float)
    return _stringer_bound(v, t, interval, reliability_factor)


def upper_limit_vcu_understatement_tco2e(
    values_tco2e: np.ndarray,
    taintings: np.ndarray,
    interval: float,
    reliability_factor: float = RELIABILITY_FACTOR,
) -> float:
    """Upper limit on the VCU understatement (over-recorded deforestation) [tCO2e], Stringer.

    The bound of :func:`upper_limit_vcu_overstatement_tco2e` over the magnitudes of the
    negative taintings (``−t`` where ``t < 0``).
    """
    v, t = np.asarray(values_tco2e, float), np.asarray(taintings, float)
    return _stringer_bound(v, -t, interval, reliability_factor)


def sample_supports_vcus(
    upper_limit_vcu_overstatement: float,
    tolerable_misstatement: float,
    observations: int,
    sample_size: int,
) -> bool | None:
    """Whether the sample supports the VCUs: False when the VCU-overstatement limit exceeds T
    (by more than :data:`COMPARISON_TOLERANCE_TCO2E`, so that ``R × (T / R)`` rounding off by
    one unit in the last place never flags); True when it does not and every selected event
    was observed; None otherwise (no sample, or events still unchecked).

    Parameters
    ----------
    upper_limit_vcu_overstatement : Stringer bound [tCO2e]
    tolerable_misstatement : T [tCO2e]
    observations : selected events with an observed area
    sample_size : selected events
    """
    if upper_limit_vcu_overstatement - tolerable_misstatement > COMPARISON_TOLERANCE_TCO2E:
        return False
    if sample_size > 0 and observations >= sample_size:
        return True
    return None


def maximum_sample_size(population_tco2e: float, interval: float) -> int:
    """``ceil(population / J)``: no more events can hold a selection point."""
    return math.ceil(population_tco2e / interval) if interval > 0 else 0
