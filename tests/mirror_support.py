"""Small hand-made inputs shared by the per-module (mirrored) test files."""

from __future__ import annotations

import datetime as dt
from typing import Any

from redd_audit.methodology.figures import VintageFigures
from redd_audit.project import Project


def vintage_figures(vintage: int = 2021, **overrides: Any) -> VintageFigures:
    """A whole calendar-year vintage: baseline 1,000, project 100, leakage 50 → NER 850."""
    values: dict[str, Any] = {
        "vintage": vintage,
        "start": dt.date(vintage, 1, 1),
        "end": dt.date(vintage, 12, 31),
        "days": 365,
        "year_fraction": 1.0,
        "baseline_tco2e": 1000.0,
        "project_stock_tco2e": 90.0,
        "project_fire_tco2e": 10.0,
        "project_tco2e": 100.0,
        "leakage_belt_tco2e": 0.0,
        "leakage_belt_baseline_tco2e": 0.0,
        "leakage_tco2e": 50.0,
        "ner_tco2e": 850.0,
        "adjusted_ner_tco2e": 850.0,
        "buffer_base_tco2e": 850.0,
        "buffer_tco2e": 85.0,
        "vcus": 765,
        "reversal": False,
    }
    values.update(overrides)
    return VintageFigures(**values)


def project_dict(**overrides: Any) -> dict[str, Any]:
    """A valid one-stratum project.yaml as a dict (121 / 30 / 10 / 0 tC/ha, post 5)."""
    data: dict[str, Any] = {
        "id": "PROP",
        "crediting_period": {"start": dt.date(2010, 1, 1), "end": dt.date(2040, 12, 31)},
        "accounting": {
            "emission_schedule_years": {
                "above_ground": 1,
                "below_ground": 10,
                "dead_wood": 1,
                "litter": 1,
            },
            "buffer": {"risk_rating_fraction": 0.1},
        },
        "strata": [
            {
                "id": "S1",
                "area_ha": 1000,
                "carbon_tc_per_ha": {
                    "above_ground": 121.0,
                    "below_ground": 30.0,
                    "dead_wood": 10.0,
                    "litter": 0.0,
                },
                "post_deforestation_tc_per_ha": 5.0,
                "carbon_uncertainty_fraction": 0.1,
                "fire": {"fuel_t_dm_per_ha": 150.0, "combustion_factor": 0.4},
            }
        ],
    }
    data.update(overrides)
    return data


def project(**overrides: Any) -> Project:
    return Project.model_validate(project_dict(**overrides))
