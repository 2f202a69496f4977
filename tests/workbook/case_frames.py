"""The input tables of the hand-made case, typed like the readers make them."""

from __future__ import annotations

import numpy as np
import pandas as pd

INJECTIONS = ('=HYPERLINK("http://x")', "+1", "@SUM(A1)", "-2+3")


def typed(rows: list[tuple], kinds: dict[str, str]) -> pd.DataFrame:
    """A table typed like the readers make it, with the ``_row`` column (header = row 1)."""
    frame = pd.DataFrame(rows, columns=list(kinds))
    for col, kind in kinds.items():
        if kind == "str":
            frame[col] = frame[col].astype("string")
        elif kind == "date":
            frame[col] = pd.to_datetime(frame[col])
        elif kind == "int":
            frame[col] = frame[col].astype("Int64")
        else:
            frame[col] = frame[col].astype("float64")
    frame["_row"] = np.arange(2, len(frame) + 2, dtype="int64")
    return frame


EVENT_DATES = (
    "2012-05-03",
    "2015-08-09",
    "2018-02-01",
    "2018-11-30",
    "2019-03-15",  # before the period, same year: only later tails
    "2019-06-30",
    "2019-07-01",  # first day of the period
    "2019-09-10",
    "2019-12-31",
    "2020-01-01",
    "2020-02-29",
    "2020-06-15",
    "2020-12-31",  # last day of the period
    "2021-01-05",  # after the period
    "2009-12-31",  # before the crediting period
)


