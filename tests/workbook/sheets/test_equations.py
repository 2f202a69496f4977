"""redd_audit.workbook.sheets.equations: one row per registered equation with a live link."""

from __future__ import annotations

from redd_audit.equations import EQUATIONS
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets import equations
from redd_audit.workbook.sheets.equations import HEADERS, LINK_COLUMN, _hyperlink, _link, shown
from tests.workbook.spec_helpers import cell, main_spec


def test_shown_drops_internal_section_numbers() -> None:
    assert shown("BL-UP Eq. 4; contract §8.2") == "BL-UP Eq. 4"
    assert shown("§ 7.4, VMD0017") == "VMD0017"
    assert shown("VM0007 X-UNC") == "VM0007 X-UNC"


def test_hyperlink_and_link_choice() -> None:
    assert _hyperlink("'Project emissions'!$A$1", 'a "b"') == Formula(
        '=HYPERLINK("#\'Project emissions\'!$A$1","a ""b""")'
    )
    targets = {"Total_VCUs": "Vintages!$S$7"}
    assert _link("Other, Total_VCUs", "Vintages", targets, set()) == _hyperlink(
        "Vintages!$S$7", "Other, Total_VCUs"
    )
    assert _link("", "Baseline", targets, {"Baseline"}) == _hyperlink(
        "Baseline!A1", "Baseline (one cell per row)"
    )
    fallback = _link("Nowhere", "Missing sheet", targets, set())
    assert getattr(fallback, "value", None) == "Nowhere"


def test_one_row_per_equation() -> None:
    spec = main_spec()
    sheet = spec.sheet(equations.NAME)
    assert not sheet.protected
    assert [cell(sheet, 4, c).value for c in range(1, len(HEADERS) + 1)] == HEADERS  # type: ignore[union-attr]
    assert len(sheet.rows) == 4 + len(EQUATIONS)
    for r, equation in enumerate(EQUATIONS, start=5):
        assert cell(sheet, r, 1).value == equation.id  # type: ignore[union-attr]
        assert cell(sheet, r, 9).value == (  # type: ignore[union-attr]
            f"{equation.function.__module__}.{equation.function.__qualname__}"
        )
        assert "§" not in str(cell(sheet, r, 5).value)  # type: ignore[union-attr]


def test_links_point_to_defined_names() -> None:
    spec = main_spec()
    sheet = spec.sheet(equations.NAME)
    names = {n.name: n for n in spec.names}
    linked = 0
    for r, equation in enumerate(EQUATIONS, start=5):
        x = cell(sheet, r, LINK_COLUMN)
        assert x is not None
        if equation.workbook_name in names and isinstance(x.value, Formula):
            d = names[equation.workbook_name]
            assert x.role == "link"
            assert f"!{d.ref.split(':')[0]}" in x.value.text
            linked += 1
    assert linked >= 5
