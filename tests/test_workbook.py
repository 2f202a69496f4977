"""The verifier workbook: recalculated by LibreOffice it reproduces the engine, it is
byte-reproducible, input text never becomes a formula, names and structure are stable, long
tables go to companion evidence files, and the data-quality workbook holds no emission figure.

The project below is hand-made: two strata, fires, a leakage belt, a partial first vintage
(2019-07-01..2020-12-31, 184/365 of 2019), claimed figures with one material difference,
ex-ante estimates, accuracy samples and inventory plots/trees. Expected numbers come from
``redd_audit.methodology.engine.recompute`` on the same tables; the workbook must reproduce them
through its own formulas to 1e-9 relative (LibreOffice stores 15 significant digits).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.utils import FORMULAE

from redd_audit import parameters
from redd_audit.findings import Finding
from redd_audit.ledger import build_ledger
from redd_audit.methodology.engine import Recomputation, recompute
from redd_audit.project import Project
from redd_audit.workbook.build import build_quality_workbook, build_verification_workbook
from redd_audit.workbook.context import InputRecord, WorkbookContext
from redd_audit.workbook.csv_safe import neutralise
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets import data_inputs as data_sheets
from redd_audit.workbook.writer import write_workbook
from tests.recalc import recalculate, recalculate_many, require_soffice

START, END = dt.date(2019, 7, 1), dt.date(2020, 12, 31)
REL = 1e-9
INJECTIONS = ('=HYPERLINK("http://x")', "+1", "@SUM(A1)", "-2+3")

CONTRACT_NAMES = (
    "Total_Baseline_tCO2e",
    "Total_Project_tCO2e",
    "Total_Leakage_tCO2e",
    "Total_NER_tCO2e",
    "NER_Error_Fraction",
    "Deduction_Factor",
    "Total_Adjusted_NER_tCO2e",
    "Total_Buffer_tCO2e",
    "Total_VCUs",
)
CONTRACT_TOTALS = {
    "Total_Baseline_tCO2e": "baseline_tco2e",
    "Total_Project_tCO2e": "project_tco2e",
    "Total_Leakage_tCO2e": "leakage_tco2e",
    "Total_NER_tCO2e": "ner_tco2e",
    "NER_Error_Fraction": "ner_error_fraction",
    "Deduction_Factor": "deduction_factor",
    "Total_Adjusted_NER_tCO2e": "adjusted_ner_tco2e",
    "Total_Buffer_tCO2e": "buffer_tco2e",
    "Total_VCUs": "vcus",
    "Total_Project_Stock_tCO2e": "project_stock_tco2e",
    "Total_Project_Fire_tCO2e": "project_fire_tco2e",
}
VINTAGE_COLUMNS = (
    "vintage",
    "start",
    "end",
    "days",
    "days_in_year",
    "year_fraction",
    "baseline_tco2e",
    "project_stock_tco2e",
    "project_fire_tco2e",
    "project_tco2e",
    "leakage_belt_tco2e",
    "leakage_belt_baseline_tco2e",
    "leakage_tco2e",
    "ner_tco2e",
    "adjusted_ner_tco2e",
    "uncertainty_deduction",
    "buffer_base_tco2e",
    "buffer_tco2e",
    "vcus",
    "rounding_residue",
    "reversal",
)

# --------------------------------------------------------------------------------------------
# a hand-made project


def project_dict(**accounting: object) -> dict[str, object]:
    acc: dict[str, object] = {
        "emission_schedule_years": {
            "above_ground": 1,
            "below_ground": 10,
            "dead_wood": 3,
            "litter": 1,
        },
        "gwp": {"ch4": 25, "n2o": 298},
        "fire_emission_factors_g_per_kg": {"ch4": 6.8, "n2o": 0.2},
        "uncertainty": {"allowable_fraction": 0.15},
        "buffer": {"risk_rating_fraction": 0.15},
    }
    acc.update(accounting)
    return {
        "id": "TEST-1",
        "name": "Test project",
        "proponent": "Proponent SAC",
        "verifier": "Verifier",
        "standards": ["VCS", "CCB"],
        "methodology": {
            "id": "VM0007",
            "version": "1.6",
            "modules": {"BL-UP": "3.1", "LK-ASU": "1.0", "M-MON": "2.1", "X-UNC": "2.0"},
        },
        "crediting_period": {"start": "2010-01-01", "end": "2040-12-31"},
        "materiality_fraction": 0.01,
        "accounting": acc,
        "strata": [
            {
                "id": "TF",
                "name": "Terra firme",
                "area_ha": 250000,
                "carbon_tc_per_ha": {
                    "above_ground": 121,
                    "below_ground": 30,
                    "dead_wood": 10,
                    "litter": 2,
                },
                "post_deforestation_tc_per_ha": 5,
                "carbon_uncertainty_fraction": 0.08,
                "fire": {"fuel_t_dm_per_ha": 200, "combustion_factor": 0.5},
            },
            {
                "id": "VF",
                "name": "Varzea",
                "area_ha": 50000,
                "carbon_tc_per_ha": {"above_ground": 95, "below_ground": 25},
                "post_deforestation_tc_per_ha": 3,
                "carbon_uncertainty_fraction": 0.12,
                "fire": {"fuel_t_dm_per_ha": 150, "combustion_factor": 0.4},
            },
        ],
    }


def make_project(
    uncertainty_tf: float | None = None, rules: dict | None = None, **acc: object
) -> Project:
    data = project_dict(**acc)
    if uncertainty_tf is not None:
        data["strata"][0]["carbon_uncertainty_fraction"] = uncertainty_tf  # type: ignore[index]
    if rules:
        data["accounting"]["rules"] = rules  # type: ignore[index]
    return Project.model_validate(data)


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


@dataclass
class LoadedTable:
    name: str
    file: str
    frame: pd.DataFrame


def _claim(project: Project, frames: dict[str, pd.DataFrame], start: dt.date, end: dt.date) -> None:
    """The proponent's claims: the recomputed figures, with the 2019 baseline 5 % too high
    (material at 1 %) and the leakage 0.1 % off (not material)."""
    if "claimed_vintages" not in frames:
        return
    figures = recompute(project, frames, start, end).vintages
    claimed = frames["claimed_vintages"]
    for i, f in enumerate(figures):
        row = claimed.index[claimed["vintage"] == f.vintage][0]
        claimed.loc[row, "baseline_tco2e"] = f.baseline_tco2e * (1.05 if i == 0 else 1.0)
        claimed.loc[row, "project_tco2e"] = f.project_tco2e
        claimed.loc[row, "leakage_tco2e"] = f.leakage_tco2e * 1.001
        claimed.loc[row, "buffer_tco2e"] = f.buffer_tco2e
        claimed.loc[row, "vcus"] = float(f.vcus)


def make_context(
    project: Project | None = None,
    frames: dict[str, pd.DataFrame] | None = None,
    *,
    status: str = "passed",
    findings: list[Finding] | None = None,
    previous_summary: dict | None = None,
    start: dt.date = START,
    end: dt.date = END,
) -> WorkbookContext:
    project = project or make_project()
    frames = frames if frames is not None else make_frames()
    if status == "passed":
        _claim(project, frames, start, end)
    rc = recompute(project, frames, start, end) if status == "passed" else None
    tables = [LoadedTable(n, f"{n}.csv", f) for n, f in frames.items()]
    return WorkbookContext(
        project=project,
        start=start,
        end=end,
        status=status,  # type: ignore[arg-type]
        recomputation=rc,
        findings=list(findings or []),
        ledger=build_ledger(tables, project, start, end, {}),
        inputs=[
            InputRecord(n, f"{n}.csv", hashlib.sha256(n.encode()).hexdigest(), len(f), 100 * len(f))
            for n, f in frames.items()
        ],
        frames=frames,
        software={
            "redd-audit": "0.1.0",
            "python": "3.11",
            "openpyxl": "3.1.5",
            "pandas": pd.__version__,
        },
        rule_set={"id": project.accounting.rules.id, **project.accounting.rules.model_dump()},
        parameters_version=parameters.version(),
        run_id="run-0123456789abcdef",
        previous_summary=previous_summary,
    )


# --------------------------------------------------------------------------------------------
# reading back


def name_cell(wb, name: str):  # type: ignore[no-untyped-def]
    defined = wb.defined_names[name]
    ((sheet, ref),) = list(defined.destinations)
    return wb[sheet][ref.replace("$", "").split(":")[0]]


def close(got: object, expected: object, rel: float = REL, abs_tol: float = 1e-9) -> bool:
    if isinstance(expected, bool) or isinstance(got, bool):
        return bool(got) == bool(expected)
    if expected is None or got is None:
        return got is None and expected is None
    g, e = float(got), float(expected)  # type: ignore[arg-type]
    return abs(g - e) <= max(rel * max(abs(g), abs(e)), abs_tol)


def assert_matches_engine(recalculated: Path, rc: Recomputation) -> None:
    """Every contract name, every Vintages row and every reconciliation line equal the engine."""
    wb = load_workbook(recalculated, data_only=True)
    problems = []
    for name, key in CONTRACT_TOTALS.items():
        got = name_cell(wb, name).value
        if not close(got, rc.totals[key]):
            problems.append(f"{name}: workbook {got!r} engine {rc.totals[key]!r}")
    ws = wb["Vintages"]
    for i, f in enumerate(rc.vintages):
        row = {c: ws.cell(5 + i, j + 1).value for j, c in enumerate(VINTAGE_COLUMNS)}
        assert row["start"].date() == f.start and row["end"].date() == f.end
        expected = {
            "vintage": f.vintage,
            "days": f.days,
            "days_in_year": 366 if f.vintage % 4 == 0 else 365,
            "year_fraction": f.year_fraction,
            "baseline_tco2e": f.baseline_tco2e,
            "project_stock_tco2e": f.project_stock_tco2e,
            "project_fire_tco2e": f.project_fire_tco2e,
            "project_tco2e": f.project_tco2e,
            "leakage_belt_tco2e": f.leakage_belt_tco2e,
            "leakage_belt_baseline_tco2e": f.leakage_belt_baseline_tco2e,
            "leakage_tco2e": f.leakage_tco2e,
            "ner_tco2e": f.ner_tco2e,
            "adjusted_ner_tco2e": f.adjusted_ner_tco2e,
            "buffer_base_tco2e": f.buffer_base_tco2e,
            "buffer_tco2e": f.buffer_tco2e,
            "vcus": f.vcus,
            "reversal": f.reversal,
        }
        for key, value in expected.items():
            if not close(row[key], value):
                problems.append(
                    f"vintage {f.vintage} {key}: workbook {row[key]!r} engine {value!r}"
                )
    rec = wb["Reconciliation"]
    lines = [
        r for r in rec.iter_rows(min_row=5, max_col=7, values_only=True) if isinstance(r[0], int)
    ]
    assert len(lines) == len(rc.reconciliation)
    for got, line in zip(lines, rc.reconciliation, strict=True):
        assert got[0] == line.vintage and got[1] == line.quantity
        for value, expected in ((got[3], line.recomputed), (got[4], line.difference)):
            if not close(value, expected):
                problems.append(
                    f"reconciliation {line.vintage} {line.quantity}: {value!r} != {expected!r}"
                )
        fraction = None if got[5] == "" else got[5]
        if not close(fraction, line.difference_fraction):
            problems.append(f"reconciliation fraction {line}: {got[5]!r}")
        if bool(got[6]) != line.material:
            problems.append(f"reconciliation material {line}: {got[6]!r}")
    assert not problems, "\n".join(problems)


def write(ctx: WorkbookContext, path: Path, **kwargs: object) -> Path:
    spec = build_verification_workbook(ctx, **kwargs)  # type: ignore[arg-type]
    write_workbook(spec, path)
    return path


# --------------------------------------------------------------------------------------------
# fixtures


@pytest.fixture(scope="module")
def main_ctx() -> WorkbookContext:
    return make_context()


@pytest.fixture(scope="module")
def main_file(main_ctx: WorkbookContext, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(
        main_ctx, tmp_path_factory.mktemp("wb") / "TEST-1_2019-07-01_2020-12-31_verification.xlsx"
    )


@pytest.fixture(scope="module")
def main_recalculated(main_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    require_soffice()
    return recalculate(main_file, tmp_path_factory.mktemp("recalc"))


# --------------------------------------------------------------------------------------------
# (a) recalculation


@pytest.mark.slow
def test_recalculated_workbook_reproduces_the_engine(
    main_ctx: WorkbookContext, main_recalculated: Path
) -> None:
    rc = main_ctx.recomputation
    assert rc is not None
    # the case covers what it should: a partial first vintage, leakage, fires, a material claim
    assert rc.vintages[0].days == 184 and rc.vintages[0].year_fraction < 1
    assert any(f.leakage_tco2e > 0 for f in rc.vintages) and any(
        f.leakage_tco2e == 0 for f in rc.vintages
    )
    assert rc.totals["project_fire_tco2e"] > 0
    assert sum(line.material for line in rc.reconciliation) == 1
    assert_matches_engine(main_recalculated, rc)


@pytest.mark.slow
def test_recalculated_inventory_accuracy_and_exante_match_the_engine(
    main_ctx: WorkbookContext, main_recalculated: Path
) -> None:
    rc = main_ctx.recomputation
    assert rc is not None and rc.inventory is not None and rc.accuracy is not None
    wb = load_workbook(main_recalculated, data_only=True)
    strata = wb["Strata"]
    rows = {r[0]: r for r in strata.iter_rows(min_row=11, max_row=12, values_only=True)}
    for s in rc.inventory.strata.itertuples(index=False):
        got = rows[s.stratum_id]
        for value, expected in (
            (got[1], s.n_plots),
            (got[2], s.above_ground_tc_per_ha),
            (got[3], s.below_ground_tc_per_ha),
            (got[4], s.tree_carbon_tc_per_ha),
            (got[5], s.sd_tc_per_ha),
            (got[7], s.t_975),  # LibreOffice TINV against scipy: agree to ~1e-13
            (got[9], s.uncertainty_fraction),
        ):
            assert close(value, expected), (s.stratum_id, value, expected)
    acc = wb["Accuracy assessment"]
    assert close(name_cell(wb, "Overall_Accuracy_Fraction").value, rc.accuracy.overall_accuracy)
    table = rc.accuracy.class_table().set_index("class")
    per_class = {
        r[0]: r
        for r in acc.iter_rows(values_only=True)
        if r[0] in table.index and isinstance(r[1], float)
    }
    for cls, row in table.iterrows():
        got = per_class[cls]
        assert close(got[1], row["users_accuracy_fraction"])
        assert close(got[3], row["users_accuracy_ci95"])
        assert close(got[4], row["producers_accuracy_fraction"])
        assert close(got[6], row["producers_accuracy_ci95"])
        assert close(got[7], row["area_proportion_fraction"])
        assert close(got[8], row["area_proportion_ci95"])
    exante = wb["Ex-ante vs achieved"]
    got_rows = [r for r in exante.iter_rows(min_row=5, values_only=True) if isinstance(r[0], int)]
    assert rc.exante_comparison is not None and len(got_rows) == len(rc.exante_comparison)
    for got, row in zip(got_rows, rc.exante_comparison.itertuples(index=False), strict=True):
        assert close(got[9], row.exante_net_tco2e)
        assert close(got[14], row.difference_fraction)
    # no error value anywhere
    for ws in wb:
        for r in ws.iter_rows(values_only=True):
            assert not any(
                isinstance(v, str) and v.startswith("#") and v.endswith(("!", "?", "A")) for v in r
            ), ws.title


SCENARIOS = {
    # X-UNC deduction applies: NER_ERROR above the allowable 15 %
    "deduction": lambda: (make_project(uncertainty_tf=0.6), make_frames()),
    # a reversal vintage: monitored project-area deforestation far above the baseline in 2020
    "reversal": lambda: (make_project(), make_frames(pa_2020=25.0)),
    # a reversal caused by leakage while the deduction applies, with the factor applied to it
    "reversal_apply_factor": lambda: (
        make_project(uncertainty_tf=0.5, rules={"reversal_deduction": "apply_factor"}),
        make_frames(lb_2020=10.0),
    ),
    # given uncertainty fractions, leakage netted once per period, other rule options
    "given_per_period": lambda: (
        make_project(
            uncertainty={
                "allowable_fraction": 0.1,
                "baseline_fraction": 0.2,
                "project_fraction": 0.3,
            },
            rules={
                "leakage_netting": "per_period",
                "buffer_base": "adjusted_stock_change",
                "uncertainty_project_weights": "stock_emissions",
            },
        ),
        make_frames(),
    ),
    # the accounting uses the inventory stocks (Chave 2014 trees -> plots -> strata, TINV)
    "inventory_stocks": lambda: (make_project(carbon_stock_source="inventory"), make_frames()),
}


def odd_ids(frames: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Stratum ids "1" and "A-1 b" instead of TF and VF."""
    mapping = {"TF": "1", "VF": "A-1 b"}
    for frame in frames.values():
        if "stratum_id" in frame.columns:
            frame["stratum_id"] = (
                frame["stratum_id"].map(lambda v: mapping.get(v, v)).astype("string")
            )
    return frames


