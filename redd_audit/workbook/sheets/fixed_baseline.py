"""The baseline fixed per vintage from the validated PD (contract 8.4) on the Baseline sheet.

Under ``baseline.source: fixed_table`` the rows of ``baseline_emissions`` are input cells with
their ``Source`` (names ``Fixb_Zone``, ``Fixb_Vintage``, ``Fixb_Stratum``, ``Fixb_tCO2e``,
``Fixb_Area_ha``); each vintage's ΔC_BSL (project area) and ΔC_BSL,LB (leakage belt) is
``fixed_baseline_tco2e`` over a SUMIFS of the rows times the year fraction. The blocks have the
shape of a cohort block (one row per stratum, a total row), so the Vintages, Buffer and
Uncertainty sheets read them as they read the ex-ante cohorts.
"""

from __future__ import annotations

import pandas as pd

from redd_audit.formulas.expression import text_literal
from redd_audit.formulas.fixed_baseline import fixed_baseline_tco2e
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import SheetBuilder, fx
from redd_audit.workbook.model import HA, TCO2E, YEAR, column_letter
from redd_audit.workbook.sheets.cohorts import V0, CohortBlock, vintage_header

COLUMNS = (
    ("zone", "zone", None, "Fixb_Zone"),
    ("vintage", "vintage", YEAR, "Fixb_Vintage"),
    ("stratum_id", "stratum_id", None, "Fixb_Stratum"),
    ("baseline_tco2e", "baseline_tco2e (tCO2e)", TCO2E, "Fixb_tCO2e"),
    ("baseline_area_ha", "baseline_area_ha (ha)", HA, "Fixb_Area_ha"),
    ("source", "Source", None, None),
)


def table_rows(book: Book, sh: SheetBuilder, top: int) -> int:
    """The PD's rows as input cells from ``top``; returns the next free row."""
    frame = book.ctx.frames.get("baseline_emissions")
    rows = frame if frame is not None else pd.DataFrame()
    sh.put(top, 1, "Baseline fixed from the validated PD (baseline_emissions, inputs)", "subtitle")
    sh.headers(top + 1, 1, [header for _, header, _, _ in COLUMNS])
    first = top + 2
    numeric = {key for key, _, fmt, _ in COLUMNS if fmt is not None}
    for column in numeric & set(rows.columns):  # optional columns are read as text
        rows = rows.assign(**{column: pd.to_numeric(rows[column], errors="coerce")})
    records = rows.to_dict("records")
    for i, record in enumerate(records):
        for j, (key, _, fmt, _) in enumerate(COLUMNS):
            value = record.get(key)
            if value is None or (isinstance(value, float) and value != value):
                value = 0.0 if key == "baseline_area_ha" else ("" if fmt is None else None)
            elif key == "vintage":
                value = int(value)
            elif key in numeric:
                value = float(value)
            sh.put(first + i, 1 + j, value, "input", fmt)
    last = first + max(len(records), 1) - 1
    for j, (_, _, _, name) in enumerate(COLUMNS):
        if name is not None:
            sh.define_range(name, first, 1 + j, last, 1 + j)
    return last + 2


def block(book: Book, sh: SheetBuilder, top: int, zone: str, title: str) -> CohortBlock:
    """ΔC_BSL of ``zone`` per vintage from the fixed rows: a row per stratum (its rows when the
    table has ``stratum_id``, else 0) and the total row over every row of the zone."""
    calendar = book.calendar
    assert calendar is not None
    nv = len(calendar)
    hdr, frac = top + 1, top + 2
    sh.put(top, 1, title, "subtitle")
    sh.headers(hdr, 1, ["Stratum", "", "", ""])
    vintage_header(sh, hdr, calendar, fractions=True)
    sh.put(hdr, V0 + nv, "Period total (tCO2e)", "header")
    sh.put(frac, 1, "Year fraction f_v = days / days_in_year", "note")
    frame = book.ctx.frames.get("baseline_emissions")
    by_stratum = frame is not None and "stratum_id" in frame.columns
    zone_rule = f"Fixb_Zone,{text_literal(zone)}"
    first = r = frac + 1
    for s in book.ctx.project.strata:
        sh.put(r, 1, s.id)
        for i in range(nv):
            c = column_letter(V0 + i)
            rows = f"SUMIFS(Fixb_tCO2e,{zone_rule},Fixb_Vintage,{c}${hdr},Fixb_Stratum,$A{r})"
            formula = fixed_baseline_tco2e(rows, f"{c}${frac}") if by_stratum else "=0"
            sh.put(r, V0 + i, fx(formula).value, "formula", TCO2E)
        span = f"{column_letter(V0)}{r}:{column_letter(V0 + nv - 1)}{r}"
        sh.put(r, V0 + nv, fx(f"=SUM({span})").value, "formula", TCO2E)
        r += 1
    total = r
    sh.put(total, 1, "Total", "key")
    for i in range(nv):
        c = column_letter(V0 + i)
        rows = f"SUMIFS(Fixb_tCO2e,{zone_rule},Fixb_Vintage,{c}${hdr})"
        sh.put(total, V0 + i, fx(fixed_baseline_tco2e(rows, f"{c}${frac}")).value, "formula", TCO2E)
    span = f"{column_letter(V0)}{total}:{column_letter(V0 + nv - 1)}{total}"
    sh.put(total, V0 + nv, fx(f"=SUM({span})").value, "formula", TCO2E)
    return CohortBlock(sh.name, first, total - 1, total, nv, 1)
