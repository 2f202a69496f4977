"""The terminal shows every finding of a run (contract section 3), warnings included, capped."""

from __future__ import annotations

import json
from pathlib import Path

from flows.cli import _print_findings


def _finding(i: int, severity: str) -> dict:
    return {
        "severity": severity,
        "file": "deforestation_events.csv",
        "row": i + 2,
        "record": f"event_id=E{i}\x1b[2J",
        "column": "driver",
        "value": "x",
        "message": "unknown driver",
        "expectation": "expect_column_values_to_be_in_set",
        "rule": "drivers are coded",
    }


def _summary(tmp_path: Path, findings: list[dict]) -> Path:
    path = tmp_path / "summary.json"
    errors = sum(f["severity"] == "error" for f in findings)
    quality = {"errors": errors, "warnings": len(findings) - errors, "findings": findings}
    path.write_text(json.dumps({"quality": quality}), "utf-8")
    return path


def test_warnings_reach_the_terminal_with_file_row_record_column(tmp_path, capsys):
    path = _summary(tmp_path, [_finding(0, "warning"), _finding(1, "error")])
    _print_findings(path, "warning")
    err = capsys.readouterr().err
    assert "[warning] deforestation_events.csv, row 2, event_id=E0" in err
    assert "column 'driver'" in err
    assert "E1" not in err, "only the asked severity"
    assert "\x1b" not in err, "control characters are made visible"


def test_many_findings_are_capped_with_the_count(tmp_path, capsys):
    path = _summary(tmp_path, [_finding(i, "warning") for i in range(25)])
    _print_findings(path, "warning", limit=20)
    err = capsys.readouterr().err
    assert err.count("[warning]") == 20
    assert "... and 5 more warning finding(s)" in err
