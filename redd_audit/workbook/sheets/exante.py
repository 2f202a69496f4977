"""Ex-ante estimates (validated project description) versus achieved, per vintage."""

from __future__ import annotations

from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import FIRST_ROW, HEADER_ROW, fx, inp, label, link
from redd_audit.workbook.model import FACTOR, FRACTION, YEAR
from redd_audit.workbook.refs import VintageCells
from redd_audit.workbook.sheets.documents import cite
from redd_audit.workbook.sheets.formats import WHOLE_TCO2E

NAME = "Ex-ante vs achieved"
HEADERS = [
    "Vintage",
    "Year fraction",
    "Ex-ante baseline, annual (tCO2e)",
    "Ex-ante project, annual (tCO2e)",
    "Ex-ante leakage, annual (tCO2e)",
    "Ex-ante net, annual (tCO2e)",
    "Ex-ante baseline, vintage (tCO2e)",
    "Ex-ante project, vintage (tCO2e)",
    "Ex-ante leakage, vintage (tCO2e)",
    "Ex-ante net, vintage (tCO2e)",
    "Achieved baseline (tCO2e)",
    "Achieved project (tCO2e)",
    "Achieved leakage (tCO2e)",
    "Achieved NER (tCO2e)",
    "Difference (fraction)",
    "Source",
]


def build(book: Book, vintages: VintageCells) -> None:
    ctx, rc = book.ctx, book.rc
    sh = book.sheet(
        NAME,
        "Ex-ante estimates (validated project description) versus achieved, per vintage",
        "Annual ex-ante estimates are pro-rated by the vintage's year fraction; difference = "
        "(achieved NER − ex-ante net) / |ex-ante net|.",
    )
    frame = ctx.frames.get("exante_estimates")
    if rc.exante_comparison is None or frame is None or rc.exante_comparison.empty:
        sh.put(
            HEADER_ROW,
            1,
            "exante_estimates was not provided (or has no year in the period): nothing to compare.",
            "note",
        )
        return
    sh.headers(HEADER_ROW, 1, HEADERS)
    source = cite(ctx.project, "exante") or "exante_estimates table"
    t = WHOLE_TCO2E
    table = frame.assign(year=frame["year"].astype(int)).set_index("year")
    index = {f.vintage: i for i, f in enumerate(book.vintages)}
    for r, row in enumerate(rc.exante_comparison.itertuples(index=False), start=FIRST_ROW):
        year = int(str(row.vintage))
        v = vintages.rows[index[year]]
        e = table.loc[year]
        sh.put_row(
            r,
            1,
            [
                link(f"={v.vintage}", YEAR),
                link(f"={v.year_fraction}", FACTOR),
                inp(e["baseline_tco2e"], t),
                inp(e["project_tco2e"], t),
                inp(e["leakage_tco2e"], t),
                inp(e["net_tco2e"], t),
                fx(f"=C{r}*$B{r}", t),
                fx(f"=D{r}*$B{r}", t),
                fx(f"=E{r}*$B{r}", t),
                fx(f"=F{r}*$B{r}", t),
                link(f"={v.baseline}", t),
                link(f"={v.project}", t),
                link(f"={v.leakage}", t),
                link(f"={v.ner}", t),
                fx(f'=IF(J{r}<>0,(N{r}-J{r})/ABS(J{r}),"")', FRACTION),
                label(f"{source}; achieved: Vintages"),
            ],
        )
    sh.widths_from(1, [9, 10] + [16] * 13 + [40])
    sh.freeze = f"B{FIRST_ROW}"
    sh.title_rows = f"1:{HEADER_ROW}"
