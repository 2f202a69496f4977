"""Smoke tests of the benchmark harness (bench/) on tiny inputs: no heavy run here."""

from __future__ import annotations

import datetime as dt
import json
import sys
import textwrap
from pathlib import Path

import pytest
from rich.console import Console

from bench import cases
from bench.measure import run_measured
from bench.metrics import METRICS, at_least, at_most, metric, render_table, report, write_report


def test_targets_pass_and_fail() -> None:
    assert at_most(90).met_by(89.9) is True
    assert at_most(90).met_by(90.1) is False
    assert at_least(0.8).met_by(0.8) is True
    assert at_least(0.8).met_by(0.5) is False
    assert at_most(1).met_by(None) is None
    assert str(at_most(90)) == "<= 90"
    assert str(at_least(1.4)) == ">= 1.4"


def test_report_json_has_the_contract_keys(tmp_path: Path) -> None:
    values = [12.5, 900.0, 0.42, 1.7, 1.1, 20.0, 2.4, 4.2, 350.0]
    metrics = [metric(name, v) for name, v in zip(METRICS, values, strict=True)]
    metrics.append(metric("sample.run_seconds", None, error="RuntimeError: boom"))
    path = write_report(tmp_path / "out" / "bench.json", report(metrics, {"x": 1}, {"cpus": 2}))

    doc = json.loads(path.read_text("utf-8"))
    assert [m["name"] for m in doc["metrics"]] == [*METRICS, "sample.run_seconds"]
    for m in doc["metrics"]:
        assert {"name", "value", "unit", "target"} <= set(m)
    first = doc["metrics"][0]
    assert first == {
        "name": "scale.run_seconds",
        "value": 12.5,
        "unit": "s",
        "target": "<= 90",
        "direction": "<=",
        "passed": True,
    }
    by_name = {m["name"]: m for m in doc["metrics"][:-1]}
    assert by_name["scale.overhead_fraction"]["passed"] is False  # 0.42 > 0.30
    assert by_name["portfolio.speedup"]["passed"] is False  # 1.1 < 1.4
    assert by_name["workbook.relative_throughput"]["target"] == ">= 0.8"
    failed = doc["metrics"][-1]
    assert failed["value"] is None and failed["passed"] is False and "boom" in failed["error"]
    assert doc["details"] == {"x": 1} and doc["context"] == {"cpus": 2}
    assert not list(path.parent.glob(".*tmp*"))  # written atomically


def test_table_shows_every_metric() -> None:
    console = Console(record=True, width=160)
    console.print(
        render_table([metric("scale.run_seconds", 12.3), metric("portfolio.speedup", 1.0)])
    )
    text = console.export_text()
    assert "scale.run_seconds" in text and "12.3" in text and "pass" in text
    assert "portfolio.speedup" in text and "FAIL" in text


def test_run_measured_samples_the_process_tree() -> None:
    # a parent that starts a child holding ~80 MB: the tree's sum must see the child's memory
    child = "import time; b = b'x' * (80 * 2**20); time.sleep(0.6)"
    parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {child!r}])"
    result = run_measured([sys.executable, "-c", parent], interval=0.05)
    assert result.returncode == 0
    assert result.seconds >= 0.6
    assert result.samples >= 3
    assert result.peak_tree_rss_mb >= 80
    assert result.children_maxrss_mb > 0


def test_run_measured_reports_failures() -> None:
    result = run_measured([sys.executable, "-c", "import sys; sys.exit('bad input')"])
    assert result.returncode == 1
    with pytest.raises(RuntimeError, match="bad input"):
        result.check()


