"""redd_audit.workbook.sheets.exante: ex-ante estimates pro-rated and compared with Vintages."""

from __future__ import annotations

import pytest

from redd_audit.workbook.build import build_verification_workbook
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets import exante
from tests.workbook.case import make_context, make_frames, make_project
from tests.workbook.spec_helpers import all_text, cell, main_context, main_spec


def test_headers_and_rows() -> None:
    spec = main_spec()
    sheet = spec.sheet(exante.NAME)
    assert [cell(sheet, 4, c).value for c in range(1, 17)] == exante.HEADERS  # type: ignore[union-attr]
    vintages = spec.sheet("Vintages")
    for r in (5, 6):
        assert cell(sheet, r, 1).value == Formula(f"=Vintages!$A${r}")  # type: ignore[union-attr]
        assert cell(sheet, r, 1).role == "link"  # type: ignore[union-attr]
        assert cell(sheet, r, 3).role == "input"  # type: ignore[union-attr]
        assert cell(sheet, r, 7).value == Formula(f"=C{r}*$B{r}")  # type: ignore[union-attr]
        assert cell(sheet, r, 10).value == Formula(f"=F{r}*$B{r}")  # type: ignore[union-attr]
        assert cell(sheet, r, 15).value == Formula(f'=IF(J{r}<>0,(N{r}-J{r})/ABS(J{r}),"")')  # type: ignore[union-attr]
        assert str(cell(sheet, r, 16).value).endswith("; achieved: Vintages")  # type: ignore[union-attr]
    assert cell(sheet, 7, 1) is None
    assert vintages is not None


def test_ex_ante_inputs_are_the_table_values() -> None:
    ctx = main_context()
    frame = ctx.frames["exante_estimates"]
    sheet = main_spec().sheet(exante.NAME)
    first = frame[frame["year"].astype(int) == 2019].iloc[0]
    assert cell(sheet, 5, 3).value == pytest.approx(float(first["baseline_tco2e"]))  # type: ignore[union-attr]
    assert cell(sheet, 5, 6).value == pytest.approx(float(first["net_tco2e"]))  # type: ignore[union-attr]


def test_without_exante_table() -> None:
    frames = make_frames()
    frames.pop("exante_estimates")
    spec = build_verification_workbook(make_context(make_project(), frames))
    sheet = spec.sheet(exante.NAME)
    assert "exante_estimates was not provided" in all_text(sheet)
    assert cell(sheet, 5, 1) is None
