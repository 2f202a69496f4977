"""The verification cycle end to end through the CLI (contract 5.1–5.4) on a copy of the golden
one-stratum project: two runs of the same period, the second after correcting one event's
area and the claims, with ``--reason``; a fresh rerun is byte-identical; an overlapping
issuance history fails the gate.

Hand-checked figures (tests/golden/README.md): one cleared hectare of S1 emits
y0 = 107 × 44/12 tCO2e in its clearing year and y1 = 2 × 44/12 in each of the nine years after
(below-ground pool over 10 years). Raising E2 (project area, 2019) from 2 to 2.5 ha adds
0.5·y0 to the 2019 project emissions and 0.5·y1 to 2020's.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from redd_audit.cycle.materiality import period_conclusion

GOLDEN = Path(__file__).parent / "golden" / "one-stratum"
START, END = "2019-01-01", "2020-12-31"
K = 44 / 12
HISTORY = """period_start,period_end,vintage,vcus_issued,buffer_tco2e
2016-01-01,2016-12-31,2016,1000,100
2017-01-01,2018-12-31,2017,1200,120
2017-01-01,2018-12-31,2018,1300,130
"""
REGISTER = """finding_id,type,status,raised_on,reference,description,response
F-01,NCR,closed,2021-03-01,MR 3.2,Leakage belt area misreported,Corrected in MR v2
F-02,CL,open,2021-03-02,MR 4.1,Clarify the fire events source,
"""
REASON = "proponent corrected E2 and the 2020 claim"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _project(root: Path, history: str = HISTORY) -> Path:
    project = root / "project"
    shutil.copytree(GOLDEN, project)
    (project / "issuance_history.csv").write_text(history, encoding="utf-8")
    (project / "verification_findings.csv").write_text(REGISTER, encoding="utf-8")
    return project


def _folder(out: Path) -> Path:
    return out / "GOLD-1" / f"{START}_{END}"


def _summary(folder: Path) -> dict:
    return json.loads((folder / "summary.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def cli():
    from prefect.testing.utilities import prefect_test_harness

    from flows.cli import app

    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    with prefect_test_harness(server_startup_timeout=120):
        yield invoke


def _run(cli, project: Path, out: Path, *extra: str):
    return cli(
        "run", "--project", str(project), "--start", START, "--end", END, "--out", str(out),
        *extra,
    )  # fmt: skip


@pytest.fixture(scope="module")
def cycle(cli, tmp_path_factory):
    root = tmp_path_factory.mktemp("cycle")
    project, out = _project(root), root / "out"
    first = _run(cli, project, out)
    first_files = {
        p.relative_to(_folder(out)).as_posix(): p.read_bytes()
        for p in _folder(out).rglob("*")
        if p.is_file()
    }
    events = project / "deforestation_events.csv"
    events.write_text(
        events.read_text("utf-8").replace(
            "E2,project_area,S1,2019-06-01,2,", "E2,project_area,S1,2019-06-01,2.5,"
        ),
        encoding="utf-8",
    )
    claims = project / "claimed_vintages.csv"
    claims.write_text(
        claims.read_text("utf-8").replace(
            "2020,4070,100,0,404.8,3600", "2020,4070,100,0,404.8,3500"
        ),
        encoding="utf-8",
    )
    second = _run(cli, project, out, "--reason", REASON)
    return root, out, first, first_files, second


@pytest.mark.slow
def test_first_run_is_revision_one(cycle):
    _, _, first, first_files, _ = cycle
    assert first.exit_code == 0, first.output
    summary = json.loads(first_files["summary.json"])
    assert summary["revision"] == {
        "number": 1,
        "reason": None,
        "previous": None,
        "changes": {"inputs": [], "figures": [], "records": []},
    }
    # inputs kept byte for byte and listed with their SHA-256 in the manifest
    manifest = json.loads(first_files["manifest.json"])
    kept = {s["file"]: s for s in manifest["snapshot"]}
    assert set(kept) >= {"project.yaml", "deforestation_events.csv", "issuance_history.csv"}
    original = (GOLDEN / "deforestation_events.csv").read_bytes()
    assert first_files["inputs/deforestation_events.csv"] == original
    assert kept["deforestation_events.csv"]["sha256"] == hashlib.sha256(original).hexdigest()
    outputs = {o["file"]: o["sha256"] for o in manifest["outputs"]}
    assert outputs["inputs/deforestation_events.csv"] == kept["deforestation_events.csv"]["sha256"]


@pytest.mark.slow
def test_first_run_materiality_cumulative_and_register(cycle):
    _, _, _, first_files, _ = cycle
    summary = json.loads(first_files["summary.json"])
    lines = {m["quantity"]: m for m in summary["materiality"]}
    # claims 1743 + 3600 VCUs against 1743 + 3551 recomputed (tests/test_golden.py)
    assert lines["vcus"]["claimed"] == 5343 and lines["vcus"]["recomputed"] == 5294
    assert lines["vcus"]["misstatement"] == 49 and lines["vcus"]["direction"] == "overstated"
    assert lines["vcus"]["material"] is False  # 49 / 5294 = 0.93 % <= 1 %
    assert period_conclusion(summary).startswith("VCUs overstated by 49 (0.93 %): not material")
    assert summary["cumulative"] == {
        "periods": 2,
        "vcus_issued_before": 3500,
        "buffer_before": 350,
        "vcus_to_date": 3500 + 5294,
        "buffer_to_date": pytest.approx(350 + summary["totals"]["buffer_tco2e"]),
    }
    v = summary["verification"]
    assert (v["findings_open"], v["findings_closed"]) == (1, 1)
    assert v["open_by_type"]["CL"] == 1 and v["open_by_type"]["NCR"] == 0
    # project emissions: claimed 892 against 905.84 recomputed, 1.53 % understated: material
    assert [d["reference"] for d in v["draft_findings"]] == ["materiality:project_tco2e"]
    assert v["material_misstatement"] is True and v["ready_for_opinion"] is False


@pytest.mark.slow
def test_second_run_keeps_the_first_and_records_the_changes(cycle):
    _, out, _, first_files, second = cycle
    assert second.exit_code == 0, second.output
    folder = _folder(out)
    kept = folder / "revisions" / "001"
    for name, data in first_files.items():
        assert (kept / name).read_bytes() == data, name
    summary = _summary(folder)
    revision = summary["revision"]
    assert revision["number"] == 2 and revision["reason"] == REASON
    assert revision["previous"] == {
        "number": 1,
        "summary_sha256": hashlib.sha256(first_files["summary.json"]).hexdigest(),
    }
    changes = revision["changes"]
    assert {c["file"] for c in changes["inputs"]} == {
        "deforestation_events.csv",
        "claimed_vintages.csv",
    }
    records = {(r["table"], r["record"]): r for r in changes["records"]}
    e2 = records[("deforestation_events", "event_id=E2")]
    assert e2["change"] == "changed" and e2["columns"] == ["area_ha"]
    assert (e2["old"], e2["new"]) == ({"area_ha": 2.0}, {"area_ha": 2.5})
    claim = records[("claimed_vintages", "vintage=2020")]
    assert claim["columns"] == ["vcus"] and (claim["old"]["vcus"], claim["new"]["vcus"]) == (
        3600,
        3500,
    )
    assert len(changes["records"]) == 2
    figures = {(f["vintage"], f["quantity"]): f for f in changes["figures"]}
    assert figures[(2019, "project_tco2e")]["difference"] == pytest.approx(0.5 * 107 * K)
    assert figures[(2020, "project_tco2e")]["difference"] == pytest.approx(0.5 * 2 * K)
    assert figures[(2019, "baseline_tco2e")]["difference"] == 0
    current = {v["vintage"]: v for v in summary["vintages"]}
    assert figures[(2019, "vcus")]["current"] == current[2019]["vcus"]
    assert figures[(2019, "vcus")]["previous"] == 1743
    # the corrected claims: 1743 + 3500 = 5243 VCUs against 1567 + 3548 = 5115 recomputed
    assert period_conclusion(summary).startswith("VCUs overstated by 128 (2.50 %): material")


@pytest.mark.slow
def test_sample_plan_is_fixed_at_the_first_revision(cycle):
    """Contract 5.9: correcting E2 changes the events file (and its SHA-256), yet the second
    revision reuses the first one's seed and lists kept, dropped and added events."""
    _, out, _, first_files, _ = cycle
    first = json.loads(first_files["summary.json"])["sampling"]
    s = _summary(_folder(out))["sampling"]
    assert first["seed_source"] == "events_sha256" and first["changes"] is None
    assert (s["seed"], s["seed_source"], s["seed_revision"]) == (
        first["seed"],
        "previous_revision",
        1,
    )
    changes = s["changes"]
    assert changes["previous_revision"] == 1
    assert sorted(changes["kept"] + changes["added"]) == sorted(s["selected"])
    assert sorted(changes["kept"] + changes["dropped"]) == sorted(first["selected"])


