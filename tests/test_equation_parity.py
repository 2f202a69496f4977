"""Every equation's two faces agree: the Python function and its workbook formula builder.

All cases of all registry records go into ONE small workbook (inputs in cells, one formula per
case), recalculated by LibreOffice once. Tolerance: relative 1e-9 (absolute 1e-9 near zero);
the two sides differ only by summation order and by LibreOffice's own TINV/EXP/power routines,
which agree with IEEE double arithmetic to ~1e-15 relative. Whole units and logicals must be
equal. The builders' constants are the workbook's defined names; the test workbook defines
them with the same cited values the Python functions use.
"""

from __future__ import annotations

import importlib
import inspect
import math
import pkgutil
import time
from collections.abc import Mapping

import numpy as np
import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.utils import get_column_letter
from openpyxl.workbook.defined_name import DefinedName

import redd_audit.methodology as methodology_package
from redd_audit import parameters
from redd_audit.equations import EQUATIONS, by_function, by_id
from redd_audit.methodology.net_reductions import ROUNDING_GUARD_DECIMALS
from redd_audit.sampling import monetary_unit, recheck
from tests.equation_cases import CASES, Blank
from tests.recalc import recalculate, require_soffice

REL, ABS = 1e-9, 1e-9
FIRST_INPUT_COLUMN = 3
#: Workbook defined names of the constants, with the values the Python side uses.
CONSTANTS: dict[str, float] = {
    **{key: rec.value for key, rec in parameters.records().items()},
    "CO2_per_C": parameters.CO2_PER_C,
    "VCU_Rounding_Guard_Decimals": ROUNDING_GUARD_DECIMALS,
    "Recheck_Fraction": recheck.RECHECK_FRACTION,
    "MUS_Confidence": monetary_unit.CONFIDENCE,
    "MUS_Comparison_Tolerance_tCO2e": monetary_unit.COMPARISON_TOLERANCE_TCO2E,
    "Remeasure_Minimum_Plots": recheck.REMEASURE_MINIMUM_PLOTS,
    "Reinterpret_Minimum_Samples": recheck.REINTERPRET_MINIMUM_SAMPLES,
}

#: Public functions of the methodology that are not equations, and why.
NOT_EQUATIONS = {
    "emission_schedule_tco2e_per_ha": "the row of emission_at_age_tco2e_per_ha over all ages",
    "last_emitting_age": "an index lookup for the workbook layout, not an equation",
    "stratum_statistics": "a Strata-sheet row of several statistics (t, plots needed registered)",
    "inventory_carbon_stocks": "orchestration: trees → plots → strata",
    "fire_vintage_emissions": "orchestration: selects fires and calls the E-BB equation",
    "reconcile": "builds a reconciliation record from registered equations",
    "reconcile_claims": "orchestration over the claimed vintages",
    "claimed_number": "reads a claimed figure (numeric text accepted)",
    "claimed_quantities": "which claimed quantities are reconciled (contract 7.1.4)",
    "assess_map_accuracy": "the whole Olofsson assessment; its cells are registered equations",
    "mapped_proportion_fraction": "a lookup of W_i for one class, not an equation",
    "class_accuracy": "a summary.json list of registered per-class figures",
    "change_class_figures": "a lookup of the change class's figures",
    "accuracy_summary": "the summary.json entry (contract 5.6)",
    "change_class_bias_finding": "builds a finding from proportion_outside_ci",
    "change_class_of": "reads project.yaml",
    "event_intervals": "reads a row's monitoring interval (contract 8.3)",
    "annualized_events": "orchestration: spreads events with annualized_area_ha",
    "disturbance_overlap_problems": "a check of the gate (contract 8.5), not an equation",
    "disturbance_schedules": "the rows of emission_at_age_tco2e_per_ha with C_P,Dist",
    "project_area_disturbance": "selects disturbance rows and raises their findings",
    "check_fixed_baseline": "the exit-2 checks of baseline_emissions (contract 8.10)",
    "fixed_baseline_series": "orchestration: fixed_baseline_tco2e per vintage",
    "fixed_baseline_by_stratum": "the X-UNC weights from baseline_emissions rows",
    "immigrant_leakage_terms": "a rule: applies the registered immigrant equations in order",
    "immigrant_leakage_notes": "findings on the immigrant floor (contract 8.6)",
    "reported_figures": "a rule: applies the registered reported equations to a vintage",
    "rule_settings_problems": "checks a rule's settings (contract 7.7)",
    "vcs_xunc_deduction": "a rule: applies registered deduction equations in order",
    "art_trees_deduction": "a rule: applies registered deduction equations in order",
    "fcpf_deduction": "a rule: applies registered deduction equations in order",
    "deduction_result": "a rule over the vintages and the period (contract 7.3.4)",
}
#: Modules that orchestrate (no equation of their own) or are owned elsewhere.
NOT_EQUATION_MODULES = {
    "engine",
    "cohorts",
    "strata",
    "period",
    "exante",
    "figures",
    "vintages",  # calendar split; the workbook's DATE formulas mirror it
    "draw_statistics",  # statistics of draws; its equations live in deductions
    "audd",  # contract 8 steps; the equations live in the leaf modules
    # the Monte Carlo engine (contract 7.2): streams, sampling, inputs and the vectorised
    # accounting, which calls the registered equations on arrays and writes none of its own
    "simulation",
    "simulation_inputs",
    "simulation_model",
    "simulation_sampling",
    "rule_applied",  # applies a rule's figures to the vintages with the registered equations
}


