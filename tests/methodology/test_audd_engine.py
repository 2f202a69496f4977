"""Contract section 8 through the engine: a fixed baseline (8.4), natural disturbance (8.5) and
immigrant leakage outside the belt (8.6) on a one-stratum project built here, with the
contract's hand tests; and the exit-2 cases of 8.10 the engine owns.

The project: stratum TF of 400 tCO2e/ha in one pool emitted at clearing (8.1's "all-pools
stock emitted at clearing"), post-deforestation 30 tCO2e/ha, project years from 07-01 labelled
by their end year, period 2019-07-01..2021-06-30 (vintages 2020 and 2021, both whole).
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from redd_audit.errors import InputError
from redd_audit.methodology.engine import recompute
from redd_audit.project import Project

D = dt.date
START, END = D(2019, 7, 1), D(2021, 6, 30)


def _project(**accounting) -> Project:
    acc = {
        "emission_schedule_years": {"above_ground": 1, "below_ground": 1, "dead_wood": 1,
                                    "litter": 1},
        "buffer": {"risk_rating_fraction": 0.1},
        "vintage_allocation": "project_year",
        "project_year_start": "07-01",
        "monitoring": {"annualize": "even"},
        **accounting,
    }  # fmt: skip
    return Project.model_validate(
        {
            "id": "AUDD-T",
            "crediting_period": {"start": "2019-07-01", "end": "2049-06-30"},
            "accounting": acc,
            "strata": [
                {
                    "id": "TF",
                    "area_ha": 100000,
                    "carbon_tco2e_per_ha": {"above_ground": 400.0},
                    "post_deforestation_tco2e_per_ha": 30.0,
                    "carbon_uncertainty_fraction": 0.05,
                }
            ],
        }
    )


def _events(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["event_id", "zone", "detected_on", "area_ha"])
    frame["stratum_id"] = "TF"
    frame["detected_on"] = pd.to_datetime(frame["detected_on"])
    frame["_row"] = range(2, len(frame) + 2)
    return frame


def _frames(**extra: pd.DataFrame) -> dict[str, pd.DataFrame]:
    exante = pd.DataFrame(
        {"zone": "project_area", "stratum_id": "TF", "year": [2020, 2021], "area_ha": 1000.0}
    )
    return {
        "baseline_exante": exante,
        "deforestation_events": _events(
            [
                ("D1", "project_area", "2021-06-30", 20.0),
                ("D2", "leakage_belt", "2021-06-30", 1000.0),
            ]
        ),
        **extra,
    }


FIXED = pd.DataFrame(
    {
        "zone": ["project_area", "project_area", "leakage_belt", "leakage_belt"],
        "vintage": [2020, 2021, 2020, 2021],
        "baseline_tco2e": [1_200_000.0, 1_100_000.0, 50_000.0, 600_000.0],
        "baseline_area_ha": [1000.0, 1000.0, 500.0, 500.0],
        "_row": [2, 3, 4, 5],
    }
)
IMMIGRANTS = {
    "enabled": True,
    "prop_imm_fraction": 0.2,
    "outside_belt_emission_tco2e_per_ha": 300.0,
}


def test_disturbance_emits_the_whole_stock_per_disturbed_hectare() -> None:
    disturbance = _events([("N1", "project_area", "2021-06-30", 5.0)])
    r = recompute(_project(), _frames(disturbance_events=disturbance), START, END)
    v20, v21 = r.vintages
    # 5 ha over two whole project years → 2.5 ha × 400 = 1,000 tCO2e per vintage
    assert v20.project_disturbance_tco2e == pytest.approx(1000.0, rel=1e-12)
    assert v21.project_disturbance_tco2e == pytest.approx(1000.0, rel=1e-12)
    # deforestation: 20 ha → 10 ha × 370 per vintage; the stock emission holds both
    assert v20.project_deforestation_tco2e == pytest.approx(3700.0, rel=1e-12)
    assert v20.project_stock_tco2e == pytest.approx(4700.0, rel=1e-12)
    assert r.totals["project_disturbance_tco2e"] == pytest.approx(2000.0, rel=1e-12)
    # the buffer base is ΔC_BSL − ΔC_P,stock (disturbance included): 370,000 − 4,700
    assert v20.buffer_base_tco2e == pytest.approx(1000 * 370.0 - 4700.0, rel=1e-12)
    assert r.notes == []


def test_disturbance_as_deforestation_would_emit_less() -> None:
    r = recompute(
        _project(),
        _frames(deforestation_events=_events([("D1", "project_area", "2021-06-30", 5.0)])),
        START,
        END,
    )
    assert r.vintages[0].project_stock_tco2e == pytest.approx(2.5 * 370, rel=1e-12)  # 925


def test_disturbance_checks() -> None:
    rows = _events(
        [
            ("N1", "project_area", "2021-06-30", 2500.0),  # above 2,000 ha of baseline
            ("N2", "leakage_belt", "2021-06-30", 5.0),
        ]
    )
    rows["delineated_area_ha"] = [2000.0, 5.0]
    r = recompute(_project(), _frames(disturbance_events=rows), START, END)
    severities = sorted((n.severity, n.column) for n in r.notes)
    # 1,250 ha a vintage: 1,250 > 1,000 ha (2020) and 2,500 > 2,000 ha (2021) cumulative
    assert severities == [
        ("error", "area_ha"),
        ("error", "area_ha"),
        ("error", "delineated_area_ha"),
        ("warning", "zone"),
    ]
    overlap = [n.message for n in r.notes if n.column == "area_ha"]
    assert "vintage 2020" in overlap[0] and "vintage 2021" in overlap[1]


def test_fixed_baseline_replaces_the_exante_cohorts() -> None:
    project = _project(baseline={"source": "fixed_table"}, uncertainty={"baseline_fraction": 0.04})
    r = recompute(project, _frames(baseline_emissions=FIXED), START, END)
    v20, v21 = r.vintages
    assert (v20.baseline_tco2e, v21.baseline_tco2e) == (1_200_000.0, 1_100_000.0)
    assert (v20.leakage_belt_baseline_tco2e, v21.leakage_belt_baseline_tco2e) == (
        50_000.0,
        600_000.0,
    )
    # belt: 1,000 ha → 500 ha × 370 = 185,000 per vintage; 2020 above 50,000, 2021 below
    assert v20.leakage_tco2e == pytest.approx(185_000 - 50_000, rel=1e-12)
    assert v21.leakage_tco2e == 0.0
    assert v20.baseline_area_ha == 1000.0
    assert r.uncertainty.baseline_fraction == 0.04


def test_fixed_baseline_is_pro_rated_by_the_year_fraction() -> None:
    project = _project(baseline={"source": "fixed_table"}, uncertainty={"baseline_fraction": 0.04})
    frames = _frames(baseline_emissions=FIXED, deforestation_events=_events([]))
    r = recompute(project, frames, D(2020, 1, 1), D(2020, 12, 31))
    v20, v21 = r.vintages
    assert v21.baseline_tco2e == pytest.approx(1_100_000 * 184 / 365, rel=1e-12)
    assert v20.baseline_tco2e == pytest.approx(1_200_000 * 182 / 366, rel=1e-12)
    assert any(n.severity == "info" and "partial" in n.message for n in r.notes)


def test_immigrant_leakage_hand_test() -> None:
    # A_BSL 1,000 ha; A_DefPA 10 ha and A_DefLB 500 ha per vintage (20 and 1,000 ha over two
    # whole project years): A_LK-IMM 200, A_LK-ACT-IMM 102, A_LK-OLB 98, 29,400 tCO2e
    project = _project(
        baseline={"source": "fixed_table"},
        uncertainty={"baseline_fraction": 0.04},
        leakage={"immigrants": IMMIGRANTS},
    )
    r = recompute(project, _frames(baseline_emissions=FIXED), START, END)
    v20, v21 = r.vintages
    terms = v20.immigrant_leakage
    assert terms is not None
    assert terms.immigrant_area_ha == pytest.approx(200.0)
    assert terms.captured_immigrant_area_ha == pytest.approx(102.0)
    assert terms.outside_belt_area_ha == pytest.approx(98.0)
    assert v20.leakage_asu_olb_tco2e == pytest.approx(29_400.0)
    assert v20.leakage_tco2e == pytest.approx(135_000.0 + 29_400.0)
    assert v21.leakage_asu_lb_tco2e == 0.0  # the belt's negative difference offsets nothing
    assert v21.leakage_tco2e == pytest.approx(29_400.0)
    assert r.totals["leakage_asu_olb_tco2e"] == pytest.approx(58_800.0)
    summary = v20.summary_dict()
    assert summary["immigrant_leakage"]["outside_belt_area_ha"] == pytest.approx(98.0)


def test_immigrant_leakage_belt_only_and_floor() -> None:
    belt_only = {**IMMIGRANTS, "actual_area": "belt_only"}
    project = _project(leakage={"immigrants": belt_only})
    r = recompute(project, _frames(), START, END)
    assert r.vintages[0].leakage_asu_olb_tco2e == pytest.approx(30_000.0)  # 100 ha × 300
    big_belt = _events([("D2", "leakage_belt", "2021-06-30", 2400.0)])  # 1,200 ha a vintage
    r = recompute(_project(leakage={"immigrants": IMMIGRANTS}),
                  _frames(deforestation_events=big_belt), START, END)  # fmt: skip
    assert r.vintages[0].immigrant_leakage.captured_immigrant_area_ha == pytest.approx(240.0)
    assert r.vintages[0].leakage_asu_olb_tco2e == 0.0
    assert [n.severity for n in r.notes] == ["info", "info"]
    no_floor = {**IMMIGRANTS, "floor_at_zero": False}
    r = recompute(_project(leakage={"immigrants": no_floor}),
                  _frames(deforestation_events=big_belt), START, END)  # fmt: skip
    assert r.vintages[0].leakage_asu_olb_tco2e == pytest.approx(-40.0 * 300)
    assert [n.severity for n in r.notes] == ["warning", "warning"]


def test_outside_belt_emission_given_in_carbon() -> None:
    carbon = {**IMMIGRANTS, "outside_belt_emission_tco2e_per_ha": None,
              "outside_belt_emission_tc_per_ha": 81.8182}  # fmt: skip
    r = recompute(_project(leakage={"immigrants": carbon}), _frames(), START, END)
    factor = r.vintages[0].immigrant_leakage.emission_tco2e_per_ha
    # 81.8182 × 44/12 = 300.000067 (contract 8.6 prints 300.0007: a slipped digit, since
    # 81.8182 × 11 / 3 = 900.0002 / 3)
    assert factor == pytest.approx(300.000067, abs=5e-7)


@pytest.mark.parametrize(
    ("frames", "settings", "words"),
    [
        ({}, {}, "missing or empty"),
        ({"baseline_emissions": FIXED[FIXED["vintage"] == 2020]}, {}, "no project_area row"),
        ({"baseline_emissions": FIXED[FIXED["zone"] == "project_area"]}, {}, "leakage_belt"),
        ({"baseline_emissions": pd.concat([FIXED, FIXED.iloc[:1]])}, {}, "duplicate"),
        ({"baseline_emissions": FIXED.assign(baseline_tco2e=-1.0)}, {}, "negative"),
        ({"baseline_emissions": FIXED}, {"uncertainty": {}}, "baseline_fraction"),
        (
            {"baseline_emissions": FIXED.drop(columns="baseline_area_ha")},
            {"leakage": {"immigrants": IMMIGRANTS}},
            "baseline_area_ha",
        ),
    ],
)
def test_fixed_baseline_refusals(frames: dict, settings: dict, words: str) -> None:
    accounting = {"baseline": {"source": "fixed_table"},
                  "uncertainty": {"baseline_fraction": 0.04}, **settings}  # fmt: skip
    with pytest.raises(InputError) as caught:
        recompute(_project(**accounting), _frames(**frames), START, END)
    assert words in str(caught.value)


def test_defaults_add_keys_without_changing_figures() -> None:
    r = recompute(_project(), _frames(), START, END)
    v = r.vintages[0]
    assert v.leakage_asu_lb_tco2e == v.leakage_tco2e and v.leakage_asu_olb_tco2e == 0.0
    assert v.project_deforestation_tco2e == v.project_stock_tco2e
    assert v.summary_dict()["immigrant_leakage"] is None


def test_summary_conventions() -> None:
    from redd_audit.methodology.audd import summary_conventions

    default = summary_conventions(Project.model_validate(
        {"id": "X", "crediting_period": {"start": "2010-01-01", "end": "2040-12-31"},
         "accounting": {"buffer": {"risk_rating_fraction": 0.1}},
         "strata": [{"id": "S", "area_ha": 1, "carbon_tc_per_ha": {"above_ground": 1}}]}
    ))  # fmt: skip
    assert default == {
        "vintage_allocation": "calendar_year",
        "project_year_start": "01-01",
        "project_year_label": "end_year",
        "annualize": "dated",
        "baseline_source": "exante_cohorts",
        "leakage_netting": "per_vintage",
        "immigrant_leakage": None,
    }
    audd = summary_conventions(_project(leakage={"immigrants": IMMIGRANTS}))
    assert audd["project_year_start"] == "07-01" and audd["annualize"] == "even"
    assert audd["immigrant_leakage"]["prop_imm_fraction"] == 0.2


def test_exante_table_is_optional_only_under_a_fixed_baseline() -> None:
    project = _project(baseline={"source": "fixed_table"}, uncertainty={"baseline_fraction": 0.04})
    frames = _frames(baseline_emissions=FIXED)
    del frames["baseline_exante"]
    r = recompute(project, frames, START, END)
    assert r.vintages[0].baseline_tco2e == 1_200_000.0
    with pytest.raises(InputError, match="baseline_exante"):
        recompute(_project(), {k: v for k, v in frames.items()}, START, END)
