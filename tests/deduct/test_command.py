"""``redd-audit deduct`` (contract 7.6, 7.7): formats, outputs, warnings and every exit-2 case."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from flows.cli_deduct import register
from tests.conftest import executable
from tests.deduct.tables import (
    CONTRACT_SERIES_KEYS,
    draws,
    write_csv,
    write_parquet,
    write_rows,
    write_xlsx,
)

app = typer.Typer()


@app.callback()
def _root() -> None:
    """redd-audit (deduct only)."""


register(app)
runner = CliRunner()


def deduct(tmp_path: Path, file: Path, *options: str):
    return runner.invoke(
        app, ["deduct", "--draws", str(file), *options, "--out", str(tmp_path / "out")]
    )


def outputs(tmp_path: Path, file: Path) -> Path:
    return tmp_path / "out" / "deduct" / hashlib.sha256(file.read_bytes()).hexdigest()[:12]


def test_csv_with_bom_writes_the_three_files_with_the_contract_keys(tmp_path):
    file = write_csv(tmp_path / "draws.csv", draws(), bom=True)
    result = deduct(tmp_path, file, "--rule", "art-trees", "--buffer-fraction", "0.1")
    assert result.exit_code == 0, result.output
    folder = outputs(tmp_path, file)
    summary = json.loads((folder / "deduction.json").read_text())
    assert list(summary)[:6] == ["rule", "rule_version", "draws", "settings", "constants", "series"]
    assert summary["draws"] == {
        "file": "draws.csv",
        "sha256": hashlib.sha256(file.read_bytes()).hexdigest(),
        "rows": 1200,
        "columns": ["draw", "gross_er_tco2e_2021", "gross_er_tco2e_2022", "gross_er_tco2e_period"],
    }
    assert summary["constants"] == {"ua_scale": 0.524417, "t90": 1.645006}
    assert summary["settings"]["center"] == "mean"  # deduct's default for art-trees
    for entry in summary["series"]:
        assert set(entry) >= CONTRACT_SERIES_KEYS
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["inputs"][0]["bom"] is True
    for out in manifest["outputs"]:
        assert out["sha256"] == hashlib.sha256((folder / out["file"]).read_bytes()).hexdigest()
    assert "numpy" in manifest["software"] and "ironcalc" in manifest["software"]
    # terminal: one line per series, warnings for n < 10,000 and TREES' n
    lines = [line for line in result.output.splitlines() if line.startswith("gross_er_tco2e_")]
    assert len(lines) == 3 and "deduction=" in lines[0]
    assert "fewer than 10,000" in result.output
    assert "TREES 2.0 requires a simulation n of 10,000" in result.output


def test_csv_xlsx_and_parquet_give_the_same_figures(tmp_path):
    columns = draws()
    files = [
        write_csv(tmp_path / "d.csv", columns),
        write_xlsx(tmp_path / "d.xlsx", columns),
        write_parquet(tmp_path / "d.parquet", columns),
    ]
    figures = []
    for file in files:
        result = deduct(tmp_path, file, "--rule", "fcpf")
        assert result.exit_code == 0, result.output
        series = json.loads((outputs(tmp_path, file) / "deduction.json").read_text())["series"]
        figures.append([{k: v for k, v in s.items() if k != "convergence"} for s in series])
    assert figures[0] == figures[1] == figures[2]


def test_period_column_true_up_and_ua_source(tmp_path):
    file = write_csv(tmp_path / "d.csv", draws())
    result = deduct(
        tmp_path, file, "--rule", "art-trees", "--period-column", "gross_er_tco2e_period",
        "--ua-source", "period",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    series = json.loads((outputs(tmp_path, file) / "deduction.json").read_text())["series"]
    period = next(s for s in series if s["is_period"])
    years = [s for s in series if not s["is_period"]]
    assert all(s["adjustment_fraction"] == period["adjustment_fraction"] for s in years)
    want = (
        sum(s["uncertainty_deduction_tco2e"] for s in years)
        - abs(sum(s["center_tco2e"] for s in years)) * period["adjustment_fraction"]
    )
    assert period["true_up_tco2e"] == pytest.approx(want, abs=1e-6)


def test_deterministic_center(tmp_path):
    file = write_csv(tmp_path / "d.csv", draws())
    values = "gross_er_tco2e_2021=1e5,gross_er_tco2e_2022=2e5,gross_er_tco2e_period=3e5"
    result = deduct(tmp_path, file, "--rule", "vcs-xunc", "--center", "deterministic",
                    "--deterministic-value", values)  # fmt: skip
    assert result.exit_code == 0, result.output
    series = json.loads((outputs(tmp_path, file) / "deduction.json").read_text())["series"]
    assert [s["center_tco2e"] for s in series] == [1e5, 2e5, 3e5]


def test_not_converged_is_a_warning(tmp_path):
    columns = draws(3000)
    columns["gross_er_tco2e_2021"][-1000:] *= 1.5
    file = write_csv(tmp_path / "d.csv", columns)
    result = deduct(tmp_path, file, "--rule", "vcs-xunc")
    assert result.exit_code == 0
    assert "gross_er_tco2e_2021: not converged" in result.output


BAD_TABLES = [
    # (header, rows, expected fragments)
    (["id", "x"], [[1, 1.0], [2, 2.0]], ["no draw column 'draw'", "row 1"]),
    (["draw", "x"], [[1, 1.0], [1, 2.0], [3, 3.0]], ["row 3", "column 'draw'", "repeated"]),
    (["draw", "x"], [[1, 1.0], [2.5, 2.0]], ["row 3", "column 'draw'", "not an integer"]),
    (["draw", "x"], [[1, 1.0], [2, 2.0], [3, "abc"]], ["row 4", "column 'x'", "'abc'"]),
    (["draw", "x"], [[1, 1.0], [2, "nan"], [3, 3.0]], ["row 3", "column 'x'", "finite"]),
    (["draw", "x"], [[1, "inf"], [2, 1.0]], ["row 2", "column 'x'", "finite"]),
    (["draw", "x"], [[1, 1.0], [2, ""]], ["row 3", "column 'x'", "empty"]),
    (["draw", "x"], [[1, 1.0]], ["1 draw row(s)", "at least 2"]),
]


@pytest.mark.parametrize(("header", "rows", "fragments"), BAD_TABLES)
def test_bad_tables_exit_2_naming_file_row_and_column(tmp_path, header, rows, fragments):
    file = write_rows(tmp_path / "bad.csv", header, rows)
    result = deduct(tmp_path, file, "--rule", "art-trees")
    assert result.exit_code == 2, result.output
    assert "bad.csv" in result.output and "Traceback" not in result.output
    for fragment in fragments:
        assert fragment in result.output


BAD_OPTIONS = [
    (["--rule", "gold-standard"], "unknown rule 'gold-standard'"),
    (["--rule", "fcpf", "--confidence", "1.5"], "--confidence"),
    (["--rule", "art-trees", "--buffer-fraction", "2"], "--buffer-fraction"),
    (["--rule", "art-trees", "--leakage-fraction", "-0.1"], "--leakage-fraction"),
    (["--rule", "fcpf", "--relative-margin-decimals", "-1"], "--relative-margin-decimals"),
    (["--rule", "fcpf", "--percentile-method", "nearest"], "--percentile-method"),
    (["--rule", "fcpf", "--center", "mode"], "--center"),
    (["--rule", "art-trees", "--ua-source", "period"], "--period-column"),
    (["--rule", "art-trees", "--period-column", "nope"], "'nope' is not a series"),
    (["--rule", "vcs-xunc", "--center", "deterministic"], "--deterministic-value"),
    (["--rule", "vcs-xunc", "--center", "deterministic", "--deterministic-value", "x=abc"],
     "SERIES=NUMBER"),
    (["--rule", "art-trees", "--draw-column", "iteration"], "no draw column 'iteration'"),
]  # fmt: skip


@pytest.mark.parametrize(("options", "fragment"), BAD_OPTIONS)
def test_bad_options_exit_2(tmp_path, options, fragment):
    file = write_csv(tmp_path / "d.csv", draws(20))
    result = deduct(tmp_path, file, *options)
    assert result.exit_code == 2, result.output
    assert fragment in result.output and "Traceback" not in result.output


def test_unreadable_files_exit_2(tmp_path):
    for name, content in (("d.xlsx", b"not a zip"), ("d.parquet", b"nope"), ("d.json", b"{}")):
        file = tmp_path / name
        file.write_bytes(content)
        result = deduct(tmp_path, file, "--rule", "fcpf")
        assert result.exit_code == 2 and name in result.output, result.output
    assert deduct(tmp_path, tmp_path / "missing.csv", "--rule", "fcpf").exit_code == 2


def test_the_installed_command(tmp_path):
    """The real console script: exit codes and no traceback (contract section 1)."""
    file = write_csv(tmp_path / "d.csv", draws(50))
    ok = subprocess.run(
        [executable("redd-audit"), "deduct", "--draws", str(file), "--rule", "fcpf",
         "--out", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    bad = write_rows(tmp_path / "bad.csv", ["draw", "x"], [[1, 1.0], [2, "x"]])
    failed = subprocess.run(
        [executable("redd-audit"), "deduct", "--draws", str(bad), "--rule", "fcpf",
         "--out", str(tmp_path / "out")],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert failed.returncode == 2
    assert "bad.csv, row 3, column 'x'" in failed.stderr and "Traceback" not in failed.stderr


def test_art_trees_from_10000_draws_matches_an_independent_table(tmp_path):
    """The TREES template's columns recomputed by hand from the same draws, to 1e-3 t."""
    from tests.methodology.test_deductions import linear_percentile

    rng = np.random.default_rng(2017)
    years = {str(y): np.round(rng.normal(5.0e5 * (i + 1), 9.0e4, 10_000), 2)
             for i, y in enumerate(range(2017, 2021))}  # fmt: skip
    file = write_csv(tmp_path / "trees.csv", years)
    result = deduct(tmp_path, file, "--rule", "art-trees", "--center", "mean",
                    "--buffer-fraction", "0.05", "--leakage-fraction", "0.1")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "TREES 2.0 requires" not in result.output  # n = 10,000
    series = json.loads((outputs(tmp_path, file) / "deduction.json").read_text())["series"]
    for entry in series:
        x = years[entry["name"]]
        mean = sum(float(v) for v in x) / len(x)
        hw = (linear_percentile(x, 0.95) - linear_percentile(x, 0.05)) / 2 / abs(mean)
        unc = abs(mean * 0.524417 * hw / 1.645006)
        buf, leak = max(mean, 0) * 0.05, mean * 0.1
        assert entry["uncertainty_deduction_tco2e"] == pytest.approx(unc, abs=1e-3)
        assert entry["buffer_tco2e"] == pytest.approx(buf, abs=1e-3)
        assert entry["leakage_tco2e"] == pytest.approx(leak, abs=1e-3)
        assert entry["credited_tco2e"] == pytest.approx(mean - buf - unc - leak, abs=1e-3)


def test_draws_follow_their_ids_not_the_file_order(tmp_path):
    columns = draws(1500)
    ordered = write_csv(tmp_path / "a.csv", columns)
    text = ordered.read_text().splitlines()
    shuffled = tmp_path / "b.csv"
    shuffled.write_text("\n".join([text[0], *reversed(text[1:])]) + "\n")
    for file in (ordered, shuffled):
        assert deduct(tmp_path, file, "--rule", "vcs-xunc").exit_code == 0
    a, b = (
        json.loads((outputs(tmp_path, f) / "deduction.json").read_text())["series"]
        for f in (ordered, shuffled)
    )
    assert a == b  # convergence included
