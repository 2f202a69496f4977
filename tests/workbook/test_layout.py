"""redd_audit.workbook.layout: cell-safe scalars, defined names, the sparse sheet grid."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from redd_audit.workbook.layout import (
    NameRegistry,
    SheetBuilder,
    column_values,
    fx,
    inp,
    label,
    link,
    note,
    plain,
)
from redd_audit.workbook.model import Column, DataTable, Formula


def test_plain() -> None:
    assert plain(None) is None and plain(pd.NA) is None and plain(pd.NaT) is None
    assert plain(float("nan")) is None and plain(float("inf")) is None
    assert plain(np.int64(3)) == 3 and type(plain(np.int64(3))) is int
    assert type(plain(np.float64(2.5))) is float
    assert plain(pd.Timestamp("2020-01-02")) == dt.date(2020, 1, 2)
    assert plain(pd.Timestamp("2020-01-02 10:30")) == dt.datetime(2020, 1, 2, 10, 30)
    assert plain("=x") == "=x"
    assert plain([1]) == "[1]"


def test_column_values() -> None:
    frame = pd.DataFrame(
        {"d": pd.to_datetime(["2020-01-01", None]), "x": pd.array([1, None], dtype="Int64")}
    )
    assert column_values(frame, "d") == [dt.date(2020, 1, 1), None]
    assert column_values(frame, "x") == [1, None]
    assert column_values(frame, "missing") == [None, None]


def test_name_registry_refuses_bad_and_duplicate_names() -> None:
    reg = NameRegistry()
    assert reg.add("Total_VCUs", "Vintages", "$B$4") == "Total_VCUs"
    with pytest.raises(ValueError, match="used twice"):
        reg.add("total_vcus", "X", "$A$1")
    for bad in ("1abc", "AB12", "R1C1", "has space", ""):
        with pytest.raises(ValueError, match="invalid"):
            reg.add(bad, "X", "$A$1")
    assert [n.name for n in reg.names] == ["Total_VCUs"]


def test_name_registry_unique() -> None:
    reg = NameRegistry()
    assert reg.unique("a-b c") == "a_b_c"
    assert reg.unique("9x") == "_9x"
    assert reg.unique("AB12") == "AB12_"
    reg.add("Foo", "S", "$A$1")
    assert reg.unique("foo") == "foo_2"
    reg.add("foo_2", "S", "$A$2")
    assert reg.unique("Foo") == "Foo_3"


def test_sheet_builder_grid_and_refs() -> None:
    reg = NameRegistry()
    sh = SheetBuilder("Activity data", reg, "Title", "Description")
    assert sh.cells[(1, 1)].role == "title" and sh.cells[(2, 1)].role == "note"
    sh.put(4, 2, Formula("=1+1"))
    assert sh.cells[(4, 2)].role == "formula"
    sh.put_row(5, 1, ["a", None, fx("=A5"), inp(np.float64(2.0), minimum=0)])
    assert sh.cells[(5, 1)].value == "a" and (5, 2) not in sh.cells
    assert sh.cells[(5, 4)].role == "input" and sh.cells[(5, 4)].minimum == 0
    sh.headers(3, 2, ["x", "y"])
    assert sh.cells[(3, 3)].role == "header"
    assert sh.ref(5, 3) == "'Activity data'!$C$5"
    assert sh.ref(5, 3, absolute=False, local=True) == "C5"
    assert sh.range_ref(5, 1, 9, 2) == "'Activity data'!$A$5:$B$9"
    assert sh.define("Area_X", 5, 4) == "Area_X"
    sh.define_range("Area_R", 5, 1, 9, 1)
    assert [(n.name, n.sheet, n.ref) for n in reg.names] == [
        ("Area_X", "Activity data", "$D$5"),
        ("Area_R", "Activity data", "$A$5:$A$9"),
    ]
    assert sh.last_row == 5
    spec = sh.spec()
    assert len(spec.rows) == 5 and len(spec.rows[0]) == 1  # trailing Nones trimmed
    assert spec.rows[4][2] is not None and spec.rows[4][2].value == Formula("=A5")
    assert spec.protected and spec.kind == "calculation"


def test_table_below_cells_and_overlap_refused() -> None:
    sh = SheetBuilder("T", NameRegistry(), "Title")
    sh.table = DataTable(3, (Column("h", "input", values=[1, 2]),), n_rows=2)
    assert sh.last_row == 5
    assert sh.spec().table is sh.table
    sh.put(3, 1, "clash")
    with pytest.raises(ValueError, match="overlaps"):
        sh.spec()


def test_widths_and_cell_helpers() -> None:
    sh = SheetBuilder("W", NameRegistry(), "t")
    sh.widths_from(3, [10, 12])
    sh.width(1, 30)
    assert sh.spec().column_widths == {1: 30, 3: 10, 4: 12}
    assert link("=Total_VCUs").role == "link" and link("=A1").value == Formula("=A1")
    assert fx("=A1", "0").number_format == "0"
    assert label(np.int64(4)).value == 4 and label(4).role == "label"
    assert note("n").role == "note"
    with pytest.raises(ValueError):
        fx("A1")
