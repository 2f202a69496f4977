"""Monitored deforestation events and burned areas of the sample (synthetic, seeded).

Events are lognormal in size per driver and add up to each stratum-zone-year's target area
(a share of the ex-ante baseline); they lie at exponentially distributed distances from the
Interoceanic Highway. Fires burn mostly in the dry season.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from samplegen.spec import (
    FIRST_YEAR,
    HIGHWAY_END,
    HIGHWAY_START,
    KM_PER_DEG_LAT,
    KM_PER_DEG_LON,
    MONITORED_YEARS,
    ScaleOptions,
    StratumSpec,
)
from samplegen.spec import rng as _rng


def dates_of(years: np.ndarray, months: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Dates (datetime64[D]) from years, months (1–12) and a uniform draw for the day."""
    month_start = (np.asarray(years) - 1970) * 12 + (np.asarray(months) - 1)
    first = month_start.astype("datetime64[M]")
    days_in_month = ((first + 1).astype("datetime64[D]") - first.astype("datetime64[D]")).astype(
        np.int64
    )
    day = np.minimum((u * days_in_month).astype(np.int64), days_in_month - 1)
    return first.astype("datetime64[D]") + day


def iso(dates: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(dates.astype("datetime64[D]"), unit="D")


def largest_remainder(weights: np.ndarray, total: int) -> np.ndarray:
    raw = weights / weights.sum() * total
    counts = np.floor(raw).astype(np.int64)
    short = total - int(counts.sum())
    if short > 0:
        order = np.argsort(-(raw - counts), kind="stable")
        counts[order[:short]] += 1
    return counts


def highway_points(
    rng: np.random.Generator, n: int, distance_km: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Points at ``distance_km`` either side of the Interoceanic Highway, uniform along it."""
    along = rng.uniform(0.0, 1.0, n)
    side = np.where(rng.uniform(0.0, 1.0, n) < 0.5, -1.0, 1.0)
    dy = (HIGHWAY_END[0] - HIGHWAY_START[0]) * KM_PER_DEG_LAT
    dx = (HIGHWAY_END[1] - HIGHWAY_START[1]) * KM_PER_DEG_LON
    length = math.hypot(dx, dy)
    nx, ny = -dy / length, dx / length  # unit normal (km)
    y_km = along * dy + side * distance_km * ny
    x_km = along * dx + side * distance_km * nx
    lat = HIGHWAY_START[0] + y_km / KM_PER_DEG_LAT
    lon = HIGHWAY_START[1] + x_km / KM_PER_DEG_LON
    return lat, lon


PA_MONITORED_FRACTION = np.array(
    [0.27, 0.26, 0.29, 0.28, 0.31, 0.30, 0.33, 0.35, 0.34, 0.37, 0.36, 0.40, 0.39, 0.42, 0.44]
)
#: Monitored leakage-belt deforestation relative to the belt's baseline area.
LB_MONITORED_FACTOR = np.array(
    [0.90, 0.95, 1.06, 0.92, 0.97, 1.10, 0.94, 0.99, 1.08, 0.93, 1.07, 0.96, 1.12, 0.95, 1.04]
)
DRIVERS = ("agriculture", "pasture", "gold_mining", "logging_road")
#: (median ha, log-sd) of event sizes per driver.
DRIVER_SIZE = {
    "agriculture": (2.0, 0.9),
    "pasture": (4.0, 1.0),
    "gold_mining": (6.0, 1.1),
    "logging_road": (1.2, 0.6),
}
SOURCES = ("GEOBOSQUES", "GLAD", "Sentinel-2", "Landsat", "PlanetNICFI")
MONTH_WEIGHTS = np.array([3, 3, 4, 5, 8, 11, 14, 16, 15, 11, 6, 4], dtype=float)


def driver_probabilities(year: int) -> np.ndarray:
    """Agriculture, pasture, gold mining, logging roads; gold mining rises after 2016."""
    gold = 0.07 if year <= 2016 else 0.07 + (0.35 - 0.07) * (year - 2016) / 8
    rest = np.array([0.47, 0.30, 0.0, 0.16])
    rest = rest / rest.sum() * (1.0 - gold)
    rest[2] = gold
    return rest


def source_probabilities(year: int) -> np.ndarray:
    """GEOBOSQUES and Landsat throughout; GLAD from 2016, Sentinel-2 from 2017, NICFI from 2021."""
    w = np.array([5.0, 2.5 if year >= 2016 else 0.0, 2.0 if year >= 2017 else 0.0, 2.0, 0.0])
    w[4] = 2.0 if year >= 2021 else 0.0
    return w / w.sum()


def monitored_targets(
    strata: tuple[StratumSpec, ...], pa: np.ndarray, lb: np.ndarray, seed: int
) -> np.ndarray:
    """Target monitored area [ha], shape (zone [pa, lb] × strata × monitored years)."""
    rng = _rng(seed, "targets")
    n_years = len(MONITORED_YEARS)
    jitter = rng.uniform(0.96, 1.04, (2, len(strata), n_years))
    targets = np.empty((2, len(strata), n_years))
    targets[0] = pa[:, :n_years] * PA_MONITORED_FRACTION[None, :] * jitter[0]
    targets[1] = lb[:, :n_years] * LB_MONITORED_FACTOR[None, :] * jitter[1]
    return targets


def _event_sizes(rng: np.random.Generator, drivers: np.ndarray) -> np.ndarray:
    medians = np.array([DRIVER_SIZE[d][0] for d in DRIVERS])[drivers]
    sigmas = np.array([DRIVER_SIZE[d][1] for d in DRIVERS])[drivers]
    sizes = np.exp(np.log(medians) + sigmas * rng.standard_normal(len(drivers)))
    bad = (sizes < 0.5) | (sizes > 60.0)
    while bad.any():  # rejection keeps the lognormal shape inside 0.5–60 ha
        sizes[bad] = np.exp(np.log(medians[bad]) + sigmas[bad] * rng.standard_normal(bad.sum()))
        bad = (sizes < 0.5) | (sizes > 60.0)
    return sizes


def deforestation_events(
    strata: tuple[StratumSpec, ...],
    targets: np.ndarray,
    seed: int,
    scale: ScaleOptions | None,
) -> pd.DataFrame:
    """Monitored events: lognormal sizes (0.5–60 ha) adding up to each cell's target area; in
    the scale case, pixel-sized events allocated to cells in proportion to the targets."""
    rng = _rng(seed, "deforestation")
    zones = ("project_area", "leakage_belt")
    parts: list[dict[str, np.ndarray]] = []
    if scale is not None:
        counts = largest_remainder(targets.ravel(), scale.deforestation_events).reshape(
            targets.shape
        )
    for z, zone in enumerate(zones):
        for i in range(len(strata)):
            for k, year in enumerate(MONITORED_YEARS):
                p_driver = driver_probabilities(int(year))
                if scale is None:
                    target = float(targets[z, i, k])
                    n_draw = int(target / 3.0) + 20
                    drivers = rng.choice(len(DRIVERS), size=n_draw, p=p_driver)
                    sizes = _event_sizes(rng, drivers)
                    cum = np.cumsum(sizes)
                    n = int(np.searchsorted(cum, target, side="right"))
                    while n == n_draw:  # not enough drawn (never in practice); draw more
                        more = rng.choice(len(DRIVERS), size=n_draw, p=p_driver)
                        drivers = np.concatenate([drivers, more])
                        sizes = np.concatenate([sizes, _event_sizes(rng, more)])
                        cum = np.cumsum(sizes)
                        n_draw = len(sizes)
                        n = int(np.searchsorted(cum, target, side="right"))
                    drivers, sizes = drivers[:n], sizes[:n].copy()
                    remainder = target - (float(cum[n - 1]) if n else 0.0)
                    if remainder >= 0.5:
                        drivers = np.append(drivers, rng.choice(len(DRIVERS), p=p_driver))
                        sizes = np.append(sizes, remainder)
                    elif n:
                        sizes[int(np.argmin(sizes))] += remainder
                    sizes = np.round(sizes, 4)
                else:
                    n = int(counts[z, i, k])
                    drivers = rng.choice(len(DRIVERS), size=n, p=p_driver)
                    sizes = np.full(n, scale.event_area_ha)
                m = len(sizes)
                months = rng.choice(12, size=m, p=MONTH_WEIGHTS / MONTH_WEIGHTS.sum()) + 1
                dates = dates_of(np.full(m, year), months, rng.uniform(size=m))
                is_gold = drivers == DRIVERS.index("gold_mining")
                # distance to the highway decays exponentially; the project area lies further
                # from the road than the belt; gold mining follows the rivers, further out.
                base_km = 6.0 if zone == "project_area" else 3.0
                offset_km = 1.5 if zone == "project_area" else 0.2
                scale_km = np.where(is_gold, 2.0 * base_km, base_km)
                distance = offset_km + rng.exponential(1.0, m) * scale_km
                lat, lon = highway_points(rng, m, distance)
                sources = rng.choice(len(SOURCES), size=m, p=source_probabilities(int(year)))
                parts.append(
                    {
                        "zone": np.full(m, z),
                        "stratum": np.full(m, i),
                        "year": np.full(m, year),
                        "date": dates,
                        "area": sizes,
                        "driver": drivers,
                        "source": sources,
                        "lat": lat,
                        "lon": lon,
                        "distance": distance,
                    }
                )
    data = {key: np.concatenate([p[key] for p in parts]) for key in parts[0]}
    order = np.lexsort((data["lon"], data["lat"], data["stratum"], data["zone"], data["date"]))
    data = {key: value[order] for key, value in data.items()}
    year = data["year"]
    first_of_year = np.r_[True, year[1:] != year[:-1]]
    starts = np.flatnonzero(first_of_year)
    run = np.arange(len(year)) - np.repeat(starts, np.diff(np.r_[starts, len(year)]))
    ids = [f"DEF-{y}-{k + 1:06d}" for y, k in zip(year.tolist(), run.tolist(), strict=True)]
    zone_names = np.array(zones)
    return pd.DataFrame(
        {
            "event_id": ids,
            "zone": zone_names[data["zone"]],
            "stratum_id": np.array([s.id for s in strata])[data["stratum"]],
            "detected_on": iso(data["date"]),
            "area_ha": np.round(data["area"], 4),
            "driver": np.array(DRIVERS)[data["driver"]],
            "source": np.array(SOURCES)[data["source"]],
            "latitude": np.round(data["lat"], 5),
            "longitude": np.round(data["lon"], 5),
            "distance_to_highway_km": np.round(data["distance"], 3),
        }
    )


def fire_events(strata: tuple[StratumSpec, ...], seed: int, n_total: int) -> pd.DataFrame:
    """Burned areas: mostly dry season (Jul–Oct), both zones, ~60 % in forest."""
    rng = _rng(seed, "fire")
    n_years = len(MONITORED_YEARS)
    # drier years (2010, 2016, 2019–2020, 2024) burn more
    year_weight = np.ones(n_years)
    for y, w in ((2010, 2.0), (2016, 1.8), (2019, 1.4), (2020, 1.6), (2024, 1.9)):
        year_weight[y - FIRST_YEAR] = w
    per_year = largest_remainder(year_weight, n_total)
    year = np.repeat(MONITORED_YEARS, per_year)
    n = len(year)
    dry = rng.uniform(size=n) < 0.85
    months = np.where(
        dry,
        rng.choice([7, 8, 9, 10], size=n, p=[0.15, 0.35, 0.35, 0.15]),
        rng.choice([1, 2, 3, 4, 5, 6, 11, 12], size=n),
    )
    dates = dates_of(year, months, rng.uniform(size=n))
    zone = np.where(rng.uniform(size=n) < 0.5, "project_area", "leakage_belt")
    shares = np.array([s.baseline_share for s in strata])
    stratum = rng.choice(len(strata), size=n, p=shares / shares.sum())
    forest = rng.uniform(size=n) < 0.6
    area = np.exp(np.log(6.0) + 1.0 * rng.standard_normal(n))
    area = np.clip(area, 0.5, 250.0)
    order = np.lexsort((area, stratum, zone, dates))
    year, dates, zone, stratum, forest, area = (
        a[order] for a in (year, dates, zone, stratum, forest, area)
    )
    first = np.r_[True, year[1:] != year[:-1]]
    starts = np.flatnonzero(first)
    run = np.arange(n) - np.repeat(starts, np.diff(np.r_[starts, n]))
    return pd.DataFrame(
        {
            "event_id": [
                f"FIRE-{y}-{k + 1:05d}" for y, k in zip(year.tolist(), run.tolist(), strict=True)
            ],
            "zone": zone,
            "stratum_id": np.array([s.id for s in strata])[stratum],
            "burned_on": iso(dates),
            "area_ha": np.round(area, 4),
            "land_cover": np.where(forest, "forest", "non_forest"),
        }
    )
