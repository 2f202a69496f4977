"""The assess step (redd_audit/assessment.py): one pure call concludes the period from the
figures, the tables and the data-quality findings; assemble only renders it."""

from __future__ import annotations

import dataclasses
import datetime as dt

from redd_audit.assessment import PeriodAssessment, assess_period
from redd_audit.findings import Finding, sort_findings
from tests.workbook.case import END, START, make_context
from tests.workbook.case_frames import typed

KINDS = {
    "finding_id": "str",
    "type": "str",
    "status": "str",
    "raised_on": "date",
    "reference": "str",
    "description": "str",
    "response": "str",
}
QUALITY = Finding(
    "warning", "fire_events.csv", 3, "event_id=F-1", "area_ha", "0", "positive", "rule", "zero"
)


def _assess(with_figures: bool) -> PeriodAssessment:
    ctx = make_context()
    ctx.frames["verification_findings"] = typed(
        [("F-1", "NCR", "open", dt.date(2021, 3, 1), "2.1", "buffer rule", "")], KINDS
    )
    return assess_period(
        project=ctx.project,
        frames=ctx.frames,
        files={name: f"{name}.csv" for name in ctx.frames},
        quality_findings=[QUALITY],
        recomputation=ctx.recomputation if with_figures else None,
        start=START,
        end=END,
        events_sha256="ab" * 32,
        sample_seed=7,
    )


def test_a_passed_period_is_assessed_whole() -> None:
    result = _assess(with_figures=True)
    assert dataclasses.is_dataclass(result) and result.__dataclass_params__.frozen  # type: ignore[attr-defined]
    # the case claims the first baseline 5 % too high: material at 1 % (tests/workbook/case.py)
    material = [m["quantity"] for m in result.materiality if m["material"]]
    assert material == ["baseline_tco2e"]
    assert result.verification["material_misstatement"] is True
    assert result.verification["findings_open"] == 1
    assert result.verification["ready_for_opinion"] is False
    assert result.sampling is not None and result.sampling["seed"] == 7
    assert result.sampling["seed_source"] == "cli"
    assert QUALITY in result.findings
    assert list(result.findings) == sort_findings(list(result.findings))


def test_without_figures_nothing_is_concluded() -> None:
    result = _assess(with_figures=False)
    assert result.sampling is None and result.evidence_sample is None
    assert result.materiality == [] and result.accuracy is None
    assert result.verification["material_misstatement"] is None
    assert result.verification["ready_for_opinion"] is False
    assert result.findings == (QUALITY,)
