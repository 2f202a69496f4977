"""redd_audit.bundle.workbook_values: cached values of single-cell defined names."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName

from redd_audit.bundle.workbook_values import cached_name_values


def _book(tmp_path: Path, names: dict[str, str]) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "Totals"
    sheet["B2"] = 726
    sheet["B3"] = "=B2*2"  # a formula openpyxl writes without a cached value
    for name, ref in names.items():
        book.defined_names[name] = DefinedName(name, attr_text=ref)
    path = tmp_path / "w.xlsx"
    book.save(path)
    return path


def test_single_cell_names_and_left_out_names(tmp_path: Path) -> None:
    path = _book(
        tmp_path, {"VCUs": "Totals!$B$2", "Twice": "Totals!$B$3", "Elsewhere": "Missing!$A$1"}
    )
    values = cached_name_values(path, ["VCUs", "Twice", "Elsewhere", "Undefined"])
    assert values == {"VCUs": 726, "Twice": None}


def test_a_name_on_a_range_is_left_out(tmp_path: Path) -> None:
    path = _book(tmp_path, {"VCUs": "Totals!$B$2", "Range": "Totals!$B$2:$B$3"})
    assert cached_name_values(path, ["VCUs", "Range"]) == {"VCUs": 726}
