"""redd_audit.workbook.sheets.readme: outcome links, project and run, key results, guide."""

from __future__ import annotations

import dataclasses

from redd_audit.workbook.build import build_quality_workbook
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets import readme
from redd_audit.workbook.sheets.readme import OUTCOME, _flatten, _signature_text
from redd_audit.workbook.sheets.readme_text import CONTRACT_NAMES, contract_format
from tests.workbook.case import make_context
from tests.workbook.spec_helpers import all_text, cell, cycle_spec, find, iter_cells, main_spec


def _value_right_of(sheet, text: str):  # type: ignore[no-untyped-def]
    r, c = find(sheet, text)
    return cell(sheet, r, c + 1)


def test_signature_text_and_flatten() -> None:
    assert _signature_text({"signed": True, "keyid": "k1"}) == "signed (Ed25519), key id k1"
    assert _signature_text(None).startswith("unsigned")
    assert _flatten({"a": 1, "b": {"c": None, "d": {"e": 2}}}) == [
        ("a", 1),
        ("b.c", None),
        ("b.d.e", 2),
    ]


def test_outcome_links_only_defined_names() -> None:
    spec = main_spec()
    sheet = spec.sheet(readme.NAME)
    assert not sheet.protected
    defined = {n.name for n in spec.names}
    links = {
        x.value.text[1:]
        for _, c, x in iter_cells(sheet)
        if c == 2 and x.role == "link" and isinstance(x.value, Formula)
    }
    for _, name, _ in OUTCOME:
        assert (name in links) == (name in defined), name
    conclusion = _value_right_of(sheet, "Period conclusion")
    assert conclusion is not None and conclusion.wrap
    assert "Cumulative_VCUs_To_Date" in {n.name for n in cycle_spec().names}
    assert "Cumulative_VCUs_To_Date" in all_formulas(cycle_spec().sheet(readme.NAME))


def all_formulas(sheet) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(x.value.text for _, _, x in iter_cells(sheet) if isinstance(x.value, Formula))


def test_project_and_key_results() -> None:
    sheet = main_spec().sheet(readme.NAME)
    assert cell(sheet, 1, 1).value == "Verification workbook — TEST-1 Test project"  # type: ignore[union-attr]
    assert _value_right_of(sheet, "Project id").value == "TEST-1"  # type: ignore[union-attr]
    assert _value_right_of(sheet, "Methodology").value == "VM0007 version 1.6"  # type: ignore[union-attr]
    assert _value_right_of(sheet, "Module BL-UP").value == "version 3.1"  # type: ignore[union-attr]
    assert _value_right_of(sheet, "Quality gate").value == "passed"  # type: ignore[union-attr]
    assert _value_right_of(sheet, "Run id").value == "run-0123456789abcdef"  # type: ignore[union-attr]
    r, _ = find(sheet, "Key results", exact=False)
    for k, name in enumerate(CONTRACT_NAMES, start=1):
        assert cell(sheet, r + k, 1).value == name  # type: ignore[union-attr]
        value = cell(sheet, r + k, 2)
        assert value is not None and value.value == Formula(f"={name}")
        assert value.role == "link" and value.number_format == contract_format(name)


def test_guide_links_every_sheet_in_order() -> None:
    spec = main_spec()
    sheet = spec.sheet(readme.NAME)
    r, _ = find(sheet, "How to navigate")
    for k, name in enumerate(spec.sheet_names, start=1):
        assert cell(sheet, r + k, 1).value == Formula(f'=HYPERLINK("#\'{name}\'!A1","{name}")')  # type: ignore[union-attr]
    text = all_text(sheet)
    assert "Rule set in force" in text and "Conventions (vintages and partial years)" in text
    assert "Optional tables not provided" not in text


def test_quality_readme() -> None:
    ctx = dataclasses.replace(make_context(status="failed_quality_gate"), missing_tables=["x_t"])
    spec = build_quality_workbook(ctx)
    sheet = spec.sheet(readme.NAME)
    assert str(cell(sheet, 1, 1).value).startswith("Data-quality workbook — TEST-1")  # type: ignore[union-attr]
    text = all_text(sheet)
    assert "The data-quality gate failed" in text and "Key results" not in text
    assert "Optional tables not provided" in text and "x_t" in text
    start = _value_right_of(sheet, "Monitoring period start")
    assert start is not None and start.role == "input"
    assert spec.name("Period_Start").sheet == readme.NAME
