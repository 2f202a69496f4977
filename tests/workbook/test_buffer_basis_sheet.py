"""The buffer-basis block of the Reconciliation sheet (contract 7.4) recalculates to the
engine's ``buffer_basis``: ``Buffer_Basis_Claims`` names the bases every claim follows and
``Buffer_Claims_Difference_tCO2e`` is Σ (stated-rule buffer − claimed buffer), both in the
cached values (IronCalc) and after a LibreOffice recalculation."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from openpyxl import load_workbook

from redd_audit.assessment import assess_period
from redd_audit.methodology.engine import recompute
from redd_audit.workbook.context import WorkbookContext
from tests.recalc import recalculate, require_soffice
from tests.workbook.case import END, START, make_context
from tests.workbook.readback import name_cell, write


def _after_leakage_claims() -> WorkbookContext:
    """The case's claims, with every buffer taken as rating × the claim's own NER."""
    ctx = make_context()
    claimed = ctx.frames["claimed_vintages"]
    rating = ctx.project.accounting.buffer.risk_rating_fraction
    ner = claimed["baseline_tco2e"] - claimed["project_tco2e"] - claimed["leakage_tco2e"]
    claimed["buffer_tco2e"] = (rating * ner).round(0)
    rc = recompute(ctx.project, ctx.frames, START, END)
    return dataclasses.replace(ctx, recomputation=rc)


@pytest.mark.slow
def test_the_block_recalculates_to_the_engine(tmp_path: Path) -> None:
    require_soffice()
    ctx = _after_leakage_claims()
    result = assess_period(
        project=ctx.project,
        frames=ctx.frames,
        files={n: f"{n}.csv" for n in ctx.frames},
        quality_findings=[],
        recomputation=ctx.recomputation,
        start=START,
        end=END,
        events_sha256="ab" * 32,
        sample_seed=7,
    )
    basis = result.buffer_basis
    # the case's deduction factor is 1: after_leakage and net coincide (a tie lists both)
    assert ctx.recomputation is not None and ctx.recomputation.totals["deduction_factor"] == 1.0
    assert basis is not None and basis["claims_follow"] == ["after_leakage", "net"]
    drafts = result.verification["draft_findings"]
    assert any(d["reference"].startswith("accounting.rules.buffer_base") for d in drafts)
    path = write(ctx, tmp_path / "book.xlsx")
    recalculated = recalculate(path, tmp_path / "lo")
    for file in (path, recalculated):
        wb = load_workbook(file, data_only=True)
        assert name_cell(wb, "Buffer_Basis").value == "stock_change", file
        assert name_cell(wb, "Buffer_Basis_Claims").value == "after_leakage, net", file
        difference = name_cell(wb, "Buffer_Claims_Difference_tCO2e").value
        assert difference == pytest.approx(basis["difference_tco2e"], rel=1e-9), file
