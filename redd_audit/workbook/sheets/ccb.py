"""CCB indicators: community and biodiversity co-benefits grouped by SDG, with derived figures
(area protected per VCU, households reached, share of women among concession holders)."""

from __future__ import annotations

import datetime as dt
import re

from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import HEADER_ROW, fx, inp, label, plain
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


def build(book: Book, kind: str) -> None:
    ctx = book.ctx
    sh = book.sheet(
        "CCB indicators",
        "CCB indicators: community and biodiversity co-benefits, grouped by SDG",
        "Indicator values as reported (inputs); 'overlaps period' marks reporting periods that "
        "overlap the monitoring period. Derived figures below.",
    )
    frame = ctx.frames.get("ccb_indicators")
    if frame is None:
        sh.put(HEADER_ROW, 1, "ccb_indicators was not provided.", "note")
        return
    records = frame.to_dict("records")
    records.sort(
        key=lambda rec: (
            _sdg_key(rec["sdg"]),
            str(plain(rec["indicator_id"]) or ""),
            int(rec.get("_row") or 0),
        )
    )
    sh.headers(
        HEADER_ROW,
        1,
        [
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
        ],
    )
    r = HEADER_ROW + 1
    value_cell: dict[int, tuple[str, bool, object]] = {}
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
        value_cell[r] = (str(plain(row["indicator_id"]) or ""), overlaps, end)
        r += 1
    r += 1
    sh.put(r, 1, "Derived figures", "subtitle")
    r += 1

    def latest(kind: str) -> int | None:
        """Row of the matching indicator, preferring those overlapping the period, then the
        latest reporting period."""
        rows = [
            (overlaps, end or dt.date.min, rr)
            for rr, (iid, overlaps, end) in value_cell.items()
            if indicator_kind(iid) == kind
        ]
        return max(rows)[2] if rows else None

    if kind == "verification":
        items = [
            ("Project area (ha)", "=Project_Area_ha", WHOLE),
            ("VCUs of the period", "=Total_VCUs", COUNT),
            ("Period length (years)", "=Period_Years", FACTOR),
            (
                "Forest area protected per VCU (m² per tCO2e)",
                '=IF(Total_VCUs>0,Project_Area_ha*m2_per_ha/Total_VCUs,"")',
                WHOLE,
            ),
            (
                "VCUs per year (annualised)",
                '=IF(Period_Years>0,Total_VCUs/Period_Years,"")',
                WHOLE,
            ),
            (
                "Forest area protected per annual VCU (m² per tCO2e per year)",
                '=IF(Total_VCUs>0,Project_Area_ha*m2_per_ha/(Total_VCUs/Period_Years),"")',
                WHOLE,
            ),
        ]
        for text, formula, fmt in items:
            sh.put(r, 1, text, "key")
            sh.put(r, 2, Formula(formula), "link" if "(" not in formula else "formula", fmt)
            r += 1
        sh.put(
            r,
            1,
            "Compare with the figure the project communicates (for VCS 868 about 2,000 m² per "
            "tonne): the annualised figure divides the area by the VCUs of one year.",
            "note",
        )
        r += 1
    households = latest("households")
    sh.put(r, 1, "Households reached", "key")
    if households is not None:
        sh.put(r, 2, Formula(f"=F{households}"), "link", COUNT)
        sh.put(r, 3, f"indicator {value_cell[households][0]}", "note")
    else:
        sh.put(r, 2, "not available: no indicator_id containing the word 'households'", "note")
    r += 1
    women = latest("holders_women")
    holders = latest("holders")
    sh.put(r, 1, "Share of women among concession holders", "key")
    if women is not None and holders is not None:
        sh.put(r, 2, Formula(f'=IF(F{holders}>0,F{women}/F{holders},"")'), "formula", FRACTION)
        sh.put(
            r,
            3,
            f"{value_cell[women][0]} / {value_cell[holders][0]}",
            "note",
        )
    else:
        sh.put(
            r,
            2,
            "not available: needs an indicator_id with the word 'holders' (e.g. "
            "concession_holders) and one with 'holders' and 'women'",
            "note",
        )
    sh.widths_from(1, [44, 22, 50, 12, 12, 14, 12, 22, 8, 10])
    sh.freeze = f"A{HEADER_ROW + 1}"
    sh.title_rows = f"1:{HEADER_ROW}"
