"""Reading a written or recalculated workbook back: named cells, tolerant comparison, and the
check that every contract name, vintage row and reconciliation line equals the engine."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from redd_audit.methodology.engine import Recomputation
from redd_audit.workbook.build import build_verification_workbook
from redd_audit.workbook.context import WorkbookContext
from redd_audit.workbook.writer import write_workbook

REL = 1e-9


CONTRACT_NAMES = (
    "Total_Baseline_tCO2e",
    "Total_Project_tCO2e",
    "Total_Leakage_tCO2e",
    "Total_NER_tCO2e",
    "NER_Error_Fraction",
    "Deduction_Factor",
    "Total_Adjusted_NER_tCO2e",
    "Total_Buffer_tCO2e",
    "Total_VCUs",
)
CONTRACT_TOTALS = {
    "Total_Baseline_tCO2e": "baseline_tco2e",
    "Total_Project_tCO2e": "project_tco2e",
    "Total_Leakage_tCO2e": "leakage_tco2e",
    "Total_NER_tCO2e": "ner_tco2e",
    "NER_Error_Fraction": "ner_error_fraction",
    "Deduction_Factor": "deduction_factor",
    "Total_Adjusted_NER_tCO2e": "adjusted_ner_tco2e",
    "Total_Buffer_tCO2e": "buffer_tco2e",
    "Total_VCUs": "vcus",
    "Total_Project_Stock_tCO2e": "project_stock_tco2e",
    "Total_Project_Fire_tCO2e": "project_fire_tco2e",
}
VINTAGE_COLUMNS = (
    "vintage",
    "start",
    "end",
    "days",
    "days_in_year",
    "year_fraction",
    "baseline_tco2e",
    "project_stock_tco2e",
    "project_fire_tco2e",
    "project_tco2e",
    "leakage_belt_tco2e",
    "leakage_belt_baseline_tco2e",
    "leakage_tco2e",
    "ner_tco2e",
    "adjusted_ner_tco2e",
    "uncertainty_deduction",
    "buffer_base_tco2e",
    "buffer_tco2e",
    "vcus",
    "rounding_residue",
    "reversal",
)


def name_cell(wb, name: str):  # type: ignore[no-untyped-def]
    defined = wb.defined_names[name]
    ((sheet, ref),) = list(defined.destinations)
    return wb[sheet][ref.replace("$", "").split(":")[0]]


def close(got: object, expected: object, rel: float = REL, abs_tol: float = 1e-9) -> bool:
    if isinstance(expected, bool) or isinstance(got, bool):
        return bool(got) == bool(expected)
    if expected is None or got is None:
        return got is None and expected is None
    g, e = float(got), float(expected)  # type: ignore[arg-type]
    return abs(g - e) <= max(rel * max(abs(g), abs(e)), abs_tol)


def assert_matches_engine(recalculated: Path, rc: Recomputation) -> None:
    """Every contract name, every Vintages row and every reconciliation line equal the engine."""
    wb = load_workbook(recalculated, data_only=True)
    problems = []
    for name, key in CONTRACT_TOTALS.items():
        got = name_cell(wb, name).value
        if not close(got, rc.totals[key]):
            problems.append(f"{name}: workbook {got!r} engine {rc.totals[key]!r}")
    ws = wb["Vintages"]
    for i, f in enumerate(rc.vintages):
        row = {c: ws.cell(5 + i, j + 1).value for j, c in enumerate(VINTAGE_COLUMNS)}
        assert row["start"].date() == f.start and row["end"].date() == f.end
        expected = {
            "vintage": f.vintage,
            "days": f.days,
            "days_in_year": 366 if f.vintage % 4 == 0 else 365,
            "year_fraction": f.year_fraction,
            "baseline_tco2e": f.baseline_tco2e,
            "project_stock_tco2e": f.project_stock_tco2e,
            "project_fire_tco2e": f.project_fire_tco2e,
            "project_tco2e": f.project_tco2e,
            "leakage_belt_tco2e": f.leakage_belt_tco2e,
            "leakage_belt_baseline_tco2e": f.leakage_belt_baseline_tco2e,
            "leakage_tco2e": f.leakage_tco2e,
            "ner_tco2e": f.ner_tco2e,
            "adjusted_ner_tco2e": f.adjusted_ner_tco2e,
            "buffer_base_tco2e": f.buffer_base_tco2e,
            "buffer_tco2e": f.buffer_tco2e,
            "vcus": f.vcus,
            "reversal": f.reversal,
        }
        for key, value in expected.items():
            if not close(row[key], value):
                problems.append(
                    f"vintage {f.vintage} {key}: workbook {row[key]!r} engine {value!r}"
                )
    rec = wb["Reconciliation"]
    lines = [
        r for r in rec.iter_rows(min_row=5, max_col=7, values_only=True) if isinstance(r[0], int)
    ]
    assert len(lines) == len(rc.reconciliation)
    for got, line in zip(lines, rc.reconciliation, strict=True):
        assert got[0] == line.vintage and got[1] == line.quantity
        for value, expected in ((got[3], line.recomputed), (got[4], line.difference)):
            if not close(value, expected):
                problems.append(
                    f"reconciliation {line.vintage} {line.quantity}: {value!r} != {expected!r}"
                )
        fraction = None if got[5] == "" else got[5]
        if not close(fraction, line.difference_fraction):
            problems.append(f"reconciliation fraction {line}: {got[5]!r}")
        if bool(got[6]) != line.material:
            problems.append(f"reconciliation material {line}: {got[6]!r}")
    assert not problems, "\n".join(problems)


def write(ctx: WorkbookContext, path: Path, **kwargs: object) -> Path:
    spec = build_verification_workbook(ctx, **kwargs)  # type: ignore[arg-type]
    write_workbook(spec, path)
    return path
