"""The "Evidence sample" sheet: the monetary-unit sample of contract.md section 5.5, with input
cells for the verifier's observed areas and the projection of what they find.

Layout: the sampling parameters (R, J, seed and start fraction are labelled cells, never
numbers inside formulas), the population per stratum, the selected events with every input
column and their value ``v`` (a formula of the stratum's stock cells), the evaluation (tainting,
misstatement, projection) and the table of Poisson factors of the incremental allowance.
The equations are those of :mod:`redd_audit.sampling.monetary_unit`.
"""

from __future__ import annotations

from redd_audit.formulas.expression import text_literal
from redd_audit.formulas.monetary_unit import (
    event_value_tco2e,
    sampling_interval_tco2e,
    tainting_fraction,
    tolerable_misstatement_tco2e,
)
from redd_audit.sampling.monetary_unit import (
    CONFIDENCE,
    PROJECT_AREA,
    EvidenceSample,
)
from redd_audit.sampling.plan import SEED_SOURCES
from redd_audit.tables.schemas import ROW_COLUMN
from redd_audit.workbook.book import Book
from redd_audit.workbook.layout import SheetBuilder, column_values, fx, inp, label, link
from redd_audit.workbook.model import (
    COUNT,
    DATE,
    FACTOR,
    FRACTION,
    HA,
    TC_PER_HA,
    TCO2E,
    Cell,
    Role,
    column_letter,
)
from redd_audit.workbook.sheets.criteria import Condition, sum_where
from redd_audit.workbook.sheets.evidence_evaluation import (
    DETAIL_COLUMNS,
    RANK_COLUMNS,
    SUMMARY_HEIGHT,
    detail_cells,
    evaluation_block,
    parameter_row,
    rank_cells,
)
from redd_audit.workbook.sheets.evidence_factors import factor_table

SHEET = "Evidence sample"
PARAM_COL = 3  # values of the parameter block in column C
FIRST_EVENT_COLUMNS = ("event_id", "zone", "stratum_id", "detected_on", "area_ha")


def _net_stock(book: Book, stratum_id: str) -> str:
    s = book.stratum(stratum_id)
    return f"({s.n('AG')}+{s.n('BG')}+{s.n('DW')}+{s.n('LI')}-{s.n('Cpost')})"


def _population_area(stratum_cell: str, exact: bool) -> str:
    """Expression summing the areas of the stratum's project-area events in the period with
    ``area_ha > 0``; the stratum id is matched exactly (issue 14: ids read as criteria)."""
    where = [
        Condition("Ev_Zone", text_literal(PROJECT_AREA)),
        Condition("Ev_Stratum", stratum_cell, is_id=True),
        Condition("Ev_In_Period", "1"),
    ]
    total = sum_where("Ev_Area_ha", where, exact)
    positive = "*(Ev_Area_ha>0))" if exact else ',Ev_Area_ha,">0")'
    return total[:-1] + positive


def _strata_block(book: Book, sh: SheetBuilder, top: int, sample: EvidenceSample) -> int:
    """Population per stratum: area from the Events sheet (SUMIFS) × 44/12 × net stock."""
    sh.headers(
        top,
        1,
        [
            "Stratum",
            "Net stock Σ pools − post (tC ha⁻¹)",
            "Population area (ha): project area, in period, area > 0",
            "Population value (tCO2e)",
            "Source",
        ],
    )
    on_sheet = book.data.get("deforestation_events")
    areas = sample.population.groupby(sample.population["stratum_id"].astype(str))["area_ha"].sum()
    r = top
    for s in book.strata:
        r += 1
        sh.put(r, 1, s.id)
        sh.put_row(r, 2, [fx(f"={_net_stock(book, s.id)}", TC_PER_HA)])
        if on_sheet is not None and on_sheet.on_sheet:
            area = fx(f"={_population_area(f'$A{r}', book.ids_need_exact)}", HA)
        else:
            area = inp(float(areas.get(s.id, 0.0)), HA)
        source = (
            "Strata; Events (sum where stratum id matches exactly)"
            if on_sheet and on_sheet.on_sheet
            else "Strata; engine"
        )
        value = fx(event_value_tco2e(f"C{r}", f"B{r}"), TCO2E)
        sh.put_row(r, 3, [area, value, label(source)])
    return r


def _event_columns(sample: EvidenceSample) -> list[str]:
    cols = [c for c in FIRST_EVENT_COLUMNS if c in sample.population.columns]
    skip = {*cols, ROW_COLUMN, "value_tco2e", "cum_before_tco2e", "cum_after_tco2e", "selected"}
    return [*cols, *(c for c in sample.population.columns if c not in skip), ROW_COLUMN]


