"""End-to-end runs of the CLI on the bundled sample (Prefect embedded through the test harness)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "raw" / "vcs-868"
P1 = ("2019-01-01", "2020-12-31")
P2 = ("2021-01-01", "2022-12-31")
CONTRACT_TOTALS = {
    "baseline_tco2e",
    "project_tco2e",
    "project_stock_tco2e",
    "leakage_tco2e",
    "ner_tco2e",
    "ner_error_fraction",
    "deduction_factor",
    "adjusted_ner_tco2e",
    "buffer_tco2e",
    "vcus",
}
CONTRACT_VINTAGE = {
    "vintage",
    "start",
    "end",
    "baseline_tco2e",
    "project_tco2e",
    "leakage_tco2e",
    "ner_tco2e",
    "adjusted_ner_tco2e",
    "buffer_tco2e",
    "vcus",
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def cli():
    from prefect.testing.utilities import prefect_test_harness

    from flows.cli import app

    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(app, list(args), catch_exceptions=False)

    with prefect_test_harness(server_startup_timeout=120):
        yield invoke


@pytest.fixture(scope="module")
def sample_before_p1(tmp_path_factory) -> Path:
    """The sample as it stood when 2019-2020 was audited: its issuance history ends in 2018.

    The bundled sample's ``issuance_history`` already lists 2019-2020 as issued, so auditing
    that period again is double issuance (contract 5.3) and fails the gate by design.
    """
    import csv
    import shutil

    folder = tmp_path_factory.mktemp("sample") / "vcs-868"
    shutil.copytree(SAMPLE, folder)
    history = folder / "issuance_history.csv"
    with history.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    kept = [rows[0]] + [r for r in rows[1:] if r[1] < P1[0]]
    with history.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(kept)
    return folder


@pytest.fixture(scope="module")
def two_periods(cli, sample_before_p1, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    first = cli(
        "run",
        "--project",
        str(sample_before_p1),
        "--start",
        P1[0],
        "--end",
        P1[1],
        "--out",
        str(out),
    )
    second = cli(
        "run", "--project", str(SAMPLE), "--start", P2[0], "--end", P2[1], "--out", str(out)
    )
    return out, first, second


def _folder(out: Path, period: tuple[str, str]) -> Path:
    return out / "VCS-868" / f"{period[0]}_{period[1]}"


@pytest.mark.slow
def test_run_writes_the_contract_outputs(two_periods):
    out, first, second = two_periods
    assert first.exit_code == 0, first.output
    assert second.exit_code == 0, second.output
    folder = _folder(out, P2)
    summary = json.loads((folder / "summary.json").read_text("utf-8"))
    assert summary["project_id"] == "VCS-868"
    assert summary["period"] == {"start": P2[0], "end": P2[1]}
    assert summary["status"] == "passed"
    assert set(summary["totals"]) >= CONTRACT_TOTALS
    assert [v["vintage"] for v in summary["vintages"]] == [2021, 2022]
    assert all(set(v) >= CONTRACT_VINTAGE for v in summary["vintages"])
    assert summary["totals"]["vcus"] == sum(v["vcus"] for v in summary["vintages"])
    book = folder / summary["workbook"]["file"]
    assert book.name == "VCS-868_2021-01-01_2022-12-31_verification.xlsx"
    assert summary["workbook"]["sha256"] == sha256(book)
    for item in summary["inputs"]:
        assert item["sha256"] == sha256(SAMPLE / item["file"])
    assert (folder / "data_docs" / "index.html").is_file()
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    outputs = {o["file"]: o["sha256"] for o in manifest["outputs"]}
    assert outputs[book.name] == sha256(book)
    assert outputs["summary.json"] == sha256(folder / "summary.json")
    assert not [p for p in folder.parent.iterdir() if p.name.startswith(".")], "staging left behind"


@pytest.mark.slow
def test_every_row_is_accounted_for(two_periods):
    out, _, _ = two_periods
    summary = json.loads((_folder(out, P2) / "summary.json").read_text("utf-8"))
    files = {entry["file"] for entry in summary["rows"]}
    assert files == {i["file"] for i in summary["inputs"]}
    for entry in summary["rows"]:
        assert entry["used"] + entry["excluded_total"] + entry["refused"] == entry["rows_read"]
    rows = {i["file"]: i["rows"] for i in summary["inputs"]}
    assert all(rows[e["file"]] == e["rows_read"] for e in summary["rows"])


@pytest.mark.slow
def test_reconciliation_flags_the_sample_discrepancy(two_periods):
    out, _, _ = two_periods
    summary = json.loads((_folder(out, P2) / "summary.json").read_text("utf-8"))
    material = {(r["vintage"], r["quantity"]) for r in summary["reconciliation"] if r["material"]}
    assert material == {(2021, "project_tco2e"), (2021, "buffer_tco2e"), (2021, "vcus")}


@pytest.mark.slow
def test_change_log_compares_with_the_previous_period(two_periods):
    from openpyxl import load_workbook

    out, _, _ = two_periods
    book = next(_folder(out, P2).glob("*_verification.xlsx"))
    sheet = load_workbook(book, read_only=True)["Change log"]
    text = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row if c)
    assert "2019-01-01" in text and "2020-12-31" in text


@pytest.mark.slow
def test_same_inputs_same_workbook_and_summary(cli, two_periods, sample_before_p1, tmp_path):
    out, _, _ = two_periods
    again = tmp_path / "again"
    # the first period again: same previous-period context (none) as in the shared folder
    result = cli(
        "run",
        "--project",
        str(sample_before_p1),
        "--start",
        P1[0],
        "--end",
        P1[1],
        "--out",
        str(again),
    )
    assert result.exit_code == 0, result.output
    for name in ("summary.json", "VCS-868_2019-01-01_2020-12-31_verification.xlsx"):
        assert sha256(_folder(again, P1) / name) == sha256(_folder(out, P1) / name), name


@pytest.mark.slow
def test_validate_checks_without_figures(cli, tmp_path):
    result = cli(
        "validate",
        "--project",
        str(SAMPLE),
        "--start",
        P2[0],
        "--end",
        P2[1],
        "--out",
        str(tmp_path),
    )
    assert result.exit_code == 0, result.output
    own = _folder(tmp_path, P2) / "validation"  # validate's own folder (contract 5.1)
    summary = json.loads((own / "summary.json").read_text("utf-8"))
    assert summary["status"] == "passed"
    assert (
        summary["totals"] is None and summary["vintages"] == [] and summary["reconciliation"] == []
    )
    assert summary["workbook"]["file"].endswith("_data_quality.xlsx")


@pytest.mark.slow
def test_a_failure_while_assembling_leaves_nothing_behind(cli, tmp_path, monkeypatch):
    import tasks.assemble

    def broken(*args, **kwargs):
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(tasks.assemble, "write_workbook", broken)
    result = cli(
        "run", "--project", str(SAMPLE), "--start", P2[0], "--end", P2[1], "--out", str(tmp_path)
    )
    assert result.exit_code != 0
    assert "Traceback" not in result.output
    assert not any(p.is_file() for p in tmp_path.rglob("*")), list(tmp_path.rglob("*"))