def _positional(fn: object) -> list[inspect.Parameter]:
    return list(inspect.signature(fn).parameters.values())  # type: ignore[arg-type]


def test_every_record_has_cases_and_unique_ids():
    assert len(by_id()) == len(EQUATIONS)
    assert set(CASES) == set(by_id()), "every equation needs parity cases, and only those"


def test_builder_mirrors_function_signature():
    for eq in EQUATIONS:
        assert eq.formula.__name__ == eq.function.__name__ == eq.id
        assert eq.formula.__module__.split(".")[-1] == eq.function.__module__.split(".")[-1]
        py = _positional(eq.function)
        fx = _positional(eq.formula)
        assert [p.name for p in fx[: len(py)]] == [p.name for p in py], eq.id
        for extra in fx[len(py) :]:
            assert extra.kind is inspect.Parameter.KEYWORD_ONLY, (eq.id, extra.name)
            assert extra.default in CONSTANTS, (eq.id, extra.name, extra.default)
        for p in fx:
            if p.default is not inspect.Parameter.empty and p.kind is p.KEYWORD_ONLY:
                assert p.default in CONSTANTS, (eq.id, p.name)


def test_every_methodology_equation_is_registered():
    registered = by_function()
    missing = []
    for info in pkgutil.iter_modules(methodology_package.__path__):
        if info.name in NOT_EQUATION_MODULES:
            continue
        module = importlib.import_module(f"redd_audit.methodology.{info.name}")
        for name, fn in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or fn.__module__ != module.__name__:
                continue
            if fn not in registered and name not in NOT_EQUATIONS:
                missing.append(f"{info.name}.{name}")
    assert missing == []


def _lay_out(ws, row: int, value: object, column: int) -> tuple[object, int]:
    """Write one argument from ``column``; return (its reference(s), next free column)."""
    if isinstance(value, Mapping):
        refs = {}
        for key, item in value.items():
            refs[key], column = _lay_out(ws, row, item, column)
        return refs, column
    if isinstance(value, np.ndarray):
        first = column
        for item in value.tolist():
            ws.cell(row=row, column=column, value=item)
            column += 1
        return f"{get_column_letter(first)}{row}:{get_column_letter(column - 1)}{row}", column
    if not isinstance(value, Blank):
        ws.cell(row=row, column=column, value=value)
    return f"{get_column_letter(column)}{row}", column + 1


