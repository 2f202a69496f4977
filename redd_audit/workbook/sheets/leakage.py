"""Leakage ΔC_LK (LK-ASU): leakage-belt emissions above the leakage-belt baseline."""

from __future__ import annotations

from dataclasses import dataclass

from redd_audit.formulas.leakage import vintage_leakage_tco2e
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import HEADER_ROW, SheetBuilder, fx, link
from redd_audit.workbook.model import COUNT, TCO2E, column_letter
from redd_audit.workbook.sheets import fixed_baseline, leakage_immigrants
from redd_audit.workbook.sheets.activity import ActivityCells
from redd_audit.workbook.sheets.cohorts import V0, block_widths, cohort_block, vintage_header

NAME = "Leakage"


@dataclass(frozen=True)
class LeakageCells:
    """Per-vintage references: leakage-belt monitored and baseline emissions, leakage."""

    monitored: tuple[str, ...]
    baseline: tuple[str, ...]
    leakage: tuple[str, ...]


def leakage_cell(c: str, mon: int, base: int, days: int, a: str, z: str) -> str:
    """ΔC_LK = MAX(0, monitored − baseline) per vintage, or once over the period allocated by
    days (setting Leakage_Netting)."""
    return vintage_leakage_tco2e(
        f"{c}{mon}",
        f"{c}{base}",
        f"{c}{days}",
        f"SUM(${a}${mon}:${z}${mon})",
        f"SUM(${a}${base}:${z}${base})",
        f"SUM(${a}${days}:${z}${days})",
        "Leakage_Netting",
    )


def _per_vintage(
    book: Book, sh: SheetBuilder, top: int, b_total: int, m_total: int
) -> LeakageCells:
    calendar = book.calendar
    assert calendar is not None
    nv = len(calendar)
    sh.put(top, 1, "3. Leakage per vintage", "subtitle")
    hdr = top + 1
    sh.put(hdr, 1, "Quantity", "header")
    vintage_header(sh, hdr, calendar, fractions=False)
    sh.put(hdr, V0 + nv, "Period total", "header")
    sh.put(hdr, V0 + nv + 1, "Source", "header")
    days, mon, base, diff, leak = hdr + 1, hdr + 2, hdr + 3, hdr + 4, hdr + 5
    labels = {
        days: ("Days in vintage", "Parameters (vintages)"),
        mon: ("ΔC_P,LB monitored leakage-belt emissions (tCO2e)", f"Leakage row {m_total}"),
        base: ("ΔC_BSL,LB leakage-belt baseline emissions (tCO2e)", f"Leakage row {b_total}"),
        diff: ("Difference (tCO2e)", "this sheet"),
        leak: ("Leakage ΔC_LK (tCO2e)", "this sheet; Leakage_Netting (Parameters)"),
    }
    for row, (text, source) in labels.items():
        sh.put(row, 1, text, "key" if row == leak else "label")
        sh.put(row, V0 + nv + 1, source)
    a, z = column_letter(V0), column_letter(V0 + nv - 1)
    for i, cal in enumerate(calendar.rows):
        c = column_letter(V0 + i)
        sh.put(days, V0 + i, link(f"={cal.days}").value, "link", COUNT)
        sh.put(mon, V0 + i, link(f"={c}{m_total}").value, "link", TCO2E)
        sh.put(base, V0 + i, link(f"={c}{b_total}").value, "link", TCO2E)
        sh.put(diff, V0 + i, fx(f"={c}{mon}-{c}{base}").value, "formula", TCO2E)
        sh.put(leak, V0 + i, fx(leakage_cell(c, mon, base, days, a, z)).value, "formula", TCO2E)
    for row, fmt in ((days, COUNT), (mon, TCO2E), (base, TCO2E), (diff, TCO2E), (leak, TCO2E)):
        sh.put(row, V0 + nv, fx(f"=SUM({a}{row}:{z}{row})").value, "formula", fmt)
    return LeakageCells(
        tuple(sh.ref(mon, V0 + i) for i in range(nv)),
        tuple(sh.ref(base, V0 + i) for i in range(nv)),
        tuple(sh.ref(leak, V0 + i) for i in range(nv)),
    )


def build(book: Book, activity: ActivityCells) -> LeakageCells:
    sh = book.sheet(
        NAME,
        "Leakage ΔC_LK (LK-ASU): leakage-belt emissions above the leakage-belt baseline (tCO2e)",
        "Both terms are summed over all strata for the year, with tails, each computed like the "
        "project-area ones. Leakage = MAX(0, monitored − baseline) per vintage, or once over the "
        "period and allocated by days (setting Leakage_Netting).",
    )
    if book.ctx.project.accounting.baseline.source == "fixed_table":
        title = "1. Leakage-belt baseline (fixed from the PD; rows on the Baseline sheet)"
        baseline = fixed_baseline.block(book, sh, HEADER_ROW - 1, "leakage_belt", title)
    else:
        baseline = cohort_block(
            book,
            sh,
            HEADER_ROW - 1,
            "leakage_belt",
            False,
            "1. Leakage-belt baseline (ex-ante)",
            activity,
        )
    monitored = cohort_block(
        book,
        sh,
        baseline.total_row + 2,
        "leakage_belt",
        True,
        "2. Leakage-belt monitored deforestation",
        activity,
    )
    cells = _per_vintage(book, sh, monitored.total_row + 2, baseline.total_row, monitored.total_row)
    if book.ctx.project.accounting.leakage.immigrants.enabled:
        total = leakage_immigrants.build(book, sh, sh.last_row + 3, activity, cells.leakage)
        cells = LeakageCells(cells.monitored, cells.baseline, total)
    block_widths(sh, baseline.n_vintages)
    sh.width(1, 44)
    sh.freeze = f"E{HEADER_ROW + 2}"
    sh.title_rows = f"1:{HEADER_ROW + 1}"
    return cells