def odd_project() -> Project:
    data = project_dict()
    data["strata"][0]["id"], data["strata"][1]["id"] = "1", "A-1 b"  # type: ignore[index]
    return Project.model_validate(data)


@pytest.mark.slow
def test_scenarios_recalculate_to_the_engine(tmp_path: Path) -> None:
    require_soffice()
    contexts, paths = {}, []
    # one short vintage inside a leap year, stratum ids that are not names
    ctx = make_context(
        odd_project(), odd_ids(make_frames()), start=dt.date(2020, 2, 10), end=dt.date(2020, 3, 9)
    )
    contexts["short_period_odd_ids"] = ctx
    paths.append(write(ctx, tmp_path / "short.xlsx"))
    for name, make in SCENARIOS.items():
        project, frames = make()
        ctx = make_context(project, frames)
        contexts[name] = ctx
        paths.append(write(ctx, tmp_path / f"{name}.xlsx"))
    rcs = {n: c.recomputation for n, c in contexts.items()}
    # each scenario exercises its rule
    assert rcs["deduction"].totals["deduction_factor"] < 1
    assert any(f.reversal for f in rcs["reversal"].vintages)
    assert any(f.vcus > 0 for f in rcs["reversal"].vintages)
    rev = [f for f in rcs["reversal_apply_factor"].vintages if f.reversal]
    assert rev and rev[0].adjusted_ner_tco2e != rev[0].ner_tco2e
    assert rcs["given_per_period"].uncertainty.baseline_fraction_source == "given"
    assert all(f.leakage_tco2e > 0 for f in rcs["given_per_period"].vintages)
    assert rcs["inventory_stocks"].stocks["stock_source"].eq("inventory").all()
    for path, (name, rc) in zip(
        recalculate_many(paths, tmp_path / "recalc"), rcs.items(), strict=True
    ):
        assert rc is not None
        try:
            assert_matches_engine(path, rc)
        except AssertionError as exc:
            raise AssertionError(f"scenario {name}: {exc}") from None


