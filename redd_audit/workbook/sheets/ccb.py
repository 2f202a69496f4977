"""CCB indicators: community and biodiversity co-benefits grouped by SDG, with derived figures
(area protected per VCU, households reached, share of women among concession holders)."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import HEADER_ROW, SheetBuilder, fx, inp, label, plain
from redd_audit.workbook.model import COUNT, DATE, FACTOR, FRACTION, NUMBER, Formula
from redd_audit.workbook.sheets.formats import WHOLE_TCO2E as WHOLE

NAME = "CCB indicators"


def value_format(value: object) -> str:
    """Counts show as counts (402), measured values with their decimals."""
    v = plain(value)
    if isinstance(v, int | float) and not isinstance(v, bool) and float(v).is_integer():
        return COUNT
    return NUMBER


def _words(indicator_id: str) -> set[str]:
    return {w for w in re.split(r"[^a-z0-9]+", indicator_id.lower()) if w}


def indicator_kind(indicator_id: str) -> str | None:
    """Which derived figure an indicator feeds, from the words of its id: ``households``,
    ``holders`` (concession holders) or ``holders_women``; None otherwise."""
    words = _words(indicator_id)
    if words & {"household", "households"}:
        return "households"
    if "holders" in words:
        return "holders_women" if "women" in words else "holders"
    return None


def _sdg_key(value: object) -> tuple[float, str]:
    text = "" if plain(value) is None else str(plain(value))
    number = re.search(r"\d+", text)
    return (float(number.group()) if number else float("inf"), text)


HEADERS = [
    "SDG",
    "indicator_id",
    "description",
    "period_start",
    "period_end",
    "value",
    "unit",
    "source",
    "Row in file",
    "Overlaps period",
]
#: derived figures of the verification workbook: (label, formula, format, source)
AREA_FIGURES = (
    ("Project area (ha)", "=Project_Area_ha", WHOLE, "Strata (Project_Area_ha)"),
    ("VCUs of the period", "=Total_VCUs", COUNT, "Vintages (Total_VCUs)"),
    ("Period length (years)", "=Period_Years", FACTOR, "Vintages (Period_Years)"),
    (
        "Forest area protected per VCU (m² per tCO2e)",
        '=IF(Total_VCUs>0,Project_Area_ha*m2_per_ha/Total_VCUs,"")',
        WHOLE,
        "Strata, Vintages, Parameters (m2_per_ha)",
    ),
    (
        "VCUs per year (annualised)",
        '=IF(Period_Years>0,Total_VCUs/Period_Years,"")',
        WHOLE,
        "Vintages",
    ),
    (
        "Forest area protected per annual VCU (m² per tCO2e per year)",
        '=IF(Total_VCUs>0,Project_Area_ha*m2_per_ha/(Total_VCUs/Period_Years),"")',
        WHOLE,
        "Strata, Vintages, Parameters (m2_per_ha)",
    ),
)
HOUSEHOLDS = '#,##0 "households"'

#: indicator row -> (indicator id, overlaps the period, period end)
Indicators = dict[int, tuple[str, bool, object]]


def _sorted_records(frame: pd.DataFrame) -> list[dict[str, object]]:
    records: list[dict[str, object]] = [
        {str(k): v for k, v in rec.items()} for rec in frame.to_dict("records")
    ]
    records.sort(
        key=lambda rec: (
            _sdg_key(rec["sdg"]),
            str(plain(rec["indicator_id"]) or ""),
            int(str(rec.get("_row") or 0)),
        )
    )
    return records


def _indicators(
    book: Book, sh: SheetBuilder, records: list[dict[str, object]]
) -> tuple[Indicators, int]:
    """The indicator rows grouped by SDG; returns them and the next free row."""
    ctx = book.ctx
    sh.headers(HEADER_ROW, 1, HEADERS)
    r = HEADER_ROW + 1
    found: Indicators = {}
    current: object = ()
    for row in records:
        sdg = plain(row["sdg"])
        if sdg != current:
            current = sdg
            text = "(SDG not given)" if sdg is None else str(sdg)
            sh.put(r, 1, text if text.upper().startswith("SDG") else f"SDG {text}", "subtitle")
            r += 1
        sh.put_row(
            r,
            1,
            [
                inp(row["sdg"]),
                inp(row["indicator_id"]),
                inp(row["description"]),
                inp(row["period_start"], DATE),
                inp(row["period_end"], DATE),
                inp(row["value"], value_format(row["value"])),
                inp(row["unit"]),
                inp(row["source"]),
                label(row.get("_row"), COUNT),
                fx(f"=AND(E{r}>=Period_Start,D{r}<=Period_End)"),
            ],
        )
        start, end = plain(row["period_start"]), plain(row["period_end"])
        overlaps = (
            start is not None and end is not None and end >= ctx.start and start <= ctx.end  # type: ignore[operator]
        )
        found[r] = (str(plain(row["indicator_id"]) or ""), overlaps, end)
        r += 1
    return found, r + 1


def _latest(found: Indicators, kind: str) -> int | None:
    """Row of the matching indicator, preferring those overlapping the period, then the
    latest reporting period."""
    rows = [
        (overlaps, end or dt.date.min, rr)
        for rr, (iid, overlaps, end) in found.items()
        if indicator_kind(iid) == kind
    ]
    return max(rows)[2] if rows else None


def _area_figures(sh: SheetBuilder, r: int) -> int:
    for text, formula, fmt, source in AREA_FIGURES:
        sh.put(r, 1, text, "key")
        sh.put(r, 2, Formula(formula), "link" if "(" not in formula else "formula", fmt)
        sh.put(r, 3, f"Source: {source}", "note")
        r += 1
    sh.put(
        r,
        1,
        "Compare with the figure the project communicates (for VCS 868 about 2,000 m² per "
        "tonne): the annualised figure divides the area by the VCUs of one year.",
        "note",
    )
    return r + 1


def _social_figures(sh: SheetBuilder, r: int, found: Indicators) -> None:
    households = _latest(found, "households")
    sh.put(r, 1, "Households reached", "key")
    if households is not None:
        sh.put(r, 2, Formula(f"=F{households}"), "link", HOUSEHOLDS)
        sh.put(r, 3, f"Source: indicator {found[households][0]} (row {households})", "note")
    else:
        sh.put(r, 2, "not available: no indicator_id containing the word 'households'", "note")
    r += 1
    women, holders = _latest(found, "holders_women"), _latest(found, "holders")
    sh.put(r, 1, "Share of women among concession holders", "key")
    if women is not None and holders is not None:
        sh.put(r, 2, Formula(f'=IF(F{holders}>0,F{women}/F{holders},"")'), "formula", FRACTION)
        sh.put(r, 3, f"Source: indicators {found[women][0]} / {found[holders][0]}", "note")
    else:
        sh.put(
            r,
            2,
            "not available: needs an indicator_id with the word 'holders' (e.g. "
            "concession_holders) and one with 'holders' and 'women'",
            "note",
        )


def build(book: Book, kind: str) -> None:
    sh = book.sheet(
        NAME,
        "CCB indicators: community and biodiversity co-benefits, grouped by SDG",
        "Indicator values as reported (inputs); 'overlaps period' marks reporting periods that "
        "overlap the monitoring period. Derived figures below.",
    )
    frame = book.ctx.frames.get("ccb_indicators")
    if frame is None:
        sh.put(HEADER_ROW, 1, "ccb_indicators was not provided.", "note")
        return
    found, r = _indicators(book, sh, _sorted_records(frame))
    sh.put(r, 1, "Derived figures", "subtitle")
    r += 1
    if kind == "verification":
        r = _area_figures(sh, r)
    _social_figures(sh, r, found)
    sh.widths_from(1, [44, 22, 50, 12, 12, 14, 12, 22, 8, 10])
    sh.freeze = f"A{HEADER_ROW + 1}"
    sh.title_rows = f"1:{HEADER_ROW}"
