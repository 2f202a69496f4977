"""redd_audit.workbook.sheets.provenance: input files, row ledger, exclusions, software."""

from __future__ import annotations

from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets import provenance
from redd_audit.workbook.sheets.criteria import Condition, sum_where
from tests.workbook.spec_helpers import all_text, cell, find, main_context, main_spec


def test_input_files_sorted_with_fingerprints() -> None:
    ctx = main_context()
    sheet = main_spec().sheet(provenance.NAME)
    assert cell(sheet, 3, 1).value == "1. Input files"  # type: ignore[union-attr]
    inputs = sorted(ctx.inputs, key=lambda x: (x.table, x.file))
    for i, record in enumerate(inputs):
        r = 5 + i
        assert cell(sheet, r, 1).value == record.table  # type: ignore[union-attr]
        assert cell(sheet, r, 3).value == record.sha256  # type: ignore[union-attr]
        assert cell(sheet, r, 4).value == record.rows and cell(sheet, r, 4).role == "input"  # type: ignore[union-attr]


def test_ledger_balances_and_sums_the_exclusions() -> None:
    ctx = main_context()
    sheet = main_spec().sheet(provenance.NAME)
    top, _ = find(sheet, "2. Row ledger")
    assert [cell(sheet, top + 1, c).value for c in range(1, 8)] == provenance.LEDGER_HEADERS  # type: ignore[union-attr]
    ledger = sorted(ctx.ledger, key=lambda x: (x.table, x.file))
    first = top + 2
    reasons = sum(len(e.excluded) for e in ledger)
    reasons_first = first + len(ledger) + 3
    reasons_last = reasons_first + max(reasons, 1) - 1
    for i, entry in enumerate(ledger):
        row = first + i
        assert cell(sheet, row, 2).value == entry.file  # type: ignore[union-attr]
        assert cell(sheet, row, 3).value == entry.rows_read  # type: ignore[union-attr]
        condition = Condition(f"$B${reasons_first}:$B${reasons_last}", f"B{row}", is_id=True)
        assert cell(sheet, row, 5).value == Formula(  # type: ignore[union-attr]
            "=" + sum_where(f"$D${reasons_first}:$D${reasons_last}", [condition], False)
        )
        assert cell(sheet, row, 7).value == Formula(f"=D{row}+E{row}+F{row}=C{row}")  # type: ignore[union-attr]
    last = first + len(ledger) - 1
    assert [(h.ref, h.formula) for h in sheet.highlights] == [
        (f"G{first}:G{last}", f"G{first}=FALSE")
    ]
    assert cell(sheet, reasons_first - 2, 1).value == "3. Rows excluded, by rule"  # type: ignore[union-attr]


def test_companions_and_software() -> None:
    ctx = main_context()
    text = all_text(main_spec().sheet(provenance.NAME))
    assert "None: every table fits on its sheet." in text
    assert "5. Software and versions" in text
    assert ctx.run_id in text and ctx.parameters_version in text
    assert "redd-audit" in text