# --------------------------------------------------------------------------------------------
# (b) determinism


def test_two_writes_are_byte_identical(
    main_ctx: WorkbookContext, main_file: Path, tmp_path: Path
) -> None:
    again = write(main_ctx, tmp_path / main_file.name)
    assert (
        hashlib.sha256(again.read_bytes()).digest()
        == hashlib.sha256(main_file.read_bytes()).digest()
    )


@pytest.mark.slow
def test_bytes_do_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    script = (
        "import sys; sys.path.insert(0, sys.argv[2]);"
        "from pathlib import Path; import tests.test_workbook as t;"
        "t.write(t.make_context(), Path(sys.argv[1]))"
    )
    digests = set()
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}.xlsx"
        subprocess.run(
            [sys.executable, "-c", script, str(out), str(Path(__file__).parents[1])],
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"},
            timeout=300,
        )
        digests.add(hashlib.sha256(out.read_bytes()).hexdigest())
    assert len(digests) == 1


def test_document_properties_come_from_the_run(main_file: Path) -> None:
    wb = load_workbook(main_file)
    assert wb.properties.creator == "redd-audit"
    assert wb.properties.created == dt.datetime(2020, 12, 31)
    assert wb.properties.modified == dt.datetime(2020, 12, 31)
    custom = {p.name: p.value for p in wb.custom_doc_props.props}
    assert custom["RunId"] == "run-0123456789abcdef"
    assert custom["ProjectId"] == "TEST-1"
    assert (custom["PeriodStart"], custom["PeriodEnd"]) == ("2019-07-01", "2020-12-31")