@pytest.mark.slow
def test_revisions_sheet_shows_the_changes(cycle):
    _, out, _, _, _ = cycle
    folder = _folder(out)
    book = next(folder.glob("*_verification.xlsx"))
    workbook = load_workbook(book, read_only=True)
    assert "Revisions" in workbook.sheetnames, workbook.sheetnames
    rows = [r for r in workbook["Revisions"].iter_rows(values_only=True) if any(r)]
    text = " ".join(str(c) for r in rows for c in r if c is not None)
    assert REASON in text and "deforestation_events.csv" in text
    assert "claimed_vintages.csv" in text
    e2 = [r for r in rows if "event_id=E2" in r]
    assert e2 and e2[0][3:6] == ("area_ha", 2, 2.5)


@pytest.mark.slow
def test_identical_inputs_into_a_fresh_folder_are_byte_identical(cli, cycle, tmp_path):
    root, _, _, _, _ = cycle
    project = root / "project"
    outs = [tmp_path / "a", tmp_path / "b"]
    for out in outs:
        result = _run(cli, project, out, "--reason", REASON)
        assert result.exit_code == 0, result.output
    a, b = (_folder(o) for o in outs)
    names = ["summary.json", "manifest.json", f"GOLD-1_{START}_{END}_verification.xlsx"]
    for name in names:
        assert _sha(a / name) == _sha(b / name), name
    assert not (a / "revisions").exists()


