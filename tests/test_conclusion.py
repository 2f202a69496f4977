"""redd_audit.conclusion: the period conclusion of a run from its summary.json."""

from __future__ import annotations

from redd_audit.conclusion import conclusion, first_findings, misstatement_text

VCU_LINE = {
    "quantity": "vcus",
    "claimed": 1550.0,
    "recomputed": 1530.0,
    "misstatement": 20.0,
    "misstatement_fraction": 20 / 1530,
    "direction": "overstated",
    "material": True,
}


def _summary(**overrides: object) -> dict:
    summary = {
        "project_id": "P",
        "period": {"start": "2021-01-01", "end": "2021-12-31"},
        "status": "passed",
        "totals": {"vcus": 1529.6},
        "quality": {"errors": 0, "warnings": 2, "findings": []},
        "materiality": [VCU_LINE],
        "verification": {"findings_open": 1},
    }
    summary.update(overrides)
    return summary


def test_material_misstatement() -> None:
    result = conclusion(_summary())
    assert result["outcome"] == "material-misstatement" and result["material"] is True
    assert result["vcus"] == 1530 and result["warnings"] == 2 and result["findings_open"] == 1
    assert result["misstatement"]["quantity"] == "vcus"
    assert result["line"] == "VCUs overstated by 20 (1.31 %): material"


def test_passed_and_failed() -> None:
    clean = conclusion(_summary(materiality=[{**VCU_LINE, "material": False}]), kind="validate")
    assert (clean["outcome"], clean["kind"]) == ("passed", "validate")
    failed = conclusion(_summary(status="failed", totals=None))
    assert failed["outcome"] == "failed" and failed["material"] is False and failed["vcus"] is None
    gate = conclusion(_summary(quality={"errors": 3}))
    assert gate["outcome"] == "failed" and gate["errors"] == 3


def test_first_blocking_findings() -> None:
    findings = [
        {"severity": "warning", "file": "w.csv", "message": "w"},
        {"severity": "error", "file": "a.csv", "row": 4, "record": "event_id=E-1",
         "column": "area_ha", "message": "negative"},
        {"severity": "error", "file": "project.yaml", "message": "x"},
        {"severity": "error", "file": "c.csv", "message": "y"},
    ]  # fmt: skip
    lines = first_findings({"quality": {"findings": findings}}, limit=2)
    assert lines == ["a.csv, row 4, event_id=E-1, column 'area_ha': negative", "project.yaml: x"]


def test_misstatement_text() -> None:
    assert misstatement_text(None) == "no claim to compare"
    assert misstatement_text(VCU_LINE) == "VCUs overstated by 20 (1.31 %), material"
    assert misstatement_text({**VCU_LINE, "direction": "none"}) == "VCUs: no misstatement"
    leakage = {"quantity": "leakage_tco2e", "misstatement": -5.4, "misstatement_fraction": None,
               "direction": "understated", "material": False}  # fmt: skip
    assert misstatement_text(leakage) == "leakage_tco2e understated by 5, not material"