# --------------------------------------------------------------------------------------------
# (c) injection


def test_input_text_is_stored_as_text_never_as_formula(main_file: Path) -> None:
    wb = load_workbook(main_file)
    found: dict[str, int] = dict.fromkeys(INJECTIONS, 0)
    for sheet in ("Events", "CCB indicators"):
        for row in wb[sheet].iter_rows():
            for cell in row:
                if cell.value in found:
                    assert cell.data_type == "s", (sheet, cell.coordinate, cell.data_type)
                    assert cell.quotePrefix, (sheet, cell.coordinate)
                    found[cell.value] += 1  # type: ignore[index]
    assert all(n >= 2 for n in found.values()), found  # each in Events and in CCB indicators


def test_writer_never_turns_a_str_into_a_formula(tmp_path: Path) -> None:
    from redd_audit.workbook.model import Cell, DocProperties, SheetSpec, WorkbookSpec

    texts = [*INJECTIONS, "\tx", "\r=1", "=1+1", "bad\x01char"]
    spec = WorkbookSpec(
        kind="quality",
        sheets=[
            SheetSpec(
                "S", rows=[[Cell(t, "input") for t in texts], [Cell(Formula("=1+1"), "formula")]]
            )
        ],
        names=[],
        properties=DocProperties("t", "s", dt.datetime(2020, 1, 1)),
    )
    write_workbook(spec, tmp_path / "s.xlsx")
    ws = load_workbook(tmp_path / "s.xlsx")["S"]
    row = [c for c in ws[1]]
    assert [c.data_type for c in row] == ["s"] * len(texts)
    assert [c.value for c in row[:-1]] == texts[:-1]
    assert row[-1].value == "bad\\x01char"
    assert ws["A2"].data_type == "f"


