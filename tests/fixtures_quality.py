"""Small in-memory tables for the data-quality tests, shaped like the readers' ``LoadedTable``.

Frames follow ``redd_audit.tables.schemas``: ``str`` -> pandas ``string`` (``<NA>`` when empty),
``float`` -> float64, ``int`` -> ``Int64``, ``date`` -> datetime64[ns] (NaT when empty), plus the
int64 ``_row`` column (header = row 1, first record = row 2).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from redd_audit.project import Project
from redd_audit.tables.schemas import ROW_COLUMN, SCHEMAS

PERIOD_START = dt.date(2019, 1, 1)
PERIOD_END = dt.date(2020, 12, 31)


@dataclass(frozen=True)
class FakeTable:
    name: str
    file: str
    frame: pd.DataFrame


def coerce(name: str, records: list[dict[str, Any]]) -> pd.DataFrame:
    """A frame with the schema's dtypes and ``_row`` from a list of records."""
    schema = SCHEMAS[name]
    columns = list(dict.fromkeys([*schema.columns, *(k for r in records for k in r)]))
    frame = pd.DataFrame.from_records(records, columns=columns)
    for column in frame.columns:
        kind = schema.columns.get(column)
        if kind == "float":
            frame[column] = pd.to_numeric(frame[column]).astype("float64")
        elif kind == "int":
            frame[column] = pd.array(frame[column].tolist(), dtype="Int64")
        elif kind == "date":
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[ns]")
        else:
            frame[column] = frame[column].astype("string")
    frame[ROW_COLUMN] = np.arange(2, len(frame) + 2, dtype="int64")
    return frame


def table(name: str, records: list[dict[str, Any]]) -> FakeTable:
    return FakeTable(name, f"data/raw/TEST-1/{name}.csv", coerce(name, records))


def project(**changes: Any) -> Project:
    data: dict[str, Any] = {
        "id": "TEST-1",
        "name": "Test project in Madre de Dios",
        "crediting_period": {"start": dt.date(2010, 1, 1), "end": dt.date(2040, 12, 31)},
        "accounting": {"buffer": {"risk_rating_fraction": 0.15}},
        "strata": [
            {
                "id": "TF",
                "area_ha": 250000,
                "carbon_tc_per_ha": {"above_ground": 121, "below_ground": 30},
                "fire": {"fuel_t_dm_per_ha": 200, "combustion_factor": 0.5},
            },
            {"id": "AL", "area_ha": 400, "carbon_tc_per_ha": {"above_ground": 100}},
        ],
        "map_accuracy": {"min_samples_per_class": 5, "min_overall_accuracy_fraction": 0.9},
    }
    data.update(changes)
    return Project.model_validate(data)


