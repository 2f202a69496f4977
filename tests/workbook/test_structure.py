"""(d) Contract names, (e) structure: sheets, names, formulas, presentation."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.formula.tokenizer import Token, Tokenizer
from openpyxl.utils import FORMULAE

from redd_audit.workbook.build import build_verification_workbook
from redd_audit.workbook.writer import write_workbook
from tests.workbook.case import make_context
from tests.workbook.case_frames import make_frames
from tests.workbook.readback import CONTRACT_NAMES, name_cell


def test_contract_names_are_workbook_scope_formulas(main_file: Path) -> None:
    wb = load_workbook(main_file)
    for sheet in wb.worksheets:
        assert not sheet.defined_names, f"sheet-scope names on {sheet.title}"
    for name in CONTRACT_NAMES:
        assert name in wb.defined_names, name
        cell = name_cell(wb, name)
        assert isinstance(cell.value, str) and cell.value.startswith("="), (name, cell.value)
        assert cell.data_type == "f"


EXPECTED_SHEETS = [
    "README",
    "Provenance",
    "Parameters",
    "Strata",
    "Emission schedule",
    "Activity data",
    "Accuracy assessment",
    "Accuracy by class",
    "Baseline",
    "Project emissions",
    "Leakage",
    "Uncertainty",
    "Buffer",
    "Vintages",
    "Ex-ante vs achieved",
    "Reconciliation",
    "Period materiality",
    "Cumulative position",
    "Revisions",
    "Findings",
    "Evidence sample",
    "Plots to remeasure",
    "Accuracy re-check",
    "Equations",
    "Data quality",
    "CCB indicators",
    "Change log",
    "Ex-ante baseline",
    "Events",
    "Fires",
    "Plots",
    "Trees",
    "Accuracy samples",
]

EXPECTED_NAMES = {
    *CONTRACT_NAMES,
    # other totals and key cells
    *[
        "Total_Project_Stock_tCO2e",
        "Total_Project_Fire_tCO2e",
        "Total_Uncertainty_Deduction_tCO2e",
        "Reported_Total_VCUs",
        "Period_Years",
        "Project_Area_ha",
        "U_BSL",
        "U_BSL_Propagated",
        "U_WPS",
        "U_WPS_Propagated",
        # the buffer basis of the claims (contract 7.4)
        "Buffer_Basis",
        "Buffer_Basis_Claims",
        "Buffer_Claims_Difference_tCO2e",
        "Buffer_Claims_Tolerance_tCO2e",
        "Buffer_Claims_Relative_Tolerance",
        "Overall_Accuracy_Fraction",
        "Change_Class",
        "Change_Class_Adjusted_CI95",
        "Change_Class_Adjusted_Proportion",
        "Change_Class_Biased",
        "Change_Class_Mapped_Proportion",
        # the size of the map bias (contract 5.9)
        "Map_Area_ha",
        "Map_Bias_Emission_Factor_tCO2e_per_ha",
        "Map_Bias_Tolerable_Misstatement_tCO2e",
        "Map_Bias_Implied_Area_ha",
        "Map_Bias_Implied_Area_Low_ha",
        "Map_Bias_Implied_Area_High_ha",
        "Map_Bias_Implied_tCO2e",
        "Map_Bias_Implied_Low_tCO2e",
        "Map_Bias_Implied_High_tCO2e",
        "Map_Bias_Ratio_To_Tolerable",
        "Map_Bias_Finding_Type",
        "Findings_Closed",
        "Findings_Open",
        "Open_Findings_Count",
        "Open_NCR_Count",
        "Period_Conclusion",
        "Ready_For_Opinion",
        "Schedule_Ages",
        "Schedule_TF",
        "Schedule_VF",
    ],
    # per stratum
    *(
        f"{p}_{s}"
        for p in ("AG", "BG", "DW", "LI", "Cpost", "U", "Fuel", "COMF")
        for s in ("TF", "VF")
    ),
    # parameters.yaml
    *[
        "CO2_per_C",
        "t_gas_per_g_per_kg",
        "chave2014_height_coefficient",
        "chave2014_height_exponent",
        "chave2014_noheight_intercept",
        "chave2014_noheight_e_coefficient",
        "chave2014_noheight_density_coefficient",
        "chave2014_noheight_lnd_coefficient",
        "chave2014_noheight_lnd2_coefficient",
        "mokany2006_coefficient",
        "mokany2006_exponent",
        "kg_per_t",
        "m2_per_ha",
        "ci_two_sided_alpha",
        "z_95",
    ],
    # project settings and rule set
    *[
        "Period_Start",
        "Period_End",
        "Crediting_Start",
        "Crediting_End",
        "N_AG",
        "N_BG",
        "N_DW",
        "N_LI",
        "GWP_CH4",
        "GWP_N2O",
        "GWP_Set",
        "G_CH4_g_per_kg",
        "G_N2O_g_per_kg",
        "Fire_EF_tCO2e_per_t_dm",
        "Allowable_Uncertainty_Fraction",
        "Given_Baseline_Uncertainty_Fraction",
        "Given_Project_Uncertainty_Fraction",
        "Risk_Rating_Fraction",
        "Materiality_Fraction",
        "VCU_Rounding_Guard_Decimals",
        "Rule_Set_Id",
        "Leakage_Netting",
        "Buffer_Base",
        "Uncertainty_Project_Weights",
        "Reversal_Deduction",
        "Carbon_Stock_Source",
        "Vintage_Allocation",
        "Carbon_Fraction",
        "Below_Ground_Method",
        "Root_to_Shoot_Ratio",
        "Environmental_Stress_E",
        "Target_Precision_Fraction",
        "Min_Overall_Accuracy_Fraction",
        "Min_Samples_Per_Class",
        # contract 8.9: project years, annualisation, baseline source
        "Project_Year_Start",
        "Project_Year_Label",
        "Project_Year_Start_Month",
        "Project_Year_Start_Day",
        "Project_Year_Label_Offset",
        "Annualize_Rule",
        "Baseline_Source",
    ],
    # data columns
    *[
        "Exb_Zone",
        "Exb_Stratum",
        "Exb_Year",
        "Exb_Area_ha",
        "Exb_Refused",
        "Ev_Zone",
        "Ev_Stratum",
        "Ev_Area_ha",
        "Ev_Year",
        "Ev_Accounted",
        "Ev_In_Period",
        "Fire_Stratum",
        "Fire_Area_ha",
        "Fire_Year",
        "Fire_Counts",
        "Tree_Plot",
        "Tree_Status",
        "Tree_Refused",
        "Tree_AGB_kg",
        "Plot_Stratum",
        "Plot_AG_tC_per_ha",
        "Plot_BG_tC_per_ha",
        "Plot_Tree_tC_per_ha",
        "Plot_Included",
        "Acc_Map",
        "Acc_Ref",
        "Acc_Weight",
        "Acc_Included",
    ],
}


def test_structure_snapshot(main_file: Path) -> None:
    wb = load_workbook(main_file)
    assert wb.sheetnames == EXPECTED_SHEETS
    assert set(wb.defined_names) == EXPECTED_NAMES


def test_formulas_use_known_functions_and_hide_no_numbers(main_file: Path) -> None:
    """Only 0 and 1 appear as numeric literals; every function is in openpyxl's FORMULAE."""
    wb = load_workbook(main_file)
    literals, unknown, count = set(), set(), 0
    for ws in wb:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                count += 1
                for token in Tokenizer(cell.value).items:
                    if (
                        token.type == Token.OPERAND
                        and token.subtype == Token.NUMBER
                        and token.value not in ("0", "1")
                    ):
                        literals.add((ws.title, cell.coordinate, cell.value))
                    is_function = token.type == Token.FUNC and token.subtype == Token.OPEN
                    if is_function and token.value[:-1] not in FORMULAE:
                        unknown.add(token.value[:-1])
    assert count > 500
    assert not literals, sorted(literals)[:5]
    assert not unknown