# --------------------------------------------------------------------------------------------
# (d) contract names, (e) structure


def test_contract_names_are_workbook_scope_formulas(main_file: Path) -> None:
    wb = load_workbook(main_file)
    for sheet in wb.worksheets:
        assert not sheet.defined_names, f"sheet-scope names on {sheet.title}"
    for name in CONTRACT_NAMES:
        assert name in wb.defined_names, name
        cell = name_cell(wb, name)
        assert isinstance(cell.value, str) and cell.value.startswith("="), (name, cell.value)
        assert cell.data_type == "f"


EXPECTED_SHEETS = [
    "README",
    "Provenance",
    "Parameters",
    "Strata",
    "Emission schedule",
    "Activity data",
    "Accuracy assessment",
    "Accuracy by class",
    "Baseline",
    "Project emissions",
    "Leakage",
    "Uncertainty",
    "Buffer",
    "Vintages",
    "Ex-ante vs achieved",
    "Reconciliation",
    "Period materiality",
    "Cumulative position",
    "Revisions",
    "Findings",
    "Evidence sample",
    "Plots to remeasure",
    "Accuracy re-check",
    "Equations",
    "Data quality",
    "CCB indicators",
    "Change log",
    "Ex-ante baseline",
    "Events",
    "Fires",
    "Plots",
    "Trees",
    "Accuracy samples",
]