def good_records() -> dict[str, list[dict[str, Any]]]:
    """Records of every table that pass all suites with zero findings."""
    # AL holds 400 ha: its baseline clears 165 ha over 2015-2025 (at most the stratum's area)
    baseline = [
        {
            "zone": zone,
            "stratum_id": stratum,
            "year": year,
            "area_ha": (100.0 if stratum == "TF" else 10.0) + year - 2015,
        }
        for zone in ("project_area", "leakage_belt")
        for stratum in ("TF", "AL")
        for year in range(2015, 2026)
    ]
    drivers = ["agriculture", "pasture", "gold_mining", "logging_road", "unknown", "natural"]
    zones = ["project_area", "project_area", "leakage_belt", "reference_region", "outside"]
    events = [
        {
            "event_id": f"E-{i:03d}",
            "zone": zones[i % len(zones)],
            "stratum_id": "TF" if i % 3 else "AL",
            "detected_on": dt.date(2011 + i % 10, 1 + i % 12, 1 + i % 28),
            "area_ha": 0.5 + i,
            "driver": drivers[i % len(drivers)],
            "source": "GEOBOSQUES",
        }
        for i in range(12)
    ]
    fires = [
        {
            "event_id": "F-1",
            "zone": "project_area",
            "stratum_id": "TF",
            "burned_on": dt.date(2019, 9, 1),
            "area_ha": 12.0,
            "land_cover": "forest",
        },
        {
            "event_id": "F-2",
            "zone": "leakage_belt",
            "stratum_id": "AL",
            "burned_on": dt.date(2019, 8, 15),
            "area_ha": 3.0,
            "land_cover": "forest",
        },
        {
            "event_id": "F-3",
            "zone": "project_area",
            "stratum_id": "AL",
            "burned_on": dt.date(2020, 8, 20),
            "area_ha": 5.0,
            "land_cover": "non_forest",
        },
    ]
    plots = [
        {
            "plot_id": f"P-{i}",
            "stratum_id": "TF" if i < 3 else "AL",
            "latitude": -12.5 + 0.1 * i,
            "longitude": -69.5 - 0.1 * i,
            "plot_area_m2": 2500.0 if i % 2 else 1000.0,
            "measured_on": dt.date(2018, 6, 1 + i),
        }
        for i in range(1, 5)
    ]
    statuses = ["alive", "alive", "dead_standing", "dead_fallen"]
    trees = [
        {
            "plot_id": f"P-{p}",
            "tree_id": f"T-{t}",
            "dbh_cm": 10.0 + 15 * t + p,
            "height_m": 8.0 + 4 * t,
            "wood_density_g_cm3": 0.4 + 0.1 * t,
            "species": "Bertholletia excelsa" if t == 1 else "Indet indet",
            "status": statuses[(p + t) % 4],
        }
        for p in range(1, 5)
        for t in range(1, 4)
    ]
    weights = {"forest": 0.7, "non_forest": 0.25, "deforestation": 0.05}
    samples = []
    for cls, weight in weights.items():
        for k in range(10):
            reference = "forest" if (cls == "deforestation" and k == 0) else cls
            samples.append(
                {
                    "sample_id": f"S-{cls}-{k}",
                    "map_class": cls,
                    "reference_class": reference,
                    "stratum_weight": weight,
                }
            )
    claimed = [
        {
            "vintage": y,
            "baseline_tco2e": 1000.0,
            "project_tco2e": 100.0,
            "leakage_tco2e": 10.0,
            "buffer_tco2e": 130.0,
            "vcus": 760.0,
        }
        for y in (2019, 2020)
    ]
    exante = [
        {
            "year": y,
            "baseline_tco2e": 1200.0,
            "project_tco2e": 150.0,
            "leakage_tco2e": 20.0,
            "net_tco2e": 1030.0,
        }
        for y in (2019, 2020)
    ]
    ccb = [
        {
            "indicator_id": "CM-1",
            "sdg": "SDG1",
            "description": "households with nut income",
            "period_start": dt.date(2019, 1, 1),
            "period_end": dt.date(2019, 12, 31),
            "value": 120.0,
            "unit": "households",
            "source": "census",
        },
        {
            "indicator_id": "CM-1",
            "sdg": "SDG1",
            "description": "households with nut income",
            "period_start": dt.date(2020, 1, 1),
            "period_end": dt.date(2020, 12, 31),
            "value": 125.0,
            "unit": "households",
            "source": "census",
        },
        {
            "indicator_id": "B-1",
            "sdg": "SDG15",
            "description": "camera-trap jaguar detections",
            "period_start": dt.date(2018, 7, 1),
            "period_end": dt.date(2019, 6, 30),
            "value": 14.0,
            "unit": "detections",
            "source": "camera traps",
        },
    ]
    history = [
        {
            "period_start": dt.date(2010, 1, 1),
            "period_end": dt.date(2018, 12, 31),
            "vintage": vintage,
            "vcus_issued": 1000.0 * (vintage - 2009),
            "buffer_tco2e": 150.0 * (vintage - 2009),
        }
        for vintage in range(2010, 2019)
    ]
    verification = [
        {
            "finding_id": "NIR-01",
            "type": "NIR",
            "status": "closed",
            "raised_on": dt.date(2021, 3, 1),
            "reference": "VM0007 M-MON",
            "description": "deforestation map of 2020 missing",
            "response": "map provided",
        },
        {
            "finding_id": "OFI-01",
            "type": "OFI",
            "status": "open",
            "raised_on": dt.date(2021, 3, 2),
            "reference": "VCS Standard 3.4",
            "description": "document the QA/QC of plot data",
            "response": None,
        },
    ]
    return {
        "baseline_exante": baseline,
        "deforestation_events": events,
        "fire_events": fires,
        "inventory_plots": plots,
        "inventory_trees": trees,
        "accuracy_samples": samples,
        "claimed_vintages": claimed,
        "exante_estimates": exante,
        "ccb_indicators": ccb,
        "issuance_history": history,
        "verification_findings": verification,
        # contract 8.4 / 8.5 (shown and checked; the good project keeps exante_cohorts)
        "baseline_emissions": [
            {"zone": "project_area", "vintage": 2019, "baseline_tco2e": 50_000.0},
            {"zone": "project_area", "vintage": 2020, "baseline_tco2e": 52_000.0},
        ],
        "disturbance_events": [
            {
                "event_id": "N-1",
                "zone": "project_area",
                "stratum_id": "TF",
                "detected_on": dt.date(2018, 5, 1),  # before the period: tails only
                "area_ha": 1.0,
                "cause": "landslide",
                "source": "GLAD",
            }
        ],
        # contract 7.1.2-7.1.4: the simulation's inputs and draws
        "uncertainty_inputs": [
            {
                "input_id": "agb_tf",
                "quantity": "carbon_stock",
                "stratum_id": "TF",
                "pool": "above_ground",
                "scale": "relative",
                "distribution": "truncated_normal",
                "half_width_95_fraction": 0.1,
                "lower": 0.0,
            }
        ],
        "input_draws": [{"draw": 1, "agb": 1.0}, {"draw": 2, "agb": 1.02}],
        # contract 5.9: the verifier's observed areas of sampled events
        "sample_observations": [{"event_id": "E-000", "observed_area_ha": 1.5}],
        "simulation_draws": [
            {"draw": 1, "gross_er_tco2e_2019": 100.0, "gross_er_tco2e_2020": 110.0},
            {"draw": 2, "gross_er_tco2e_2019": 104.0, "gross_er_tco2e_2020": 108.0},
        ],
    }


