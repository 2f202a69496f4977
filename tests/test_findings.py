"""redd_audit.findings: one record per failed check, rendered and sorted."""

from __future__ import annotations

from redd_audit.findings import Finding, sort_findings


def _finding(severity: str = "error", file: str = "a.csv", row: int | None = 2, **kw) -> Finding:
    values = dict(record="event_id=E-1", column="area_ha", value="-1", expectation="positive",
                  rule="r", message="area must be positive")  # fmt: skip
    values.update(kw)
    return Finding(severity=severity, file=file, row=row, **values)


def test_render_names_file_row_record_column_and_value() -> None:
    assert _finding().render() == (
        "[error] a.csv, row 2, event_id=E-1, column 'area_ha': area must be positive "
        "(observed -1) [positive; r]"
    )


def test_render_of_a_table_finding() -> None:
    finding = _finding(row=None, record=None, column=None, value=None, severity="warning")
    assert finding.render() == "[warning] a.csv: area must be positive [positive; r]"


def test_sort_errors_first_then_file_row_column() -> None:
    findings = [
        _finding("warning", "a.csv", 2),
        _finding("error", "b.csv", 3),
        _finding("error", "b.csv", None),
        _finding("error", "a.csv", 10, column="zone"),
        _finding("error", "a.csv", 10, column="area_ha"),
    ]
    ordered = sort_findings(findings)
    assert [(f.severity, f.file, f.row, f.column) for f in ordered] == [
        ("error", "a.csv", 10, "area_ha"),
        ("error", "a.csv", 10, "zone"),
        ("error", "b.csv", None, "area_ha"),
        ("error", "b.csv", 3, "area_ha"),
        ("warning", "a.csv", 2, "area_ha"),
    ]


def test_to_dict_keeps_every_field() -> None:
    assert _finding().to_dict()["record"] == "event_id=E-1"
    assert set(_finding().to_dict()) == {
        "severity", "file", "row", "record", "column", "value", "expectation", "rule", "message",
    }  # fmt: skip


def test_info_findings_come_after_warnings_whatever_their_file() -> None:
    """``info`` is reported and never blocks (contract 7.7): listed last."""
    findings = [_finding("info", "a.csv", 1), _finding("warning", "z.csv"), _finding("error", "y")]
    assert [f.severity for f in sort_findings(findings)] == ["error", "warning", "info"]
