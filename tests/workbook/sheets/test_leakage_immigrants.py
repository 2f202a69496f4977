"""redd_audit.workbook.sheets.leakage_immigrants: immigrant leakage outside the belt (8.6)."""

from __future__ import annotations

import dataclasses
import re

from redd_audit.formulas.leakage import (
    captured_immigrant_deforestation_ha,
    immigrant_deforestation_ha,
    outside_belt_deforestation_ha,
    outside_belt_emission_factor_tco2e_per_ha,
    outside_belt_leakage_tco2e,
    total_leakage_tco2e,
)
from redd_audit.workbook.book import Book
from redd_audit.workbook.model import Formula
from redd_audit.workbook.sheets import (
    activity,
    calendar,
    data_inputs,
    leakage_immigrants,
    parameters,
)
from redd_audit.workbook.sheets.leakage_immigrants import ROWS, _area_sum
from tests.workbook.case import make_project
from tests.workbook.spec_helpers import main_context, main_spec

BELT = ("Leakage!$E$63", "Leakage!$F$63")


def _built(**immigrants: object):  # type: ignore[no-untyped-def]
    settings = {"enabled": True, "prop_imm_fraction": 0.3, **immigrants}
    project = make_project(leakage={"immigrants": settings})
    book = Book(ctx=dataclasses.replace(main_context(), project=project), row_limit=1000)
    data_inputs.build(book)
    parameters.build(book)
    calendar.build(book)
    cells = activity.build(book)
    sh = book.sheet("Leakage", "t")
    totals = leakage_immigrants.build(book, sh, 70, cells, BELT)
    return book, sh, totals


def test_area_sum() -> None:
    assert _area_sum([]) == "0"
    assert _area_sum(["A1", "B2"]) == "A1+B2"


def test_inputs_with_the_stock_in_tc() -> None:
    book, sh, _ = _built(outside_belt_emission_tc_per_ha=100.0)
    names = {n.name: n.ref for n in book.names.names}
    assert names["LK_Prop_Imm_Fraction"] == "$B$71"
    assert sh.cells[(71, 2)].value == 0.3 and sh.cells[(71, 2)].role == "input"
    assert names["LK_C_OLB_tC_per_ha"] == "$C$72" and sh.cells[(72, 3)].value == 100.0
    assert sh.cells[(72, 2)].value == Formula(
        outside_belt_emission_factor_tco2e_per_ha("LK_C_OLB_tC_per_ha")
    )
    assert sh.cells[(73, 2)].value == "project_and_belt"
    assert sh.cells[(74, 2)].value is True


def test_vintage_columns() -> None:
    book, sh, totals = _built(outside_belt_emission_tco2e_per_ha=350.0)
    assert sh.cells[(72, 2)].value == 350.0 and (72, 3) not in sh.cells
    hdr = 76
    rows = {key: hdr + 1 + i for i, (key, _, _) in enumerate(ROWS)}
    c = "E"
    r = {k: f"{c}{row}" for k, row in rows.items()}
    baseline = sh.cells[(rows["baseline"], 5)].value
    assert isinstance(baseline, Formula)  # ex-ante areas of both strata × f_v
    assert re.fullmatch(
        r"=\('Activity data'!\$D\$\d+\+'Activity data'!\$D\$\d+\)\*Parameters!\$F\$\d+",
        baseline.text,
    )
    expected = {
        "imm": immigrant_deforestation_ha("LK_Prop_Imm_Fraction", r["baseline"]),
        "act": captured_immigrant_deforestation_ha(
            "LK_Prop_Imm_Fraction", r["def_pa"], r["def_lb"], "LK_Actual_Area"
        ),
        "olb": outside_belt_deforestation_ha(r["imm"], r["act"], "LK_Floor_At_Zero"),
        "lk_olb": outside_belt_leakage_tco2e(r["olb"], "LK_C_OLB_tCO2e_per_ha"),
        "lk_lb": f"={BELT[0]}",
        "total": total_leakage_tco2e(r["lk_lb"], r["lk_olb"]),
    }
    for key, text in expected.items():
        assert sh.cells[(rows[key], 5)].value == Formula(text), key
    assert sh.cells[(rows["lk_lb"], 5)].role == "link"
    assert sh.cells[(rows["total"], 7)].value == Formula(f"=SUM(E{rows['total']}:F{rows['total']})")
    names = {n.name: n.ref for n in book.names.names}
    assert names["Total_Leakage_Belt_tCO2e"] == f"$G${rows['lk_lb']}"
    assert names["Total_Leakage_Immigrants_tCO2e"] == f"$G${rows['lk_olb']}"
    assert totals == (f"Leakage!$E${rows['total']}", f"Leakage!$F${rows['total']}")


def test_not_built_when_disabled() -> None:
    assert "Total_Leakage_Immigrants_tCO2e" not in {n.name for n in main_spec().names}
