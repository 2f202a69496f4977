"""redd_audit.workbook.sheets.recheck_samples: plots to remeasure, accuracy samples to re-check."""

from __future__ import annotations

import pytest

from redd_audit.formulas.recheck import plots_to_remeasure_count, samples_to_reinterpret_count
from redd_audit.sampling.recheck import (
    METHOD,
    RECHECK_FRACTION,
    REINTERPRET_MINIMUM_SAMPLES,
    REMEASURE_MINIMUM_PLOTS,
)
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets.recheck_samples import ACCURACY, PLOTS, _selection
from tests.workbook.spec_helpers import all_text, cell, cycle_context, cycle_spec, main_spec


def test_selection_entry() -> None:
    assert _selection(None, "plots") == {}
    assert _selection({"plots": [1]}, "plots") == {}
    assert _selection({"plots": {"seed": 3}}, "plots") == {"seed": 3}


def test_without_a_selection() -> None:
    assert "No inventory plots: nothing to remeasure." in all_text(main_spec().sheet(PLOTS))
    text = all_text(main_spec().sheet(ACCURACY))
    assert "No accuracy samples: nothing to re-interpret." in text


def test_plots_selection_block() -> None:
    sheet = cycle_spec().sheet(PLOTS)
    assert cell(sheet, 4, 3).value == 42  # type: ignore[union-attr]
    assert cell(sheet, 5, 3).value == METHOD  # type: ignore[union-attr]
    assert cell(sheet, 6, 3).value == REMEASURE_MINIMUM_PLOTS  # type: ignore[union-attr]
    assert cell(sheet, 7, 3).value == RECHECK_FRACTION  # type: ignore[union-attr]
    assert [cell(sheet, 9, c).value for c in (5, 6, 7)] == ["TF", 5, 5]  # type: ignore[union-attr]
    assert cell(sheet, 10, 8).value == Formula(  # type: ignore[union-attr]
        plots_to_remeasure_count("F10", minimum="$C$6", fraction="$C$7")
    )


def test_plots_rows() -> None:
    sheet = cycle_spec().sheet(PLOTS)
    selected = cycle_context().sampling["plots"]["selected"]  # type: ignore[index]
    top = 13
    assert cell(sheet, top, 1).value == "plot_id"  # type: ignore[union-attr]
    assert [cell(sheet, top + 1 + i, 1).value for i in range(len(selected))] == sorted(selected)  # type: ignore[union-attr]
    headers = [cell(sheet, top, c).value for c in range(1, 12)]  # type: ignore[union-attr]
    c0 = headers.index("Recorded tree C, above + below (tC ha⁻¹)") + 1
    assert headers[c0 - 2] == "Row in file"
    r = top + 1
    inventory = cycle_context().recomputation.inventory  # type: ignore[union-attr]
    recorded = inventory.plots.set_index("plot_id")["tree_carbon_tc_per_ha"]["P1"]
    assert cell(sheet, r, c0).value == pytest.approx(recorded)  # type: ignore[union-attr]
    remeasured = cell(sheet, r, c0 + 1)
    assert remeasured is not None and remeasured.role == "input" and remeasured.minimum == 0.0
    rec, rem = chr(64 + c0), chr(65 + c0)
    assert cell(sheet, r, c0 + 2).value == Formula(f'=IF(ISNUMBER({rem}{r}),{rem}{r}-{rec}{r},"")')  # type: ignore[union-attr]
    assert sheet.freeze == f"B{r}"


def test_accuracy_recheck() -> None:
    sheet = cycle_spec().sheet(ACCURACY)
    assert cell(sheet, 6, 3).value == REINTERPRET_MINIMUM_SAMPLES  # type: ignore[union-attr]
    assert cell(sheet, 11, 8).value == Formula(  # type: ignore[union-attr]
        samples_to_reinterpret_count("F11", minimum="$C$6", fraction="$C$7")
    )
    top = 14
    assert cell(sheet, top, 6).value == "Re-interpreted reference class: VERIFIER INPUT"  # type: ignore[union-attr]
    new = cell(sheet, top + 1, 6)
    assert new is not None and new.role == "input"
    assert new.allowed == ("deforestation", "forest", "non_forest")
    assert cell(sheet, top + 1, 7).value == Formula('=IF(F15="","",IF(F15=C15,1,0))')  # type: ignore[union-attr]
    assert cell(sheet, 9, 3).value == Formula("=COUNT(G15:G23)")  # type: ignore[union-attr]
    assert cell(sheet, 10, 3).value == Formula('=IF(C9>0,SUM(G15:G23)/C9,"")')  # type: ignore[union-attr]
