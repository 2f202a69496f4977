"""The hand-made case of the workbook tests: two strata, fires, a leakage belt, a partial first
vintage (2019-07-01..2020-12-31, 184/365 of 2019), claimed figures with one material difference,
ex-ante estimates, accuracy samples and inventory plots/trees. Expected numbers come from
``redd_audit.methodology.engine.recompute`` on the same tables."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

import pandas as pd

from redd_audit import parameters
from redd_audit.findings import Finding
from redd_audit.ledger import build_ledger
from redd_audit.methodology.engine import recompute
from redd_audit.project import Project
from redd_audit.workbook.context import InputRecord, WorkbookContext
from tests.workbook.case_frames import INJECTIONS, make_frames

START, END = dt.date(2019, 7, 1), dt.date(2020, 12, 31)


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


def sample_findings() -> list[Finding]:
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