def test_scale_case_is_cached_until_the_generator_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generator = tmp_path / "gen.py"
    script = """
        import sys, pathlib
        out = pathlib.Path(sys.argv[sys.argv.index("--out") + 1])
        out.mkdir(parents=True)
        (out / "t.csv").write_text("a\\n1\\n")
        log = pathlib.Path(__file__).with_name("calls")
        log.write_text(log.read_text() + "x" if log.exists() else "x")
    """
    generator.write_text(textwrap.dedent(script))
    monkeypatch.setattr(cases, "GENERATOR", generator)
    calls = tmp_path / "calls"

    folder, info = cases.scale_case(tmp_path / "cache")
    assert info["generated"] and (folder / "t.csv").is_file() and calls.read_text() == "x"
    folder, info = cases.scale_case(tmp_path / "cache")
    assert not info["generated"] and calls.read_text() == "x"  # reused
    generator.write_text(generator.read_text() + "\n# changed\n")
    folder, info = cases.scale_case(tmp_path / "cache")
    assert info["generated"] and calls.read_text() == "xx"  # regenerated


def test_portfolio_projects_get_distinct_ids(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "project.yaml").write_text("# comment\nid: VCS-868\nname: x\n")
    (source / "t.csv").write_text("a\n")
    folders = cases.portfolio_projects(tmp_path / "p", 3, source=source)
    ids = [(f / "project.yaml").read_text().splitlines()[1] for f in folders]
    assert ids == ["id: VCS-868-P01", "id: VCS-868-P02", "id: VCS-868-P03"]
    assert all((f / "t.csv").is_file() for f in folders)


def test_workbook_throughput_on_a_tiny_sheet(tmp_path: Path) -> None:
    pytest.importorskip("xlsxwriter")
    from bench import workbook_throughput as wt
    from redd_audit.workbook.model import (
        Cell,
        Column,
        DataTable,
        DefinedName,
        DocProperties,
        SheetSpec,
        WorkbookSpec,
    )

    table = DataTable(
        header_row=4,
        columns=(
            Column("id", "input", values=["a", "b", "=c"]),
            Column("day", "input", "yyyy-mm-dd", values=[dt.date(2024, 1, d) for d in (1, 2, 3)]),
            Column("x", "input", "0.00", values=[1.5, None, float("nan")]),
            Column("year", "formula", "0", template="=YEAR(B{r})"),
        ),
        n_rows=3,
    )
    small = SheetSpec("Small", rows=[[Cell("Title", "title")]], table=table, autofilter="A4:D7")
    other = SheetSpec("Other", rows=[[Cell(1, "input")]])
    spec = WorkbookSpec(
        "verification",
        [other, small],
        [DefinedName("X_Day", "Small", "$B$5:$B$7"), DefinedName("Y", "Other", "$A$1")],
        DocProperties("t", "s", dt.datetime(2024, 12, 31)),
    )
    assert wt.largest_sheet(spec) is small
    assert wt.sheet_rows(small) == 7
    one = wt.single_sheet_spec(spec, small)
    assert one.sheet_names == ["Small"] and [n.name for n in one.names] == ["X_Day"]

    result = wt.compare(small, spec, repeat=1, workdir=tmp_path)
    assert result["sheet"] == "Small" and result["rows"] == 7
    assert result["relative_throughput"] > 0
    from openpyxl import load_workbook

    ws = load_workbook(tmp_path / "xlsxwriter-0.xlsx")["Small"]
    assert ws["A7"].value == "=c" and ws["D5"].value == "=YEAR(B5)"
    assert ws["B5"].value.date() == dt.date(2024, 1, 1) and ws["C6"].value is None


# ------------------------------------------------------------------ the profile-driven fixes
# The benchmark's profile led to vectorised code paths in the core; these tests pin them to
# the cell-by-cell definitions they replace (same bytes, same counts).