def _python_value(value: object) -> object:
    return value.python if isinstance(value, Blank) else value


def _expected(result: object) -> object:
    if isinstance(result, np.ndarray):
        return float(result.reshape(-1)[0])
    if isinstance(result, np.bool_ | bool):
        return bool(result)
    if isinstance(result, np.floating):
        return float(result)
    return result


def _agree(expected: object, got: object) -> bool:
    if expected is None:
        return got in (None, "")
    if isinstance(expected, bool):
        return got is expected
    if isinstance(expected, int):
        return isinstance(got, int | float) and got == expected
    assert isinstance(expected, float)
    return isinstance(got, int | float) and math.isclose(got, expected, rel_tol=REL, abs_tol=ABS)


def _number_literals(formula: str) -> set[str]:
    tokens = Tokenizer(formula).items
    return {t.value for t in tokens if t.type == Token.OPERAND and t.subtype == Token.NUMBER}


@pytest.fixture(scope="module")
def parity_book(tmp_path_factory: pytest.TempPathFactory):
    """(cases, recalculated workbook path, seconds for build + recalculation)."""
    require_soffice()
    started = time.perf_counter()
    book = Workbook()
    ws = book.active
    ws.title = "Cases"
    constants = book.create_sheet("Constants")
    for i, (name, number) in enumerate(CONSTANTS.items(), start=1):
        constants.cell(row=i, column=1, value=name)
        constants.cell(row=i, column=2, value=number)
        book.defined_names[name] = DefinedName(name, attr_text=f"Constants!$B${i}")
    rows = []
    row = 1
    for eq in EQUATIONS:
        for case in CASES[eq.id]:
            column, refs = FIRST_INPUT_COLUMN, []
            for value in case:
                ref, column = _lay_out(ws, row, value, column)
                refs.append(ref)
            formula = eq.formula(*refs)
            ws.cell(row=row, column=1, value=formula)
            ws.cell(row=row, column=2, value=eq.id)
            expected = _expected(eq.function(*(_python_value(v) for v in case)))
            rows.append((eq.id, case, formula, expected, row))
            row += 1
    tmp = tmp_path_factory.mktemp("parity")
    source = tmp / "parity.xlsx"
    book.save(source)
    recalculated = recalculate(source, tmp / "out")
    return rows, recalculated, time.perf_counter() - started


def test_formulas_carry_no_numbers_but_0_and_1(parity_book):
    rows, _, _ = parity_book
    for eq_id, _, formula, _, _ in rows:
        assert formula.startswith("=")
        assert _number_literals(formula) <= {"0", "1"}, (eq_id, formula)


def test_python_and_spreadsheet_agree(parity_book):
    rows, path, seconds = parity_book
    values = load_workbook(path, data_only=True)["Cases"]
    wrong = [
        (eq_id, case, formula, expected, values.cell(row=r, column=1).value)
        for eq_id, case, formula, expected, r in rows
        if not _agree(expected, values.cell(row=r, column=1).value)
    ]
    assert wrong == []
    assert len(rows) >= 3 * len(EQUATIONS) - 20  # several cases per equation
    assert seconds < 120, f"parity workbook took {seconds:.1f} s"


def test_references_cite_modules_or_published_sources():
    """Never a section of internal notes (§x.y) nor the contract, which auditors do not get."""
    for eq in EQUATIONS:
        for text in (eq.module, eq.reference):
            assert "§" not in text and "contract" not in text.lower(), (eq.id, text)


def test_registry_cites_module_reference_unit_and_meaning():
    for eq in EQUATIONS:
        assert eq.module and eq.reference and eq.symbol and eq.unit and eq.sheet, eq.id
        assert eq.glossary.endswith("."), eq.id
        assert eq.function.__doc__, eq.id