EXPECTED_NAMES = {
    *CONTRACT_NAMES,
    # other totals and key cells
    *[
        "Total_Project_Stock_tCO2e",
        "Total_Project_Fire_tCO2e",
        "Period_Years",
        "Project_Area_ha",
        "U_BSL",
        "U_BSL_Propagated",
        "U_WPS",
        "U_WPS_Propagated",
        "Overall_Accuracy_Fraction",
        "Change_Class",
        "Change_Class_Adjusted_CI95",
        "Change_Class_Adjusted_Proportion",
        "Change_Class_Biased",
        "Change_Class_Mapped_Proportion",
        "Findings_Closed",
        "Findings_Open",
        "Ready_For_Opinion",
        "Schedule_Ages",
        "Schedule_TF",
        "Schedule_VF",
    ],
    # per stratum
    *(
        f"{p}_{s}"
        for p in ("AG", "BG", "DW", "LI", "Cpost", "U", "Fuel", "COMF")
        for s in ("TF", "VF")
    ),
    # parameters.yaml
    *[
        "CO2_per_C",
        "t_gas_per_g_per_kg",
        "chave2014_height_coefficient",
        "chave2014_height_exponent",
        "chave2014_noheight_intercept",
        "chave2014_noheight_e_coefficient",
        "chave2014_noheight_density_coefficient",
        "chave2014_noheight_lnd_coefficient",
        "chave2014_noheight_lnd2_coefficient",
        "mokany2006_coefficient",
        "mokany2006_exponent",
        "kg_per_t",
        "m2_per_ha",
        "ci_two_sided_alpha",
        "z_95",
    ],
    # project settings and rule set
    *[
        "Period_Start",
        "Period_End",
        "Crediting_Start",
        "Crediting_End",
        "N_AG",
        "N_BG",
        "N_DW",
        "N_LI",
        "GWP_CH4",
        "GWP_N2O",
        "GWP_Set",
        "G_CH4_g_per_kg",
        "G_N2O_g_per_kg",
        "Fire_EF_tCO2e_per_t_dm",
        "Allowable_Uncertainty_Fraction",
        "Given_Baseline_Uncertainty_Fraction",
        "Given_Project_Uncertainty_Fraction",
        "Risk_Rating_Fraction",
        "Materiality_Fraction",
        "VCU_Rounding_Guard_Decimals",
        "Rule_Set_Id",
        "Leakage_Netting",
        "Buffer_Base",
        "Uncertainty_Project_Weights",
        "Reversal_Deduction",
        "Carbon_Stock_Source",
        "Vintage_Allocation",
        "Carbon_Fraction",
        "Below_Ground_Method",
        "Root_to_Shoot_Ratio",
        "Environmental_Stress_E",
        "Target_Precision_Fraction",
        "Min_Overall_Accuracy_Fraction",
        "Min_Samples_Per_Class",
    ],
    # data columns
    *[
        "Exb_Zone",
        "Exb_Stratum",
        "Exb_Year",
        "Exb_Area_ha",
        "Exb_Refused",
        "Ev_Zone",
        "Ev_Stratum",
        "Ev_Area_ha",
        "Ev_Year",
        "Ev_Accounted",
        "Ev_In_Period",
        "Fire_Stratum",
        "Fire_Area_ha",
        "Fire_Year",
        "Fire_Counts",
        "Tree_Plot",
        "Tree_Status",
        "Tree_Refused",
        "Tree_AGB_kg",
        "Plot_Stratum",
        "Plot_AG_tC_per_ha",
        "Plot_BG_tC_per_ha",
        "Plot_Tree_tC_per_ha",
        "Plot_Included",
        "Acc_Map",
        "Acc_Ref",
        "Acc_Weight",
        "Acc_Included",
    ],
}


def test_structure_snapshot(main_file: Path) -> None:
    wb = load_workbook(main_file)
    assert wb.sheetnames == EXPECTED_SHEETS
    assert set(wb.defined_names) == EXPECTED_NAMES


def test_formulas_use_known_functions_and_hide_no_numbers(main_file: Path) -> None:
    """Only 0 and 1 appear as numeric literals; every function is in openpyxl's FORMULAE."""
    wb = load_workbook(main_file)
    literals, unknown, count = set(), set(), 0
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                count += 1
                for token in Tokenizer(cell.value).items:
                    if (
                        token.type == Token.OPERAND
                        and token.subtype == Token.NUMBER
                        and token.value not in ("0", "1")
                    ):
                        literals.add((ws.title, cell.coordinate, cell.value))
                    is_function = token.type == Token.FUNC and token.subtype == Token.OPEN
                    if is_function and token.value[:-1] not in FORMULAE:
                        unknown.add(token.value[:-1])
    assert count > 500
    assert not literals, sorted(literals)[:5]
    assert not unknown


def test_presentation(main_file: Path) -> None:
    wb = load_workbook(main_file)
    params = wb["Parameters"]
    value = name_cell(wb, "Risk_Rating_Fraction")
    assert value.font.color.rgb.endswith("0000FF") and value.fill.fgColor.rgb.endswith("FFF2CC")
    assert value.protection.locked is False
    assert value.number_format == "0.00%"
    total = name_cell(wb, "Total_NER_tCO2e")
    # the Vintages table is the monitoring report's: whole tonnes (issue 12); cells keep decimals
    assert total.number_format == "#,##0" and total.protection.locked is not False
    assert not total.font.color or total.font.color.rgb.endswith("000000")
    link = wb["Vintages"]["G5"]
    assert link.font.color.rgb.endswith("008000")
    for name in ("Vintages", "Baseline", "Uncertainty", "Strata", "Parameters", "Events"):
        ws = wb[name]
        assert ws.protection.sheet and not ws.protection.password, name
        assert (
            ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
        )
        assert ws.print_title_rows
    assert wb["Vintages"].freeze_panes == "B5"
    assert wb["Events"].freeze_panes == "A10"  # below the row-ledger count block
    assert not wb["README"].protection.sheet
    assert params.column_dimensions["A"].width >= 30
    readme = " ".join(str(c.value) for row in wb["README"].iter_rows() for c in row if c.value)
    assert "Review > Unprotect Sheet, no password" in readme
    assert "days / days_in_year" in readme
    assert len(wb["Vintages"]._charts) == 2 and len(wb["Activity data"]._charts) == 1


