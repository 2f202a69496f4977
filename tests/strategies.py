"""Hypothesis strategies shared by the property tests: small random projects and tables."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import strategies as st

from redd_audit.project import Project

CREDITING = (dt.date(2010, 1, 1), dt.date(2040, 12, 31))

fractions = st.floats(min_value=0.0, max_value=0.5, allow_nan=False)
stocks = st.floats(min_value=0.0, max_value=200.0, allow_nan=False)


@st.composite
def projects(draw, n_strata: int | None = None) -> Project:
    n = n_strata or draw(st.integers(min_value=1, max_value=3))
    strata = []
    for i in range(n):
        ag = draw(st.floats(min_value=10.0, max_value=200.0))
        strata.append(
            {
                "id": f"S{i}",
                "area_ha": 100000,
                "carbon_tc_per_ha": {
                    "above_ground": ag,
                    "below_ground": draw(stocks),
                    "dead_wood": draw(st.floats(min_value=0.0, max_value=30.0)),
                    "litter": draw(st.floats(min_value=0.0, max_value=10.0)),
                },
                "post_deforestation_tc_per_ha": draw(st.floats(min_value=0.0, max_value=9.0)),
                "carbon_uncertainty_fraction": draw(fractions),
                "fire": {"fuel_t_dm_per_ha": 150.0, "combustion_factor": 0.4},
            }
        )
    years = st.integers(min_value=1, max_value=12)
    return Project.model_validate(
        {
            "id": "PROP",
            "crediting_period": {"start": CREDITING[0], "end": CREDITING[1]},
            "accounting": {
                "emission_schedule_years": {
                    "above_ground": draw(years),
                    "below_ground": draw(years),
                    "dead_wood": draw(years),
                    "litter": draw(years),
                },
                "buffer": {"risk_rating_fraction": draw(st.floats(min_value=0.1, max_value=0.4))},
            },
            "strata": strata,
        }
    )


@st.composite
def periods(draw) -> tuple[dt.date, dt.date]:
    start = draw(st.dates(min_value=dt.date(2012, 1, 1), max_value=dt.date(2030, 12, 31)))
    length = draw(st.integers(min_value=0, max_value=5 * 366))
    end = min(start + dt.timedelta(days=length), CREDITING[1])
    return start, end


def baseline_frame(project: Project, area_ha: float, years: range) -> pd.DataFrame:
    rows = [
        {"zone": zone, "stratum_id": s.id, "year": y, "area_ha": area_ha}
        for zone in ("project_area", "leakage_belt")
        for s in project.strata
        for y in years
    ]
    frame = pd.DataFrame(rows)
    frame["year"] = frame["year"].astype("Int64")
    for c in ("zone", "stratum_id"):
        frame[c] = frame[c].astype("string")
    frame["_row"] = range(2, len(frame) + 2)
    return frame


@st.composite
def events(
    draw, project: Project, start: dt.date, end: dt.date, max_events: int = 30
) -> pd.DataFrame:
    n = draw(st.integers(min_value=0, max_value=max_events))
    rows = []
    for i in range(n):
        rows.append(
            {
                "event_id": f"E{i}",
                "zone": draw(st.sampled_from(["project_area", "leakage_belt"])),
                "stratum_id": draw(st.sampled_from(project.stratum_ids)),
                "detected_on": draw(st.dates(min_value=CREDITING[0], max_value=end)),
                "area_ha": draw(st.floats(min_value=0.01, max_value=500.0)),
                "driver": "agriculture",
                "source": "GLAD",
            }
        )
    return event_frame(rows)


def event_frame(rows: list[dict]) -> pd.DataFrame:
    columns = ["event_id", "zone", "stratum_id", "detected_on", "area_ha", "driver", "source"]
    frame = pd.DataFrame(rows, columns=columns)
    for c in ("event_id", "zone", "stratum_id", "driver", "source"):
        frame[c] = frame[c].astype("string")
    frame["detected_on"] = pd.to_datetime(frame["detected_on"])
    frame["area_ha"] = frame["area_ha"].astype(float)
    frame["_row"] = range(2, len(frame) + 2)
    return frame
