"""redd_audit.bundle.summary_check: summary.json against the workbook and the statement."""

from __future__ import annotations

import json
from pathlib import Path

from redd_audit.bundle.report import Attested, Report
from redd_audit.bundle.statement import read_envelope
from redd_audit.bundle.summary_check import check_summary
from redd_audit.bundle.workbook_values import cached_name_values
from tests.bundle.synthetic import make_run


def _attested(folder: Path) -> Attested:
    envelope = read_envelope(folder)
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    return Attested("", manifest, envelope, json.loads(envelope.payload))


def _check(folder: Path) -> Report:
    report = Report()
    check_summary(folder, _attested(folder), cached_name_values, report)
    return report


def test_a_consistent_run_passes(tmp_path: Path) -> None:
    report = _check(make_run(tmp_path / "p"))
    assert report.ok, [f.render() for f in report.failures]


def test_a_workbook_figure_differing_from_the_totals(tmp_path: Path) -> None:
    folder = make_run(tmp_path / "p", cached={"Total_VCUs": 700})
    messages = [f.render() for f in _check(folder).failures]
    assert any(m.startswith("summary.json: totals.vcus = 726 but the workbook's") for m in messages)


def test_summary_edited_after_the_statement(tmp_path: Path) -> None:
    folder = make_run(tmp_path / "p")
    attested = _attested(folder)
    summary = json.loads((folder / "summary.json").read_text("utf-8"))
    summary["run_id"] = "r2"
    summary["bundle"]["signed"] = True
    (folder / "summary.json").write_text(json.dumps(summary))
    report = Report()
    check_summary(folder, attested, cached_name_values, report)
    assert [f.message for f in report.failures] == [
        "run_id differs from the statement's predicate",
        "bundle.signed disagrees with the envelope's signatures",
    ]


def test_unreadable_summary(tmp_path: Path) -> None:
    folder = make_run(tmp_path / "p")
    attested = _attested(folder)
    (folder / "summary.json").write_text("[]")
    report = Report()
    check_summary(folder, attested, cached_name_values, report)
    assert [f.render() for f in report.failures] == [
        "summary.json: cannot be read: not a JSON object"
    ]
