"""Generate the bundled SYNTHETIC sample project ``data/raw/vcs-868/`` (and a scale case).

The sample imitates the "REDD Project in Brazil Nut Concessions in Madre de Dios" (VCS 868,
Peru): four forest strata along the Interoceanic Highway, an ex-ante baseline calibrated to the
published estimate (2,086,089 tCO2e a year, 64,688,764 tCO2e over 2010–2040), monitored
deforestation and fires 2010–2024, a 2021 forest inventory, a map-accuracy sample, the
proponent's claimed vintages 2019–2022 (with one planted discrepancy) and CCB indicators.
**Every figure is synthetic**; only the published totals and the setting are real.

Usage::

    python data/generate_sample.py                      # -> data/raw/vcs-868/
    python data/generate_sample.py --out DIR --seed 868
    python data/generate_sample.py --scale --out /tmp/scale-case   # benchmark case

The output is deterministic: the same seed gives byte-identical files (rows sorted, floats
rounded to fixed decimals, no timestamps). Each table draws from its own random stream
(``numpy.random.default_rng([seed, k])``), so changing one table leaves the others unchanged.

The ex-ante baseline emissions are computed here independently of the engine, with the
contract's cohort rule (contract.md §2.1): a hectare of stratum i cleared in year t0 emits in
year t ``44/12 · (Σ_k C_k/N_k · 1[0 ≤ t − t0 < N_k] − C_post · 1[t = t0])`` tCO2e, and a year
sums the cohorts of every year since 2010. Only ``claimed_vintages.csv`` uses the engine
(``redd_audit.methodology.engine.recompute``): the claims equal the recomputation except for one
realistic discrepancy.

Importable from tests through ``importlib`` (``data`` is not a package)::

    spec = importlib.util.spec_from_file_location("generate_sample", path)
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO_ROOT / "data" / "raw" / "vcs-868"
DEFAULT_SCALE_OUT = Path("/tmp/scale-case")
DEFAULT_SEED = 868

#: Published ex-ante estimate of VCS 868 (project marketing text; domain.md §0.3, §3.1).
PUBLISHED_ANNUAL_TCO2E = 2_086_089
PUBLISHED_TOTAL_TCO2E = 64_688_764

CO2_PER_C = 44.0 / 12.0
POOLS = ("above_ground", "below_ground", "dead_wood", "litter")
SCHEDULE_YEARS = {"above_ground": 1, "below_ground": 10, "dead_wood": 1, "litter": 1}
CARBON_FRACTION = 0.47
FIRST_YEAR, LAST_YEAR = 2010, 2040
MONITORED_LAST_YEAR = 2024
EXANTE_LEAKAGE_FRACTION = 0.03  # Haya et al. 2023: 3 % activity-shifting leakage for VCS 868
RISK_RATING_FRACTION = 0.12
MONITORING_PERIODS = (
    (dt.date(2019, 1, 1), dt.date(2020, 12, 31)),
    (dt.date(2021, 1, 1), dt.date(2022, 12, 31)),
)
#: The planted discrepancy: vintage 2021 project emissions understated (late-2021 gold-mining
#: events left out of the draft monitoring report); buffer and VCUs follow.
DISCREPANCY_VINTAGE = 2021
DISCREPANCY_PROJECT_FRACTION = 0.041

# Interoceanic Highway, Puerto Maldonado -> Iberia (lat, lon).
HIGHWAY_START = (-12.60, -69.20)
HIGHWAY_END = (-11.00, -69.60)
KM_PER_DEG_LAT = 110.57
KM_PER_DEG_LON = 111.32 * math.cos(math.radians(11.8))

# Random-stream keys, one per table.
_STREAM = {
    "baseline": 1,
    "deforestation": 2,
    "fire": 3,
    "plots": 4,
    "trees": 5,
    "accuracy": 6,
    "ccb": 7,
    "targets": 8,
}


# ---------------------------------------------------------------------------------------------
# strata


@dataclass(frozen=True)
class StratumSpec:
    id: str
    name: str
    area_ha: float
    above_ground: float  # tC/ha
    dead_wood: float
    litter: float
    post_deforestation: float
    uncertainty: float
    fuel_t_dm_per_ha: float
    combustion_factor: float
    baseline_share: float  # share of the project-area baseline deforestation
    belt_share: float  # share of the leakage-belt baseline deforestation
    # inventory
    plots: int
    dbh_scale_cm: float  # mean excess diameter of the reverse-J (exponential) distribution
    height_factor: float
    plot_cv: float
    species: tuple[tuple[str, float], ...] = field(default_factory=tuple)

    @property
    def below_ground(self) -> float:
        """Mokany et al. (2006) root biomass from the above-ground biomass, as carbon [tC/ha]."""
        agb = self.above_ground / CARBON_FRACTION
        return round(CARBON_FRACTION * 0.489 * agb**0.890, 1)

    def pools(self) -> dict[str, float]:
        return {
            "above_ground": self.above_ground,
            "below_ground": self.below_ground,
            "dead_wood": self.dead_wood,
            "litter": self.litter,
        }


#: species -> (wood density g/cm3, palm DBH range or None). Wood densities: Global Wood
#: Density Database species means (rounded).
SPECIES: dict[str, tuple[float, tuple[float, float] | None]] = {
    "Bertholletia excelsa": (0.71, None),
    "Hevea brasiliensis": (0.49, None),
    "Cedrela odorata": (0.41, None),
    "Swietenia macrophylla": (0.53, None),
    "Dipteryx micrantha": (0.87, None),
    "Ceiba pentandra": (0.29, None),
    "Mauritia flexuosa": (0.40, (25.0, 50.0)),
    "Euterpe precatoria": (0.47, (10.0, 22.0)),
    "Iriartea deltoidea": (0.44, (12.0, 32.0)),
    "Pseudolmedia laevis": (0.63, None),
    "Tetragastris altissima": (0.71, None),
    "Apuleia leiocarpa": (0.80, None),
    "Manilkara bidentata": (0.87, None),
    "Virola sebifera": (0.44, None),
    "Inga spp.": (0.58, None),
    "Cecropia sciadophylla": (0.33, None),
    "Ficus spp.": (0.45, None),
    "Brosimum alicastrum": (0.67, None),
    "Hura crepitans": (0.38, None),
    "Calycophyllum spruceanum": (0.76, None),
    "Symphonia globulifera": (0.58, None),
    "Otoba parvifolia": (0.46, None),
    "Guazuma crinita": (0.41, None),
    "Miconia spp.": (0.60, None),
}

_TF_SPECIES = (
    ("Pseudolmedia laevis", 12),
    ("Tetragastris altissima", 8),
    ("Brosimum alicastrum", 7),
    ("Iriartea deltoidea", 9),
    ("Euterpe precatoria", 4),
    ("Virola sebifera", 6),
    ("Inga spp.", 8),
    ("Apuleia leiocarpa", 4),
    ("Manilkara bidentata", 4),
    ("Dipteryx micrantha", 3),
    ("Bertholletia excelsa", 3),
    ("Hevea brasiliensis", 5),
    ("Cedrela odorata", 2),
    ("Swietenia macrophylla", 2),
    ("Ceiba pentandra", 1),
    ("Ficus spp.", 4),
    ("Otoba parvifolia", 5),
    ("Cecropia sciadophylla", 3),
    ("Miconia spp.", 5),
)
_BB_SPECIES = (
    ("Cecropia sciadophylla", 10),
    ("Inga spp.", 10),
    ("Pseudolmedia laevis", 8),
    ("Guazuma crinita", 7),
    ("Miconia spp.", 9),
    ("Hura crepitans", 4),
    ("Ficus spp.", 5),
    ("Iriartea deltoidea", 6),
    ("Virola sebifera", 5),
    ("Tetragastris altissima", 4),
    ("Bertholletia excelsa", 2),
    ("Hevea brasiliensis", 3),
    ("Ceiba pentandra", 1),
    ("Otoba parvifolia", 4),
)
_FP_SPECIES = (
    ("Hura crepitans", 8),
    ("Calycophyllum spruceanum", 9),
    ("Ceiba pentandra", 3),
    ("Ficus spp.", 7),
    ("Virola sebifera", 8),
    ("Inga spp.", 9),
    ("Cecropia sciadophylla", 6),
    ("Iriartea deltoidea", 8),
    ("Euterpe precatoria", 5),
    ("Otoba parvifolia", 6),
    ("Brosimum alicastrum", 4),
    ("Swietenia macrophylla", 2),
    ("Cedrela odorata", 2),
    ("Pseudolmedia laevis", 5),
)
_PS_SPECIES = (
    ("Mauritia flexuosa", 30),
    ("Euterpe precatoria", 10),
    ("Symphonia globulifera", 9),
    ("Virola sebifera", 8),
    ("Ficus spp.", 4),
    ("Inga spp.", 5),
    ("Cecropia sciadophylla", 4),
    ("Miconia spp.", 4),
    ("Otoba parvifolia", 3),
)
_TS_SPECIES = (
    ("Cecropia sciadophylla", 14),
    ("Guazuma crinita", 10),
    ("Inga spp.", 12),
    ("Miconia spp.", 12),
    ("Pseudolmedia laevis", 6),
    ("Hevea brasiliensis", 4),
    ("Iriartea deltoidea", 5),
    ("Virola sebifera", 5),
    ("Bertholletia excelsa", 2),
    ("Ficus spp.", 3),
)

SAMPLE_STRATA = (
    StratumSpec(
        id="TF",
        name="Terra firme Brazil-nut forest",
        area_ha=205_000,
        above_ground=125.0,
        dead_wood=10.0,
        litter=0.0,
        post_deforestation=5.0,
        uncertainty=0.06,
        fuel_t_dm_per_ha=220.0,
        combustion_factor=0.4,
        baseline_share=0.72,
        belt_share=0.66,
        plots=36,
        dbh_scale_cm=10.5,
        height_factor=1.0,
        plot_cv=0.24,
        species=_TF_SPECIES,
    ),
    StratumSpec(
        id="BB",
        name="Bamboo-dominated (Guadua) forest",
        area_ha=55_000,
        above_ground=85.0,
        dead_wood=8.0,
        litter=0.0,
        post_deforestation=6.0,
        uncertainty=0.1,
        fuel_t_dm_per_ha=280.0,
        combustion_factor=0.5,
        baseline_share=0.17,
        belt_share=0.2,
        plots=34,
        dbh_scale_cm=15.0,
        height_factor=0.88,
        plot_cv=0.3,
        species=_BB_SPECIES,
    ),
    StratumSpec(
        id="FP",
        name="Floodplain forest",
        area_ha=28_000,
        above_ground=105.0,
        dead_wood=12.0,
        litter=0.0,
        post_deforestation=8.0,
        uncertainty=0.08,
        fuel_t_dm_per_ha=180.0,
        combustion_factor=0.35,
        baseline_share=0.08,
        belt_share=0.1,
        plots=32,
        dbh_scale_cm=12.5,
        height_factor=0.97,
        plot_cv=0.26,
        species=_FP_SPECIES,
    ),
    StratumSpec(
        id="PS",
        name="Mauritia palm swamp (aguajal)",
        area_ha=12_000,
        above_ground=70.0,
        dead_wood=9.0,
        litter=0.0,
        post_deforestation=10.0,
        uncertainty=0.12,
        fuel_t_dm_per_ha=150.0,
        combustion_factor=0.3,
        baseline_share=0.03,
        belt_share=0.04,
        plots=30,
        dbh_scale_cm=8.5,
        height_factor=0.85,
        plot_cv=0.28,
        species=_PS_SPECIES,
    ),
)

SCALE_EXTRA_STRATUM = StratumSpec(
    id="TS",
    name="Terra firme secondary / degraded forest",
    area_ha=30_000,
    above_ground=78.0,
    dead_wood=7.0,
    litter=0.0,
    post_deforestation=5.0,
    uncertainty=0.11,
    fuel_t_dm_per_ha=200.0,
    combustion_factor=0.45,
    baseline_share=0.12,
    belt_share=0.14,
    plots=0,
    dbh_scale_cm=8.5,
    height_factor=0.85,
    plot_cv=0.3,
    species=_TS_SPECIES,
)


@dataclass(frozen=True)
class ScaleOptions:
    """Benchmark case: many pixel-sized events, many plots and trees, one extra stratum."""

    deforestation_events: int = 1_000_000
    event_area_ha: float = 0.09  # one 30 m Landsat pixel
    plots: int = 2_000
    trees: int = 200_000
    fire_events: int = 5_000
    extra_stratum: bool = True
    claimed_vintages: bool = False  # needs the engine; off to keep the case self-contained


# ---------------------------------------------------------------------------------------------
# independent cohort computation (contract.md §2.1)


def emission_schedule(stratum: StratumSpec, n_ages: int) -> np.ndarray:
    """tCO2e per ha cleared, by age since clearing (a = 0 is the clearing year)."""
    ages = np.arange(n_ages)
    tc = np.zeros(n_ages)
    for pool, stock in stratum.pools().items():
        n = SCHEDULE_YEARS[pool]
        tc += np.where(ages < n, stock / n, 0.0)
    tc[0] -= stratum.post_deforestation
    return CO2_PER_C * tc


def cohort_emissions(areas: np.ndarray, schedules: np.ndarray) -> np.ndarray:
    """Annual emissions [tCO2e] of annual cleared areas, tails included.

    ``areas`` and ``schedules`` are (strata × years); returns (strata × years) with
    ``E[s, t] = Σ_{t0 ≤ t} A[s, t0] · S[s, t − t0]``.
    """
    n = areas.shape[1]
    age = np.arange(n)[:, None] - np.arange(n)[None, :]  # [t, t0]
    inside = age >= 0
    gathered = np.where(inside[None, :, :], schedules[:, np.clip(age, 0, n - 1)], 0.0)
    return np.einsum("stu,su->st", gathered, areas)


# ---------------------------------------------------------------------------------------------
# helpers


def _rng(seed: int, table: str) -> np.random.Generator:
    return np.random.default_rng([seed, _STREAM[table]])


def _dates(years: np.ndarray, months: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Dates (datetime64[D]) from years, months (1–12) and a uniform draw for the day."""
    month_start = (np.asarray(years) - 1970) * 12 + (np.asarray(months) - 1)
    first = month_start.astype("datetime64[M]")
    days_in_month = ((first + 1).astype("datetime64[D]") - first.astype("datetime64[D]")).astype(
        np.int64
    )
    day = np.minimum((u * days_in_month).astype(np.int64), days_in_month - 1)
    return first.astype("datetime64[D]") + day


