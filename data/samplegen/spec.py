"""The sample's strata and species (data files under ``data/sample_spec/``), its constants and
its random streams."""

from __future__ import annotations

import csv
import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from redd_audit.methodology.carbon_stocks import (
    below_ground_biomass_mokany_t_per_ha,
    carbon_tc_per_ha,
)
from redd_audit.parameters import CO2_PER_C

SPEC_DIR = Path(__file__).resolve().parents[1] / "sample_spec"

#: Published ex-ante estimate of VCS 868 (project marketing text; domain.md §0.3, §3.1).
PUBLISHED_ANNUAL_TCO2E = 2_086_089
PUBLISHED_TOTAL_TCO2E = 64_688_764

__all__ = ["CO2_PER_C"]
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
YEARS = np.arange(FIRST_YEAR, LAST_YEAR + 1)
MONITORED_YEARS = np.arange(FIRST_YEAR, MONITORED_LAST_YEAR + 1)

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


def rng(seed: int, table: str) -> np.random.Generator:
    """The table's own random stream: changing one table leaves the others unchanged."""
    return np.random.default_rng([seed, _STREAM[table]])


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
    scale_only: bool = False

    @property
    def below_ground(self) -> float:
        """Mokany et al. (2006) root biomass from the above-ground biomass, as carbon [tC/ha]
        (the core's equations), rounded to 0.1 tC/ha."""
        agb_t_per_ha = self.above_ground / CARBON_FRACTION
        bgb = below_ground_biomass_mokany_t_per_ha(agb_t_per_ha)
        return round(float(carbon_tc_per_ha(bgb, CARBON_FRACTION)), 1)

    def pools(self) -> dict[str, float]:
        return {
            "above_ground": self.above_ground,
            "below_ground": self.below_ground,
            "dead_wood": self.dead_wood,
            "litter": self.litter,
        }


_FLOATS = (
    "area_ha",
    "above_ground",
    "dead_wood",
    "litter",
    "post_deforestation",
    "uncertainty",
    "fuel_t_dm_per_ha",
    "combustion_factor",
    "baseline_share",
    "belt_share",
    "dbh_scale_cm",
    "height_factor",
    "plot_cv",
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


def load_strata(path: Path = SPEC_DIR / "strata.yaml") -> tuple[StratumSpec, ...]:
    """Every stratum of ``strata.yaml``, in file order."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))["strata"]
    strata = []
    for item in raw:
        values = {k: float(item[k]) for k in _FLOATS}
        strata.append(
            StratumSpec(
                id=str(item["id"]),
                name=str(item["name"]),
                plots=int(item["plots"]),
                species=tuple((str(n), float(w)) for n, w in item["species"]),
                scale_only=bool(item.get("scale_only", False)),
                **values,
            )
        )
    return tuple(strata)


#: species -> (wood density g/cm3, palm DBH range in cm or None)
SpeciesTable = dict[str, tuple[float, tuple[float, float] | None]]


def load_species(path: Path = SPEC_DIR / "species.csv") -> SpeciesTable:
    """species -> (wood density g/cm3, palm DBH range in cm or None). Wood densities: Global
    Wood Density Database species means (rounded)."""
    species: SpeciesTable = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            low, high = row["palm_dbh_min_cm"], row["palm_dbh_max_cm"]
            palm = (float(low), float(high)) if low and high else None
            species[row["species"]] = (float(row["wood_density_g_cm3"]), palm)
    return species


ALL_STRATA = load_strata()
SAMPLE_STRATA = tuple(s for s in ALL_STRATA if not s.scale_only)
SCALE_EXTRA_STRATUM = next(s for s in ALL_STRATA if s.scale_only)
SPECIES = load_species()