def tables_from(records: dict[str, list[dict[str, Any]]]) -> dict[str, FakeTable]:
    return {name: table(name, recs) for name, recs in records.items()}


def good_tables() -> dict[str, FakeTable]:
    return tables_from(good_records())


def with_frame(tables: dict[str, FakeTable], name: str, change: Callable[[pd.DataFrame], Any]):
    """A copy of ``tables`` whose ``name`` frame is changed by ``change`` (in place on a copy)."""
    frame = tables[name].frame.copy()
    out = change(frame)
    frame = out if isinstance(out, pd.DataFrame) else frame
    return {**tables, name: replace(tables[name], frame=frame)}


def without(tables: dict[str, FakeTable], names: Iterable[str]) -> dict[str, FakeTable]:
    return {k: v for k, v in tables.items() if k not in set(names)}


def synthetic_events(rows: int, bad_fraction: float = 0.01, seed: int = 0) -> pd.DataFrame:
    """A large deforestation_events frame with about ``bad_fraction`` bad rows."""
    rng = np.random.default_rng(seed)
    bad = rng.random(rows) < bad_fraction
    kind = rng.integers(0, 4, rows)
    zone = np.where(bad & (kind == 0), "nowhere", "project_area")
    stratum = np.where(bad & (kind == 1), "XX", "TF")
    area = np.where(bad & (kind == 2), -1.0, rng.random(rows) * 5 + 0.1)
    driver = np.where(bad & (kind == 3), "aliens", "agriculture")
    days = rng.integers(0, 3650, rows)
    frame = pd.DataFrame(
        {
            "event_id": pd.array([f"E-{i:07d}" for i in range(rows)], dtype="string"),
            "zone": pd.array(zone, dtype="string"),
            "stratum_id": pd.array(stratum, dtype="string"),
            "detected_on": (np.datetime64("2011-01-01") + days.astype("timedelta64[D]")).astype(
                "datetime64[ns]"
            ),
            "area_ha": area.astype("float64"),
            "driver": pd.array(driver, dtype="string"),
            "source": pd.array(["GFC"] * rows, dtype="string"),
        }
    )
    frame[ROW_COLUMN] = np.arange(2, rows + 2, dtype="int64")
    return frame


def _find(records: list[dict[str, Any]], **match: Any) -> dict[str, Any]:
    for record in records:
        if all(record.get(k) == v for k, v in match.items()):
            return record
    raise KeyError(match)