def _iso(dates: np.ndarray) -> np.ndarray:
    return np.datetime_as_string(dates.astype("datetime64[D]"), unit="D")


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8")


def _largest_remainder(weights: np.ndarray, total: int) -> np.ndarray:
    raw = weights / weights.sum() * total
    counts = np.floor(raw).astype(np.int64)
    short = total - int(counts.sum())
    if short > 0:
        order = np.argsort(-(raw - counts), kind="stable")
        counts[order[:short]] += 1
    return counts


def _highway_points(
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


# ---------------------------------------------------------------------------------------------
# ex-ante baseline and estimates


YEARS = np.arange(FIRST_YEAR, LAST_YEAR + 1)
MONITORED_YEARS = np.arange(FIRST_YEAR, MONITORED_LAST_YEAR + 1)


def exante_project_fraction(years: np.ndarray) -> np.ndarray:
    """Planned residual deforestation: ex-ante project emissions as a share of the baseline."""
    return 0.08 + 0.02 * (years - FIRST_YEAR) / (LAST_YEAR - FIRST_YEAR)


def _baseline_shape(strata: tuple[StratumSpec, ...], seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Unscaled project-area and leakage-belt baseline areas (strata × years).

    The projected deforestation rises with the paving of the Interoceanic Highway (2010–2011)
    and the migration it brings, saturating in the 2020s; stratum shares drift slightly.
    """
    rng = _rng(seed, "baseline")
    t = YEARS - FIRST_YEAR
    trend = 1.0 + 0.9 * (1.0 - np.exp(-t / 7.0))
    pa_share = np.array([s.baseline_share for s in strata])
    lb_share = np.array([s.belt_share for s in strata])
    drift = rng.uniform(-0.15, 0.15, len(strata))[:, None] * (t / t[-1])[None, :]
    pa = pa_share[:, None] * (1.0 + drift) * trend[None, :]
    lb = lb_share[:, None] * (1.0 - 0.5 * drift) * trend[None, :]
    return pa, lb


def calibrated_baseline(
    strata: tuple[StratumSpec, ...], seed: int, belt_ratio: float
) -> tuple[np.ndarray, np.ndarray]:
    """Baseline areas [ha] (strata × years, rounded to 4 decimals) whose ex-ante net reductions
    total the published 64,688,764 tCO2e over 2010–2040.

    Net = B · (1 − p_t) · (1 − leakage share), linear in the area scale, so one division
    calibrates it exactly (up to the rounding of the areas).
    """
    pa, lb = _baseline_shape(strata, seed)
    schedules = np.array([emission_schedule(s, len(YEARS)) for s in strata])
    baseline = cohort_emissions(pa, schedules).sum(axis=0)
    net_factor = (1.0 - exante_project_fraction(YEARS)) * (1.0 - EXANTE_LEAKAGE_FRACTION)
    scale = PUBLISHED_TOTAL_TCO2E / float((baseline * net_factor).sum())
    pa_area = np.round(pa * scale, 4)
    lb_scale = scale * belt_ratio * pa.sum() / lb.sum()
    lb_area = np.round(lb * lb_scale, 4)
    return pa_area, lb_area


def baseline_table(strata: tuple[StratumSpec, ...], pa: np.ndarray, lb: np.ndarray) -> pd.DataFrame:
    rows = []
    for zone, areas in (("leakage_belt", lb), ("project_area", pa)):
        for i, s in enumerate(strata):
            rows.append(
                pd.DataFrame({"zone": zone, "stratum_id": s.id, "year": YEARS, "area_ha": areas[i]})
            )
    frame = pd.concat(rows, ignore_index=True)
    return frame.sort_values(["zone", "stratum_id", "year"], kind="stable").reset_index(drop=True)


def exante_table(strata: tuple[StratumSpec, ...], pa: np.ndarray) -> pd.DataFrame:
    """Ex-ante estimates: baseline by the cohort rule, project and leakage shares, net."""
    schedules = np.array([emission_schedule(s, len(YEARS)) for s in strata])
    baseline = np.round(cohort_emissions(pa, schedules).sum(axis=0), 3)
    project = np.round(baseline * exante_project_fraction(YEARS), 3)
    leakage = np.round((baseline - project) * EXANTE_LEAKAGE_FRACTION, 3)
    net = np.round(baseline - project - leakage, 3)
    return pd.DataFrame(
        {
            "year": YEARS,
            "baseline_tco2e": baseline,
            "project_tco2e": project,
            "leakage_tco2e": leakage,
            "net_tco2e": net,
        }
    )


# ---------------------------------------------------------------------------------------------
# monitored deforestation

#: Monitored project-area deforestation as a share of the project-area baseline area.
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
        counts = _largest_remainder(targets.ravel(), scale.deforestation_events).reshape(
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
                dates = _dates(np.full(m, year), months, rng.uniform(size=m))
                is_gold = drivers == DRIVERS.index("gold_mining")
                # distance to the highway decays exponentially; the project area lies further
                # from the road than the belt; gold mining follows the rivers, further out.
                base_km = 6.0 if zone == "project_area" else 3.0
                offset_km = 1.5 if zone == "project_area" else 0.2
                scale_km = np.where(is_gold, 2.0 * base_km, base_km)
                distance = offset_km + rng.exponential(1.0, m) * scale_km
                lat, lon = _highway_points(rng, m, distance)
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
            "detected_on": _iso(data["date"]),
            "area_ha": np.round(data["area"], 4),
            "driver": np.array(DRIVERS)[data["driver"]],
            "source": np.array(SOURCES)[data["source"]],
            "latitude": np.round(data["lat"], 5),
            "longitude": np.round(data["lon"], 5),
            "distance_to_highway_km": np.round(data["distance"], 3),
        }
    )


# ---------------------------------------------------------------------------------------------
# fires


def fire_events(strata: tuple[StratumSpec, ...], seed: int, n_total: int) -> pd.DataFrame:
    """Burned areas: mostly dry season (Jul–Oct), both zones, ~60 % in forest."""
    rng = _rng(seed, "fire")
    n_years = len(MONITORED_YEARS)
    # drier years (2010, 2016, 2019–2020, 2024) burn more
    year_weight = np.ones(n_years)
    for y, w in ((2010, 2.0), (2016, 1.8), (2019, 1.4), (2020, 1.6), (2024, 1.9)):
        year_weight[y - FIRST_YEAR] = w
    per_year = _largest_remainder(year_weight, n_total)
    year = np.repeat(MONITORED_YEARS, per_year)
    n = len(year)
    dry = rng.uniform(size=n) < 0.85
    months = np.where(
        dry,
        rng.choice([7, 8, 9, 10], size=n, p=[0.15, 0.35, 0.35, 0.15]),
        rng.choice([1, 2, 3, 4, 5, 6, 11, 12], size=n),
    )
    dates = _dates(year, months, rng.uniform(size=n))
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
            "burned_on": _iso(dates),
            "area_ha": np.round(area, 4),
            "land_cover": np.where(forest, "forest", "non_forest"),
        }
    )


# ---------------------------------------------------------------------------------------------
# inventory


def height_m(dbh_cm: np.ndarray, factor: float, rng: np.random.Generator) -> np.ndarray:
    """Feldpausch-like Weibull height–diameter curve with multiplicative noise."""
    expected = 45.0 * (1.0 - np.exp(-0.045 * dbh_cm**0.83)) * factor
    return np.maximum(expected * np.exp(0.12 * rng.standard_normal(dbh_cm.shape)), 4.0)


def chave2014_agb_kg(rho: np.ndarray, dbh: np.ndarray, height: np.ndarray) -> np.ndarray:
    return 0.0673 * (rho * dbh**2 * height) ** 0.976


def _draw_trees(
    rng: np.random.Generator, s: StratumSpec, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """n candidate trees of stratum s: species index, DBH, height, wood density."""
    names = [name for name, _ in s.species]
    weights = np.array([w for _, w in s.species], dtype=float)
    sp = rng.choice(len(names), size=n, p=weights / weights.sum())
    dbh = 10.0 + rng.exponential(s.dbh_scale_cm, n)
    dbh = np.where(dbh > 95.0, 10.0 + rng.exponential(s.dbh_scale_cm, n), dbh)
    for j, name in enumerate(names):
        palm = SPECIES[name][1]
        if palm is not None:
            mask = sp == j
            dbh[mask] = rng.uniform(palm[0], palm[1], int(mask.sum()))
    rho = np.array([SPECIES[name][0] for name in names])[sp]
    h = height_m(dbh, s.height_factor, rng)
    return sp, dbh, h, rho


#: Approximate stems per hectare (live and dead, DBH >= 10 cm) over the strata mix; only used
#: to choose the plot-size mix of the scale case.
STEMS_PER_HA = 590.0


def inventory(
    strata: tuple[StratumSpec, ...], seed: int, scale: ScaleOptions | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Plots (2021 campaign) and trees whose Chave 2014 plot carbon averages each stratum's
    validated above-ground stock, with a between-plot CV of about 20–35 %.

    Each plot gets a target biomass (stratum mean × a lognormal factor, factors normalised to
    mean 1 within the stratum); trees are drawn from the stratum's reverse-J diameter
    distribution until the plot's live biomass reaches the target. Terra-firme plots of
    2,500 m² may hold Brazil-nut emergents (DBH 100–200 cm). About 3 % of trees are dead
    (not counted in the target) and about 3 % of heights are left unmeasured.
    """
    rng_p = _rng(seed, "plots")
    rng = _rng(seed, "trees")
    if scale is None:
        plots_per_stratum = np.array([s.plots for s in strata])
    else:
        plots_per_stratum = _largest_remainder(
            np.array([s.baseline_share for s in strata]) + 0.05, scale.plots
        )
    plot_rows = []
    tree_parts = []
    for i, s in enumerate(strata):
        n_plots = int(plots_per_stratum[i])
        if scale is None:
            large_share = 0.5
        else:  # plot-size mix that gives about scale.trees trees in all
            per_plot = scale.trees / scale.plots
            large_share = min(1.0, max(0.0, (per_plot / STEMS_PER_HA - 0.1) / 0.15))
        area_m2 = np.where(rng_p.uniform(size=n_plots) < large_share, 2500.0, 1000.0)
        sigma = math.sqrt(math.log(1.0 + s.plot_cv**2))
        factor = np.exp(sigma * rng_p.standard_normal(n_plots))
        factor /= factor.mean()
        target_t_per_ha = s.above_ground / CARBON_FRACTION * factor
        along = rng_p.uniform(0.05, 0.95, n_plots)
        dist = 2.0 + rng_p.exponential(8.0, n_plots)
        side = np.where(rng_p.uniform(size=n_plots) < 0.5, -1.0, 1.0)
        dy = (HIGHWAY_END[0] - HIGHWAY_START[0]) * KM_PER_DEG_LAT
        dx = (HIGHWAY_END[1] - HIGHWAY_START[1]) * KM_PER_DEG_LON
        length = math.hypot(dx, dy)
        lat = HIGHWAY_START[0] + (along * dy + side * dist * dx / length) / KM_PER_DEG_LAT
        lon = HIGHWAY_START[1] + (along * dx - side * dist * dy / length) / KM_PER_DEG_LON
        lat = np.clip(lat, -12.8, -10.9)
        lon = np.clip(lon, -70.3, -68.8)
        day = rng_p.integers(0, (dt.date(2021, 9, 30) - dt.date(2021, 6, 1)).days + 1, n_plots)
        measured = np.datetime64("2021-06-01") + day
        for p in range(n_plots):
            plot_id = f"PLT-{s.id}-{p + 1:04d}"
            plot_rows.append(
                (
                    plot_id,
                    s.id,
                    round(float(lat[p]), 5),
                    round(float(lon[p]), 5),
                    area_m2[p],
                    str(measured[p]),
                )
            )
            target_kg = target_t_per_ha[p] * 1000.0 * area_m2[p] / 10_000.0
            sp_idx: list[np.ndarray] = []
            dbhs: list[np.ndarray] = []
            hs: list[np.ndarray] = []
            rhos: list[np.ndarray] = []
            species_names: list[str] = [name for name, _ in s.species]
            acc = 0.0
            if s.id in ("TF", "TS") and area_m2[p] == 2500.0:
                n_emergent = int(rng.choice([0, 1, 2], p=[0.45, 0.40, 0.15]))
                if s.id == "TS":
                    n_emergent = min(n_emergent, 1)
                for _ in range(n_emergent):
                    d = rng.uniform(100.0, 200.0)
                    rho_b = SPECIES["Bertholletia excelsa"][0]
                    hb = float(height_m(np.array([d]), s.height_factor, rng)[0])
                    agb = float(chave2014_agb_kg(rho_b, d, hb))
                    while agb > 0.45 * target_kg - acc and d > 100.0:
                        d = max(100.0, d - 10.0)
                        agb = float(chave2014_agb_kg(rho_b, d, hb))
                    if agb > 0.45 * target_kg - acc:
                        continue
                    sp_idx.append(np.array([species_names.index("Bertholletia excelsa")]))
                    dbhs.append(np.array([d]))
                    hs.append(np.array([hb]))
                    rhos.append(np.array([rho_b]))
                    acc += agb
            while True:
                batch = max(40, int(area_m2[p] / 10.0))
                sp, dbh, h, rho = _draw_trees(rng, s, batch)
                agb = chave2014_agb_kg(rho, dbh, h)
                cum = acc + np.cumsum(agb)
                k = int(np.searchsorted(cum, target_kg))
                if k < batch:
                    # stop at the tree whose addition gets closest to the target
                    before = cum[k - 1] if k > 0 else acc
                    take = k + 1 if abs(cum[k] - target_kg) < abs(before - target_kg) else k
                    sp_idx.append(sp[:take])
                    dbhs.append(dbh[:take])
                    hs.append(h[:take])
                    rhos.append(rho[:take])
                    break
                sp_idx.append(sp)
                dbhs.append(dbh)
                hs.append(h)
                rhos.append(rho)
                acc = float(cum[-1])
            sp_all = np.concatenate(sp_idx)
            dbh_all = np.concatenate(dbhs)
            h_all = np.concatenate(hs)
            rho_all = np.concatenate(rhos)
            n_live = len(dbh_all)
            n_dead = int(rng.binomial(n_live, 0.03))
            if n_dead:
                sp_d, dbh_d, h_d, rho_d = _draw_trees(rng, s, n_dead)
                sp_all = np.concatenate([sp_all, sp_d])
                dbh_all = np.concatenate([dbh_all, dbh_d])
                h_all = np.concatenate([h_all, h_d * rng.uniform(0.4, 1.0, n_dead)])
                rho_all = np.concatenate([rho_all, rho_d])
            status = np.array(["alive"] * n_live + ["dead_standing"] * n_dead, dtype=object)
            if n_dead:
                fallen = rng.uniform(size=n_dead) < 0.35
                status[n_live:][fallen] = "dead_fallen"
            # shuffle so that tree numbers do not reveal the draw order
            order = rng.permutation(len(dbh_all))
            missing_h = rng.uniform(size=len(dbh_all)) < 0.03
            h_out = np.where(missing_h, np.nan, np.round(h_all[order], 1))
            tree_parts.append(
                pd.DataFrame(
                    {
                        "plot_id": plot_id,
                        "tree_id": [f"{plot_id}-T{j + 1:04d}" for j in range(len(dbh_all))],
                        "dbh_cm": np.round(dbh_all[order], 1),
                        "height_m": h_out,
                        "wood_density_g_cm3": np.round(rho_all[order], 3),
                        "species": np.array(species_names, dtype=object)[sp_all[order]],
                        "status": status[order],
                    }
                )
            )
    plots = pd.DataFrame(
        plot_rows,
        columns=["plot_id", "stratum_id", "latitude", "longitude", "plot_area_m2", "measured_on"],
    )
    plots["plot_area_m2"] = plots["plot_area_m2"].astype(int)
    trees = pd.concat(tree_parts, ignore_index=True)
    plots = plots.sort_values("plot_id", kind="stable").reset_index(drop=True)
    trees = trees.sort_values("tree_id", kind="stable").reset_index(drop=True)
    return plots, trees


def plot_carbon_tc_per_ha(plots: pd.DataFrame, trees: pd.DataFrame) -> pd.Series:
    """Live-tree above-ground carbon per plot [tC/ha] (Chave 2014 with height; trees without a
    height are left out — a quick check, not the engine's estimate)."""
    live = trees[(trees["status"] == "alive") & trees["height_m"].notna()]
    agb = chave2014_agb_kg(
        live["wood_density_g_cm3"].to_numpy(),
        live["dbh_cm"].to_numpy(),
        live["height_m"].to_numpy(),
    )
    total = pd.Series(agb, index=live["plot_id"].to_numpy()).groupby(level=0).sum()
    area = plots.set_index("plot_id")["plot_area_m2"]
    return total / 1000.0 * 10_000.0 / area.loc[total.index] * CARBON_FRACTION


# ---------------------------------------------------------------------------------------------
# map accuracy


def accuracy_samples(seed: int) -> pd.DataFrame:
    """Stratified sample by map class with area weights; area-weighted overall accuracy ≈ 0.95."""
    rng = _rng(seed, "accuracy")
    design = {
        # map class: (weight, n, {reference class: count})
        "forest": (0.93, 250, {"forest": 238, "non_forest": 5, "deforestation": 7}),
        "non_forest": (0.06, 150, {"non_forest": 132, "forest": 14, "deforestation": 4}),
        "deforestation": (0.01, 100, {"deforestation": 86, "forest": 9, "non_forest": 5}),
    }
    rows = []
    for map_class, (weight, n, refs) in design.items():
        assert sum(refs.values()) == n
        labels = np.concatenate([np.full(c, ref, dtype=object) for ref, c in refs.items()])
        rows.append(
            pd.DataFrame(
                {
                    "map_class": map_class,
                    "reference_class": rng.permutation(labels),
                    "stratum_weight": weight,
                }
            )
        )
    frame = pd.concat(rows, ignore_index=True)
    frame = frame.iloc[rng.permutation(len(frame))].reset_index(drop=True)
    frame.insert(0, "sample_id", [f"AS-{k + 1:04d}" for k in range(len(frame))])
    return frame


# ---------------------------------------------------------------------------------------------
# CCB indicators


def ccb_indicators(
    strata: tuple[StratumSpec, ...],
    pa: np.ndarray,
    events: pd.DataFrame,
    seed: int,
) -> pd.DataFrame:
    """Community and biodiversity indicators per monitoring period (synthetic values)."""
    rng = _rng(seed, "ccb")
    total_area = sum(s.area_ha for s in strata)
    pa_events = events[events["zone"] == "project_area"]
    event_year = pa_events["detected_on"].str.slice(0, 4).astype(int)
    rows = []
    holders = (412, 437)
    women = (87, 98)
    for k, (start, end) in enumerate(MONITORING_PERIODS):
        mp = f"MP{k + 3}"  # third and fourth monitoring periods
        years = range(start.year, end.year + 1)
        cleared_to_end = float(pa_events.loc[event_year <= end.year, "area_ha"].sum())
        cleared_in = float(pa_events.loc[event_year.isin(list(years)), "area_ha"].sum())
        baseline_in = float(pa[:, [y - FIRST_YEAR for y in years]].sum())
        harvest = round(float(total_area * 2 * rng.uniform(9.0, 12.0)), -2)
        payments = round(holders[k] * (14_750.0 if k == 0 else 29_500.0), 0)
        values = [
            ("SDG 1", "HOUSEHOLDS", "Households receiving carbon-revenue benefit payments",
             holders[k] - int(rng.integers(3, 12)), "households",
             "benefit-sharing payment register (FEPROCAMD)"),
            ("SDG 1", "PAYMENTS", "Carbon-revenue benefit payments to concessionaires",
             payments, "PEN", "benefit-sharing payment register (FEPROCAMD)"),
            ("SDG 5", "HOLDERS", "Brazil-nut concession holders in the project",
             holders[k], "count", "concession register (SERFOR / GOREMAD)"),
            ("SDG 5", "HOLDERS-WOMEN", "Concession holders who are women",
             women[k], "count", "concession register (SERFOR / GOREMAD)"),
            ("SDG 5", "WOMEN-SHARE", "Share of women among concession holders",
             round(women[k] / holders[k], 4), "fraction", "concession register (SERFOR / GOREMAD)"),
            ("SDG 5", "WOMEN-TRAINED", "Women trained in nut processing and business management",
             int(rng.integers(60, 140)), "count", "training attendance lists"),
            ("SDG 8", "JOBS", "People employed in Brazil-nut harvest and forest patrols",
             int(holders[k] * rng.uniform(2.4, 2.9)), "count", "harvest and patrol records"),
            ("SDG 8", "PERSON-DAYS", "Person-days of work in Brazil-nut harvest and patrols",
             int(holders[k] * 2 * rng.uniform(95, 120)), "person-days",
             "harvest and patrol records"),
            ("SDG 10", "REVENUE-SHARE", "Share of carbon revenue paid to concessionaires",
             0.30, "fraction", "benefit-sharing agreement BAM–FEPROCAMD"),
            ("SDG 12", "HARVEST", "Brazil nuts harvested under approved management plans",
             harvest, "kg", "harvest records and SERFOR transport permits"),
            ("SDG 12", "HARVEST-CERTIFIED", "Brazil nuts harvested with organic/FSC certification",
             round(harvest * rng.uniform(0.55, 0.7), -2), "kg", "certification body reports"),
            ("SDG 13", "AVOIDED-DEFORESTATION", "Baseline minus monitored deforestation in the "
             "project area during the period", round(baseline_in - cleared_in, 1), "ha",
             "monitoring report, deforestation_events and baseline_exante"),
            ("SDG 15", "FOREST-PROTECTED", "Forest area remaining in the project area at the end "
             "of the period", round(total_area - cleared_to_end, 1), "ha",
             "monitoring report, deforestation_events"),
            ("SDG 15", "CAMERA-STATIONS", "Camera-trap stations operated",
             int(rng.integers(40, 70)), "count", "biodiversity monitoring report"),
            ("SDG 15", "SPECIES", "Vertebrate species recorded (camera traps and transects)",
             int(rng.integers(180, 260)), "count", "biodiversity monitoring report"),
            ("SDG 15", "PATROL-KM", "Forest patrols by concessionaires and rangers",
             round(float(rng.uniform(4200, 6500)) * 2, 1), "km", "patrol GPS tracks"),
        ]  # fmt: skip
        for sdg, key, description, value, unit, source in values:
            number = sdg.split()[1].zfill(2)
            rows.append(
                {
                    "indicator_id": f"{mp}-SDG{number}-{key}",
                    "sdg": sdg,
                    "description": description,
                    "period_start": start.isoformat(),
                    "period_end": end.isoformat(),
                    "value": np.format_float_positional(float(value), trim="-"),
                    "unit": unit,
                    "source": source,
                }
            )
    return pd.DataFrame(rows).sort_values("indicator_id", kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# project.yaml


def project_yaml(strata: tuple[StratumSpec, ...], *, project_id: str, scale: bool) -> str:
    lines = [
        "# SYNTHETIC sample project: generated by data/generate_sample.py (seeded, deterministic).",
        "# Modelled on VCS 868 'REDD Project in Brazil Nut Concessions in Madre de Dios' (Peru);",
        "# the identity, methodology and published ex-ante totals are real, every other figure",
        "# (strata, stocks, areas, events, plots, claims) is invented for testing and demos.",
    ]
    if scale:
        lines.append("# SCALE CASE for benchmarks: pixel-sized events, thousands of plots.")
    lines += [
        f"id: {project_id}",
        "name: REDD Project in Brazil Nut Concessions in Madre de Dios"
        + (" (synthetic scale case)" if scale else " (synthetic sample)"),
        "proponent: Bosques Amazonicos SAC",
        "verifier: SCS Global Services",
        "standards: [VCS, CCB]",
        "methodology:",
        "  id: VM0007",
        '  version: "1.2"',
        '  modules: {BL-UP: "2.0", LK-ASU: "1.0", M-MON: "2.0", X-UNC: "2.0", E-BB: "1.0"}',
        "crediting_period: {start: 2010-01-01, end: 2040-12-31}",
        "materiality_fraction: 0.01",
        "accounting:",
        "  emission_schedule_years: {above_ground: 1, below_ground: 10, dead_wood: 1, litter: 1}",
        "  gwp: {ch4: 25, n2o: 298}",
        "  fire_emission_factors_g_per_kg: {ch4: 6.8, n2o: 0.2}",
        "  uncertainty: {allowable_fraction: 0.15, "
        "baseline_fraction: null, project_fraction: null}",
        f"  buffer: {{risk_rating_fraction: {RISK_RATING_FRACTION}}}",
        "  vintage_allocation: calendar_year",
        "  carbon_stock_source: validated",
        "  rules:",
        "    id: vm0007-redd-mf/contract-1",
        "    leakage_netting: per_vintage",
        "    buffer_base: stock_change",
        "    uncertainty_project_weights: total_emissions",
        "    reversal_deduction: none",
        "    gwp_set: IPCC AR4",
        "# Validated stocks (tC/ha). Below-ground from Mokany et al. (2006) on the above-ground",
        "# biomass, so that the inventory recomputation (inventory.below_ground_method) agrees.",
        "strata:",
    ]
    for s in strata:
        p = s.pools()
        lines += [
            f"  - id: {s.id}",
            f"    name: {s.name}",
            f"    area_ha: {s.area_ha:.0f}",
            f"    carbon_tc_per_ha: {{above_ground: {p['above_ground']}, below_ground: "
            f"{p['below_ground']}, dead_wood: {p['dead_wood']}, litter: {p['litter']}}}",
            f"    post_deforestation_tc_per_ha: {s.post_deforestation}",
            f"    carbon_uncertainty_fraction: {s.uncertainty}",
            f"    fire: {{fuel_t_dm_per_ha: {s.fuel_t_dm_per_ha}, "
            f"combustion_factor: {s.combustion_factor}}}",
        ]
    lines += [
        "inventory:",
        "  below_ground_method: mokany_2006",
        "  root_to_shoot_ratio: 0.37",
        f"  carbon_fraction: {CARBON_FRACTION}",
        "  environmental_stress_e: -0.08",
        "  target_precision_fraction: 0.10",
        "  measured_from: 2021-06-01",
        "  measured_to: 2021-09-30",
        "map_accuracy:",
        "  min_overall_accuracy_fraction: 0.90",
        "  severity: error",
        "  min_samples_per_class: 50",
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------
# claimed vintages (through the engine)


def read_frames(folder: Path) -> dict[str, pd.DataFrame]:
    """Read the folder's CSV tables back as typed frames (str → "string", float → float64,
    int → "Int64", date → datetime64[ns], plus ``_row`` = spreadsheet row number)."""
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    from redd_audit.tables.schemas import ROW_COLUMN, SCHEMAS

    frames = {}
    for name, schema in SCHEMAS.items():
        path = folder / f"{name}.csv"
        if not path.is_file():
            continue
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
        frame = pd.DataFrame(index=raw.index)
        for column in raw.columns:
            kind = schema.columns.get(column)
            values = raw[column]
            if kind == "str":
                frame[column] = values.astype("string")
            elif kind == "float":
                frame[column] = pd.to_numeric(values).astype("float64")
            elif kind == "int":
                frame[column] = pd.to_numeric(values).astype("Int64")
            elif kind == "date":
                frame[column] = pd.to_datetime(values, format="%Y-%m-%d").astype("datetime64[ns]")
            else:  # extra column: numeric if it parses, else text
                numeric = pd.to_numeric(values, errors="coerce")
                if numeric.notna().sum() == values.notna().sum():
                    frame[column] = numeric.astype("float64")
                else:
                    frame[column] = values.astype("string")
        frame[ROW_COLUMN] = np.arange(2, len(frame) + 2, dtype=np.int64)
        frames[name] = frame
    return frames


def claimed_vintages(folder: Path) -> pd.DataFrame:
    """The proponent's claims: the engine's recomputation of both monitoring periods, rounded to
    whole tCO2e, except vintage 2021 whose project emissions are understated by ~4 % (late-year
    gold-mining events left out), with the buffer and VCUs that follow from it."""
    if str(REPO_ROOT) not in sys.path:
        sys.path.insert(0, str(REPO_ROOT))
    from redd_audit.methodology.engine import recompute
    from redd_audit.project import load_project

    project = load_project(folder)
    frames = read_frames(folder)
    risk = project.accounting.buffer.risk_rating_fraction
    rows = []
    for start, end in MONITORING_PERIODS:
        result = recompute(project, frames, start, end)
        factor = float(result.totals["deduction_factor"])
        for v in result.vintages:
            baseline = v.baseline_tco2e
            project_e = v.project_tco2e
            leakage = v.leakage_tco2e
            buffer = v.buffer_tco2e
            vcus = int(v.vcus)
            if v.vintage == DISCREPANCY_VINTAGE:
                omitted = DISCREPANCY_PROJECT_FRACTION * v.project_stock_tco2e
                project_e = project_e - omitted
                ner = baseline - project_e - leakage
                buffer = risk * (baseline - (v.project_stock_tco2e - omitted))
                vcus = max(0, math.floor(round(ner * factor - buffer, 6)))
            rows.append(
                {
                    "vintage": v.vintage,
                    "baseline_tco2e": math.floor(baseline + 0.5),
                    "project_tco2e": math.floor(project_e + 0.5),
                    "leakage_tco2e": math.floor(leakage + 0.5),
                    "buffer_tco2e": math.floor(buffer + 0.5),
                    "vcus": vcus,
                }
            )
    return pd.DataFrame(rows).sort_values("vintage").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# entry points


def generate(out_dir: Path, *, seed: int = DEFAULT_SEED, scale: ScaleOptions | None = None) -> None:
    """Write the sample project (or, with ``scale``, the benchmark case) into ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    strata = SAMPLE_STRATA
    if scale is not None and scale.extra_stratum:
        strata = (*SAMPLE_STRATA, SCALE_EXTRA_STRATUM)
    project_id = "VCS-868" if scale is None else "VCS-868-SCALE"
    (out_dir / "project.yaml").write_bytes(
        project_yaml(strata, project_id=project_id, scale=scale is not None).encode("utf-8")
    )

    belt_ratio = 0.55 if scale is None else 1.05
    pa, lb = calibrated_baseline(strata, seed, belt_ratio)
    _write_csv(baseline_table(strata, pa, lb), out_dir / "baseline_exante.csv")
    _write_csv(exante_table(strata, pa), out_dir / "exante_estimates.csv")

    targets = monitored_targets(strata, pa, lb, seed)
    events = deforestation_events(strata, targets, seed, scale)
    _write_csv(events, out_dir / "deforestation_events.csv")
    n_fires = 300 if scale is None else scale.fire_events
    _write_csv(fire_events(strata, seed, n_fires), out_dir / "fire_events.csv")

    plots, trees = inventory(strata, seed, scale)
    _write_csv(plots, out_dir / "inventory_plots.csv")
    _write_csv(trees, out_dir / "inventory_trees.csv")
    _write_csv(accuracy_samples(seed), out_dir / "accuracy_samples.csv")
    _write_csv(ccb_indicators(strata, pa, events, seed), out_dir / "ccb_indicators.csv")

    if scale is None or scale.claimed_vintages:
        _write_csv(claimed_vintages(out_dir), out_dir / "claimed_vintages.csv")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=None, help="output folder")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--scale", action="store_true", help="write the benchmark scale case")
    parser.add_argument("--events", type=int, default=ScaleOptions.deforestation_events)
    parser.add_argument("--plots", type=int, default=ScaleOptions.plots)
    parser.add_argument("--trees", type=int, default=ScaleOptions.trees)
    args = parser.parse_args(argv)
    scale = (
        ScaleOptions(deforestation_events=args.events, plots=args.plots, trees=args.trees)
        if args.scale
        else None
    )
    out = args.out or (DEFAULT_SCALE_OUT if args.scale else DEFAULT_OUT)
    began = time.perf_counter()
    generate(out, seed=args.seed, scale=scale)
    elapsed = time.perf_counter() - began
    sizes = {p.name: p.stat().st_size for p in sorted(out.iterdir()) if p.is_file()}
    for name, size in sizes.items():
        print(f"{name:28s} {size:>12,d} bytes")
    print(f"wrote {len(sizes)} files to {out} in {elapsed:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
