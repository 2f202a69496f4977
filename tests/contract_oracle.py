"""Independent oracle for the contract-conformance tests (contract.md sections 1, 2, 4, 5 and
issues 11, 12, 14), written as an outside test writer would.

Every expected value is re-derived here from the input files (csv, yaml, hashlib, numpy) and the
contract's words; nothing of the project's own code computes an expectation. Runs go through the
CLI (typer's CliRunner inside Prefect's test harness).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import math
import shutil
from pathlib import Path

import numpy as np
import pytest
import yaml
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "raw" / "vcs-868"
GOLDEN = ROOT / "tests" / "golden" / "one-stratum"
P = ("2021-01-01", "2022-12-31")
G = ("2019-01-01", "2020-12-31")
K = 44 / 12
QUANTITIES = ("baseline_tco2e", "project_tco2e", "leakage_tco2e", "buffer_tco2e", "vcus")
SECTION4_NAMES = {
    "Total_Baseline_tCO2e": ("totals", "baseline_tco2e"),
    "Total_Project_tCO2e": ("totals", "project_tco2e"),
    "Total_Leakage_tCO2e": ("totals", "leakage_tco2e"),
    "Total_NER_tCO2e": ("totals", "ner_tco2e"),
    "NER_Error_Fraction": ("totals", "ner_error_fraction"),
    "Deduction_Factor": ("totals", "deduction_factor"),
    "Total_Adjusted_NER_tCO2e": ("totals", "adjusted_ner_tco2e"),
    "Total_Buffer_tCO2e": ("totals", "buffer_tco2e"),
    "Total_VCUs": ("totals", "vcus"),
}
# golden history ending the day before the audited period: no gap, no overlap
HISTORY = (
    "period_start,period_end,vintage,vcus_issued,buffer_tco2e\n"
    "2016-01-01,2016-12-31,2016,1000,100\n"
    "2017-01-01,2018-12-31,2017,1200,120\n"
    "2017-01-01,2018-12-31,2018,1300,130\n"
)
HEADER = "finding_id,type,status,raised_on,reference,description,response\n"
REGISTER = (
    HEADER + "F-01,NCR,closed,2021-03-01,MR 3.2,Leakage belt area misreported,Corrected\n"
    "F-02,CL,open,2021-03-02,MR 4.1,Clarify the fire source,\n"
    "F-03,OFI,open,2021-03-02,MR 5.0,Keep scene ids,\n"
)
# the golden figures of tests/golden/README.md, 2020 corrected: no material misstatement
CLAIMS_OK = (
    "vintage,baseline_tco2e,project_tco2e,leakage_tco2e,buffer_tco2e,vcus\n"
    "2019,3996.667,792,1140.333,320.467,1743\n"
    "2020,4070,113.84,0,404.8,3551\n"
)


# ---------------------------------------------------------------- helpers (independent)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def folder(out: Path, pid: str, period: tuple[str, str]) -> Path:
    return out / pid / f"{period[0]}_{period[1]}"


def summary_of(path: Path) -> dict:
    return json.loads((path / "summary.json").read_text("utf-8"))


def text_of(result) -> str:
    out = result.output
    with contextlib.suppress(ValueError, AttributeError):
        out += result.stderr
    return out


def close(a: float, b: float, rel: float = 1e-9, abs_: float = 1e-6) -> bool:
    return math.isclose(float(a), float(b), rel_tol=rel, abs_tol=abs_)


def mus_expected(project: Path, start: str, end: str, ner: float, seed: int) -> dict:
    """Contract 5.5 re-performed from its words."""
    spec = yaml.safe_load((project / "project.yaml").read_text("utf-8"))
    per_ha = {
        s["id"]: K * (sum(s["carbon_tc_per_ha"].values()) - s["post_deforestation_tc_per_ha"])
        for s in spec["strata"]
    }
    events = [
        (r["detected_on"], r["event_id"], float(r["area_ha"]) * per_ha[r["stratum_id"]])
        for r in rows(project / "deforestation_events.csv")
        if r["zone"] == "project_area"
        and start <= r["detected_on"] <= end
        and float(r["area_ha"]) > 0
    ]
    events.sort(key=lambda e: (e[0], e[1]))
    tolerable = spec["materiality_fraction"] * ner
    interval = tolerable / 3.0
    total = sum(e[2] for e in events)
    selected: list[str] = []
    if tolerable > 0 and events:
        u = np.random.default_rng(seed).random()
        point, cum = u * interval, 0.0
        for _, event_id, value in events:
            before, cum = cum, cum + value
            hit = False
            while point <= cum and point < total:
                if point > before:
                    hit = True
                point += interval
            if hit:
                selected.append(event_id)
    return {
        "tolerable": tolerable,
        "interval": interval,
        "population": total,
        "selected": selected,
        "values": {e[1]: e[2] for e in events},
    }


def olofsson(samples: Path) -> dict:
    """Olofsson et al. 2014 stratified estimators (strata = map classes)."""
    data = rows(samples)
    weight = {r["map_class"]: float(r["stratum_weight"]) for r in data}
    classes = sorted({r["map_class"] for r in data} | {r["reference_class"] for r in data})
    n_i = {i: sum(r["map_class"] == i for r in data) for i in weight}
    n = {
        (i, j): sum(r["map_class"] == i and r["reference_class"] == j for r in data)
        for i in weight
        for j in classes
    }
    p = {(i, j): weight[i] * n[i, j] / n_i[i] for i in weight for j in classes}
    out = {"overall": sum(p.get((k, k), 0.0) for k in classes), "classes": {}}
    for k in classes:
        adjusted = sum(p[i, k] for i in weight)
        var = sum(
            weight[i] ** 2 * (n[i, k] / n_i[i]) * (1 - n[i, k] / n_i[i]) / (n_i[i] - 1)
            for i in weight
        )
        out["classes"][k] = {
            "users": n[k, k] / n_i[k] if k in weight else None,
            "producers": p.get((k, k), 0.0) / adjusted if adjusted else None,
            "mapped_proportion": weight.get(k, 0.0),
            "adjusted_proportion": adjusted,
            "adjusted_ci95": 1.96 * math.sqrt(var),
        }
    return out


def golden_copy(root: Path, name: str, **files: str) -> Path:
    project = root / name
    shutil.copytree(GOLDEN, project)
    for file, content in files.items():
        (project / f"{file}.csv").write_text(content, encoding="utf-8")
    return project


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, (old, path)
    path.write_text(text.replace(old, new, 1), "utf-8")


# ---------------------------------------------------------------- fixtures (shared runs)


@pytest.fixture(scope="module", name="cli")
def cli_fixture():
    from prefect.testing.utilities import prefect_test_harness

    from flows.cli import app

    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    with prefect_test_harness(server_startup_timeout=120):
        yield invoke


def run(cli, project: Path, out: Path, period=G, *extra: str):
    return cli(
        "run",
        "--project",
        str(project),
        "--start",
        period[0],
        "--end",
        period[1],
        "--out",
        str(out),
        *extra,
    )


def _typed(text: str) -> object:
    """A CSV cell as a spreadsheet would hold it: numbers as numbers, ISO dates as dates."""
    import datetime as dt

    try:
        return float(text)
    except ValueError:
        pass
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


def xlsx_copy(project: Path, table: str, *, formula: bool = False, empty_first: bool = False):
    """Replace ``<table>.csv`` by an .xlsx with the same columns (first sheet, header row 1)."""
    from openpyxl import Workbook

    data = rows(project / f"{table}.csv")
    book = Workbook()
    sheet = book.active
    if empty_first:
        sheet.title = "Empty"
        sheet = book.create_sheet("Data")
    sheet.append(list(data[0]))
    for i, r in enumerate(data):
        values = [_typed(v) for v in r.values()]
        if formula and i == 0:
            values[list(r).index("area_ha")] = f"=1+{r['area_ha']}-1"
        sheet.append(values)
    (project / f"{table}.csv").unlink()
    book.save(project / f"{table}.xlsx")
