"""redd_audit.workbook.sheets.schedule: ΔC_i(a) per stratum and age, Schedule_<s> names."""

from __future__ import annotations

from redd_audit.formulas.emission_schedule import lifetime_emissions_tco2e_per_ha
from redd_audit.workbook.book import StratumRef
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets import schedule
from redd_audit.workbook.sheets.schedule import AGE_ROW, FIRST_AGE_COL, schedule_cell
from tests.workbook.spec_helpers import cell, formula_of, main_spec, named, names_on

# crediting start 2010, period end 2020: 11 ages (longer than the 10-year below-ground schedule)
N_AGES = 11


def test_schedule_cell_uses_the_strata_names() -> None:
    text = schedule_cell(StratumRef("TF", "TF"), "D$5")
    assert text.startswith("=") and "CO2_per_C" in text
    for name in ("AG_TF", "BG_TF", "DW_TF", "LI_TF", "Cpost_TF", "N_AG", "N_BG"):
        assert name in text
    assert "D$5" in text


def test_names_and_ages() -> None:
    spec = main_spec()
    names = names_on(spec, schedule.NAME)
    last = FIRST_AGE_COL + N_AGES - 1
    assert names["Schedule_TF"] == f"$D${AGE_ROW + 1}:$N${AGE_ROW + 1}"
    assert names["Schedule_VF"] == f"$D${AGE_ROW + 2}:$N${AGE_ROW + 2}"
    assert last == 14
    assert formula_of(spec, "Schedule_Ages") == f"=COLUMNS(D{AGE_ROW}:N{AGE_ROW})"
    sheet = spec.sheet(schedule.NAME)
    assert cell(sheet, AGE_ROW, FIRST_AGE_COL).value == 0  # type: ignore[union-attr]
    assert cell(sheet, AGE_ROW, FIRST_AGE_COL + 1).value == Formula(f"=D{AGE_ROW}+1")  # type: ignore[union-attr]


def test_stratum_rows() -> None:
    spec = main_spec()
    sheet, r, _ = named(spec, "Schedule_TF")
    tf = StratumRef("TF", "TF")
    assert cell(sheet, r, 1).value == "TF"  # type: ignore[union-attr]
    for col, letter in ((4, "D"), (9, "I")):
        x = cell(sheet, r, col)
        assert x is not None and x.role == "formula"
        assert x.value == Formula(schedule_cell(tf, f"{letter}${AGE_ROW}"))
    assert cell(sheet, r, 2).value == Formula(f"=SUM(D{r}:N{r})")  # type: ignore[union-attr]
    stocks = {p: tf.n(schedule.POOL_PREFIX[p]) for p in schedule.POOL_PREFIX}
    assert cell(sheet, r, 3).value == Formula(  # type: ignore[union-attr]
        lifetime_emissions_tco2e_per_ha(stocks, "Cpost_TF")
    )
    assert "Strata" in str(cell(sheet, r, 15).value)  # type: ignore[union-attr]
    assert sheet.freeze == f"D{AGE_ROW + 1}"
