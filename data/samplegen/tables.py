"""The sample's map-accuracy sample and CCB indicators (synthetic, seeded)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from samplegen.spec import FIRST_YEAR, MONITORING_PERIODS, StratumSpec
from samplegen.spec import rng as _rng


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


def uncertainty_inputs(strata: tuple[StratumSpec, ...]) -> pd.DataFrame:
    """What is uncertain in the sample's accounting, and how (contract 7.1.2): each stratum's
    carbon stock (one draw shared by its pools, cohorts and zones, the stratum's 95 %
    half-width), the validated baseline rate of the project area and the mapped areas."""
    rows = [
        {
            "input_id": f"carbon_stock:{s.id}",
            "quantity": "carbon_stock",
            "stratum_id": s.id,
            "pool": "*",
            "scale": "relative",
            "distribution": "truncated_normal",
            "mean": 1.0,
            "half_width_95_fraction": s.uncertainty,
            "lower": 0.0,
            "source": "project.yaml carbon_uncertainty_fraction (inventory 95 % half-width)",
        }
        for s in strata
    ]
    rows += [
        {
            "input_id": "baseline_area:project_area",
            "quantity": "baseline_area",
            "zone": "project_area",
            "stratum_id": "*",
            "year": "*",
            "scale": "relative",
            "distribution": "normal",
            "mean": 1.0,
            "sd": 0.05,
            "source": "validated PD: baseline deforestation rate, standard error (synthetic)",
        },
        {
            "input_id": "monitored_area:all",
            "quantity": "monitored_area",
            "zone": "*",
            "stratum_id": "*",
            "year": "*",
            "scale": "relative",
            "distribution": "triangular",
            "lower": 0.95,
            "mode": 1.0,
            "upper": 1.05,
            "source": "deforestation map, area estimate from the accuracy assessment (synthetic)",
        },
    ]
    columns = [
        "input_id", "quantity", "zone", "stratum_id", "pool", "year", "scale", "distribution",
        "mean", "sd", "half_width_95_fraction", "lower", "mode", "upper", "source",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns)