@pytest.mark.slow
def test_overlapping_history_is_double_issuance(cli, tmp_path):
    overlap = HISTORY + "2020-07-01,2020-12-31,2020,500,50\n"
    project = _project(tmp_path, overlap)
    result = _run(cli, project, tmp_path / "out")
    assert result.exit_code == 1, result.output
    summary = _summary(_folder(tmp_path / "out"))
    assert summary["status"] == "failed_quality_gate"
    errors = [f for f in summary["quality"]["findings"] if f["severity"] == "error"]
    assert [(f["file"], f["row"], f["column"]) for f in errors] == [
        ("issuance_history.csv", 5, "period_start")
    ]
    assert errors[0]["record"] == "period_start=2020-07-01, period_end=2020-12-31, vintage=2020"
    assert summary["materiality"] == []
    assert summary["cumulative"]["vcus_issued_before"] == 4000
    assert summary["cumulative"]["vcus_to_date"] is None
    assert summary["verification"]["ready_for_opinion"] is False
    assert summary["revision"]["number"] == 1


def _named(workbook, name: str):
    (sheet, ref), *_ = workbook.defined_names[name].destinations
    return workbook[sheet][ref.replace("$", "")].value


@pytest.mark.slow
def test_cycle_names_recalculate_to_the_summary(cycle, tmp_path):
    from tests.recalc import recalculate, require_soffice

    require_soffice()
    _, out, _, _, _ = cycle
    folder = _folder(out)
    summary = _summary(folder)
    book = recalculate(next(folder.glob("*_verification.xlsx")), tmp_path)
    workbook = load_workbook(book, data_only=True)
    vcus = {m["quantity"]: m for m in summary["materiality"]}["vcus"]
    assert vcus["misstatement"] == 128
    assert _named(workbook, "Period_VCU_Misstatement") == pytest.approx(128)
    assert _named(workbook, "Period_VCU_Misstatement_Fraction") == pytest.approx(128 / 5115)
    assert _named(workbook, "Cumulative_VCUs_To_Date") == summary["cumulative"]["vcus_to_date"]
    assert summary["cumulative"]["vcus_to_date"] == 3500 + 5115
    assert _named(workbook, "Cumulative_Buffer_To_Date") == pytest.approx(
        summary["cumulative"]["buffer_to_date"]
    )
    assert _named(workbook, "Ready_For_Opinion") is False
    assert _named(workbook, "Findings_Open") == summary["verification"]["findings_open"] == 1