def bad_records() -> dict[str, list[dict[str, Any]]]:
    """Good records with one defect per row (see ``BAD_ROW_CASES`` in the tests)."""
    r = good_records()
    base = r["baseline_exante"]
    _find(base, zone="project_area", stratum_id="TF", year=2015)["area_ha"] = -5.0
    _find(base, zone="leakage_belt", stratum_id="AL", year=2015)["year"] = 2041
    _find(base, zone="project_area", stratum_id="TF", year=2016)["year"] = 2017
    base.remove(_find(base, zone="leakage_belt", stratum_id="TF", year=2020))

    ev = r["deforestation_events"]
    _find(ev, event_id="E-001")["area_ha"] = 0.0
    _find(ev, event_id="E-002")["detected_on"] = dt.date(2041, 5, 1)
    _find(ev, event_id="E-003")["source"] = None
    _find(ev, event_id="E-004")["driver"] = "cattle"
    _find(ev, event_id="E-005")["zone"] = "buffer"
    _find(ev, event_id="E-007")["stratum_id"] = "XX"
    _find(ev, event_id="E-008")["area_ha"] = 600.0
    _find(ev, event_id="E-010")["event_id"] = "E-011"
    for event in ev:
        event["confidence_fraction"] = None
    ev[0]["confidence_fraction"] = "0.9"
    ev[6]["confidence_fraction"] = "95"
    ev[9]["confidence_fraction"] = "high"
    ev += [
        {
            "event_id": "E-100",
            "zone": "project_area",
            "stratum_id": "AL",
            "detected_on": dt.date(2019, 3, 1),
            "area_ha": 300.0,
            "driver": "gold_mining",
            "source": "GEOBOSQUES",
            "confidence_fraction": None,
        },
        {
            "event_id": "E-101",
            "zone": "project_area",
            "stratum_id": "AL",
            "detected_on": dt.date(2019, 4, 1),
            "area_ha": 150.0,
            "driver": "gold_mining",
            "source": "GEOBOSQUES",
            "confidence_fraction": None,
        },
        {
            "event_id": "E-102",
            "zone": "project_area",
            "stratum_id": "AL",
            "detected_on": dt.date(2020, 2, 1),
            "area_ha": 30.0,
            "driver": "gold_mining",
            "source": "GEOBOSQUES",
            "confidence_fraction": None,
        },
    ]

    fires = r["fire_events"]
    _find(fires, event_id="F-2")["land_cover"] = "grassland"
    _find(fires, event_id="F-3")["land_cover"] = "forest"

    plots = r["inventory_plots"]
    _find(plots, plot_id="P-1")["latitude"] = 12.6
    _find(plots, plot_id="P-2")["plot_area_m2"] = 300.0
    _find(plots, plot_id="P-4")["measured_on"] = dt.date(2021, 3, 1)
    plots.append(
        {
            "plot_id": "P-5",
            "stratum_id": "AL",
            "latitude": -12.0,
            "longitude": -70.0,
            "plot_area_m2": 1000.0,
            "measured_on": dt.date(2018, 6, 9),
        }
    )

    trees = r["inventory_trees"]
    tree = _find(trees, plot_id="P-1", tree_id="T-1")
    tree["dbh_cm"], tree["height_m"] = 0.5, None
    _find(trees, plot_id="P-1", tree_id="T-2")["dbh_cm"] = 250.0
    _find(trees, plot_id="P-1", tree_id="T-3")["height_m"] = 70.0
    _find(trees, plot_id="P-2", tree_id="T-1")["wood_density_g_cm3"] = 1.3
    _find(trees, plot_id="P-2", tree_id="T-3")["status"] = "stump"
    _find(trees, plot_id="P-3", tree_id="T-1")["plot_id"] = "P-9"
    tree = _find(trees, plot_id="P-3", tree_id="T-2")
    tree["dbh_cm"], tree["height_m"] = 20.0, 40.0
    _find(trees, plot_id="P-4", tree_id="T-1")["tree_id"] = "T-2"

    samples = r["accuracy_samples"]
    _find(samples, sample_id="S-non_forest-3")["stratum_weight"] = 0.3
    _find(samples, sample_id="S-forest-2")["reference_class"] = "water"
    for k in range(4, 10):
        samples.remove(_find(samples, sample_id=f"S-deforestation-{k}"))

    claimed = r["claimed_vintages"]
    _find(claimed, vintage=2019)["vintage"] = 2018
    _find(claimed, vintage=2020)["buffer_tco2e"] = -1.0

    _find(r["exante_estimates"], year=2020)["year"] = 2041

    ccb = r["ccb_indicators"]
    b1 = _find(ccb, indicator_id="B-1")
    b1["period_start"], b1["period_end"] = dt.date(2019, 6, 30), dt.date(2018, 7, 1)
    _find(ccb, indicator_id="CM-1", period_start=dt.date(2020, 1, 1))["unit"] = None
    return r


def bad_tables() -> dict[str, FakeTable]:
    return tables_from(bad_records())
