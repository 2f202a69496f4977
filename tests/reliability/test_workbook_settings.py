"""Class 7 of issue 21: settings typed in the workbook. Every text setting of the Parameters
sheet is a list-validated input cell, and the formulas reading a text setting give #N/A for an
unknown value (a typo), never the other branch. Formulas are evaluated with IronCalc, the
engine of the cached values."""

from __future__ import annotations

import re
from pathlib import Path

import ironcalc
import openpyxl
import pytest
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from redd_audit.formulas.buffer import buffer_base_tco2e
from redd_audit.formulas.expression import UNKNOWN_SETTING, by_setting
from redd_audit.formulas.leakage import captured_immigrant_deforestation_ha, vintage_leakage_tco2e
from redd_audit.formulas.net_reductions import (
    adjusted_net_emission_reductions_tco2e,
    deducts_reversals,
)
from redd_audit.formulas.uncertainty import uncertainty_project_weight_tco2e
from redd_audit.project import load_project
from redd_audit.workbook.presentation import validation_rule
from redd_audit.workbook.sheets.parameters import setting_codes
from redd_audit.workbook.sheets.settings import project_settings

ROOT = Path(__file__).resolve().parents[2]
SWITCHES = {
    "Leakage_Netting",
    "Buffer_Base",
    "Uncertainty_Project_Weights",
    "Reversal_Deduction",
    "Carbon_Stock_Source",
    "Vintage_Allocation",
    "Below_Ground_Method",
}


def test_every_text_switch_of_the_parameters_sheet_has_a_list() -> None:
    project = load_project(ROOT / "data" / "raw" / "vcs-868")
    listed = {}
    for s in project_settings(project, None, None):
        codes = setting_codes(s.setting)
        if codes:
            assert str(s.value) in codes, s
            rule = validation_rule(s.fmt, s.value, codes)
            assert rule is not None and rule.type == "list", s
            listed[s.name] = codes
    assert set(listed) >= SWITCHES, SWITCHES - set(listed)
    assert listed["Leakage_Netting"] == ("per_vintage", "per_period")


def _evaluate(formula: str, setting: str, cells: dict[str, float] | None = None) -> str:
    """The formula's value with A1 = ``setting`` and other cells as given (sheet 0)."""
    model = ironcalc.create("m", "en", "UTC")
    model.set_user_input(0, 1, 1, setting)
    for ref, number in (cells or {}).items():
        column = ord(ref[0]) - 64
        model.set_user_input(0, int(ref[1:]), column, str(number))
    model.set_user_input(0, 10, 10, formula)
    model.evaluate()
    return str(model.get_formatted_cell_value(0, 10, 10))


def _number(text: str) -> float:
    return float(text.replace(",", ""))


@pytest.mark.parametrize("typo", ["per-vintage", "", " per_period ", "periode", "0"])
def test_leakage_netting_typo_is_na_not_the_other_branch(typo: str) -> None:
    formula = vintage_leakage_tco2e("B1", "B2", "B3", "B4", "B5", "B6", "A1")
    cells = {"B1": 100, "B2": 40, "B3": 10, "B4": 300, "B5": 100, "B6": 20}
    assert _number(_evaluate(formula, "per_vintage", cells)) == 60
    assert _number(_evaluate(formula, "per_period", cells)) == 100
    assert _number(_evaluate(formula, "Per_Vintage", cells)) == 60  # letter case, as SUMIFS
    assert _evaluate(formula, typo, cells) == UNKNOWN_SETTING


def test_uncertainty_weights_typo_is_na() -> None:
    formula = uncertainty_project_weight_tco2e("B1", "B2", "A1")
    cells = {"B1": 10, "B2": 5}
    assert _number(_evaluate(formula, "total_emissions", cells)) == 15
    assert _number(_evaluate(formula, "stock_emissions", cells)) == 10
    assert _evaluate(formula, "stock", cells) == UNKNOWN_SETTING


def test_reversal_deduction_typo_is_na_in_the_adjusted_ner() -> None:
    formula = adjusted_net_emission_reductions_tco2e("B1", "B2", deducts_reversals("A1")[1:])
    cells = {"B1": -100, "B2": 0.9}
    assert _number(_evaluate(formula, "none", cells)) == -100
    assert _number(_evaluate(formula, "apply_factor", cells)) == -90
    assert _evaluate(formula, "apply", cells) == UNKNOWN_SETTING


