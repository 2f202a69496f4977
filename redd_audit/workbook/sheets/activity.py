"""Activity data: deforestation per zone, stratum and cohort year (ha), from the Ex-ante
baseline and Events sheets (exact id matching, :mod:`.criteria`)."""

from __future__ import annotations

from dataclasses import dataclass

from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import FIRST_ROW, HEADER_ROW, SheetBuilder, fx, inp, label
from redd_audit.workbook.model import HA, YEAR, Cell, ChartSpec, RangeRef, SeriesSpec, column_letter
from redd_audit.workbook.sheets.criteria import Condition, sum_where

NAME = "Activity data"
ZONES = ("project_area", "leakage_belt")
SUMMARY_COL = 9  # right of the Source column (G) and a spacer
HEADERS = [
    "Zone",
    "Stratum",
    "Cohort year",
    "Ex-ante baseline area (ha)",
    "Monitored area, crediting start to period end (ha)",
    "of which dated in the monitoring period (ha)",
    "Source",
]


@dataclass(frozen=True)
class CohortArea:
    """References to one (zone, stratum, cohort year) row."""

    exante: str
    monitored: str
    in_period: str


@dataclass(frozen=True)
class ActivityCells:
    areas: dict[tuple[str, str, int], CohortArea]

    def area(self, zone: str, stratum_id: str, year: int) -> CohortArea:
        return self.areas[(zone, stratum_id, year)]


def _row_cells(book: Book, r: int, zone: str, stratum_id: str, year: int) -> list[Cell]:
    exact = book.ids_need_exact
    exb = [
        Condition("Exb_Zone", f"$A{r}"),
        Condition("Exb_Stratum", f"$B{r}", is_id=True),
        Condition("Exb_Year", f"$C{r}"),
        Condition("Exb_Refused", "0"),
    ]
    cells: list[Cell] = [
        label(zone),
        label(stratum_id),
        label(year, YEAR),
        fx("=" + sum_where("Exb_Area_ha", exb, exact), HA),
    ]
    events = book.data["deforestation_events"]
    even = book.ctx.project.accounting.monitoring.annualize == "even"
    if events.on_sheet and not even:
        ev = [
            Condition("Ev_Zone", f"$A{r}"),
            Condition("Ev_Stratum", f"$B{r}", is_id=True),
            Condition("Ev_Year", f"$C{r}"),
        ]
        cells += [
            fx("=" + sum_where("Ev_Area_ha", [*ev, Condition("Ev_Accounted", "1")], exact), HA),
            fx("=" + sum_where("Ev_Area_ha", [*ev, Condition("Ev_In_Period", "1")], exact), HA),
            label("Ex-ante baseline, Events"),
        ]
    else:
        cohorts = book.rc.cohorts
        monitored = cohorts[cohorts["source"] == "monitored"].set_index(
            ["zone", "stratum_id", "cohort_year"]
        )
        k = (zone, stratum_id, year)
        found = k in monitored.index
        area = float(str(monitored.at[k, "area_ha"])) if found else 0.0
        in_p = float(str(monitored.at[k, "area_in_period_ha"])) if found else 0.0
        source = "engine (annualised over the interval, 8.3)" if even else "engine (companion)"
        cells += [inp(area, HA), inp(in_p, HA), label(f"Ex-ante baseline, {source}")]
    return cells


def _summary(book: Book, sh: SheetBuilder, last: int) -> None:
    sc = SUMMARY_COL
    sh.headers(
        HEADER_ROW,
        sc,
        [
            "Cohort year",
            "Project area: ex-ante baseline (ha)",
            "Project area: monitored (ha)",
            "Leakage belt: ex-ante baseline (ha)",
            "Leakage belt: monitored (ha)",
        ],
    )

    def rng(c: int) -> str:
        return f"${column_letter(c)}${FIRST_ROW}:${column_letter(c)}${last}"

    blocks = (("project_area", 4), ("project_area", 5), ("leakage_belt", 4), ("leakage_belt", 5))
    for j, year in enumerate(book.cohort_years):
        rr = FIRST_ROW + j
        sh.put(rr, sc, year, "label", YEAR)
        for k, (zone, col) in enumerate(blocks):
            text = f'=SUMIFS({rng(col)},{rng(1)},"{zone}",{rng(3)},${column_letter(sc)}{rr})'
            sh.put(rr, sc + 1 + k, fx(text).value, "formula", HA)
    last_sum = FIRST_ROW + len(book.cohort_years) - 1
    titles = (
        "Project area: ex-ante baseline",
        "Project area: monitored",
        "Leakage belt: ex-ante baseline",
        "Leakage belt: monitored",
    )
    sh.charts.append(
        ChartSpec(
            kind="bar",
            title="Baseline versus monitored deforestation per year and zone (ha)",
            anchor=f"{column_letter(sc + 6)}{HEADER_ROW}",
            categories=RangeRef(sh.name, sc, FIRST_ROW, sc, last_sum),
            series=tuple(
                SeriesSpec(t, RangeRef(sh.name, sc + 1 + k, FIRST_ROW, sc + 1 + k, last_sum))
                for k, t in enumerate(titles)
            ),
            x_title="Cohort year",
            y_title="ha",
        )
    )


def build(book: Book) -> ActivityCells:
    ctx = book.ctx
    sh = book.sheet(
        NAME,
        "Activity data: deforestation per zone, stratum and cohort year (ha)",
        "Ex-ante baseline areas (validated table) and monitored areas (sums over the Events "
        "sheet, ids matched exactly): since the crediting start to the period end (cohort areas "
        "whose tails count) and the part dated inside the monitoring period (whose clearing-year "
        "emission counts).",
    )
    sh.headers(HEADER_ROW, 1, HEADERS)
    areas: dict[tuple[str, str, int], CohortArea] = {}
    r = FIRST_ROW
    for zone in ZONES:
        for s in ctx.project.strata:
            for year in book.cohort_years:
                sh.put_row(r, 1, _row_cells(book, r, zone, s.id, year))
                areas[(zone, s.id, year)] = CohortArea(sh.ref(r, 4), sh.ref(r, 5), sh.ref(r, 6))
                r += 1
    last = r - 1
    _summary(book, sh, last)
    events = book.data["deforestation_events"]
    if ctx.project.accounting.monitoring.annualize == "even":
        sh.put(
            last + 2,
            1,
            "Monitored areas are input cells: the engine's shares A·f_v/Σf of the events "
            "dated in their monitoring interval (annualize: even, contract 8.3; "
            "annualize.annualized_area_ha).",
            "note",
        )
    elif not events.on_sheet and events.companion is not None:
        sh.put(
            last + 2,
            1,
            f"Monitored areas are input cells: the events are in {events.companion.name}.",
            "note",
        )
    sh.widths_from(1, [14, 10, 10, 16, 20, 18, 24, 3, 10, 16, 16, 16, 16])
    sh.freeze = f"D{FIRST_ROW}"
    sh.title_rows = f"1:{HEADER_ROW}"
    sh.autofilter = f"A{HEADER_ROW}:G{last}"
    return ActivityCells(areas)
