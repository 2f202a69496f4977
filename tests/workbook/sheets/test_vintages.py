"""redd_audit.workbook.sheets.vintages: the table of vintages and the contract total names."""

from __future__ import annotations

from redd_audit.formulas.expression import nested
from redd_audit.formulas.net_reductions import (
    adjusted_net_emission_reductions_tco2e,
    deducts_reversals,
    is_reversal,
    net_emission_reductions_tco2e,
    verified_carbon_units,
)
from redd_audit.formulas.project_emissions import project_emissions_tco2e
from redd_audit.workbook.model import COUNT, Formula, column_letter
from redd_audit.workbook.refs import VINTAGE_COLUMNS, VintageCells
from redd_audit.workbook.sheets.vintages import (
    HEADERS,
    NOT_SUMMED,
    TOTAL_NAMES,
    adjusted_ner_cell,
    vcus_cell,
)
from tests.workbook.readback import CONTRACT_NAMES
from tests.workbook.spec_helpers import cell, formula_of, main_spec, names_on


def L(key: str) -> str:
    return column_letter(VintageCells.column(key))


def test_cell_builders() -> None:
    assert vcus_cell("N5", "O5", "R5") == verified_carbon_units("O5", "R5", "N5")
    assert adjusted_ner_cell("N5") == adjusted_net_emission_reductions_tco2e(
        "N5", "Deduction_Factor", nested(deducts_reversals("Reversal_Deduction"))
    )


def test_headers_and_sources() -> None:
    sheet = main_spec().sheet("Vintages")
    assert cell(sheet, 3, 1).value == "Source →"  # type: ignore[union-attr]
    for j, key in enumerate(VINTAGE_COLUMNS, start=1):
        assert cell(sheet, 4, j).value == HEADERS[key][0]  # type: ignore[union-attr]
        if j > 1:
            assert cell(sheet, 3, j).value == HEADERS[key][1]  # type: ignore[union-attr]
    assert HEADERS["vcus"][0] == "VCUs (whole units)"
    assert all(HEADERS[k][0] for k in VINTAGE_COLUMNS)


def test_row_formulas() -> None:
    sheet = main_spec().sheet("Vintages")
    r = 6
    c = {k: f"{L(k)}{r}" for k in VINTAGE_COLUMNS}
    expected = {
        "project": project_emissions_tco2e(c["project_stock"], c["project_fire"]),
        "ner": net_emission_reductions_tco2e(c["baseline"], c["project"], c["leakage"]),
        "adjusted_ner": adjusted_ner_cell(c["ner"]),
        "uncertainty_deduction": f"={c['ner']}-{c['adjusted_ner']}",
        "vcus": vcus_cell(c["ner"], c["adjusted_ner"], c["buffer"]),
        "reversal": is_reversal(c["ner"]),
    }
    for key, text in expected.items():
        x = cell(sheet, r, VintageCells.column(key))
        assert x is not None and x.value == Formula(text), key
        assert x.role == "formula"
    vintage = cell(sheet, r, 1)
    assert vintage is not None and vintage.role == "link"
    assert isinstance(vintage.value, Formula) and vintage.value.text.startswith("=Parameters!$A$")
    assert cell(sheet, r, VintageCells.column("vcus")).number_format == COUNT  # type: ignore[union-attr]


def test_totals_carry_the_contract_names() -> None:
    spec = main_spec()
    names = names_on(spec, "Vintages")
    for name in CONTRACT_NAMES:
        if name in ("NER_Error_Fraction", "Deduction_Factor"):
            continue
        assert name in names, name
    for key, name in TOTAL_NAMES.items():
        col = L(key)
        assert names[name] == f"${col}$7"
        assert formula_of(spec, name) == f"=SUM({col}5:{col}6)"
    sheet = spec.sheet("Vintages")
    assert cell(sheet, 7, 1).value == "Period"  # type: ignore[union-attr]
    assert cell(sheet, 7, 2).value == Formula("=Period_Start")  # type: ignore[union-attr]
    for key in NOT_SUMMED:
        if key not in ("start", "end", "vintage"):
            assert cell(sheet, 7, VintageCells.column(key)) is None, key
    assert TOTAL_NAMES["vcus"] == "Total_VCUs" and TOTAL_NAMES["year_fraction"] == "Period_Years"


def test_highlights_for_negative_ner_and_reversal() -> None:
    sheet = main_spec().sheet("Vintages")
    ner, rev = L("ner"), L("reversal")
    assert [(h.ref, h.formula) for h in sheet.highlights] == [
        (f"{ner}5:{ner}6", f"{ner}5<0"),
        (f"{rev}5:{rev}6", f"{rev}5=TRUE"),
    ]
    assert sheet.freeze == "B5"
