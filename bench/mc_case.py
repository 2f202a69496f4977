"""The ``mc-20x30`` case of contract 7.8, run in a child process the suite times.

``python -m bench.mc_case [--draws 10000]`` builds a synthetic project in memory (20 strata,
30 vintages, both zones, ex-ante baseline and monitored cohorts every year), recomputes it,
then draws 20 stock rows and 60 zone-year baseline-area rows, propagates them
(``chunk_draws`` 2,000), takes the statistics of every series and sizes both the ``art-trees``
and the ``fcpf`` rule; it prints one JSON line with the time of each step.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time

import numpy as np
import pandas as pd

STRATA, YEARS, FIRST_YEAR = 20, 30, 1995


def project_and_frames() -> tuple[object, dict[str, pd.DataFrame]]:
    from redd_audit.project import Project

    rng = np.random.default_rng(20)
    strata = [
        {
            "id": f"S{k:02d}",
            "area_ha": 10_000.0,
            "carbon_tc_per_ha": {
                "above_ground": float(rng.uniform(80, 160)),
                "below_ground": float(rng.uniform(20, 40)),
                "dead_wood": 5.0,
                "litter": 2.0,
            },
            "post_deforestation_tc_per_ha": 4.0,
            "carbon_uncertainty_fraction": float(rng.uniform(0.05, 0.15)),
        }
        for k in range(STRATA)
    ]
    project = Project.model_validate(
        {
            "id": "MC-20x30",
            "name": "Monte Carlo bench",
            "crediting_period": {"start": f"{FIRST_YEAR}-01-01", "end": "2030-12-31"},
            "accounting": {"buffer": {"risk_rating_fraction": 0.1}},
            "strata": strata,
        }
    )
    years = range(FIRST_YEAR, FIRST_YEAR + YEARS)
    baseline = pd.DataFrame(
        [
            {"zone": z, "stratum_id": s["id"], "year": y, "area_ha": float(rng.uniform(5, 50))}
            for z in ("project_area", "leakage_belt")
            for s in strata
            for y in years
        ]
    )
    events = pd.DataFrame(
        [
            {
                "event_id": f"E{z[0]}{s['id']}{y}",
                "zone": z,
                "stratum_id": s["id"],
                "detected_on": pd.Timestamp(dt.date(y, 6, 30)),
                "area_ha": float(rng.uniform(1, 10)),
                "driver": "agriculture",
                "source": "bench",
            }
            for z in ("project_area", "leakage_belt")
            for s in strata
            for y in years
        ]
    )
    return project, {"baseline_exante": baseline, "deforestation_events": events}


def rows(project: object) -> pd.DataFrame:
    records = [
        {"input_id": f"stock_{s.id}", "quantity": "carbon_stock", "stratum_id": s.id,
         "pool": "*", "scale": "relative", "distribution": "truncated_normal",
         "half_width_95_fraction": s.carbon_uncertainty_fraction, "lower": 0.0}
        for s in project.strata  # type: ignore[attr-defined]
    ]  # fmt: skip
    records += [
        {"input_id": f"area_{z}_{y}", "quantity": "baseline_area", "zone": z, "stratum_id": "*",
         "year": y, "scale": "relative", "distribution": "lognormal", "sd": 0.1}
        for z in ("project_area", "leakage_belt")
        for y in range(FIRST_YEAR, FIRST_YEAR + YEARS)
    ]  # fmt: skip
    return pd.DataFrame(records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--draws", type=int, default=10_000)
    args = parser.parse_args(argv)
    timings: dict[str, float] = {}
    t = time.perf_counter()
    from redd_audit.methodology.deductions import RuleSettings, deduction_result
    from redd_audit.methodology.draw_statistics import series_statistics
    from redd_audit.methodology.engine import recompute
    from redd_audit.methodology.simulation import simulate
    from redd_audit.methodology.simulation_inputs import input_rows
    from redd_audit.methodology.simulation_model import simulation_model

    timings["imports"] = time.perf_counter() - t
    t = time.perf_counter()
    project, frames = project_and_frames()
    start, end = dt.date(FIRST_YEAR, 1, 1), dt.date(FIRST_YEAR + YEARS - 1, 12, 31)
    rc = recompute(project, frames, start, end)  # type: ignore[arg-type]
    model = simulation_model(project, frames, start, end, rc)  # type: ignore[arg-type]
    inputs = input_rows(rows(project))
    timings["setup"] = time.perf_counter() - t
    t = time.perf_counter()
    sim = simulate(inputs, model, seed=1, iterations=args.draws, chunk_draws=2000)
    timings["draw_and_propagate"] = time.perf_counter() - t
    t = time.perf_counter()
    for name, x in sim.series.items():
        series_statistics(name, x)
    gross = {k: v for k, v in sim.series.items() if k.startswith("gross_er_tco2e_1")}
    gross.update({k: v for k, v in sim.series.items() if k.startswith("gross_er_tco2e_2")})
    for rule, center, reference in (("art-trees", "mean", "mean"), ("fcpf", "median", "median")):
        settings = RuleSettings(rule, center, reference, 0.90, buffer_fraction=0.1)
        deduction_result(settings, gross, sim.series["gross_er_tco2e_period"])
    timings["statistics_and_rules"] = time.perf_counter() - t
    print(
        json.dumps(
            {
                "draws": args.draws,
                "inputs": len(inputs),
                "vintages": len(model.vintages),
                "cohorts": len(model.baseline) + len(model.monitored),
                "series": len(sim.series),
                "seconds": {k: round(v, 3) for k, v in timings.items()},
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