def test_presentation(main_file: Path) -> None:
    wb = load_workbook(main_file)
    params = wb["Parameters"]
    value = name_cell(wb, "Risk_Rating_Fraction")
    assert value.font.color.rgb.endswith("0000FF") and value.fill.fgColor.rgb.endswith("FFF2CC")
    assert value.protection.locked is False
    assert value.number_format == "0.00%"
    total = name_cell(wb, "Total_NER_tCO2e")
    # the Vintages table is the monitoring report's: whole tonnes (issue 12); cells keep decimals
    assert total.number_format == "#,##0" and total.protection.locked is not False
    assert not total.font.color or total.font.color.rgb.endswith("000000")
    link = wb["Vintages"]["G5"]
    assert link.font.color.rgb.endswith("008000")
    for name in ("Vintages", "Baseline", "Uncertainty", "Strata", "Parameters", "Events"):
        ws = wb[name]
        assert ws.protection.sheet and not ws.protection.password, name
        assert (
            ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
        )
        assert ws.print_title_rows
    assert wb["Vintages"].freeze_panes == "B5"
    assert wb["Events"].freeze_panes == "A10"  # below the row-ledger count block
    assert not wb["README"].protection.sheet
    assert params.column_dimensions["A"].width >= 30
    readme = " ".join(str(c.value) for row in wb["README"].iter_rows() for c in row if c.value)
    assert "Review > Unprotect Sheet, no password" in readme
    assert "days / days_in_year" in readme
    assert len(wb["Vintages"]._charts) == 2 and len(wb["Activity data"]._charts) == 1


