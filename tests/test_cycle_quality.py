"""Bad input in the cycle's tables (contract 5.3, 5.4): every problem is a finding naming file,
row, record and column; nothing is dropped silently."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tasks.collect import collect
from tasks.quality import check

GOLDEN = Path(__file__).parent / "golden" / "one-stratum"
START, END = dt.date(2019, 1, 1), dt.date(2020, 12, 31)


@pytest.fixture(scope="module")
def findings(tmp_path_factory):
    project = tmp_path_factory.mktemp("bad") / "project"
    shutil.copytree(GOLDEN, project)
    (project / "verification_findings.csv").write_text(
        "finding_id,type,status,raised_on,reference,description,response\n"
        "F-01,NCR,closed,2021-03-01,MR 3.2,Leakage belt area misreported,Corrected\n"
        "F-02,XYZ,pending,2021-03-02,MR 4.1,Clarify the fire source,\n"
        "F-02,CL,open,2021-03-02,MR 4.1,,\n"
        "F-03, ncr , Open ,2021-03-03,MR 5.1,Buffer basis,\n",
        encoding="utf-8",
    )
    (project / "issuance_history.csv").write_text(
        "period_start,period_end,vintage,vcus_issued,buffer_tco2e\n"
        "2016-01-01,2016-12-31,2016,1000,100\n"
        "2017-01-01,2019-06-30,2017,-5,120\n",
        encoding="utf-8",
    )
    outcome = check(collect(project), START, END)
    return {(f.file, f.row, f.column, f.severity): f for f in outcome.findings}


def test_register_type_status_and_duplicates_are_errors(findings):
    file = "verification_findings.csv"
    for row, column in [(3, "type"), (3, "status"), (3, "finding_id"), (4, "finding_id"),
                        (4, "description")]:  # fmt: skip
        assert (file, row, column, "error") in findings, (row, column)
    assert findings[(file, 3, "type", "error")].record == "finding_id=F-02"
    assert findings[(file, 3, "type", "error")].value == "XYZ"
    assert not any(k[0] == file and k[1] == 2 for k in findings)


def test_register_codes_are_trimmed_and_case_folded_on_reading(findings):
    """Contract 5.8: " ncr " and " Open " read as NCR and open (no finding on row 5), while
    "XYZ" and "pending" (row 3) stay errors naming the row."""
    file = "verification_findings.csv"
    assert not any(k[0] == file and k[1] == 5 for k in findings)


def test_history_overlap_and_negative_amount_are_errors(findings):
    file = "issuance_history.csv"
    overlap = findings[(file, 3, "period_start", "error")]
    assert "double issuance" in overlap.message
    assert overlap.record == "period_start=2017-01-01, period_end=2019-06-30, vintage=2017"
    assert (file, 3, "vcus_issued", "error") in findings
    # the overlapping period is the last one: no gap warning on top of the error
    assert not any(k[0] == file and k[3] == "warning" for k in findings)