LEDGER_STATUSES = ("used", "excluded", "refused")


def test_events_drive_activity_data_by_formulas(main_file: Path) -> None:
    wb = load_workbook(main_file)
    ws = wb["Activity data"]
    assert ws["E5"].value.startswith("=SUMIFS(Ev_Area_ha,")
    events = wb["Events"]  # data from row 10 (below the row-ledger count block)
    assert events["J9"].value == "Row ledger: status" and events["J10"].value in LEDGER_STATUSES
    assert events["L10"].value == '=IF(B10="",0,YEAR(E10))'
    assert "Crediting_Start" in events["M10"].value and "Period_Start" in events["N10"].value
    schedule = wb["Emission schedule"]
    assert schedule["D6"].value.startswith("=CO2_per_C*(IF(D$5<N_AG,AG_TF/N_AG,0)")
    assert "INDEX(Schedule_TF," in wb["Baseline"]["E6"].value
    assert wb["Trees"]["M10"].value.startswith(
        '=IF(B10="",0,IF(AND(H10="alive",I10=0),IF(ISNUMBER(E10),chave2014_height_coefficient'
    )


def test_build_modules_do_not_import_openpyxl() -> None:
    folder = Path(__file__).parents[1] / "redd_audit" / "workbook"
    importing = sorted(
        p.name
        for p in folder.rglob("*.py")
        if re.search(r"^\s*(from|import) openpyxl", p.read_text(), re.M)
    )
    assert importing == ["writer.py"]


# --------------------------------------------------------------------------------------------
# (f) companion evidence files


@pytest.mark.slow
@pytest.mark.parametrize("limit", [5, 10])
def test_long_tables_go_to_companion_files(
    limit: int, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    require_soffice()
    monkeypatch.setattr(data_sheets, "SHEET_ROW_LIMIT", limit)
    ctx = make_context()
    spec = build_verification_workbook(ctx)
    evidence = tmp_path / "evidence"
    path = tmp_path / "wb.xlsx"
    written = write_workbook(spec, path, evidence_dir=evidence)
    expected_tables = {
        t
        for t, f in ctx.frames.items()
        if t
        in {
            "deforestation_events",
            "fire_events",
            "inventory_trees",
            "inventory_plots",
            "accuracy_samples",
        }
        and len(f) > limit
    }
    assert {c.table for c in spec.companions} == expected_tables
    assert sorted(p.name for p in written) == sorted(
        f"TEST-1_2019-07-01_2020-12-31_{t}.csv" for t in expected_tables
    )
    provenance = " ".join(
        str(c.value)
        for row in load_workbook(path)["Provenance"].iter_rows()
        for c in row
        if c.value
    )
    for p in written:
        content = p.read_bytes()
        assert hashlib.sha256(content).hexdigest() in provenance
        frame = pd.read_csv(p)
        table = p.stem.split("2020-12-31_")[1]
        assert len(frame) == len(ctx.frames[table])
    events = pd.read_csv(
        evidence / "TEST-1_2019-07-01_2020-12-31_deforestation_events.csv", keep_default_na=False
    )
    # carried, with the CSV-injection prefix (csv_safe.neutralise) on formula-leading text
    carried = {neutralise(text) for text in INJECTIONS}
    assert carried <= set(events["driver"]) | set(events["source"])
    # same bytes again
    again = write_workbook(
        build_verification_workbook(ctx), tmp_path / "wb2.xlsx", evidence_dir=tmp_path / "e2"
    )
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in written]
    assert (tmp_path / "wb2.xlsx").read_bytes() == path.read_bytes()
    assert ctx.recomputation is not None
    assert_matches_engine(recalculate(path, tmp_path / "recalc"), ctx.recomputation)


# --------------------------------------------------------------------------------------------
# (g) the data-quality workbook


def _findings() -> list[Finding]:
    return [
        Finding(
            "error",
            "deforestation_events.csv",
            5,
            "event_id=E-0004",
            "area_ha",
            "-3.0",
            "expect_column_values_to_be_between",
            "area_ha > 0",
            "area must be positive",
        ),
        Finding(
            "error",
            "project.yaml",
            None,
            None,
            "accounting.buffer",
            None,
            "setting",
            "risk rating",
            "missing",
        ),
        Finding(
            "warning",
            "deforestation_events.csv",
            7,
            "event_id=E-0006",
            "driver",
            INJECTIONS[0],
            "expect_column_values_to_be_in_set",
            "driver set",
            "unknown driver",
        ),
        Finding(
            "warning",
            "fire_events.csv",
            3,
            "event_id=F-2",
            "burned_on",
            "2020-09-01",
            "expect_dry_season",
            "dry season",
            "outside the dry season",
        ),
    ]


