"""redd_audit.outputs: folder layout, run ids, atomic publication, summary and manifest."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
from pathlib import Path

import pytest

from redd_audit.findings import Finding
from redd_audit.outputs import (
    build_manifest,
    build_summary,
    period_dir,
    previous_period_summary,
    run_dir,
    run_identifier,
    sha256_path,
    staged_output,
    workbook_name,
    write_json,
)
from redd_audit.workbook.context import InputRecord

S, E = dt.date(2021, 1, 1), dt.date(2021, 12, 31)


def test_layout_and_names(tmp_path: Path) -> None:
    assert period_dir(tmp_path, "P", S, E) == tmp_path / "P" / "2021-01-01_2021-12-31"
    assert (
        run_dir(tmp_path, "P", S, E, "validate") == period_dir(tmp_path, "P", S, E) / "validation"
    )
    assert run_dir(tmp_path, "P", S, E, "run") == period_dir(tmp_path, "P", S, E)
    assert workbook_name("P", S, E, passed=False) == "P_2021-01-01_2021-12-31_data_quality.xlsx"
    assert workbook_name("P", S, E, passed=True).endswith("_verification.xlsx")


def test_run_identifier_is_deterministic_and_order_free() -> None:
    a = run_identifier("P", S, E, ["b", "a"], "1.0")
    assert a == run_identifier("P", S, E, ["a", "b"], "1.0") and len(a) == 16
    assert a != run_identifier("P", S, E, ["a", "b"], "1.1")


def test_staged_output_publishes_on_success_and_keeps_the_old_on_failure(tmp_path: Path) -> None:
    final = tmp_path / "out" / "period"
    with staged_output(final) as staging:
        (staging / "summary.json").write_text("1")
    assert (final / "summary.json").read_text() == "1"
    with pytest.raises(RuntimeError), staged_output(final) as staging:
        (staging / "summary.json").write_text("2")
        raise RuntimeError("crash")
    assert (final / "summary.json").read_text() == "1"
    assert [p.name for p in final.parent.iterdir()] == ["period"]


def test_abandoned_staging_of_a_dead_process_is_removed(tmp_path: Path) -> None:
    final = tmp_path / "period"
    dead = tmp_path / ".period.staging-999999999"
    dead.mkdir()
    with staged_output(final):
        pass
    assert not dead.exists()


def test_previous_period_summary(tmp_path: Path) -> None:
    def put(name: str, status: str) -> None:
        folder = tmp_path / "P" / name
        folder.mkdir(parents=True)
        write_json(folder / "summary.json", {"status": status, "name": name})

    put("2019-01-01_2019-12-31", "passed")
    put("2020-01-01_2020-12-31", "failed")
    put("2022-01-01_2022-12-31", "passed")
    (tmp_path / "P" / "not-a-period").mkdir()
    # the latest earlier period failed: no cumulative start from it
    assert previous_period_summary(tmp_path, "P", S) is None
    assert previous_period_summary(tmp_path, "P", dt.date(2020, 1, 1))["name"] == (
        "2019-01-01_2019-12-31"
    )
    assert previous_period_summary(tmp_path, "Q", S) is None


def test_summary_without_figures_counts_findings_and_cleans_nan() -> None:
    finding = Finding("error", "a.csv", 2, None, "x", None, "e", "r", "m")
    warning = Finding("warning", "a.csv", 3, None, "x", None, "e", "r", "m")
    info = Finding("info", "a.csv", 4, None, "x", None, "e", "r", "m")
    summary = build_summary(
        project_id="P", start=S, end=E, status="failed", recomputation=None,
        findings=[finding, warning, info], ledger=[], inputs=[], project_definition={},
        workbook={}, rule_set={}, run_id="r", evidence=[],
        cumulative={"vcus_to_date": math.nan, "nested": [math.inf, 1.0]},
    )  # fmt: skip
    assert summary["totals"] is None and summary["vintages"] == []
    quality = summary["quality"]
    assert (quality["errors"], quality["warnings"], quality["infos"]) == (1, 1, 1)
    assert summary["cumulative"] == {"vcus_to_date": None, "nested": [None, 1.0]}
    assert "uncertainty" not in summary and "sampling" not in summary
    json.dumps(summary, allow_nan=False)


def test_manifest_lists_outputs_but_not_revisions_or_itself(tmp_path: Path) -> None:
    (tmp_path / "summary.json").write_text("{}")
    (tmp_path / "manifest.json").write_text("{}")
    (tmp_path / "revisions" / "001").mkdir(parents=True)
    (tmp_path / "revisions" / "001" / "summary.json").write_text("{}")
    (tmp_path / "validation").mkdir()
    (tmp_path / "validation" / "x.json").write_text("{}")
    record = InputRecord("baseline_exante", "b.csv", "ab", 3, 10, bom=True)
    manifest = build_manifest(
        project_id="P", start=S, end=E, run_id="r", inputs=[record],
        project_definition={"file": "project.yaml", "sha256": "cd"}, output_dir=tmp_path,
        software={}, rule_set={}, parameters_version="1", ledger=[],
    )  # fmt: skip
    assert [o["file"] for o in manifest["outputs"]] == ["summary.json"]
    assert manifest["outputs"][0]["sha256"] == hashlib.sha256(b"{}").hexdigest()
    assert manifest["inputs"] == [
        {"file": "project.yaml", "sha256": "cd", "rows": None},
        {"table": "baseline_exante", "file": "b.csv", "sha256": "ab", "rows": 3,
         "size_bytes": 10, "bom": True},
    ]  # fmt: skip
    assert manifest["snapshot"] == []


def test_write_json_and_sha256(tmp_path: Path) -> None:
    path = tmp_path / "x.json"
    write_json(path, {"é": 1})
    assert path.read_text("utf-8") == '{\n  "é": 1\n}\n'
    assert sha256_path(path) == hashlib.sha256(path.read_bytes()).hexdigest()