def _events_block(
    book: Book, sh: SheetBuilder, top: int, sample: EvidenceSample
) -> tuple[int, int, dict[str, str]]:
    """The selected events, one row each; returns (first row, last row, letters)."""
    inputs = _event_columns(sample)
    derived = [
        ("value", "Value v = area × 44/12 × net stock (tCO2e)", TCO2E),
        ("cum_before", "Cumulated before (tCO2e, sampling order)", TCO2E),
        ("cum_after", "Cumulated after (tCO2e)", TCO2E),
        ("point", "Selection point u·J + k·J in (before, after] (tCO2e)", TCO2E),
        ("top", "v ≥ J: selected with certainty (1/0)", COUNT),
        ("observed", "Observed area (ha): VERIFIER INPUT", HA),
        *DETAIL_COLUMNS,
        (
            "tainting",
            "Tainting t = (observed − recorded) / recorded (+ = VCUs overstated)",
            FRACTION,
        ),
        ("misstatement", "Misstatement m = v_obs − v = v × t (tCO2e; + = VCUs overstated)", TCO2E),
        ("projected", "Projected: t × J when v < J, else m (tCO2e)", TCO2E),
        *RANK_COLUMNS,
    ]
    keys = [*inputs, *(k for k, _, _ in derived)]
    L = {k: column_letter(i + 1) for i, k in enumerate(keys)}
    headers = [("Row in file" if c == ROW_COLUMN else c) for c in inputs]
    sh.headers(top, 1, [*headers, *(h for _, h, _ in derived)])
    rows = sample.selected
    first = top + 1
    last = max(first + len(rows) - 1, first)
    for i in range(len(rows)):
        r = first + i
        record = rows.iloc[i : i + 1]
        for j, key in enumerate(inputs):
            fmt = DATE if key == "detected_on" else (HA if key == "area_ha" else None)
            role: Role = "label" if key == ROW_COLUMN else "input"
            sh.put(r, j + 1, column_values(record, key)[0], role, fmt)
        stratum = str(record["stratum_id"].iloc[0])
        event_id = str(record["event_id"].iloc[0])
        observed = sample.observed_ha.get(event_id)
        c = {k: f"{L[k]}{r}" for k in keys}
        cells = [
            fx(event_value_tco2e(c["area_ha"], _net_stock(book, stratum)), TCO2E),
            inp(float(record["cum_before_tco2e"].iloc[0]), TCO2E),
            inp(float(record["cum_after_tco2e"].iloc[0]), TCO2E),
            fx(
                f"=MUS_Start_Fraction*MUS_Interval_tCO2e+IF({c['cum_before']}<MUS_Start_Fraction"
                f"*MUS_Interval_tCO2e,0,INT(({c['cum_before']}-MUS_Start_Fraction*"
                f"MUS_Interval_tCO2e)/MUS_Interval_tCO2e)+1)*MUS_Interval_tCO2e",
                TCO2E,
            ),
            fx(f"=IF({c['value']}>=MUS_Interval_tCO2e,1,0)", COUNT),
            # observed area: non-negative; pre-filled from sample_observations (contract 5.9)
            Cell(observed, "input", HA, minimum=0.0),
            *detail_cells(sample.observation_details.get(event_id, {})),
            fx(tainting_fraction(c["area_ha"], c["observed"]), FRACTION),
            fx(f"={c['value']}*{c['tainting']}", TCO2E),
            fx(
                f"=IF({c['top']}=1,{c['misstatement']},{c['tainting']}*MUS_Interval_tCO2e)",
                TCO2E,
            ),
            *rank_cells(c, L, first, last),
        ]
        sh.put_row(r, len(inputs) + 1, cells)
    sh.widths_from(1, [16, 13, 10, 12, 12, *[14] * (len(keys) - 5)])
    return first, last, L


def build(book: Book) -> None:
    """The "Evidence sample" sheet (contract.md 5.5)."""
    ctx = book.ctx
    sh = book.sheet(
        SHEET,
        "Evidence sample: monetary-unit sampling of project-area deforestation events",
        "Re-performable: order the population by (detected_on, event_id), cumulate v, "
        "u = numpy.random.default_rng(seed).random(); points u·J + k·J below the total; an "
        "event is selected when a point falls in (cum_before, cum_after]. Enter the observed "
        "area of each selected event in the yellow column.",
    )
    sample = ctx.evidence_sample
    sampling = ctx.sampling or {}
    if sample is None:
        sh.put(4, 1, "No figures were computed: no evidence sample.", "note")
        return
    r = 4
    sh.headers(r, 1, ["Sampling parameter", "", "Value", "Source"])
    rows = [
        ("Materiality fraction", link("=Materiality_Fraction", FRACTION), None),
        ("Net emission reductions NER (tCO2e)", link("=Total_NER_tCO2e", TCO2E), None),
        (
            "Tolerable misstatement T = materiality × NER (tCO2e)",
            fx(
                tolerable_misstatement_tco2e(
                    sh.ref(5, PARAM_COL, local=True), sh.ref(6, PARAM_COL, local=True)
                ),
                TCO2E,
            ),
            "MUS_Tolerable_Misstatement_tCO2e",
        ),
        ("Confidence", inp(CONFIDENCE, FRACTION), "MUS_Confidence"),
        (
            "Reliability factor R (no error expected)",
            inp(sample.reliability_factor, FACTOR),
            "MUS_Reliability_Factor",
        ),
        (
            "Sampling interval J = T / R (tCO2e)",
            fx(
                sampling_interval_tco2e(
                    "MUS_Tolerable_Misstatement_tCO2e", "MUS_Reliability_Factor"
                ),
                TCO2E,
            ),
            "MUS_Interval_tCO2e",
        ),
        (
            f"Seed ({SEED_SOURCES.get(str(sampling.get('seed_source')), 'seed_source')})",
            inp(sample.seed, COUNT),
            "MUS_Seed",
        ),
        (
            "Start fraction u = numpy.random.default_rng(seed).random()",
            inp(sample.start_fraction, FACTOR),
            "MUS_Start_Fraction",
        ),
    ]
    for text, cell, name in rows:
        r += 1
        parameter_row(sh, r, text, cell, name)
    strata_top = r + 2
    strata_last = _strata_block(book, sh, strata_top, sample)
    r = strata_last + 2
    first_summary = r
    n_rows = len(sample.selected)
    events_top = first_summary + SUMMARY_HEIGHT
    ev_first, ev_last, L = _events_block(book, sh, events_top, sample)
    rng = {k: f"${L[k]}${ev_first}:${L[k]}${ev_last}" for k in L}
    evaluation_block(sh, first_summary, strata_top, strata_last, rng, n_rows, sampling)
    factor_table(sh, ev_last + 3, n_rows)
    sh.freeze = "B5"
    sh.title_rows = "1:2"