def make_frames(
    pa_2020: float = 1.0, lb_2020: float = 4.0, n_events: int | None = None
) -> dict[str, pd.DataFrame]:
    rng = np.random.default_rng(7)
    baseline = [
        (zone, s, y, round(100 * zf * sf + 3 * (y - 2010), 3))
        for zone, zf in (("project_area", 4.0), ("leakage_belt", 0.5))
        for s, sf in (("TF", 1.0), ("VF", 0.4))
        for y in range(2010, 2022)
    ]
    baseline.append(("reference_region", "TF", 2019, 999.0))
    events = []
    drivers = ("agriculture", "pasture", "mining")
    k = 0
    for zone in ("project_area", "leakage_belt"):
        for s in ("TF", "VF"):
            for d in EVENT_DATES:
                k += 1
                scale = 1.0
                if d.startswith("2020"):
                    scale = pa_2020 if zone == "project_area" else lb_2020
                area = round(float(rng.uniform(0.5, 30.0)) * scale, 4)
                events.append((f"E-{k:04d}", zone, s, d, area, drivers[k % 3], "GEOBOSQUES"))
    events += [
        ("E-9001", "reference_region", "TF", "2019-08-01", 12.0, "agriculture", "GFC"),
        ("E-9002", "project_area", "TF", "2019-08-02", 1.25, INJECTIONS[0], INJECTIONS[1]),
        ("E-9003", "project_area", "VF", "2020-03-02", 2.5, INJECTIONS[2], INJECTIONS[3]),
    ]
    if n_events:
        events = [
            (f"E-{i:06d}", *e[1:])
            for i, e in enumerate((events * (n_events // len(events) + 1))[:n_events])
        ]
    fires = [
        ("F-1", "project_area", "TF", "2019-08-20", 40.0, "forest"),
        ("F-2", "project_area", "TF", "2020-09-01", 25.5, "forest"),
        ("F-3", "project_area", "VF", "2020-08-11", 10.0, "forest"),
        ("F-4", "project_area", "TF", "2019-05-01", 99.0, "forest"),  # before the period
        ("F-5", "project_area", "TF", "2019-09-01", 15.0, "non_forest"),
        ("F-6", "leakage_belt", "VF", "2020-09-09", 33.0, "forest"),
    ]
    plots, trees = [], []
    for i in range(8):
        stratum = "TF" if i < 5 else "VF"
        plots.append(
            (
                f"P{i + 1}",
                stratum,
                -12.0 - i * 0.01,
                -69.5,
                1000.0 if i % 2 else 2500.0,
                "2020-05-01",
            )
        )
        for j in range(12):
            dbh = float(rng.uniform(10, 90))
            height = float(rng.uniform(12, 40)) if j % 3 else np.nan  # some without height
            rho = float(rng.uniform(0.4, 0.8))
            status = "dead_standing" if (i + j) % 11 == 0 else "alive"
            species = "Bertholletia excelsa" if j == 0 else "indet"
            trees.append((f"P{i + 1}", f"T{j + 1}", dbh, height, rho, species, status))
    classes = ("forest", "non_forest", "deforestation")
    weights = {"forest": 0.9, "non_forest": 0.08, "deforestation": 0.02}
    samples = [
        (
            f"S{i}",
            classes[i % 3],
            classes[i % 3] if i % 7 else classes[(i + 1) % 3],
            weights[classes[i % 3]],
        )
        for i in range(90)
    ]
    claimed = [
        (2018, 1.0, 1.0, 1.0, 1.0, 1.0),
        (2019, None, None, None, None, None),
        (2020, None, None, None, None, None),
    ]
    exante = [
        (2019, 450000.0, 60000.0, 30000.0, 360000.0),
        (2020, 460000.0, 61000.0, 31000.0, 368000.0),
        (2021, 1.0, 1.0, 1.0, 1.0),
    ]
    ccb = [
        (
            "households_reached",
            "1",
            "Households receiving benefits",
            "2020-01-01",
            "2020-12-31",
            412.0,
            "households",
            "BAM",
        ),
        (
            "concession_holders",
            "5",
            "Concession holders",
            "2020-01-01",
            "2020-12-31",
            405.0,
            "persons",
            "BAM",
        ),
        (
            "concession_holders_women",
            "5",
            INJECTIONS[0],
            "2020-01-01",
            "2020-12-31",
            81.0,
            "persons",
            INJECTIONS[1],
        ),
        (
            "species_camera",
            "15",
            INJECTIONS[2],
            "2018-01-01",
            "2018-12-31",
            33.0,
            "species",
            INJECTIONS[3],
        ),
    ]
    return {
        "baseline_exante": typed(
            baseline, {"zone": "str", "stratum_id": "str", "year": "int", "area_ha": "float"}
        ),
        "deforestation_events": typed(
            events,
            {
                "event_id": "str",
                "zone": "str",
                "stratum_id": "str",
                "detected_on": "date",
                "area_ha": "float",
                "driver": "str",
                "source": "str",
            },
        ),
        "fire_events": typed(
            fires,
            {
                "event_id": "str",
                "zone": "str",
                "stratum_id": "str",
                "burned_on": "date",
                "area_ha": "float",
                "land_cover": "str",
            },
        ),
        "inventory_plots": typed(
            plots,
            {
                "plot_id": "str",
                "stratum_id": "str",
                "latitude": "float",
                "longitude": "float",
                "plot_area_m2": "float",
                "measured_on": "date",
            },
        ),
        "inventory_trees": typed(
            trees,
            {
                "plot_id": "str",
                "tree_id": "str",
                "dbh_cm": "float",
                "height_m": "float",
                "wood_density_g_cm3": "float",
                "species": "str",
                "status": "str",
            },
        ),
        "accuracy_samples": typed(
            samples,
            {
                "sample_id": "str",
                "map_class": "str",
                "reference_class": "str",
                "stratum_weight": "float",
            },
        ),
        "claimed_vintages": typed(
            claimed,
            {
                "vintage": "int",
                "baseline_tco2e": "float",
                "project_tco2e": "float",
                "leakage_tco2e": "float",
                "buffer_tco2e": "float",
                "vcus": "float",
            },
        ),
        "exante_estimates": typed(
            exante,
            {
                "year": "int",
                "baseline_tco2e": "float",
                "project_tco2e": "float",
                "leakage_tco2e": "float",
                "net_tco2e": "float",
            },
        ),
        "ccb_indicators": typed(
            ccb,
            {
                "indicator_id": "str",
                "sdg": "str",
                "description": "str",
                "period_start": "date",
                "period_end": "date",
                "value": "float",
                "unit": "str",
                "source": "str",
            },
        ),
    }