def test_buffer_base_typo_is_na_not_the_stock_change() -> None:
    formula = buffer_base_tco2e("B1", "B2", "B3", "A1", "B4", "B5")
    cells = {"B1": 1000, "B2": 200, "B3": 0.9, "B4": 750, "B5": 675}
    expected = {"stock_change": 800, "after_leakage": 750, "net": 675, "adjusted_stock_change": 720}
    for rule, value in expected.items():
        assert _number(_evaluate(formula, rule, cells)) == pytest.approx(value), rule
    assert _evaluate(formula, "before-leakage", cells) == UNKNOWN_SETTING


def test_immigrant_actual_area_typo_is_na() -> None:
    formula = captured_immigrant_deforestation_ha("B1", "B2", "B3", "A1")
    cells = {"B1": 0.2, "B2": 10, "B3": 500}
    assert _number(_evaluate(formula, "project_and_belt", cells)) == pytest.approx(102)
    assert _number(_evaluate(formula, "belt_only", cells)) == pytest.approx(100)
    assert _evaluate(formula, "belt", cells) == UNKNOWN_SETTING


def test_by_setting_nests_every_code_and_ends_in_na() -> None:
    text = by_setting("Rule", [("a", "1"), ("b", "2")])
    assert text == 'IF(Rule="a",1,IF(Rule="b",2,#N/A))'
    assert _evaluate("=" + by_setting("A1", [("x", "1"), ("y", "2")]), "z") == "#N/A"


SOURCES = [ROOT / "redd_audit" / "formulas", ROOT / "redd_audit" / "workbook" / "sheets"]
#: A text setting compared in a two-way IF whose else branch would take any other value.
_BARE_SWITCH = re.compile(
    r"IF\((?:" + "|".join(sorted(SWITCHES)) + r')="'
)  # a sheet module writing IF(Setting="code",...) by hand


def test_no_sheet_compares_a_switch_by_hand() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{n}"
        for folder in SOURCES
        for path in folder.glob("*.py")
        for n, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if _BARE_SWITCH.search(line)
    ]
    assert offenders == []


# ------------------------------------------------------------------ a written workbook, edited


@pytest.fixture(scope="module")
def live_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tests.workbook.readback import write
    from tests.workbook.test_live_conclusions import live_context

    return write(live_context(), tmp_path_factory.mktemp("class7") / "live.xlsx")


class _Engine:
    """The workbook in IronCalc: named cells set and read after recalculation."""

    def __init__(self, path: Path) -> None:
        self.model = ironcalc.load_from_xlsx(str(path), "en", "UTC", "en")
        self.book = openpyxl.load_workbook(path)
        self.sheets = [p["name"] for p in self.model.get_worksheets_properties()]

    def cell(self, sheet: str, ref: str) -> tuple[int, int, int]:
        letters, row = coordinate_from_string(ref.replace("$", ""))
        return self.sheets.index(sheet), row, column_index_from_string(letters)

    def named(self, name: str) -> tuple[int, int, int]:
        sheet, ref = next(iter(self.book.defined_names[name].destinations))
        return self.cell(sheet, ref)

    def set(self, where: tuple[int, int, int], text: str) -> None:
        self.model.set_user_input(*where, text)

    def value(self, where: tuple[int, int, int]) -> str:
        self.model.evaluate()
        return str(self.model.get_formatted_cell_value(*where))


def test_parameters_switch_cells_carry_a_list(live_book: Path) -> None:
    engine = _Engine(live_book)
    sheet, ref = next(iter(engine.book.defined_names["Leakage_Netting"].destinations))
    rules = engine.book[sheet].data_validations.dataValidation
    cell = ref.replace("$", "")
    lists = [r for r in rules if r.type == "list" and cell in str(r.sqref).split()]
    assert lists and "per_vintage" in lists[0].formula1 and "per_period" in lists[0].formula1


def test_a_typo_in_a_switch_is_na_in_the_totals(live_book: Path) -> None:
    engine = _Engine(live_book)
    totals = [engine.named(n) for n in ("Total_Leakage_tCO2e", "Total_VCUs")]
    assert all(engine.value(t) != UNKNOWN_SETTING for t in totals)
    engine.set(engine.named("Leakage_Netting"), "per-vintage")
    assert [engine.value(t) for t in totals] == [UNKNOWN_SETTING, UNKNOWN_SETTING]


def test_an_unknown_finding_status_makes_readiness_na(live_book: Path) -> None:
    engine = _Engine(live_book)
    ready = engine.named("Ready_For_Opinion")
    assert engine.value(ready) == "FALSE"
    sheet = engine.book["Findings"]
    status = next(c.coordinate for c in sheet["C"] if c.value == "open")
    engine.set(engine.cell("Findings", status), "opne")
    assert engine.value(ready) == "#N/A"