def _edge_frame():
    import numpy as np
    import pandas as pd

    dates = pd.to_datetime(["2020-01-02", None, "1999-12-31 13:00"], format="ISO8601")
    return pd.DataFrame(
        {
            "d": dates,
            "dtz": dates.tz_localize("UTC").tz_convert("America/Lima"),
            "f": [1.0, np.nan, 1e16],
            "f2": [np.inf, -0.0, 1e-5],
            "F": pd.array([1.5, None, 3.0], dtype="Float64"),
            "i": [1, -2, 3],
            "I": pd.array([1, None, 3], dtype="Int64"),
            "b": [True, False, True],
            "B": pd.array([True, None, False], dtype="boolean"),
            "s": pd.array(["a", None, '=x,y"z\n'], dtype="string"),
            "s2": pd.Series(["a", None, "b"], dtype="str"),
            "o": [1, "x", dt.date(2020, 1, 1)],
            "u": np.array([1, 2, 3], dtype="uint8"),
            "f32": np.array([0.1, 2.5, np.nan], dtype="float32"),
        }
    )


def test_vectorised_csv_columns_equal_the_cell_by_cell_text() -> None:
    from redd_audit.workbook.layout import column_values
    from redd_audit.workbook.sheets import data_companion as data_sheets

    frame = _edge_frame()
    for column in [*frame.columns, "not-there"]:
        expected = [data_sheets._csv_text(v) for v in column_values(frame, column)]
        assert data_sheets._csv_column(frame, column) == expected, column


def test_companion_csv_in_chunks_is_byte_identical(monkeypatch: pytest.MonkeyPatch) -> None:
    import csv
    import io
    from types import SimpleNamespace

    import pandas as pd

    from redd_audit.workbook.csv_safe import neutralise
    from redd_audit.workbook.layout import column_values
    from redd_audit.workbook.sheets import data_companion as data_sheets
    from redd_audit.workbook.sheets.data_table import RawColumn

    frame = pd.concat([_edge_frame()] * 3, ignore_index=True)
    frame["_row"] = range(2, len(frame) + 2)
    raw = [RawColumn(c, c, "input") for c in [*frame.columns, "refused"]]
    finding = SimpleNamespace(severity="error", row=3, file="t.csv")
    ctx = SimpleNamespace(
        inputs=[SimpleNamespace(table="t", file="t.csv")],
        ledger=[],
        findings=[finding],
        project=SimpleNamespace(id="P-1"),
        start=dt.date(2020, 1, 1),
        end=dt.date(2020, 12, 31),
    )
    buffer = io.StringIO()  # the definition: one row at a time, cell by cell
    writer = csv.writer(buffer, lineterminator="\n")
    columns = list(frame.columns)
    writer.writerow([*columns, "refused"])
    values = {c: column_values(frame, c) for c in columns}
    for i in range(len(frame)):
        row = [neutralise(data_sheets._csv_text(values[c][i])) for c in columns]  # CSV-safe
        writer.writerow([*row, "1" if frame["_row"].iloc[i] == 3 else "0"])
    expected = buffer.getvalue().encode("utf-8")

    whole = data_sheets.companion_csv(ctx, "t", raw, frame)
    monkeypatch.setattr(data_sheets, "_CSV_CHUNK", 4)
    chunked = data_sheets.companion_csv(ctx, "t", raw, frame)
    assert whole.content == expected and chunked.content == expected
    assert whole.rows == len(frame)


def test_ledger_cohort_lookup_handles_unknown_and_missing_strata() -> None:
    import numpy as np
    import pandas as pd

    from redd_audit.ledger import _cohort_contributes

    stratum = pd.Series(["A", None, "B", "Z", "A"], dtype="string")
    years = np.array([2010.0, 2012.0, 2019.0, 2015.0, 2022.0])
    ages = {"A": 0, "B": 9}
    # the period's first and last vintage labels (contract 8.2: calendar or project years)
    got = _cohort_contributes(years, stratum, ages, 2021, 2022)
    # the definition: per-row dict lookup, unknown or missing strata take the largest age
    last_age = stratum.astype(str).map(ages).fillna(max(ages.values())).to_numpy()
    first = np.maximum(2021, years + 1)
    assert got.tolist() == ((first <= 2022) & (first - years <= last_age)).tolist()