LEDGER_STATUSES = ("used", "excluded", "refused")


def test_events_drive_activity_data_by_formulas(main_file: Path) -> None:
    wb = load_workbook(main_file)
    ws = wb["Activity data"]
    assert ws["E5"].value.startswith("=SUMIFS(Ev_Area_ha,")
    events = wb["Events"]  # data from row 10 (below the row-ledger count block)
    assert events["J9"].value == "Row ledger: status" and events["J10"].value in LEDGER_STATUSES
    assert events["L10"].value == '=IF(B10="",0,YEAR(E10))'
    assert "Crediting_Start" in events["M10"].value and "Period_Start" in events["N10"].value
    schedule = wb["Emission schedule"]
    assert schedule["D6"].value.startswith("=CO2_per_C*(IF(D$5<N_AG,AG_TF/N_AG,0)")
    assert "INDEX(Schedule_TF," in wb["Baseline"]["E6"].value
    assert wb["Trees"]["M10"].value.startswith(
        '=IF(B10="",0,IF(AND(H10="alive",I10=0),IF(ISNUMBER(E10),chave2014_height_coefficient'
    )


def test_build_modules_do_not_import_openpyxl() -> None:
    folder = Path(__file__).parents[2] / "redd_audit" / "workbook"
    importing = sorted(
        p.name
        for p in folder.rglob("*.py")
        if re.search(r"^\s*(from|import) openpyxl", p.read_text(), re.M)
    )
    assert importing == ["writer.py"]


def test_missing_optional_tables_are_said(tmp_path: Path) -> None:
    frames = make_frames()
    for name in (
        "fire_events",
        "inventory_plots",
        "inventory_trees",
        "accuracy_samples",
        "claimed_vintages",
        "exante_estimates",
        "ccb_indicators",
    ):
        del frames[name]
    ctx = make_context(frames=frames)
    spec = build_verification_workbook(ctx)
    assert spec.sheet_names == EXPECTED_SHEETS
    path = tmp_path / "m.xlsx"
    write_workbook(spec, path)
    wb = load_workbook(path)
    assert "not provided" in str(wb["Fires"]["A4"].value)
    assert "not provided" in str(wb["Reconciliation"]["A4"].value)
    assert "not provided" in str(wb["CCB indicators"]["A4"].value)
    assert "Total_VCUs" in wb.defined_names