def test_quality_workbook_lists_every_finding_and_no_emission_figure(tmp_path: Path) -> None:
    findings = _findings()
    ctx = make_context(status="failed_quality_gate", findings=findings)
    spec = build_quality_workbook(ctx)
    path = tmp_path / "quality.xlsx"
    write_workbook(spec, path)
    wb = load_workbook(path)
    assert wb.sheetnames == ["README", "Provenance", "Data quality", "CCB indicators"]
    assert set(wb.defined_names) == {"Period_Start", "Period_End"}
    assert not any(n.startswith(("Total_", "NER", "Deduction")) for n in wb.defined_names)
    dq = wb["Data quality"]
    rows = [r for r in dq.iter_rows(min_row=7, values_only=True) if r[0] in ("error", "warning")]
    assert len(rows) == len(findings)
    assert [r[0] for r in rows] == ["error", "error", "warning", "warning"]
    assert (rows[0][1], rows[0][2], rows[0][4], rows[0][5]) == (
        "deforestation_events.csv",
        5,
        "area_ha",
        "-3.0",
    )
    cell = next(c for row in dq.iter_rows() for c in row if c.value == INJECTIONS[0])
    assert cell.data_type == "s"
    text = " ".join(
        str(c.value) for ws in wb for row in ws.iter_rows() for c in row if c.value is not None
    )
    for word in ("tCO2e", "VCU", "Total_"):
        assert word not in text, word


@pytest.mark.slow
def test_quality_workbook_counts_recalculate(tmp_path: Path) -> None:
    require_soffice()
    ctx = make_context(status="failed_quality_gate", findings=_findings())
    path = tmp_path / "quality.xlsx"
    write_workbook(build_quality_workbook(ctx), path)
    wb = load_workbook(recalculate(path, tmp_path / "recalc"), data_only=True)
    dq = wb["Data quality"]
    assert (dq["B3"].value, dq["B4"].value) == (2, 2)
    ccb = wb["CCB indicators"]
    share = next(
        r[1]
        for r in ccb.iter_rows(values_only=True)
        if r[0] == "Share of women among concession holders"
    )
    assert share == pytest.approx(81 / 405)


# --------------------------------------------------------------------------------------------
# other sheets


def test_change_log_with_previous_summary(tmp_path: Path) -> None:
    previous = {
        "period": {"start": "2018-01-01", "end": "2019-06-30"},
        "status": "passed",
        "totals": {"baseline_tco2e": 1000.0, "vcus": 10},
        "vintages": [
            {"vintage": 2018, "baseline_tco2e": 500.0, "vcus": 5},
            {"vintage": 2019, "baseline_tco2e": 400.0},
        ],
    }
    ctx = make_context(previous_summary=previous)
    path = write(ctx, tmp_path / "c.xlsx")
    ws = load_workbook(path)["Change log"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[4][:3] == ["baseline_tco2e", 1000, "=Total_Baseline_tCO2e"]
    years = [r[0] for r in values if isinstance(r[0], int)]
    assert years == [2018, 2019, 2020]


def test_first_period_says_so(main_file: Path) -> None:
    ws = load_workbook(main_file)["Change log"]
    assert "First period in this output folder" in str(ws["A4"].value)


def test_refused_rows_are_flagged_and_left_out(main_ctx: WorkbookContext) -> None:
    ctx = make_context(findings=[_findings()[0]])
    spec = build_verification_workbook(ctx)
    table = spec.sheet("Events").table
    assert table is not None
    refused = next(c for c in table.columns if c.header.startswith("Refused"))
    rows = next(c for c in table.columns if c.header == "Row in file")
    assert [r for r, f in zip(rows.values, refused.values, strict=True) if f] == [5]
    accounted = next(c for c in table.columns if c.header.startswith("In accounting window"))
    assert accounted.template is not None and "=0" in accounted.template.split("AND(")[1]


def test_missing_optional_tables_are_said(tmp_path: Path) -> None:
    frames = make_frames()
    for name in (
        "fire_events",
        "inventory_plots",
        "inventory_trees",
        "accuracy_samples",
        "claimed_vintages",
        "exante_estimates",
        "ccb_indicators",
    ):
        del frames[name]
    ctx = make_context(frames=frames)
    spec = build_verification_workbook(ctx)
    assert spec.sheet_names == EXPECTED_SHEETS
    path = tmp_path / "m.xlsx"
    write_workbook(spec, path)
    wb = load_workbook(path)
    assert "not provided" in str(wb["Fires"]["A4"].value)
    assert "not provided" in str(wb["Reconciliation"]["A4"].value)
    assert "not provided" in str(wb["CCB indicators"]["A4"].value)
    assert "Total_VCUs" in wb.defined_names
